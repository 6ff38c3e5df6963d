// Diagnostics: what the parser reports. Runtime errors are RuntimeError;
// both render through DiagnosticRenderer.

/// A syntax error with its location and an optional hint.
public struct Diagnostic: Error, CustomStringConvertible {
    public var message: String
    public var span: SourceSpan
    public var hint: String?

    public init(_ message: String, span: SourceSpan, hint: String? = nil) {
        self.message = message
        self.span = span
        self.hint = hint
    }

    public var description: String { "\(span.locationText): \(message)" }
}

/// The parse errors of one file (parsing stops before anything runs).
public struct ParseFailure: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
