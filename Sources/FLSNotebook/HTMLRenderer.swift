/// Renders a notebook to one self-contained HTML document: inline CSS, no scripts, no external fonts.
///
/// The page reads on a phone (viewport meta, a max-width column, code that
/// scrolls sideways instead of overflowing) and follows the reader's light or
/// dark preference. Every piece of text is escaped; Markdown's raw HTML is shown as text.
public struct HTMLRenderer: Sendable {
    /// The document title; when nil the first heading of the notebook is used.
    public var title: String?

    /// Creates a renderer.
    public init(title: String? = nil) {
        self.title = title
    }

    /// The whole HTML document.
    public func render(notebook: Notebook, results: [CellResult]) -> String {
        let byCell = Dictionary(results.map { ($0.cellIndex, $0) }, uniquingKeysWith: { _, last in last })
        var body = ""
        var number = 0
        for (index, cell) in notebook.cells.enumerated() {
            switch cell.kind {
            case .markdown:
                let prose = HTMLRenderer.markdownToHTML(cell.markdown)
                guard !prose.isEmpty else { continue }
                body += "<section class=\"cell prose\" id=\"cell-\(index + 1)\">\n" + prose + "</section>\n"
            case .raw:
                body +=
                    "<section class=\"cell raw\" id=\"cell-\(index + 1)\"><pre>"
                    + HTMLRenderer.escape(cell.source.trimmingBlankLines()) + "</pre></section>\n"
            case .code:
                number += 1
                body += renderCode(cell, index: index, number: number, result: byCell[index])
            }
        }
        let pageTitle = title ?? HTMLRenderer.firstHeading(notebook) ?? "FLS notebook"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="fls render">
            <title>\(HTMLRenderer.escape(pageTitle))</title>
            <style>
            \(HTMLRenderer.stylesheet)</style>
            </head>
            <body>
            <main class="notebook">
            \(body)</main>
            </body>
            </html>

            """
    }

    /// One code cell: its prompt, highlighted source and outputs.
    private func renderCode(_ cell: NotebookCell, index: Int, number: Int, result: CellResult?) -> String {
        var html = "<section class=\"cell code\" id=\"cell-\(index + 1)\">\n"
        html += "<div class=\"prompt\"><span class=\"in\">In&nbsp;[\(number)]:</span>"
        if !cell.title.isEmpty { html += " <span class=\"title\">\(HTMLRenderer.escape(cell.title))</span>" }
        html += "</div>\n"
        html +=
            "<pre class=\"source\"><code class=\"language-fls\">"
            + HTMLRenderer.highlight(cell.source.trimmingBlankLines()) + "</code></pre>\n"
        if let result, !result.outputs.isEmpty {
            html += "<div class=\"outputs\">\n"
            for output in result.outputs {
                html += renderOutput(output, number: number)
            }
            html += "</div>\n"
        }
        return html + "</section>\n"
    }

    private func renderOutput(_ output: CellOutput, number: Int) -> String {
        switch output {
        case .text(let text):
            return "<pre class=\"output stream\">" + HTMLRenderer.escape(text.trimmingTrailingNewline()) + "</pre>\n"
        case .value(let value):
            return "<div class=\"output result\"><span class=\"out\">Out[\(number)]:</span>"
                + "<pre>" + HTMLRenderer.escape(value.trimmingTrailingNewline()) + "</pre></div>\n"
        case .error(let message, let rendered):
            let shown = rendered.isEmpty ? message : rendered
            return "<pre class=\"output error\" role=\"alert\">" + HTMLRenderer.escape(shown.trimmingTrailingNewline())
                + "</pre>\n"
        case .image(let png, let width, let height, let alt):
            let width = max(0, width)
            let height = max(0, height)
            // Dataset crops are 64x64: small pictures are shown at a whole multiple of their size so they can be seen.
            let largest = max(width, height)
            let scale = largest > 0 && largest < 192 ? min(4, max(1, 192 / largest)) : 1
            let style = scale > 1 ? " style=\"width:\(width * scale)px\"" : ""
            return "<figure class=\"output image\"><img src=\"data:image/png;base64,\(Base64.encode(png))\""
                + " alt=\"\(HTMLRenderer.escape(alt))\" width=\"\(width)\" height=\"\(height)\"\(style)>"
                + (alt.isEmpty ? "" : "<figcaption>\(HTMLRenderer.escape(alt))</figcaption>") + "</figure>\n"
        }
    }

    /// FLS source as HTML with `<span>`s for keywords (`k`), strings (`s`), numbers (`n`) and comments (`c`).
    public static func highlight(_ source: String) -> String {
        FLSHighlighter.tokens(source).map { token -> String in
            let text = escape(token.text)
            switch token.kind {
            case .plain: return text
            case .keyword: return "<span class=\"k\">" + text + "</span>"
            case .string: return "<span class=\"s\">" + text + "</span>"
            case .number: return "<span class=\"n\">" + text + "</span>"
            case .comment: return "<span class=\"c\">" + text + "</span>"
            }
        }.joined()
    }

    /// Text with `& < > " '` replaced by entities, safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The plain text of the notebook's first Markdown heading.
    static func firstHeading(_ notebook: Notebook) -> String? {
        for cell in notebook.cells where cell.kind == .markdown {
            for block in MarkdownParser.parse(cell.markdown) {
                if case .heading(_, let content) = block { return MarkdownInline.plainText(content) }
            }
        }
        return nil
    }
}
