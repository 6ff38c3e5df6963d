/// Renders a notebook for a terminal: Markdown prose re-wrapped to the width, highlighted code, outputs.
///
/// ANSI styling is used only when `color` is true; `colorEnabled` decides it
/// the usual way (a terminal, and no `NO_COLOR`). Without colour, emphasis and
/// code keep their Markdown marks so the text still reads well.
public struct TerminalRenderer: Sendable {
    /// The width in columns that prose is wrapped to.
    public var width: Int
    /// Whether to emit ANSI escape codes.
    public var color: Bool

    /// Creates a renderer for a terminal of `width` columns.
    public init(width: Int = 80, color: Bool) {
        self.width = max(20, width)
        self.color = color
    }

    /// Whether colour should be on: writing to a terminal, `NO_COLOR` unset or empty, and `TERM` not `dumb`.
    public static func colorEnabled(environment: [String: String], isTerminal: Bool) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }

    /// The whole notebook with the outputs of the cells that ran, cells separated by a blank line.
    public func render(notebook: Notebook, results: [CellResult]) -> String {
        let byCell = Dictionary(results.map { ($0.cellIndex, $0) }, uniquingKeysWith: { _, last in last })
        var parts: [String] = []
        var number = 0
        for (index, cell) in notebook.cells.enumerated() {
            switch cell.kind {
            case .markdown:
                parts.append(renderMarkdown(cell.markdown))
            case .raw:
                parts.append(sanitize(cell.source.trimmingBlankLines()) + "\n")
            case .code:
                number += 1
                var text = renderCode(cell: cell, number: number)
                if let result = byCell[index] { text += renderOutputs(result.outputs, number: number) }
                parts.append(text)
            }
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// A code cell: an `In [n]:` heading (with the cell's title) and its highlighted source, indented.
    public func renderCode(cell: NotebookCell, number: Int) -> String {
        var heading = TerminalStyle([.prompt, .bold]).apply("In [\(number)]:", color: color)
        if !cell.title.isEmpty { heading += " " + TerminalStyle.bold.apply(sanitize(cell.title), color: color) }
        let code = highlight(cell.source.trimmingBlankLines())
        let body = code.isEmpty ? [] : code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        return ([heading] + body).joined(separator: "\n") + "\n"
    }

    /// A cell's outputs: printed text as is, the value after `Out[n]:`, errors in red, pictures as a note.
    public func renderOutputs(_ outputs: [CellOutput], number: Int) -> String {
        var text = ""
        for output in outputs {
            switch output {
            case .text(let printed):
                text += printed
                if !printed.isEmpty && !printed.hasSuffix("\n") { text += "\n" }
            case .value(let value):
                let prompt = TerminalStyle([.prompt, .bold]).apply("Out[\(number)]:", color: color)
                text += prompt + (value.contains("\n") ? "\n" : " ") + value + "\n"
            case .error(let message, let rendered):
                let shown = rendered.isEmpty ? message : rendered
                let lines = shown.split(separator: "\n", omittingEmptySubsequences: false).map {
                    TerminalStyle.error.apply(String($0), color: color)
                }
                text += lines.joined(separator: "\n") + (shown.hasSuffix("\n") ? "" : "\n")
            case .image(_, let width, let height, let alt):
                let label = alt.isEmpty ? "[image \(width)x\(height)]" : "[image \(width)x\(height): \(alt)]"
                text += TerminalStyle.dim.apply(sanitize(label), color: color) + "\n"
            }
        }
        return text
    }

    /// FLS source with keywords, strings, numbers and comments coloured (unchanged without colour).
    public func highlight(_ source: String) -> String {
        let clean = sanitize(source)
        guard color else { return clean }
        return FLSHighlighter.tokens(clean).map { token -> String in
            let style: TerminalStyle
            switch token.kind {
            case .plain: return token.text
            case .keyword: style = [.keyword, .bold]
            case .string: style = .string
            case .number: style = .number
            case .comment: style = .comment
            }
            // Styles are applied line by line so that a pager that cuts lines keeps its colours right.
            return token.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { style.apply(String($0), color: true) }.joined(separator: "\n")
        }.joined()
    }

    /// Markdown prose rendered to the width: headings, paragraphs, lists, quotes, code and tables.
    public func renderMarkdown(_ markdown: String) -> String {
        let lines = renderBlocks(MarkdownParser.parse(sanitize(markdown)), width: width)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Renders blocks to lines no wider than `width`, with a blank line between blocks.
    private func renderBlocks(_ blocks: [MarkdownBlock], width: Int) -> [String] {
        var lines: [String] = []
        for block in blocks {
            if !lines.isEmpty { lines.append("") }
            lines += renderBlock(block, width: width)
        }
        return lines
    }

    private func renderBlock(_ block: MarkdownBlock, width: Int) -> [String] {
        switch block {
        case .heading(let level, let content):
            if color {
                let style: TerminalStyle = level <= 2 ? [.bold, .underline] : .bold
                return TextWrapper.wrap(runs(content, base: style), width: width, color: true)
            }
            let wrapped = TextWrapper.wrap(runs(content, base: []), width: width, color: false)
            guard level <= 2 else {
                return wrapped.enumerated().map {
                    $0.offset == 0 ? String(repeating: "#", count: level) + " " + $0.element : $0.element
                }
            }
            let underline = wrapped.map(TextWrapper.displayWidth).max() ?? 0
            return wrapped + [String(repeating: level == 1 ? "=" : "-", count: max(3, underline))]
        case .paragraph(let content):
            return TextWrapper.wrap(runs(content, base: []), width: width, color: color)
        case .code(let info, let text):
            let shown = info.lowercased() == "fls" ? highlight(text) : TerminalStyle.code.apply(text, color: color)
            return shown.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        case .rule:
            return [TerminalStyle.dim.apply(String(repeating: "-", count: min(width, 40)), color: color)]
        case .quote(let inner):
            let bar = TerminalStyle.dim.apply(">", color: color) + " "
            return renderBlocks(inner, width: width - 2).map { $0.isEmpty ? ">" : bar + $0 }
        case .list(let ordered, let start, let items):
            var lines: [String] = []
            let last = start + max(0, items.count - 1)
            let markerWidth = ordered ? String(last).count + 2 : 2
            for (offset, item) in items.enumerated() {
                let marker: String
                if ordered {
                    let label = "\(start + offset)."
                    marker = label + String(repeating: " ", count: markerWidth - label.count)
                } else {
                    marker = (color ? "\u{2022}" : "-") + " "
                }
                let body = renderBlocks(item, width: width - markerWidth)
                let pad = String(repeating: " ", count: markerWidth)
                for (lineIndex, line) in (body.isEmpty ? [""] : body).enumerated() {
                    lines.append(lineIndex == 0 ? marker + line : (line.isEmpty ? "" : pad + line))
                }
            }
            return lines
        case .table(let header, let alignments, let rows):
            return renderTable(header: header, alignments: alignments, rows: rows)
        }
    }

    /// A table with columns padded to their widest cell, `|` between them and a rule under the header.
    private func renderTable(
        header: [[MarkdownInline]], alignments: [MarkdownBlock.Alignment], rows: [[[MarkdownInline]]]
    ) -> [String] {
        let texts = ([header] + rows).map { $0.map { MarkdownInline.plainText($0).replacingNewlines() } }
        var widths = Array(repeating: 0, count: header.count)
        for row in texts {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], TextWrapper.displayWidth(cell))
            }
        }
        func line(_ row: [String], style: TerminalStyle) -> String {
            row.enumerated().map { column, cell in
                let padding = max(0, widths[column] - TextWrapper.displayWidth(cell))
                let aligned: String
                switch alignments[column] {
                case .right: aligned = String(repeating: " ", count: padding) + cell
                case .center:
                    aligned =
                        String(repeating: " ", count: padding / 2) + cell
                        + String(repeating: " ", count: padding - padding / 2)
                default: aligned = cell + String(repeating: " ", count: padding)
                }
                return style.apply(aligned, color: color)
            }.joined(separator: " | ")
        }
        var lines = [line(texts[0], style: .bold)]
        lines.append(widths.map { String(repeating: "-", count: max(1, $0)) }.joined(separator: "-+-"))
        for row in texts.dropFirst() { lines.append(line(row, style: [])) }
        return lines
    }

    /// Converts inline Markdown to styled runs; without colour the Markdown marks stay visible.
    private func runs(_ inlines: [MarkdownInline], base: TerminalStyle) -> [StyledRun] {
        var out: [StyledRun] = []
        for inline in inlines {
            switch inline {
            case .text(let text):
                out.append(StyledRun(text, base))
            case .code(let code):
                out.append(StyledRun(color ? code : "`" + code + "`", base.union(.code)))
            case .emphasis(let inner):
                if !color { out.append(StyledRun("*", base)) }
                out += runs(inner, base: base.union(.italic))
                if !color { out.append(StyledRun("*", base)) }
            case .strong(let inner):
                if !color { out.append(StyledRun("**", base)) }
                out += runs(inner, base: base.union(.bold))
                if !color { out.append(StyledRun("**", base)) }
            case .link(let text, let url, _):
                let label = runs(text, base: base.union(.link))
                out += label
                if MarkdownInline.plainText(text) != url && !url.isEmpty {
                    out.append(StyledRun(" <" + url + ">", base.union(.dim)))
                }
            case .image(let alt, let url):
                out.append(StyledRun("[image: " + (alt.isEmpty ? url : alt) + "]", base.union(.dim)))
            case .lineBreak:
                out.append(StyledRun("\n", base))
            case .softBreak:
                out.append(StyledRun(" ", base))
            }
        }
        return out
    }

    /// Replaces the escape character so that notebook text cannot send terminal control sequences.
    private func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{1B}" }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{1B}" ? "\u{241B}" : $0 }))
    }
}
