// Source locations. Every AST node carries one; every error shows one.

/// A source file's name and text, shared by all spans into it.
public final class SourceFile {
    /// The name shown in messages (`notebook.fls`, `<repl>`).
    public let name: String
    /// The full text.
    public let text: String
    /// UTF-8 bytes of the text; spans index into these.
    public let bytes: [UInt8]
    /// Byte offset where each line starts.
    public let lineStarts: [Int]

    /// Makes a source file.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let end = min(max(offset, start), bytes.count)
        let column = String(decoding: bytes[start..<end], as: UTF8.self).count + 1
        return (lo + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && end <= bytes.count && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A byte range in a source file.
public struct SourceSpan {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A span covering both.
    public func to(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// `file:line:col`.
    public var locationText: String {
        let (line, column) = file.location(of: start)
        return "\(file.name):\(line):\(column)"
    }
}
