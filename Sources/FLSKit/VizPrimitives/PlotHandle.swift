// The value `hist`, `scatter`, `line`, `bar` and `plot_keypoints` return: a plot that draws
// itself when shown (a PNG in rendered notebooks, a half-block preview in
// the REPL) or saved with `save_png` / `save_svg`.

import FLS

/// A plot as an FLS value: `<plot scatter: 300 points, 5 labels>`.
final class PlotHandle: Handle, PictureProvider {
    /// The plot, with its title and axis labels already set.
    let plot: Plot

    init(_ plot: Plot) {
        self.plot = plot
    }

    override var typeName: String { "plot" }

    /// What made the plot: "hist", "scatter", "line", "bar" or "keypoints" (plot_keypoints).
    var kind: String {
        switch plot.content {
        case .histogram: return "hist"
        case .scatter: return "scatter"
        case .lines: return "line"
        case .bars: return "bar"
        case .keypoints: return "keypoints"
        }
    }

    /// What the plot holds, in a few words ("10 bins", "300 points, 5 labels").
    var detail: String {
        switch plot.content {
        case .histogram(let h):
            return counted(h.counts.count, "bin")
        case .scatter(let x, _, let colors):
            let points = counted(x.count, "point")
            switch colors {
            case .single: return points
            case .categories(_, let names): return points + ", " + counted(names.count, "label")
            case .values: return points + ", coloured by value"
            }
        case .lines(let series):
            let points = series.map(\.x.count).max() ?? 0
            return counted(series.count, "series", plural: "series") + ", " + counted(points, "point")
        case .bars(let labels, _):
            return counted(labels.count, "bar")
        case .keypoints(let frames, _):
            let points = frames.reduce(0) { n, f in
                n + stride(from: 0, to: f.count, by: 2).filter { f[$0].isFinite && f[$0 + 1].isFinite }.count
            }
            return counted(frames.count, "frame") + ", " + counted(points, "point")
        }
    }

    /// `<plot hist: 10 bins>`, with the title when there is one: `<plot hist "scores": 10 bins>`.
    override var summary: String {
        plot.title.isEmpty ? "<plot \(kind): \(detail)>" : "<plot \(kind) \(quoted(plot.title)): \(detail)>"
    }

    override var fieldNames: [String] { ["kind", "title", "xlabel", "ylabel"] }

    override func field(_ name: String) throws -> Value? {
        switch name {
        case "kind": return .string(kind)
        case "title": return .string(plot.title)
        case "xlabel": return .string(plot.xLabel)
        case "ylabel": return .string(plot.yLabel)
        default: return nil
        }
    }

    func renderImage() throws -> RGBImage { try plot.renderImage() }

    /// The same text as the summary, so the REPL, `print` and a document's alt text agree.
    var pictureDescription: String { summary }

    private func quoted(_ title: String) -> String {
        let short = title.count > 40 ? String(title.prefix(39)) + "…" : title
        return "\"" + short.replacingOccurrences(of: "\n", with: " ") + "\""
    }

    private func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(groupedDigits(n)) \(n == 1 ? noun : plural ?? noun + "s")"
    }
}
