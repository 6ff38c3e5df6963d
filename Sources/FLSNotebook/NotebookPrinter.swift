/// Writes a notebook back to text, byte for byte as it was parsed.
public enum NotebookPrinter {
    /// The notebook's file text.
    public static func print(_ notebook: Notebook) -> String {
        var out = notebook.hasByteOrderMark ? "\u{FEFF}" : ""
        func emit(_ line: NotebookLine) {
            out += line.text
            out += line.ending
        }
        if let header = notebook.header { emit(header) }
        notebook.preamble.forEach(emit)
        for cell in notebook.cells {
            if let marker = cell.marker { emit(marker) }
            cell.body.forEach(emit)
        }
        return out
    }

    /// The notebook's file bytes (UTF-8).
    public static func bytes(_ notebook: Notebook) -> [UInt8] {
        Array(print(notebook).utf8)
    }
}
