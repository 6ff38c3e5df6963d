// The one error type of the generator: a sentence saying what to fix.

/// A sample-data generation failure, with a message a user can act on.
public struct SampleDataError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one sentence.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
