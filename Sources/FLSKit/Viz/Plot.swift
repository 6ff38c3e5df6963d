/// A plot described by its data and labels, rendered to PNG or SVG on demand.
public struct Plot {
    /// How scatter points are coloured.
    public enum PointColors {
        /// One colour for every point.
        case none
        /// A category per point, named; categories are sorted by name.
        case labels([String])
        /// An integer category per point; categories are sorted numerically.
        case integers([Int64])
        /// A number per point mapped through the viridis colour map, with a colour bar.
        case values([Double])
    }

    /// One named line of a line plot.
    public struct Series {
        public var name: String
        public var x: [Double]
        public var y: [Double]

        /// A named series; x and y must have the same length.
        public init(name: String = "", x: [Double], y: [Double]) {
            self.name = name
            self.x = x
            self.y = y
        }
    }

    /// What the plot draws, already validated.
    enum Content {
        case histogram(Histogram)
        case scatter(x: [Double], y: [Double], colors: ResolvedColors)
        case lines([Series])
        case bars(labels: [String], values: [Double])
        /// COCO poses: one array of 17 (x, y) pairs per frame, nan for a point not drawn;
        /// `aspect` is the crop's height / width (y units are drawn that much longer).
        case keypoints(frames: [[Double]], aspect: Double)
    }

    /// Scatter colours after categories have been numbered.
    enum ResolvedColors {
        case single
        case categories(codes: [Int], names: [String])
        case values([Double])
    }

    let content: Content
    /// Title drawn above the plot area.
    public var title: String = ""
    /// Label under the x axis.
    public var xLabel: String = ""
    /// Label left of the y axis.
    public var yLabel: String = ""

    /// Legends list at most this many entries, then a "… N more" line.
    public static let maxLegendEntries = 20

    init(content: Content) {
        self.content = content
    }

    /// A histogram of `values` (NaN skipped) with numpy's binning rules.
    public static func histogram(_ values: [Double], bins: HistogramBins = .count(10)) throws -> Plot {
        Plot(content: .histogram(try Histogram(values, bins: bins)))
    }

    /// A scatter plot of (x, y) points, optionally coloured by category or value.
    public static func scatter(x: [Double], y: [Double], colors: PointColors = .none) throws -> Plot {
        guard x.count == y.count else {
            throw VizError("scatter needs x and y of the same length, got \(x.count) and \(y.count).")
        }
        let resolved: ResolvedColors
        switch colors {
        case .none:
            resolved = .single
        case .labels(let labels):
            guard labels.count == x.count else {
                throw VizError(
                    "scatter needs one colour label per point, got \(labels.count) labels for \(x.count) points.")
            }
            let names = Array(Set(labels)).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            resolved = .categories(codes: labels.map { index[$0] ?? 0 }, names: names)
        case .integers(let labels):
            guard labels.count == x.count else {
                throw VizError(
                    "scatter needs one colour label per point, got \(labels.count) labels for \(x.count) points.")
            }
            let values = Array(Set(labels)).sorted()
            let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
            resolved = .categories(codes: labels.map { index[$0] ?? 0 }, names: values.map { String($0) })
        case .values(let v):
            guard v.count == x.count else {
                throw VizError("scatter needs one colour value per point, got \(v.count) values for \(x.count) points.")
            }
            resolved = .values(v)
        }
        return Plot(content: .scatter(x: x, y: y, colors: resolved))
    }

    /// A line plot of one or more series; a legend appears for several named series.
    public static func line(_ series: [Series]) throws -> Plot {
        guard !series.isEmpty else { throw VizError("line needs at least one series.") }
        for (i, s) in series.enumerated() where s.x.count != s.y.count {
            throw VizError("line series \(i) has \(s.x.count) x values but \(s.y.count) y values.")
        }
        return Plot(content: .lines(series))
    }

    /// A line plot of y against x.
    public static func line(x: [Double], y: [Double]) throws -> Plot {
        try line([Series(x: x, y: y)])
    }

    /// A bar chart with one bar per label.
    public static func bar(labels: [String], values: [Double]) throws -> Plot {
        guard labels.count == values.count else {
            throw VizError("bar needs one label per value, got \(labels.count) labels and \(values.count) values.")
        }
        guard !values.isEmpty else { throw VizError("bar needs at least one value.") }
        return Plot(content: .bars(labels: labels, values: values))
    }

    /// COCO poses, one or more frames of the 17 keypoints as x0, y0, x1, y1, ...
    /// (34 numbers; nan skips a point and its bones), drawn in image coordinates:
    /// y points down, and a unit of y is drawn `aspect` times as long as a unit of
    /// x (the crop's height / width; 1 draws both axes to the same scale).
    public static func keypoints(_ frames: [[Double]], aspect: Double = 1) throws -> Plot {
        guard !frames.isEmpty else { throw VizError("plot_keypoints needs at least one frame.") }
        for (i, f) in frames.enumerated() where f.count != 2 * keypointCount {
            throw VizError(
                "plot_keypoints frame \(i) has \(f.count) numbers, expected \(2 * keypointCount) (17 keypoints x, y).")
        }
        guard aspect.isFinite && aspect > 0 && aspect <= 100 && aspect >= 0.01 else {
            throw VizError("plot_keypoints needs an aspect between 0.01 and 100 (crop height / width), got \(aspect).")
        }
        return Plot(content: .keypoints(frames: frames, aspect: aspect))
    }

    /// Keypoints per COCO pose.
    static let keypointCount = 17

    /// Whether one data unit is drawn as long on y as on x (times the keypoints' aspect).
    var hasEqualAspect: Bool {
        if case .keypoints = content { return true }
        return false
    }

    /// Whether y grows downwards, as in images.
    var yPointsDown: Bool { hasEqualAspect }

    /// The legend's lines, after capping: category names or series names, and
    /// "… N more" when entries were left out. Empty when no legend is drawn.
    public var legendEntries: [String] {
        let names: [String]
        switch content {
        case .scatter(_, _, .categories(_, let n)) where n.count > 1: names = n
        case .keypoints: names = Pose.keypointNames
        case .lines(let series) where series.count > 1:
            names = series.enumerated().map { $1.name.isEmpty ? "series \($0 + 1)" : $1.name }
        default: return []
        }
        if names.count <= Plot.maxLegendEntries { return names }
        return Array(names.prefix(Plot.maxLegendEntries)) + ["… \(names.count - Plot.maxLegendEntries) more"]
    }
}
