/// Teaching mode (`fls step NB.fls`): walks a notebook cell by cell, running each code cell on request.
///
/// Prose cells are shown as they are reached; at each code cell the session
/// shows the code and a status line and waits for a key: Enter runs the cell,
/// `b` goes back one code cell (replaying the earlier cells silently into a
/// fresh state), `r` opens a REPL on the current state, `q` quits and `?`
/// lists the keys. Keys come from an injected reader and text goes to an
/// injected writer, so the session runs the same under a raw-mode terminal
/// and in tests.
public final class StepSession {
    private let notebook: Notebook
    private let kernel: NotebookKernel
    private let renderer: TerminalRenderer
    private let readKey: () -> String?
    private let write: (String) -> Void
    private let codeCells: [Int]

    /// The position among the code cells of the cell waiting to run; `codeCells.count` at the end.
    public private(set) var position = 0

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
        case run, back, repl, quit, help, unknown(String)
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
        case "?", "h": return .help
        default: return .unknown(trimmed)
        }
    }

    /// Runs the session until the user quits or the input ends.
    public func run() {
        write(renderer.color ? TerminalStyle.dim.apply("Teaching mode: press ? for the keys.", color: true) + "\n\n" : "Teaching mode: press ? for the keys.\n\n")
        position = 0
        showProse(from: 0, to: codeCells.first ?? notebook.cells.count)
        var showCell = true
        while true {
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
                showCell = true
            case .back:
                if position == 0 {
                    write("Already at the first code cell.\n")
                } else {
                    goBack()
                    showCell = true
                }
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

    /// Runs the waiting cell, shows its outputs, then the prose up to the next code cell.
    private func runCurrent() {
        let index = codeCells[position]
        let result = kernel.run(cell: notebook.cells[index], index: index)
        write(renderer.renderOutputs(result.outputs, number: position + 1))
        position += 1
        write("\n")
        let next = position < codeCells.count ? codeCells[position] : notebook.cells.count
        showProse(from: index + 1, to: next)
    }

    /// Moves back one code cell: a fresh state with every cell before it replayed, its outputs hidden.
    private func goBack() {
        position -= 1
        kernel.reset()
        for earlier in 0..<position {
            let index = codeCells[earlier]
            let result = kernel.run(cell: notebook.cells[index], index: index)
            for case .error(let message, _) in result.outputs {
                write(TerminalStyle.error.apply("Replaying cell \(index + 1) failed: \(message)", color: renderer.color) + "\n")
            }
        }
        write("\n")
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
        } else {
            text = "cell \(codeCells[position] + 1)/\(notebook.cells.count) \u{2014} Enter: run  b: back  r: REPL  q: quit"
        }
        return TerminalStyle([.dim, .bold]).apply(text, color: renderer.color)
    }

    private var helpText: String {
        """
        Keys:
          Enter  run this cell and show its output
          b      go back one code cell (the cells before it re-run silently)
          r      open a REPL on the current state; leave it to come back here
          q      quit
          ?      show these keys

        """
    }
}
