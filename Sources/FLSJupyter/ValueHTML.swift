// The text/html form of a result in Jupyter: arrays of one or two axes as
// tables (the middle rows and columns elided beyond a screenful, as numpy
// elides them), larger arrays and other values as their display text, and
// records as a table of fields. Every piece of text is escaped.

import FLS
import FLSNotebook

enum ValueHTML {
    /// Rows and columns shown at each end of a long axis.
    static let edge = 10

    /// HTML for arrays with at least one axis and for records; nil for everything else.
    static func html(for value: Value) -> String? {
        switch value {
        case .array(let a) where a.ndim >= 1: return array(a)
        case .record(let r): return record(r)
        default: return nil
        }
    }

    static func header(_ a: NDArray) -> String {
        a.dtype.name + "[" + a.shape.map(String.init).joined(separator: ",") + "]"
    }

    /// The positions shown along an axis of length `n`, with nil where the middle is elided.
    static func shown(_ n: Int) -> [Int?] {
        n <= 2 * edge + 2 ? Array(0..<n) : Array(0..<edge) + [nil] + Array((n - edge)..<n)
    }

    static func array(_ a: NDArray) -> String {
        let caption =
            "<span class=\"fls-type\" style=\"font-family:monospace;opacity:0.7\">\(HTMLRenderer.escape(header(a)))</span>"
        guard a.ndim <= 2, a.count > 0 else {
            return "<div class=\"fls-value\">\(caption)<pre>\(HTMLRenderer.escape(displayText(.array(a))))</pre></div>"
        }
        let rows = a.ndim == 1 ? 1 : a.shape[0]
        let columns = a.ndim == 1 ? a.shape[0] : a.shape[1]
        let shownRows: [Int?] = a.ndim == 1 ? [0] : shown(rows)
        let shownColumns = shown(columns)
        var positions: [Int] = []
        for r in shownRows.compactMap({ $0 }) {
            for c in shownColumns.compactMap({ $0 }) { positions.append(r * columns + c) }
        }
        let texts = a.elementTexts(at: positions)
        guard texts.count == positions.count else {
            return "<div class=\"fls-value\">\(caption)<pre>\(HTMLRenderer.escape(displayText(.array(a))))</pre></div>"
        }
        var text: [Int: String] = [:]
        for (p, t) in zip(positions, texts) { text[p] = t }
        let cell = "style=\"text-align:right;font-family:monospace\""
        // A matrix has row numbers in a first column; a vector is one row under its indices.
        var html = "<div class=\"fls-value\">\(caption)<table class=\"fls-array\">\n<thead><tr>"
        if a.ndim == 2 { html += "<th></th>" }
        for c in shownColumns { html += "<th \(cell)>\(c.map(String.init) ?? "…")</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for r in shownRows {
            html += "<tr>"
            if a.ndim == 2 { html += "<th \(cell)>\(r.map(String.init) ?? "⋮")</th>" }
            for c in shownColumns {
                if let r, let c {
                    html += "<td \(cell)>\(HTMLRenderer.escape(text[r * columns + c] ?? ""))</td>"
                } else {
                    html += "<td \(cell)>\(r == nil ? "⋮" : "…")</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>"
    }

    static func record(_ r: Record) -> String {
        var html =
            "<table class=\"fls-record\">\n<thead><tr><th style=\"text-align:left\">field</th>"
            + "<th style=\"text-align:left\">value</th></tr></thead>\n<tbody>\n"
        for (key, value) in r.pairs {
            html +=
                "<tr><th style=\"text-align:left;font-family:monospace;vertical-align:top\">\(HTMLRenderer.escape(key))</th>"
            html +=
                "<td style=\"text-align:left\"><pre style=\"margin:0\">\(HTMLRenderer.escape(preview(value)))</pre></td></tr>\n"
        }
        return html + "</tbody></table>"
    }

    /// A value's display text, cut to a few lines.
    static func preview(_ value: Value) -> String {
        let lines = displayText(value).split(separator: "\n", omittingEmptySubsequences: false)
        let limit = 6
        guard lines.count > limit else { return lines.joined(separator: "\n") }
        return lines.prefix(limit).joined(separator: "\n") + "\n…"
    }
}
