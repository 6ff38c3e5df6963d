import FLSNotebook

/// A kernel that returns scripted outputs and records what it was asked to do.
final class ScriptedKernel: NotebookKernel {
    /// Every call, in order: `run N`, `reset`, `repl`.
    var log: [String] = []
    private let outputs: [Int: [CellOutput]]

    init(outputs: [Int: [CellOutput]] = [:]) {
        self.outputs = outputs
    }

    /// The indices of the cells run, in order.
    var ran: [Int] {
        log.compactMap { $0.hasPrefix("run ") ? Int($0.dropFirst(4)) : nil }
    }

    func run(cell: NotebookCell, index: Int) -> CellResult {
        log.append("run \(index)")
        return CellResult(cellIndex: index, outputs: outputs[index] ?? [], elapsed: .milliseconds(1))
    }

    func reset() {
        log.append("reset")
    }

    func openREPL() {
        log.append("repl")
    }
}
