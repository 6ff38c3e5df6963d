/// Teaching mode (`fls step NB.fls`): walks a notebook cell by cell, running each code cell on request.
///
/// Prose cells are shown as they are reached; at each code cell the session
/// shows the code and a status line and waits for a key: Enter runs the cell,
/// `b` goes back one code cell (replaying the earlier cells silently into a
/// fresh state), `g` jumps to a section, `r` opens a REPL on the current
/// state, `q` quits and `?` lists the keys. A cell that fails stops the walk:
/// Enter retries it, `e` edits it (for this session), `s` skips it. Set-up
/// cells (tagged `setup`: `# %% tags=["setup"]`) run silently when reached,
/// as J labs' PREPARE sections do; their errors are shown. Code cells are
/// numbered 1, 2, ... as everywhere (`fls run --cell N`, `In [N]`). Keys come
/// from an injected reader and text goes to an injected writer, so the session
/// runs the same under a raw-mode terminal and in tests.
public final class StepSession {
    private var notebook: Notebook
    private let kernel: NotebookKernel
    private let renderer: TerminalRenderer
    private let readKey: () -> String?
    private let write: (String) -> Void
    private let codeCells: [Int]
    /// Edits a cell's source (the terminal opens $EDITOR); nil when editing is not available.
    public var editSource: ((String) -> String?)?

    /// The position among the code cells of the cell waiting to run; `codeCells.count` at the end.
    public private(set) var position = 0
    /// True while the cell at `position` has just failed.
    public private(set) var failed = false

    /// Creates a session; `readKey` returns one key or line (nil at end of input), `write` prints text as is.
    public init(
        notebook: Notebook, kernel: NotebookKernel, renderer: TerminalRenderer,
        readKey: @escaping () -> String?, write: @escaping (String) -> Void
    ) {
        self.notebook = notebook
        self.kernel = kernel
        self.renderer = renderer
        self.readKey = readKey
        self.write = write
        self.codeCells = notebook.codeCellIndices
    }

    /// What a key asks for.
    enum Command: Equatable {
        case run, back, repl, quit, help, edit, skip, goTo, unknown(String)
    }

    /// Maps a key or line to a command: Enter (or an empty line, or space) runs; letters are case-insensitive.
    static func command(for key: String?) -> Command {
        guard let key else { return .quit }
        if key == "\u{3}" || key == "\u{4}" { return .quit }
        let trimmed = key.trimmingSpaces().lowercased()
        switch trimmed {
        case "": return .run
        case "b": return .back
        case "r": return .repl
        case "q": return .quit
        case "e": return .edit
        case "s": return .skip
        case "g": return .goTo
        case "?", "h": return .help
        default: return .unknown(trimmed)
        }
    }

    /// True for a code cell tagged `setup` (`# %% tags=["setup"]`).
    public static func isSetup(_ cell: NotebookCell) -> Bool {
        cell.kind == .code && cell.metadata.contains("\"setup\"")
    }

    /// The sections: each prose cell's first heading, with the position of the first code cell after it.
    public var sections: [(title: String, position: Int)] {
        var out: [(String, Int)] = []
        for (index, cell) in notebook.cells.enumerated() where cell.kind == .markdown {
            guard let heading = cell.markdown.split(separator: "\n").first(where: { $0.hasPrefix("#") }) else {
                continue
            }
            let title = String(heading.drop { $0 == "#" || $0 == " " })
            let position = codeCells.firstIndex { $0 > index } ?? codeCells.count
            out.append((title, position))
        }
        return out
    }

    /// Runs the session until the user quits or the input ends; `section`
    /// (a heading's text, or part of it) starts there instead of at the top.
    public func run(startingAt section: String? = nil) {
        write(
            renderer.color
                ? TerminalStyle.dim.apply("Teaching mode: press ? for the keys.", color: true) + "\n\n"
                : "Teaching mode: press ? for the keys.\n\n")
        position = 0
        if let section, let found = sections.first(where: { $0.title.lowercased().contains(section.lowercased()) }) {
            jump(to: found.position, title: found.title)
        } else {
            if let section { write("No section matches \"\(section)\"; starting at the top.\n\n") }
            showProse(from: 0, to: codeCells.first ?? notebook.cells.count)
        }
        var showCell = true
        while true {
            runSetupCells()
            let atEnd = position >= codeCells.count
            if showCell && !atEnd {
                write(renderer.renderCode(cell: notebook.cells[codeCells[position]], number: position + 1))
            }
            showCell = false
            write(statusLine(atEnd: atEnd) + "\n")
            switch StepSession.command(for: readKey()) {
            case .quit:
                return
            case .run:
                if atEnd { return }
                runCurrent()
                showCell = !failed
            case .back:
                if position == 0 {
                    write("Already at the first code cell.\n")
                } else {
                    goBack()
                    showCell = true
                }
            case .skip:
                if atEnd { break }
                write("Skipped cell \(position + 1).\n\n")
                advance(from: codeCells[position])
                showCell = true
            case .edit:
                if atEnd { break }
                showCell = edit()
            case .goTo:
                showCell = chooseSection()
            case .repl:
                kernel.openREPL()
                write("Back in the notebook.\n")
            case .help:
                write(helpText)
            case .unknown(let key):
                write("Unknown key \"\(key)\"; press ? for the keys.\n")
            }
        }
    }

