// `fls run NB.fls`: runs a notebook's code cells in order, showing each
// cell's outputs under a heading; stops at the first error, naming the cell
// and the line in the file.

import FLS
import FLSKit

/// Runs notebooks from the command line.
public enum NotebookScript {
    /// True when the text has `# %%` cell markers.
    public static func hasCellMarkers(_ text: String) -> Bool {
        text.hasPrefix("# %%") || text.contains("\n# %%")
    }

    /// Runs cells of `text` in `interpreter`; cells are numbered from 1 in file
    /// order (prose cells count). `only` runs one cell; `until` runs 1...N.
    /// Returns 0, or 1 after an error.
    public static func run(
        text: String, name: String, interpreter: Interpreter, host: Host, color: Bool,
        only: Int? = nil, until: Int? = nil
    ) -> Int32 {
        let notebook = NotebookParser.parse(text)
        let cells = notebook.cells
        if let n = only ?? until, n > cells.count {
            host.writeError("fls: \(name) has \(cells.count) cell\(cells.count == 1 ? "" : "s"); there is no cell \(n)\n")
            return 2
        }
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        for (i, cell) in cells.enumerated() {
            let number = i + 1
            if let only, number != only { continue }
            if let until, number > until { break }
            guard cell.kind == .code else { continue }
            if cell.source.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\t" }) { continue }
            let padding = String(repeating: "\n", count: max(0, cell.sourceLine - 1))
            let file = SourceFile(name: name, text: padding + cell.source)
            let title = cell.title.isEmpty ? "" : " \(cell.title)"
            let heading = "\(dim)[cell \(number)]\(title)\(reset)\n"
            let buffered = HeadingHost(host, heading: heading)
            let saved = interpreter.host
            interpreter.host = buffered
            defer { interpreter.host = saved }
            do {
                let outcome = try runOnLargeStack { try interpreter.run(file) }
                if let v = outcome.value, !(v.isNull) {
                    buffered.flushHeading()
                    ScriptRunner.show(v, host: buffered)
                }
            } catch {
                host.writeError("error in cell \(number) (line \(cell.sourceLine)):\n" + DiagnosticRenderer.render(error, color: color) + "\n")
                return 1
            }
        }
        return 0
    }
}

/// Prints a cell's heading before its first output, so silent cells show nothing.
final class HeadingHost: Host {
    let inner: Host
    var heading: String?

    init(_ inner: Host, heading: String) {
        self.inner = inner
        self.heading = heading
    }

    func flushHeading() {
        if let h = heading {
            inner.write(h)
            heading = nil
        }
    }

    func write(_ text: String) {
        flushHeading()
        inner.write(text)
    }

    func writeError(_ text: String) { inner.writeError(text) }
    var showsProgress: Bool { inner.showsProgress }
    func showPicture(_ value: Value) -> Bool {
        flushHeading()
        return inner.showPicture(value)
    }
}

extension Value {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
