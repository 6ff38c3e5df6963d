/// Reads a percent-format notebook from text or bytes.
///
/// A line that starts with `# %%` followed by the end of the line, a space or
/// a tab opens a cell; `# %% [markdown]` and `# %% [md]` open prose cells and
/// `# %% [raw]` a verbatim cell. Text before the first marker is a code cell,
/// unless it is only the header line and blank lines.
public enum NotebookParser {
    /// An input the parser cannot accept.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// A one-sentence description of what is wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Parses a notebook from the bytes of a file; invalid UTF-8 is an error rather than silently replaced.
    public static func parse(bytes: [UInt8]) throws -> Notebook {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes)
            throw ParseError(
                message: "The notebook is not valid UTF-8 text (bad byte at offset \(offset)); save it as UTF-8.")
        }
        return parse(text)
    }

    /// Parses a notebook from text; every string is a valid notebook.
    public static func parse(_ text: String) -> Notebook {
        var utf8 = Substring(text)
        var hasBOM = false
        if utf8.unicodeScalars.first == "\u{FEFF}" {
            hasBOM = true
            utf8 = utf8.dropFirst()
        }
        let lines = splitLines(utf8)
        var index = 0
        var header: NotebookLine?
        if let first = lines.first, Notebook.formatVersion(inHeader: first.text) != nil {
            header = first
            index = 1
        }

        // Everything before the first marker: a cell if it holds anything but blank lines.
        let firstMarker = lines[index...].firstIndex(where: { isMarker($0.text) }) ?? lines.count
        var preamble: [NotebookLine] = []
        var cells: [NotebookCell] = []
        let leading = Array(lines[index..<firstMarker])
        if leading.allSatisfy(\.isBlank) {
            preamble = leading
        } else {
            cells.append(NotebookCell(kind: .code, marker: nil, body: leading, line: index + 1))
        }

        var position = firstMarker
        while position < lines.count {
            let marker = lines[position]
            var end = position + 1
            while end < lines.count && !isMarker(lines[end].text) { end += 1 }
            cells.append(
                NotebookCell(
                    kind: kind(ofMarker: marker.text),
                    marker: marker,
                    body: Array(lines[(position + 1)..<end]),
                    line: position + 1))
            position = end
        }
        return Notebook(hasByteOrderMark: hasBOM, header: header, preamble: preamble, cells: cells)
    }

    /// True for a line that opens a cell.
    static func isMarker(_ text: String) -> Bool {
        guard text.hasPrefix("# %%") else { return false }
        let after = text.utf8.dropFirst(4).first
        return after == nil || after == 0x20 || after == 0x09
    }

    /// The kind of cell a marker line opens.
    static func kind(ofMarker text: String) -> NotebookCell.Kind {
        let rest = text.dropFirst(4).drop(while: { $0 == " " || $0 == "\t" })
        if rest.hasPrefix("[markdown]") || rest.hasPrefix("[md]") { return .markdown }
        if rest.hasPrefix("[raw]") { return .raw }
        return .code
    }

    /// Splits text into lines on `\n`, keeping `\r\n` or `\n` as each line's ending.
    ///
    /// A lone `\r` is ordinary text, as it is for the FLS lexer. Text that ends
    /// with a terminator has no extra empty last line.
    static func splitLines(_ text: Substring) -> [NotebookLine] {
        var lines: [NotebookLine] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var cursor = start
        while cursor != bytes.endIndex {
            if bytes[cursor] == 0x0A {
                var contentEnd = cursor
                var ending = "\n"
                if contentEnd != start, bytes[bytes.index(before: contentEnd)] == 0x0D {
                    contentEnd = bytes.index(before: contentEnd)
                    ending = "\r\n"
                }
                lines.append(NotebookLine(text: String(text[start..<contentEnd]), ending: ending))
                start = bytes.index(after: cursor)
            }
            cursor = bytes.index(after: cursor)
        }
        if start != bytes.endIndex {
            lines.append(NotebookLine(text: String(text[start...]), ending: ""))
        }
        return lines
    }

    /// The offset of the first byte that breaks UTF-8 decoding, for the error message.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var offset = 0
        while offset < bytes.count {
            let lead = bytes[offset]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return offset
            }
            guard offset + length <= bytes.count,
                String(validating: bytes[offset..<(offset + length)], as: UTF8.self) != nil
            else { return offset }
            offset += length
        }
        return offset
    }
}
