/// A notebook in the Jupytext "percent" format: an ordinary `.fls` script cut into cells.
///
/// Everything needed to print the file back byte for byte is kept: the
/// optional byte-order mark, the `# fls-notebook: N` header line, blank lines
/// before the first cell, and every cell's raw lines.
public struct Notebook: Equatable, Sendable {
    /// True when the file started with a UTF-8 byte-order mark.
    public var hasByteOrderMark: Bool
    /// The `# fls-notebook: N` line, when the file starts with one.
    public var header: NotebookLine?
    /// Blank lines between the header (or the start of the file) and the first cell.
    public var preamble: [NotebookLine]
    /// The cells in file order.
    public var cells: [NotebookCell]

    /// Creates a notebook from its parts, as the parser does.
    public init(
        hasByteOrderMark: Bool = false, header: NotebookLine? = nil, preamble: [NotebookLine] = [],
        cells: [NotebookCell]
    ) {
        self.hasByteOrderMark = hasByteOrderMark
        self.header = header
        self.preamble = preamble
        self.cells = cells
    }

    /// Creates a new notebook from cells made with `NotebookCell.code` and `.markdown`.
    ///
    /// Cells are separated by one blank line and numbered as the printed file will be.
    public init(newCells: [NotebookCell], formatVersion: Int? = 1) {
        var cells: [NotebookCell] = []
        var line = formatVersion == nil ? 1 : 3
        for (index, var cell) in newCells.enumerated() {
            cell.body = Array(cell.body[0..<cell.contentLineCount])
            if index < newCells.count - 1 { cell.body.append(NotebookLine(text: "")) }
            cell.line = line
            line += (cell.marker == nil ? 0 : 1) + cell.body.count
            cells.append(cell)
        }
        self.init(
            header: formatVersion.map { NotebookLine(text: "# fls-notebook: \($0)") },
            preamble: formatVersion == nil ? [] : [NotebookLine(text: "")],
            cells: cells)
    }

    /// The format version named by the header line, or nil when there is none.
    public var formatVersion: Int? {
        guard let header else { return nil }
        return Notebook.formatVersion(inHeader: header.text)
    }

    /// The indices of the code cells, in order.
    public var codeCellIndices: [Int] {
        cells.indices.filter { cells[$0].kind == .code }
    }

    /// Reads the version number from a `# fls-notebook: N` line.
    static func formatVersion(inHeader text: String) -> Int? {
        let prefix = "# fls-notebook:"
        guard text.hasPrefix(prefix) else { return nil }
        let rest = text.dropFirst(prefix.count).trimmingSpaces()
        guard !rest.isEmpty, rest.count <= 9, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }
}
