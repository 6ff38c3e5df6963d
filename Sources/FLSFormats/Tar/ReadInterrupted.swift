/// Thrown when a long read stops early because its `shouldStop` callback said so (Ctrl-C).
public struct ReadInterrupted: Error, CustomStringConvertible, Sendable {
    /// How many items were finished before stopping.
    public var completed: Int
    /// How many were asked for.
    public var total: Int

    public var description: String { "interrupted after \(completed) of \(total) images" }
}
