/// What running one code cell gave: its outputs and how long it took.
public struct CellResult: Equatable, Sendable {
    /// The index of the cell in `Notebook.cells`.
    public var cellIndex: Int
    /// The outputs, in the order the cell produced them.
    public var outputs: [CellOutput]
    /// The wall time the cell took.
    public var elapsed: Duration

    /// Creates a result.
    public init(cellIndex: Int, outputs: [CellOutput], elapsed: Duration = .zero) {
        self.cellIndex = cellIndex
        self.outputs = outputs
        self.elapsed = elapsed
    }

    /// True when one of the outputs is an error.
    public var failed: Bool {
        outputs.contains { if case .error = $0 { return true } else { return false } }
    }
}
