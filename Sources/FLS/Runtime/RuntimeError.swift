// Errors raised while running a program. Kernels throw them without a
// location; the interpreter attaches the span of the expression that failed.

/// An error in the running program: a message, an optional hint, and the
/// source location once the interpreter knows it.
public struct RuntimeError: Error, CustomStringConvertible {
    /// What went wrong, in one sentence.
    public var message: String
    /// How to fix it, when there is a useful suggestion.
    public var hint: String?
    /// Where it happened; filled in by the interpreter.
    public var span: SourceSpan?
    /// The call stack at the error, innermost last (function name and call site).
    public var trace: [(name: String, span: SourceSpan)] = []

    /// Makes an error without a location.
    public init(_ message: String, hint: String? = nil, span: SourceSpan? = nil) {
        self.message = message
        self.hint = hint
        self.span = span
    }

    public var description: String { message }
}
