// Tokens produced by the Lexer.

/// The kind of a token.
enum TokenKind: Equatable {
    case identifier
    case keyword
    case int
    case float
    case string
    case fstring
    case op
    case newline
    case eof
}

/// One piece of an f-string: literal text or an interpolated expression.
enum FStringPart {
    case text(String)
    /// The expression's source range (byte offsets into the file) and its
    /// format spec (`.2f`), possibly empty.
    case expression(start: Int, end: Int, spec: String)
}

/// A token: its kind, its text, its location, and a decoded value for literals.
struct Token {
    let kind: TokenKind
    /// The exact source text (for operators and keywords, the symbol).
    let text: String
    let start: Int
    let end: Int
    /// Decoded payloads.
    var intValue: Int64 = 0
    var floatValue: Double = 0
    var stringValue: String = ""
    var parts: [FStringPart] = []

    func isOp(_ symbol: String) -> Bool { kind == .op && text == symbol }
    func isKeyword(_ word: String) -> Bool { kind == .keyword && text == word }
}

let keywords: Set<String> = [
    "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "use",
    "and", "or", "not", "true", "false", "null",
]
