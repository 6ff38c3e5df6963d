// hist, scatter, line and bar: each checks its data, builds a `Plot` and
// returns it as a plot handle carrying the title and axis labels.

import FLS

extension VizPrimitives {
    /// The three text parameters every plot takes, after its data parameters.
    static func labelParams(ylabel: Value = .null) -> [Param] {
        [Param("title", .null), Param("xlabel", .null), Param("ylabel", ylabel)]
    }

    static let labelDoc = """
        `title`, `xlabel` and `ylabel` label the plot (`p.title` reads them back). A plot shows as a \
        picture in rendered notebooks and as a preview in a colour terminal; `save_png(path, p)` and \
        `save_svg(path, p)` write it to a file.
        """

    /// Sets the title and axis labels from the arguments starting at `first` and wraps the plot.
    static func plotValue(_ plot: Plot, _ args: Arguments, labelsFrom first: Int) throws -> Value {
        var plot = plot
        plot.title = try args.optionalText(first) ?? ""
        plot.xLabel = try args.optionalText(first + 1) ?? ""
        plot.yLabel = try args.optionalText(first + 2) ?? ""
        return .handle(PlotHandle(plot))
    }

    static var hist: Primitive {
        Primitive(
            "hist", family: family,
            params: [Param("x"), Param("bins", .int(10))] + labelParams(ylabel: .string("count")),
            summary: "A histogram of the values of an array, as a plot.",
            doc: """
                Counts the values of `x` (any shape; NaN and infinite values are skipped, so filtered \
                keypoints can go in as they are) in `bins` equal bins over their range, exactly as numpy's \
                `np.histogram`, or in the bins between the edges given by a 1-d array `bins`. 
                """ + labelDoc,
            examples: [
                Example(
                    "hist([1, 2, 2, 3, 3, 3], bins=3)",
                    "<plot hist: 3 bins> (a picture: view it in a colour terminal, or with fls render)"),
                Example("p = hist([0.5, 0.9, 0.7], bins=[0, 0.5, 1], title=\"scores\")\np.title", "\"scores\""),
            ]
        ) { args, _ in
            let x = try args.numbers(0)
            let bins: HistogramBins
            if let n = args[1].asInt() {
                guard n >= 1 && n <= 1_000_000 else {
                    throw args.pictureError(1, saying: "must be between 1 and 1000000 bins, got \(n)")
                }
                bins = .count(n)
            } else {
                guard let edges = try? args.array(1), edges.ndim == 1, edges.dtype != .str else {
                    throw args.pictureError(1, "a bin count or a 1-d array of bin edges")
                }
                bins = .edges(edges.storage.doubles)
            }
            let plot = try running("hist") { try Plot.histogram(x, bins: bins) }
            return try plotValue(plot, args, labelsFrom: 2)
        }
    }

    static var scatter: Primitive {
        Primitive(
            "scatter", family: family, params: [Param("x"), Param("y", .null), Param("color", .null)] + labelParams(),
            summary: "A scatter plot of points, optionally coloured by label or value.",
            doc: """
                `x` and `y` hold one number per point; with `y` omitted, `x` may be an `[n, 2]` array \
                (what `tsne` and `pca(x).coords` give). `color` has one entry per point: strings or \
                integers (a person id) colour the points by category with a legend, floats through the \
                viridis colour map with a colour bar. 
                """ + labelDoc,
            examples: [
                Example(
                    "scatter([1, 2, 3], [4, 1, 3])",
                    "<plot scatter: 3 points> (a picture: view it in a colour terminal, or with fls render)"),
                Example(
                    "x = range(300)\nscatter(x, x % 7, color=x % 5)",
                    "<plot scatter: 300 points, 5 labels> (a picture: view it in a colour terminal, or with fls render)"
                ),
                Example(
                    "scatter(randn([50, 2]), color=rand(50), title=\"noise\")",
                    "<plot scatter \"noise\": 50 points, coloured by value> (a picture: view it in a colour terminal, or with fls render)"
                ),
            ]
        ) { args, _ in
            var x: [Double], y: [Double]
            if args.isNull(1) {
                let (values, rows, cols) = try args.matrix(0)
                guard cols == 2 else {
                    throw args.pictureError(
                        0, saying: "must be an [n, 2] array when 'y' is omitted, got [\(rows), \(cols)]")
                }
                x = stride(from: 0, to: values.count, by: 2).map { values[$0] }
                y = stride(from: 1, to: values.count, by: 2).map { values[$0] }
            } else {
                x = try args.numbers(0)
                y = try args.numbers(1)
                guard x.count == y.count else {
                    throw args.pictureError(
                        1, saying: "must have one value per point: got \(y.count) for \(x.count) points in 'x'")
                }
            }
            var colors = Plot.PointColors.none
            if !args.isNull(2) {
                switch try args.pointLabels(2, count: x.count) {
                case .text(let v): colors = .labels(v)
                case .integers(let v): colors = .integers(v)
                case .numbers(let v): colors = .values(v)
                }
            }
            let plot = try running("scatter") { try Plot.scatter(x: x, y: y, colors: colors) }
            return try plotValue(plot, args, labelsFrom: 3)
        }
    }

