/// One cell of a percent-format notebook: its kind, its marker line and its body.
///
/// The cell keeps the raw lines it was parsed from so that printing it gives
/// back the same bytes; `source`, `markdown`, `title` and `metadata` are views
/// computed from those lines.
public struct NotebookCell: Equatable, Sendable {
    /// What a cell holds.
    public enum Kind: String, Equatable, Sendable {
        /// FLS code that the kernel runs.
        case code
        /// Prose: `# `-prefixed Markdown lines.
        case markdown
        /// Text shown verbatim and never run (`# %% [raw]`).
        case raw
    }

    /// The kind of the cell.
    public var kind: Kind
    /// The `# %%` line that opened the cell, or nil for text before the first marker.
    public var marker: NotebookLine?
    /// The lines after the marker, up to the next marker, including trailing blank lines.
    public var body: [NotebookLine]
    /// The 1-based line number of the cell's first line in the file (its marker, if any).
    public var line: Int

    /// Creates a cell from raw lines, as the parser does.
    public init(kind: Kind, marker: NotebookLine?, body: [NotebookLine], line: Int) {
        self.kind = kind
        self.marker = marker
        self.body = body
        self.line = line
    }

    /// Creates a code cell from source text, with an optional title after its marker.
    public static func code(_ source: String, title: String = "") -> NotebookCell {
        let marker = title.isEmpty ? "# %%" : "# %% " + title
        var cell = NotebookCell(kind: .code, marker: NotebookLine(text: marker), body: [], line: 1)
        cell.source = source
        return cell
    }

    /// Creates a prose cell from Markdown text.
    public static func markdown(_ text: String) -> NotebookCell {
        var cell = NotebookCell(kind: .markdown, marker: NotebookLine(text: "# %% [markdown]"), body: [], line: 1)
        cell.markdown = text
        return cell
    }

    /// The 1-based file line of the first line of `source` (the line after the marker).
    public var sourceLine: Int {
        marker == nil ? line : line + 1
    }

    /// The number of body lines that are content, leaving out trailing blank separator lines.
    var contentLineCount: Int {
        var count = body.count
        while count > 0 && body[count - 1].isBlank { count -= 1 }
        return count
    }

    /// The cell's body as text, `\n`-separated, without the blank lines that separate it from the next cell.
    ///
    /// Leading blank lines are kept so that line `k` of the source is file line
    /// `sourceLine + k - 1`. Setting it keeps the separator lines as they were.
    public var source: String {
        get {
            body[0..<contentLineCount].map(\.text).joined(separator: "\n")
        }
        set {
            let separators = Array(body[contentLineCount...])
            let ending = dominantEnding
            var lines: [NotebookLine] = []
            if !newValue.isEmpty {
                var parts = newValue.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if parts.last == "" { parts.removeLast() }
                lines = parts.map { NotebookLine(text: $0, ending: ending) }
            }
            body = lines + separators
            // A file's last line may lack a terminator; content lines placed before separators must have one.
            fixEndings(ending)
        }
    }

    /// The Markdown of a prose cell: each line with its `# ` (or bare `#`) prefix removed.
    ///
    /// Lines that do not start with `#` are kept as they are, so a hand-edited
    /// cell never loses text. Setting it writes `# `-prefixed lines.
    public var markdown: String {
        get {
            body[0..<contentLineCount].map { NotebookCell.unprefix($0.text) }.joined(separator: "\n")
        }
        set {
            let prefixed = newValue.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.isEmpty ? "#" : "# " + line
            }
            source = prefixed.joined(separator: "\n")
        }
    }

    /// The free text after `# %%` (and after `[markdown]`), without `key=value` options.
    public var title: String {
        splitMarkerRest().title
    }

    /// The `key=value` options after the title, verbatim (for example `tags=["x"]`), or an empty string.
    public var metadata: String {
        splitMarkerRest().metadata
    }

    /// The line ending most used in the cell, `"\n"` when it has none.
    private var dominantEnding: String {
        let all = ([marker].compactMap { $0 } + body).map(\.ending)
        let crlf = all.filter { $0 == "\r\n" }.count
        let lf = all.filter { $0 == "\n" }.count
        return crlf > lf ? "\r\n" : "\n"
    }

    /// Gives every line but the last a terminator.
    private mutating func fixEndings(_ ending: String) {
        guard body.count > 1 else { return }
        for index in 0..<(body.count - 1) where body[index].ending.isEmpty {
            body[index].ending = ending
        }
    }

    /// Removes a Markdown line's `# ` or `#` prefix.
    static func unprefix(_ text: String) -> String {
        if text.hasPrefix("# ") { return String(text.dropFirst(2)) }
        if text == "#" { return "" }
        return text
    }

    /// Splits the marker text after `# %%` (and the cell type tag) into a title and options.
    private func splitMarkerRest() -> (title: String, metadata: String) {
        guard let marker else { return ("", "") }
        var rest = Substring(marker.text.dropFirst(4))
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        if rest.hasPrefix("[") {
            if let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...]
            }
        }
        let words = rest.split(separator: " ", omittingEmptySubsequences: true)
        // Options are `name=value` words; the first such word starts the metadata.
        if let first = words.firstIndex(where: { NotebookCell.isOption($0) }) {
            let title = words[..<first].joined(separator: " ")
            let start = words[first].startIndex
            return (title, String(rest[start...]).trimmingSpaces())
        }
        return (words.joined(separator: " "), "")
    }

    /// True for a word shaped like `name=value` with an identifier name.
    private static func isOption(_ word: Substring) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
