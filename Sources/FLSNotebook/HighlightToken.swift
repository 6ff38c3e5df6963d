/// A piece of FLS source with the colour class a highlighter gives it.
public struct HighlightToken: Equatable, Sendable {
    /// The colour classes of FLS source.
    public enum Kind: String, Equatable, Sendable {
        /// Anything not picked out: names, operators, punctuation, spaces.
        case plain
        /// A reserved word such as `fn`, `for` or `true`.
        case keyword
        /// A string literal, or the literal text of an f-string.
        case string
        /// A numeric literal.
        case number
        /// A `#` comment up to the end of its line.
        case comment
    }

    /// The colour class.
    public var kind: Kind
    /// The exact source text of the token.
    public var text: String

    /// Creates a token.
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