    /// Runs the set-up cells at the current position silently, moving past them.
    private func runSetupCells() {
        while position < codeCells.count, StepSession.isSetup(notebook.cells[codeCells[position]]) {
            let index = codeCells[position]
            let result = kernel.run(cell: notebook.cells[index], index: index)
            if result.failed {
                write(TerminalStyle.error.apply("Set-up cell \(position + 1) failed:", color: renderer.color) + "\n")
                write(
                    renderer.renderOutputs(
                        result.outputs.filter { if case .error = $0 { return true } else { return false } },
                        number: position + 1))
            }
            failed = false
            advance(from: index)
        }
    }

    /// Runs the waiting cell and shows its outputs; on success moves on and shows the prose up to the next code cell.
    private func runCurrent() {
        let index = codeCells[position]
        let result = kernel.run(cell: notebook.cells[index], index: index)
        write(renderer.renderOutputs(result.outputs, number: position + 1))
        failed = result.failed
        if failed {
            write("\n")
            return
        }
        write("\n")
        advance(from: index)
    }

    /// Moves to the next code cell, showing the prose between.
    private func advance(from index: Int) {
        position += 1
        failed = false
        let next = position < codeCells.count ? codeCells[position] : notebook.cells.count
        showProse(from: index + 1, to: next)
    }

    /// Lets the user edit the waiting cell (for this session only); true when the cell should be shown again.
    private func edit() -> Bool {
        let index = codeCells[position]
        guard let editSource else {
            write("Editing needs a terminal and an editor ($EDITOR).\n")
            return false
        }
        guard let edited = editSource(notebook.cells[index].source) else {
            write("The cell was not changed.\n")
            return false
        }
        notebook.cells[index].source = edited
        write("Cell \(position + 1) edited for this session; the file is unchanged.\n")
        return true
    }

    /// Shows the sections and jumps to the one whose number is typed.
    private func chooseSection() -> Bool {
        let list = sections
        guard !list.isEmpty else {
            write("This notebook has no sections (prose cells with a # heading).\n")
            return false
        }
        var text = "Sections:\n"
        for (i, s) in list.prefix(9).enumerated() {
            text += "  \(i + 1)  \(s.title)" + (s.position < codeCells.count ? " (cell \(s.position + 1))" : "") + "\n"
        }
        write(text + "Press the section's number (any other key stays here).\n")
        guard let key = readKey(), let n = Int(key.trimmingSpaces()), n >= 1, n <= min(9, list.count) else {
            return false
        }
        jump(to: list[n - 1].position, title: list[n - 1].title)
        return true
    }

    /// Starts again from a fresh state with the code cells before `target` run silently, then shows the prose before it.
    private func jump(to target: Int, title: String) {
        replay(upTo: target)
        position = target
        failed = false
        write("Jumped to \"\(title)\"" + (target > 0 ? " (cells 1 to \(target) ran silently)" : "") + ".\n\n")
        let from = target > 0 ? codeCells[target - 1] + 1 : 0
        showProse(from: from, to: target < codeCells.count ? codeCells[target] : notebook.cells.count)
    }

    /// Moves back one code cell: a fresh state with every cell before it replayed, its outputs hidden.
    private func goBack() {
        position -= 1
        failed = false
        replay(upTo: position)
        write("\n")
    }

    /// A fresh state with code cells `0..<end` run silently; failures are reported.
    private func replay(upTo end: Int) {
        kernel.reset()
        for earlier in 0..<end {
            let index = codeCells[earlier]
            let result = kernel.run(cell: notebook.cells[index], index: index)
            for case .error(let message, _) in result.outputs {
                write(
                    TerminalStyle.error.apply("Replaying cell \(earlier + 1) failed: \(message)", color: renderer.color)
                        + "\n")
            }
        }
    }

    /// Shows the prose and raw cells in `from..<to`.
    private func showProse(from: Int, to: Int) {
        guard from < to else { return }
        for index in from..<to {
            let cell = notebook.cells[index]
            switch cell.kind {
            case .markdown:
                let text = renderer.renderMarkdown(cell.markdown)
                if !text.isEmpty { write(text + "\n") }
            case .raw:
                let text = cell.source.trimmingBlankLines()
                if !text.isEmpty { write(text + "\n\n") }
            case .code:
                break
            }
        }
    }

    /// The line under each cell, such as `cell 3/12 — Enter: run  b: back  r: REPL  q: quit`.
    func statusLine(atEnd: Bool) -> String {
        let text: String
        if atEnd {
            text = "end of notebook \u{2014} Enter: quit  b: back  r: REPL  q: quit"
        } else if failed {
            text =
                "cell \(position + 1)/\(codeCells.count) failed \u{2014} Enter: retry  e: edit  s: skip  b: back  r: REPL  q: quit"
        } else {
            text = "cell \(position + 1)/\(codeCells.count) \u{2014} Enter: run  b: back  r: REPL  q: quit"
        }
        return TerminalStyle([.dim, .bold]).apply(text, color: renderer.color)
    }

    private var helpText: String {
        """
        Keys:
          Enter  run this cell and show its output (after a failure: run it again)
          e      edit this cell for this session (opens $EDITOR)
          s      skip this cell
          b      go back one code cell (the cells before it re-run silently)
          g      go to a section (the cells before it run silently)
          r      open a REPL on the current state; leave it to come back here
          q      quit
          ?      show these keys

        """
    }
}
