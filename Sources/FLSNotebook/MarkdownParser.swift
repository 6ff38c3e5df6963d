/// Reads the block structure of the CommonMark subset that notebook prose uses.
///
/// Supported: ATX and setext headings, paragraphs, fenced and indented code,
/// bulleted and numbered lists (nested by indentation), block quotes,
/// thematic breaks and GitHub pipe tables. Raw HTML is not recognised: it
/// stays text, so every renderer escapes it. Nesting is bounded so that
/// hostile input cannot exhaust the stack.
public enum MarkdownParser {
    /// How deep quotes and lists may nest before the rest is read as paragraphs.
    static let maximumDepth = 16

    /// Parses a Markdown document into blocks.
    public static func parse(_ text: String) -> [MarkdownBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        return parseBlocks(lines.map(expandLeadingTabs), depth: 0)
    }

    /// Parses lines into blocks.
    static func parseBlocks(_ lines: [String], depth: Int) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                i += 1
                continue
            }
            let indent = leadingSpaces(line)
            let body = String(line.dropFirst(min(indent, 3)))
            if indent >= 4 {
                var end = i
                var content: [String] = []
                while end < lines.count && (isBlank(lines[end]) || leadingSpaces(lines[end]) >= 4) {
                    content.append(String(lines[end].dropFirst(min(4, leadingSpaces(lines[end])))))
                    end += 1
                }
                while content.last.map(isBlank) == true { content.removeLast() }
                blocks.append(.code(info: "", text: content.joined(separator: "\n")))
                i = end
            } else if let fence = fenceOpening(body) {
                var end = i + 1
                var content: [String] = []
                while end < lines.count {
                    let candidate = lines[end]
                    if leadingSpaces(candidate) < 4
                        && isFenceClose(candidate.trimmingSpaces(), fence.char, fence.length)
                    {
                        break
                    }
                    content.append(String(candidate.dropFirst(min(indent, leadingSpaces(candidate)))))
                    end += 1
                }
                blocks.append(.code(info: fence.info, text: content.joined(separator: "\n")))
                i = min(end + 1, lines.count)
            } else if let heading = atxHeading(body) {
                blocks.append(.heading(level: heading.level, content: MarkdownInlineParser.parse(heading.text)))
                i += 1
            } else if isThematicBreak(body) {
                blocks.append(.rule)
                i += 1
            } else if body.hasPrefix(">") && depth < maximumDepth {
                var inner: [String] = []
                var end = i
                while end < lines.count {
                    let candidate = lines[end]
                    let stripped = candidate.drop(while: { $0 == " " })
                    if leadingSpaces(candidate) < 4 && stripped.hasPrefix(">") {
                        var rest = stripped.dropFirst()
                        if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                        inner.append(String(rest))
                    } else if !isBlank(candidate) && !inner.isEmpty && !isBlank(inner[inner.count - 1])
                        && !startsBlock(candidate)
                    {
                        inner.append(candidate)  // A lazy continuation of the quoted paragraph.
                    } else {
                        break
                    }
                    end += 1
                }
                blocks.append(.quote(parseBlocks(inner, depth: depth + 1)))
                i = end
            } else if let marker = listMarker(line), depth < maximumDepth {
                let (block, end) = parseList(lines, from: i, first: marker, depth: depth)
                blocks.append(block)
                i = end
            } else if i + 1 < lines.count, let table = parseTable(lines, from: i) {
                blocks.append(table.block)
                i = table.end
            } else {
                var content: [String] = [String(body.drop(while: { $0 == " " }))]
                var end = i + 1
                var level = 0
                while end < lines.count {
                    let candidate = lines[end]
                    if isBlank(candidate) { break }
                    let trimmed = candidate.trimmingSpaces()
                    if leadingSpaces(candidate) < 4 && !trimmed.isEmpty && trimmed.allSatisfy({ $0 == "=" }) {
                        level = 1
                        end += 1
                        break
                    }
                    if leadingSpaces(candidate) < 4 && !trimmed.isEmpty && trimmed.allSatisfy({ $0 == "-" }) {
                        level = 2
                        end += 1
                        break
                    }
                    if startsBlock(candidate) { break }
                    content.append(candidate.drop(while: { $0 == " " }).description)
                    end += 1
                }
                // Trailing spaces end a paragraph without meaning a line break.
                let text = content.joined(separator: "\n").trimmingSpaces()
                let inlines = MarkdownInlineParser.parse(text)
                blocks.append(level > 0 ? .heading(level: level, content: inlines) : .paragraph(inlines))
                i = end
            }
        }
        return blocks
    }

    /// A list's item marker: its kind, number, and the column where the item's content starts.
    struct ListMarker {
        var ordered: Bool
        var bulletOrDelimiter: Character
        var number: Int
        var indent: Int
        var contentColumn: Int
    }

    /// Reads a list that starts at `from`; returns the list and the index of the first line after it.
    private static func parseList(_ lines: [String], from: Int, first: ListMarker, depth: Int) -> (MarkdownBlock, Int) {
        var items: [[MarkdownBlock]] = []
        var i = from
        var marker = first
        while true {
            var content: [String] = [String(lines[i].dropFirst(min(marker.contentColumn, lines[i].count)))]
            var end = i + 1
            var previousBlank = false
            while end < lines.count {
                let candidate = lines[end]
                if isBlank(candidate) {
                    content.append("")
                    previousBlank = true
                    end += 1
                    continue
                }
                let indent = leadingSpaces(candidate)
                if indent >= marker.contentColumn {
                    content.append(String(candidate.dropFirst(marker.contentColumn)))
                } else if !previousBlank && listMarker(candidate) == nil && !startsBlock(candidate) {
                    content.append(candidate.drop(while: { $0 == " " }).description)  // A lazy paragraph continuation.
                } else {
                    break
                }
                previousBlank = false
                end += 1
            }
            // Trailing blank lines belong between items, not to this item.
            while content.count > 1 && content.last.map(isBlank) == true { content.removeLast() }
            items.append(parseBlocks(content, depth: depth + 1))
            i = end
            guard i < lines.count, let next = listMarker(lines[i]), next.ordered == first.ordered,
                next.bulletOrDelimiter == first.bulletOrDelimiter, next.indent < first.contentColumn
            else {
                return (.list(ordered: first.ordered, start: first.number, items: items), i)
            }
            marker = next
        }
    }

    /// Reads a pipe table whose header is at `from`, if the next line is a delimiter row.
    private static func parseTable(_ lines: [String], from: Int) -> (block: MarkdownBlock, end: Int)? {
        let headerLine = lines[from]
        guard headerLine.contains("|"), leadingSpaces(headerLine) < 4 else { return nil }
        let header = tableCells(headerLine)
        let delimiters = tableCells(lines[from + 1])
        guard header.count == delimiters.count, !header.isEmpty else { return nil }
        var alignments: [MarkdownBlock.Alignment] = []
        for cell in delimiters {
            let core = cell.trimmingSpaces()
            let left = core.hasPrefix(":")
            let right = core.hasSuffix(":")
            let dashes = core.drop(while: { $0 == ":" }).reversed().drop(while: { $0 == ":" })
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        var rows: [[[MarkdownInline]]] = []
        var end = from + 2
        while end < lines.count && !isBlank(lines[end]) && lines[end].contains("|") && !startsBlock(lines[end]) {
            var cells = tableCells(lines[end])
            // GitHub pads short rows with empty cells and drops extra ones.
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            rows.append(cells.prefix(header.count).map { MarkdownInlineParser.parse($0.trimmingSpaces()) })
            end += 1
        }
        let block = MarkdownBlock.table(
            header: header.map { MarkdownInlineParser.parse($0.trimmingSpaces()) }, alignments: alignments, rows: rows)
        return (block, end)
    }

    /// Splits a table row at unescaped pipes, dropping the optional outer pipes.
    private static func tableCells(_ line: String) -> [String] {
        var text = Substring(line.trimmingSpaces())
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character == "|" ? "|" : "\\\(character)")
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current)
        return cells
    }

    /// True when a line starts a block that ends a paragraph.
    static func startsBlock(_ line: String) -> Bool {
        let indent = leadingSpaces(line)
        guard indent < 4 else { return false }
        let body = String(line.dropFirst(indent))
        if fenceOpening(body) != nil || atxHeading(body) != nil || isThematicBreak(body) || body.hasPrefix(">") {
            return true
        }
        if let marker = listMarker(line) {
            // As in CommonMark, only a list starting at 1 may interrupt a paragraph, and not with an empty item.
            let hasContent = !isBlank(String(line.dropFirst(min(marker.contentColumn, line.count))))
            return hasContent && (!marker.ordered || marker.number == 1)
        }
        return false
    }

    /// Reads a list item marker (`- `, `* `, `+ `, `1. `, `1) `) at the start of a line.
    static func listMarker(_ line: String) -> ListMarker? {
        let indent = leadingSpaces(line)
        guard indent < 4 else { return nil }
        let chars = Array(line.dropFirst(indent).prefix(16))
        guard let first = chars.first else { return nil }
        var width: Int
        var ordered = false
        var number = 1
        var delimiter = first
        if first == "-" || first == "*" || first == "+" {
            width = 1
        } else {
            var digits = 0
            while digits < chars.count && digits < 9 && chars[digits].isASCII && chars[digits].isNumber { digits += 1 }
            guard digits > 0, digits < chars.count, chars[digits] == "." || chars[digits] == ")" else { return nil }
            number = Int(String(chars[0..<digits])) ?? 1
            delimiter = chars[digits]
            ordered = true
            width = digits + 1
        }
        if width == chars.count {
            return ListMarker(
                ordered: ordered, bulletOrDelimiter: delimiter, number: number, indent: indent,
                contentColumn: indent + width + 1)
        }
        guard chars[width] == " " else { return nil }
        var spaces = 0
        while width + spaces < chars.count && chars[width + spaces] == " " { spaces += 1 }
        // Five or more spaces mean indented code inside the item, which starts one space after the marker.
        if spaces > 4 || width + spaces == chars.count { spaces = 1 }
        return ListMarker(
            ordered: ordered, bulletOrDelimiter: delimiter, number: number, indent: indent,
            contentColumn: indent + width + spaces)
    }

    /// Reads an opening code fence: its character, length and info string.
    private static func fenceOpening(_ body: String) -> (char: Character, length: Int, info: String)? {
        guard let first = body.first, first == "`" || first == "~" else { return nil }
        let length = body.prefix(while: { $0 == first }).count
        guard length >= 3 else { return nil }
        let info = body.dropFirst(length).trimmingSpaces()
        if first == "`" && info.contains("`") { return nil }
        return (first, length, info.split(separator: " ").first.map(String.init) ?? "")
    }

    /// True for a closing fence of at least `length` fence characters and nothing else.
    private static func isFenceClose(_ trimmed: String, _ char: Character, _ length: Int) -> Bool {
        !trimmed.isEmpty && trimmed.count >= length && trimmed.allSatisfy { $0 == char }
    }

    /// Reads an ATX heading's level and text, with any closing `#` run removed.
    private static func atxHeading(_ body: String) -> (level: Int, text: String)? {
        let level = body.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(level) else { return nil }
        let rest = body.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingSpaces()
        let withoutClosing = text.reversed().drop(while: { $0 == "#" })
        if withoutClosing.isEmpty {
            text = ""
        } else if withoutClosing.first == " " {
            text = String(withoutClosing.reversed()).trimmingSpaces()
        }
        return (level, text)
    }

    /// True for `---`, `***` or `___` (three or more, spaces allowed between).
    private static func isThematicBreak(_ body: String) -> Bool {
        let marks = body.filter { $0 != " " && $0 != "\t" }
        guard let first = marks.first, first == "-" || first == "*" || first == "_" else { return false }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    /// The number of leading spaces.
    static func leadingSpaces(_ line: String) -> Int {
        line.prefix(while: { $0 == " " }).count
    }

    /// True for a line of only spaces.
    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// Replaces tabs in a line's indentation by spaces up to the next multiple of four.
    private static func expandLeadingTabs(_ line: String) -> String {
        guard line.hasPrefix("\t") || line.hasPrefix(" ") else { return line }
        var column = 0
        var index = line.startIndex
        while index < line.endIndex, line[index] == " " || line[index] == "\t" {
            column = line[index] == "\t" ? (column / 4 + 1) * 4 : column + 1
            index = line.index(after: index)
        }
        return String(repeating: " ", count: column) + line[index...]
    }
}
