// Tokens produced by the Lexer. Keywords and operators are enum cases, so
// the parser switches on them; a token's text is kept for names and for
// error messages ("found 'x'").

/// The kind of a token.
enum TokenKind: Equatable {
    case identifier
    case keyword(Keyword)
    case int
    case float
    case string
    case fstring
    case op(Operator)
    case newline
    case eof
}

/// The reserved words (LANGUAGE.md section 1).
enum Keyword: String, CaseIterable {
    case fn, `if`, `else`, `for`, `in`, `while`, `break`, `continue`, `return`, use
    case and, or, not, `true`, `false`, null

    /// The keyword spelt `text`, if it is one.
    static func named(_ text: String) -> Keyword? { byText[text] }

    private static let byText: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

/// Punctuation and operator symbols.
enum Operator: String, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", dot = ".", colon = ":", semicolon = ";", ellipsis = "..."
    case plus = "+", minus = "-", star = "*", slash = "/", slashSlash = "//", percent = "%", at = "@", starStar = "**"
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/="
    case pipe = "|>"

    /// True for `)`, `]` and `}`: a token after which an expression may end.
    var closesBracket: Bool { self == .rightParen || self == .rightBracket || self == .rightBrace }
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

    func isOp(_ symbol: Operator) -> Bool {
        if case .op(let o) = kind { return o == symbol }
        return false
    }

    func isKeyword(_ word: Keyword) -> Bool {
        if case .keyword(let k) = kind { return k == word }
        return false
    }

    /// The operator, when the token is one.
    var op: Operator? {
        if case .op(let o) = kind { return o }
        return nil
    }

    /// The keyword, when the token is one.
    var keyword: Keyword? {
        if case .keyword(let k) = kind { return k }
        return nil
    }
}
