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

    /// Runs the code cells of `text` in `interpreter`. Code cells are numbered
    /// from 1 in file order, the numbers `fls step` and `fls render` show as
    /// `In [N]`. `only` runs cell N after the cells it depends on (CellGraph);
    /// `until` runs cells 1...N. Returns 0, 1 after an error, 2 for a cell
    /// number the notebook does not have.
    public static func run(
        text: String, name: String, interpreter: Interpreter, host: Host, color: Bool,
        only: Int? = nil, until: Int? = nil
    ) -> Int32 {
        let notebook = NotebookParser.parse(text)
        let codeCells = notebook.codeCellIndices
        if let n = only ?? until, n > codeCells.count {
            host.writeError(
                "fls: \(name) has \(codeCells.count) code cell\(codeCells.count == 1 ? "" : "s") (numbered as In [N] in fls step and fls render); there is no cell \(n)\n"
            )
            return 2
        }
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var toRun = Array(codeCells.indices)
        if let until { toRun = Array(0..<until) }
        if let only {
            let graph = CellGraph(notebook: notebook, fileName: name)
            let k = only - 1
            let later = graph.definedOnlyLater(for: k).filter { interpreter.table[$0.name] == nil }
            if let first = later.first {
                let names = later.map { "'\($0.name)' (cell \($0.at + 1))" }.joined(separator: ", ")
                host.writeError(
                    "error: cell \(only) reads \(later.count == 1 ? "'\(first.name)', which only cell \(first.at + 1) defines, after it" : names + ", which only later cells define")\n"
                        + "  hint: move the definition above cell \(only), or run the notebook to that cell with fls run \(name) --until \(first.at + 1)\n"
                )
                return 1
            }
            let needed = graph.prerequisites(of: k)
            if !needed.isEmpty {
                let inputs = graph.inputs(of: k).map(\.name)
                let what = inputs.isEmpty ? "" : " for \(inputs.joined(separator: ", "))"
                host.writeError(
                    "\(dim)running cell\(needed.count == 1 ? "" : "s") \(needed.map { String($0 + 1) }.joined(separator: ", ")) first\(what)\(reset)\n"
                )
            }
            toRun = needed + [k]
        }
        for k in toRun {
            let number = k + 1
            let cell = notebook.cells[codeCells[k]]
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
                host.writeError(
                    "error in cell \(number) (line \(cell.sourceLine)):\n"
                        + DiagnosticRenderer.render(error, color: color) + "\n")
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