    static var line: Primitive {
        Primitive(
            "line", family: family, params: [Param("x"), Param("y", .null), Param("labels", .null)] + labelParams(),
            summary: "A line plot of y against x, one line per column of a 2-d y.",
            doc: """
                `x` is 1-d; `y` is 1-d of the same length, or 2-d with one row per x value and one \
                series per column (`labels` names the columns in a legend). `line(y)` plots `y` against \
                0, 1, 2, ... 
                """ + labelDoc,
            examples: [
                Example(
                    "line([0, 1, 2, 3], [0, 1, 4, 9])",
                    "<plot line: 1 series, 4 points> (a picture: view it in a colour terminal, or with fls render)"),
                Example(
                    "line([[1, 2], [2, 4], [3, 6]], labels=[\"train\", \"test\"], xlabel=\"epoch\")",
                    "<plot line: 2 series, 3 points> (a picture: view it in a colour terminal, or with fls render)"),
            ]
        ) { args, _ in
            var xs: [Double]?
            var yArray: NDArray
            var yIndex = 1
            if args.isNull(1) {
                yArray = try args.numericArray(0)
                yIndex = 0
            } else {
                let x = try args.numericArray(0)
                guard x.ndim == 1 else { throw args.pictureError(0, "a 1-d numeric array") }
                xs = try args.numbers(0)
                yArray = try args.numericArray(1)
            }
            if yArray.ndim == 0 { yArray = NDArray(shape: [1], storage: yArray.storage) }
            guard yArray.ndim <= 2 else { throw args.pictureError(yIndex, "a 1-d or 2-d numeric array") }
            let rows = yArray.shape[0]
            let columns = yArray.ndim == 2 ? yArray.shape[1] : 1
            guard columns >= 1 else { throw args.pictureError(yIndex, saying: "has no columns to plot") }
            // One series per column, each with its own x and y: asked of the
            // gatekeeper as a whole (a (0, 10^12) y is 10^12 empty series).
            try Limits.checkItems(columns, bytesEach: min(rows, Int.max / 16) * 8 + 96, what: "series")
            let x = xs ?? (0..<rows).map(Double.init)
            guard x.count == rows else {
                throw args.pictureError(
                    yIndex, saying: "must have one row per x value: got \(rows) rows for \(x.count) x values")
            }
            var names = [String](repeating: "", count: columns)
            if !args.isNull(2) {
                names = try args.texts(2)
                guard names.count == columns else {
                    throw args.pictureError(
                        2, saying: "must name each of the \(columns) series, got \(names.count) names")
                }
            }
            let values = yArray.storage.doubles
            let series = (0..<columns).map { c in
                Plot.Series(name: names[c], x: x, y: (0..<rows).map { values[$0 * columns + c] })
            }
            let plot = try running("line") { try Plot.line(series) }
            return try plotValue(plot, args, labelsFrom: 3)
        }
    }

    static var bar: Primitive {
        Primitive(
            "bar", family: family, params: [Param("labels"), Param("values")] + labelParams(),
            summary: "A bar chart: one bar per label.",
            doc: """
                `labels` is a str array (or a list; numbers become their text) and `values` a 1-d \
                numeric array of the same length; long labels are shortened and turned to fit. 
                """ + labelDoc,
            examples: [
                Example(
                    "bar([\"top 1\", \"top 5\"], [19.8, 46.6], ylabel=\"%\")",
                    "<plot bar: 2 bars> (a picture: view it in a colour terminal, or with fls render)"),
                Example(
                    "c = count_by([0, 0, 1, 2, 2, 2])\nbar(c.values, c.counts)",
                    "<plot bar: 3 bars> (a picture: view it in a colour terminal, or with fls render)"),
            ]
        ) { args, _ in
            let labels = try args.texts(0)
            let values = try args.numbers(1)
            guard values.count == labels.count else {
                throw args.pictureError(
                    1, saying: "must have one value per label: got \(values.count) values for \(labels.count) labels")
            }
            guard !values.isEmpty else {
                throw args.pictureError(1, saying: "is empty; a bar chart needs at least one bar")
            }
            let plot = try running("bar") { try Plot.bar(labels: labels, values: values) }
            return try plotValue(plot, args, labelsFrom: 2)
        }
    }
}
