// A second initialiser so call sites can name the span before the hint.

extension RuntimeError {
    /// Makes an error at a location, with a hint.
    init(_ message: String, span: SourceSpan?, hint: String?) {
        self.init(message, hint: hint, span: span)
    }
}
