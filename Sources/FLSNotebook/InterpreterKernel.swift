// The notebook kernel backed by an FLS interpreter: runs a cell, capturing
// what it prints, its displayed value, pictures and errors, in order.

import FLS
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

/// Runs notebook cells in one FLS session.
public final class InterpreterKernel: NotebookKernel {
    /// The file the notebook came from (for error locations); a front end that
    /// runs loose cells (the Jupyter kernel) names each one before running it.
    public var fileName: String
    let directory: String
    let forward: Host?
    let color: Bool
    /// Called by `openREPL`; the front end installs the terminal REPL.
    public var replOpener: ((Interpreter) -> Void)?
    public private(set) var interpreter: Interpreter
    let capture = OutputCapture()
    /// Receives each output the moment the cell produces it (text as it is
    /// written), for front ends that stream; errors come rendered with `color`.
    public var onOutput: ((CellOutput) -> Void)? {
        get { capture.onOutput }
        set { capture.onOutput = newValue }
    }
    /// The value of the last cell's last expression (nil when it had none or failed).
    public private(set) var lastValue: Value?

    /// `forward`, when given, also receives everything as it happens (the
    /// terminal during `fls step`); the result collects it either way.
    public init(fileName: String, directory: String, forward: Host? = nil, color: Bool = false) {
        self.fileName = fileName
        self.directory = directory
        self.forward = forward
        self.color = color
        capture.forward = forward
        interpreter = Session.makeInterpreter(host: capture, directory: directory)
    }

    public func reset() {
        interpreter.close()
        interpreter = Session.makeInterpreter(host: capture, directory: directory)
    }

    deinit { interpreter.close() }

    public func openREPL() {
        let saved = interpreter.host
        replOpener?(interpreter)
        interpreter.host = saved
    }

    public func run(cell: NotebookCell, index: Int) -> CellResult {
        capture.outputs = []
        let start = ContinuousClock.now
        let padding = String(repeating: "\n", count: max(0, cell.sourceLine - 1))
        let file = SourceFile(name: fileName, text: padding + cell.source)
        Interrupt.clear()
        lastValue = nil
        do {
            let outcome = try runOnLargeStack { try interpreter.run(file) }
            lastValue = outcome.value
            if let value = outcome.value {
                if case .null = value {
                } else if let picture = Pictures.png(for: value) {
                    capture.record(
                        .image(png: picture.png, width: picture.width, height: picture.height, alt: picture.alt))
                    if let forward, !forward.showPicture(value) { forward.write(displayText(value) + "\n") }
                } else {
                    let text = try displayTextChecked(value)
                    capture.record(.value(text))
                    forward?.write(text + "\n")
                }
            }
        } catch {
            let message: String
            switch error {
            case let e as RuntimeError: message = e.message
            case let p as ParseFailure: message = p.diagnostics.first?.message ?? "syntax error"
            default: message = "\(error)"
            }
            let rendered = DiagnosticRenderer.render(error, color: false)
            capture.outputs.append(.error(message: message, rendered: rendered))
            if forward != nil || capture.onOutput != nil {
                let shown = color ? DiagnosticRenderer.render(error, color: true) : rendered
                capture.onOutput?(.error(message: message, rendered: shown))
                forward?.writeError(shown + "\n")
            }
        }
        return CellResult(cellIndex: index, outputs: capture.outputs, elapsed: ContinuousClock.now - start)
    }
}

/// A Host that records outputs in order, optionally passing them on.
final class OutputCapture: Host {
    var outputs: [CellOutput] = []
    var forward: Host?
    var onOutput: ((CellOutput) -> Void)?

    /// Appends an output and passes it to `onOutput`.
    func record(_ output: CellOutput) {
        outputs.append(output)
        onOutput?(output)
    }

    func write(_ text: String) {
        forward?.write(text)
        onOutput?(.text(text))
        if case .text(let previous)? = outputs.last {
            outputs[outputs.count - 1] = .text(previous + text)
        } else {
            outputs.append(.text(text))
        }
    }

    func writeError(_ text: String) {
        forward?.writeError(text)
    }

    var showsProgress: Bool { forward?.showsProgress ?? false }

    func showPicture(_ value: Value) -> Bool {
        guard let picture = Pictures.png(for: value) else { return false }
        record(.image(png: picture.png, width: picture.width, height: picture.height, alt: picture.alt))
        if let forward, !forward.showPicture(value) { forward.write(displayText(value) + "\n") }
        return true
    }
}
