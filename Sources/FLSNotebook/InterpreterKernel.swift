// The notebook kernel backed by an FLS interpreter: runs a cell, capturing
// what it prints, its displayed value, pictures and errors, in order.

import FLS
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

/// Runs notebook cells in one FLS session.
public final class InterpreterKernel: NotebookKernel {
    /// The file the notebook came from (for error locations).
    public let fileName: String
    let directory: String
    let forward: Host?
    let color: Bool
    /// Called by `openREPL`; the front end installs the terminal REPL.
    public var replOpener: ((Interpreter) -> Void)?
    public private(set) var interpreter: Interpreter
    let capture = OutputCapture()

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
        do {
            let outcome = try runOnLargeStack { try interpreter.run(file) }
            if let value = outcome.value {
                if case .null = value {} else if let picture = Pictures.png(for: value) {
                    capture.outputs.append(.image(png: picture.png, width: picture.width, height: picture.height, alt: picture.alt))
                    if let forward, !forward.showPicture(value) { forward.write(displayText(value) + "\n") }
                } else {
                    let text = try displayTextChecked(value)
                    capture.outputs.append(.value(text))
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
            forward?.writeError(DiagnosticRenderer.render(error, color: color) + "\n")
        }
        return CellResult(cellIndex: index, outputs: capture.outputs, elapsed: ContinuousClock.now - start)
    }
}

/// A Host that records outputs in order, optionally passing them on.
final class OutputCapture: Host {
    var outputs: [CellOutput] = []
    var forward: Host?

    func write(_ text: String) {
        forward?.write(text)
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
        outputs.append(.image(png: picture.png, width: picture.width, height: picture.height, alt: picture.alt))
        if let forward, !forward.showPicture(value) { forward.write(displayText(value) + "\n") }
        return true
    }
}
