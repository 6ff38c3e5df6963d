// Lexer: source bytes to tokens.
//
// Newlines end statements, except inside `(` and `[` and after a token that
// cannot end an expression (a binary operator, a comma). Inside `{` they count
// again, so a block inside a call's parentheses still separates statements;
// record literals skip them in the parser. A line that starts with `|>`
// continues the previous one, so pipelines can be written one step a line.

struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var pos: Int
    let end: Int
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Open brackets, innermost last.
    var brackets: [UInt8] = []

    init(file: SourceFile, start: Int = 0, end: Int? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.pos = start
        self.end = end ?? file.bytes.count
        // A UTF-8 byte order mark (editors on Windows write one) is not source.
        if start == 0 && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
    }

    /// Lexes the whole range; errors are collected in `diagnostics`.
    static func tokenize(_ file: SourceFile, start: Int = 0, end: Int? = nil) -> (
        tokens: [Token], diagnostics: [Diagnostic]
    ) {
        var lexer = Lexer(file: file, start: start, end: end)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    func peek(_ offset: Int = 0) -> UInt8 {
        let i = pos + offset
        return i < end ? bytes[i] : 0
    }

    mutating func error(_ message: String, _ start: Int, _ stop: Int, hint: String? = nil) {
        diagnostics.append(Diagnostic(message, span: SourceSpan(file: file, start: start, end: stop), hint: hint))
    }

    mutating func add(_ kind: TokenKind, _ start: Int, _ text: String? = nil) {
        let t = text ?? String(decoding: bytes[start..<pos], as: UTF8.self)
        tokens.append(Token(kind: kind, text: t, start: start, end: pos))
    }

    var newlinesCount: Bool {
        guard let top = brackets.last else { return true }
        return top == UInt8(ascii: "{")
    }

    /// True when the last token cannot end an expression, so a newline after it continues the line.
    var lastTokenContinues: Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .newline: return true
        case .op(let o): return !o.closesBracket
        case .keyword(let k): return k == .and || k == .or || k == .not || k == .in
        default: return false
        }
    }

    /// Whether the next non-blank, non-comment line starts with `|>`.
    func nextLineStartsWithPipe(from start: Int) -> Bool {
        var i = start
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                i += 1
            } else if c == UInt8(ascii: "#") {
                // A `# %%` cell marker ends the statement; other comments are skipped.
                if i + 3 < end && bytes[i + 1] == UInt8(ascii: " ") && bytes[i + 2] == UInt8(ascii: "%")
                    && bytes[i + 3] == UInt8(ascii: "%")
                {
                    return false
                }
                while i < end && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else {
                return c == UInt8(ascii: "|") && i + 1 < end && bytes[i + 1] == UInt8(ascii: ">")
            }
        }
        return false
    }

    mutating func run() {
        while pos < end {
            let c = peek()
            let start = pos
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                pos += 1
            case UInt8(ascii: "\n"):
                pos += 1
                if newlinesCount && !lastTokenContinues && !nextLineStartsWithPipe(from: pos) {
                    add(.newline, start, "\n")
                }
            case UInt8(ascii: "#"):
                while pos < end && peek() != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                number()
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if let s = stringLiteral(quote: c) {
                    var t = Token(kind: .string, text: "", start: start, end: pos)
                    t.stringValue = s
                    tokens.append(t)
                }
            case UInt8(ascii: "f") where peek(1) == UInt8(ascii: "\"") || peek(1) == UInt8(ascii: "'"):
                pos += 1
                fString(quote: peek(), start: start)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                while isIdentifierByte(peek()) { pos += 1 }
                let word = String(decoding: bytes[start..<pos], as: UTF8.self)
                add(Keyword.named(word).map { .keyword($0) } ?? .identifier, start, word)
            default:
                if c >= 0x80 {
                    // Non-ASCII outside a string: skip the whole UTF-8 sequence.
                    pos += 1
                    while pos < end && (peek() & 0xC0) == 0x80 { pos += 1 }
                    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
                    error("unexpected character '\(text)'", start, pos, hint: "names are ASCII letters, digits and '_'")
                } else {
                    op(start)
                }
            }
        }
        if !(tokens.last.map { $0.kind == .newline } ?? true) {
            add(.newline, pos, "\n")
        }
        for _ in brackets {
            // Unclosed brackets are reported by the parser at end of input.
        }
        tokens.append(Token(kind: .eof, text: "", start: end, end: end))
    }

    func isIdentifierByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
    }

    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    mutating func number() {
        let start = pos
        var isFloat = false
        while isDigit(peek()) || peek() == UInt8(ascii: "_") { pos += 1 }
        if peek() == UInt8(ascii: ".") && isDigit(peek(1)) {
            isFloat = true
            pos += 1
            while isDigit(peek()) || peek() == UInt8(ascii: "_") { pos += 1 }
        } else if peek() == UInt8(ascii: "."), !isIdentifierByte(peek(1)), peek(1) != UInt8(ascii: ".") {
            // Python's `1.`: not a field of 1 (whose '.' would continue the line).
            let digits = String(decoding: bytes[start..<pos], as: UTF8.self)
            pos += 1
            error("invalid number literal", start, pos, hint: "write \(digits).0")
            // A float token keeps the REPL from waiting for the rest of a line ending in '.'.
            tokens.append(Token(kind: .float, text: digits + ".", start: start, end: pos))
            return
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var look = 1
            if peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") { look = 2 }
            if isDigit(peek(look)) {
                isFloat = true
                pos += look
                while isDigit(peek()) { pos += 1 }
            }
        }
        if isIdentifierByte(peek()) {
            while isIdentifierByte(peek()) { pos += 1 }
            error("invalid number literal", start, pos)
            return
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        // Most literals have no underscore: skip the copy (this runs for every number).
        let clean = text.utf8.contains(UInt8(ascii: "_")) ? String(text.filter { $0 != "_" }) : text
        var t = Token(kind: isFloat ? .float : .int, text: text, start: start, end: pos)
        if isFloat {
            guard let v = Double(clean) else {
                error("invalid number literal", start, pos)
                return
            }
            t.floatValue = v
        } else {
            guard let v = Int64(clean) else {
                error(
                    "integer literal \(text) is too large", start, pos,
                    hint: "integers are 64-bit; write it as a float (\(clean).0) if you need it")
                return
            }
            t.intValue = v
        }
        tokens.append(t)
    }

    /// Reads one escape after a backslash; returns the text it stands for.
    mutating func escape(_ start: Int) -> String? {
        let c = peek()
        pos += 1
        switch c {
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "0"): return "\0"
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "'"): return "'"
        case UInt8(ascii: "{"): return "{"
        case UInt8(ascii: "}"): return "}"
        case UInt8(ascii: "u"):
            guard peek() == UInt8(ascii: "{") else {
                error("expect '{' after \\u", start, pos, hint: "write \\u{1F600}")
                return nil
            }
            pos += 1
            let hexStart = pos
            while pos < end && peek() != UInt8(ascii: "}") && pos - hexStart < 8 { pos += 1 }
            let hex = String(decoding: bytes[hexStart..<pos], as: UTF8.self)
            guard peek() == UInt8(ascii: "}"), let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code)
            else {
                error("invalid unicode escape", start, pos, hint: "write \\u{1F600} with 1 to 6 hex digits")
                return nil
            }
            pos += 1
            return String(Character(scalar))
        default:
            error("unknown escape sequence", start, pos, hint: "escapes are \\n \\t \\r \\0 \\\\ \\\" \\' \\u{...}")
            return nil
        }
    }

    /// Reads a quoted string starting at the opening quote.
    mutating func stringLiteral(quote: UInt8) -> String? {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while pos < end {
            let c = peek()
            if c == quote {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\n") { break }
            if c == UInt8(ascii: "\\") {
                let escStart = pos
                pos += 1
                guard let s = escape(escStart) else { continue }
                out.append(contentsOf: Array(s.utf8))
                continue
            }
            out.append(c)
            pos += 1
        }
        error(
            "unterminated string", start, pos,
            hint: "close it with \(quote == UInt8(ascii: "\"") ? "\"" : "'") on the same line")
        return nil
    }

    /// Reads `f"..."` with `{expr:spec}` parts; `{{` and `}}` are literal braces.
    mutating func fString(quote: UInt8, start: Int) {
        pos += 1
        var parts: [FStringPart] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty {
                parts.append(.text(String(decoding: text, as: UTF8.self)))
                text = []
            }
        }
        while pos < end {
            let c = peek()
            if c == quote {
                pos += 1
                flush()
                var t = Token(kind: .fstring, text: "", start: start, end: pos)
                t.parts = parts
                tokens.append(t)
                return
            }
            if c == UInt8(ascii: "\n") { break }
            if c == UInt8(ascii: "\\") {
                let escStart = pos
                pos += 1
                if let s = escape(escStart) { text.append(contentsOf: Array(s.utf8)) }
                continue
            }
            if c == UInt8(ascii: "{") && peek(1) == UInt8(ascii: "{") {
                text.append(c)
                pos += 2
                continue
            }
            if c == UInt8(ascii: "}") && peek(1) == UInt8(ascii: "}") {
                text.append(c)
                pos += 2
                continue
            }
            if c == UInt8(ascii: "}") {
                error("single '}' in f-string", pos, pos + 1, hint: "write '}}' for a literal brace")
                pos += 1
                continue
            }
            if c == UInt8(ascii: "{") {
                flush()
                let open = pos
                pos += 1
                let exprStart = pos
                var depth = 0
                var exprEnd = -1
                var inString: UInt8 = 0
                while pos < end && peek() != UInt8(ascii: "\n") {
                    let d = peek()
                    if inString != 0 {
                        if d == inString { inString = 0 }
                        pos += 1
                        continue
                    }
                    if d == UInt8(ascii: "\"") || d == UInt8(ascii: "'") {
                        if d == quote { break }
                        inString = d
                    } else if d == UInt8(ascii: "(") || d == UInt8(ascii: "[") || d == UInt8(ascii: "{") {
                        depth += 1
                    } else if d == UInt8(ascii: ")") || d == UInt8(ascii: "]") {
                        depth -= 1
                    } else if d == UInt8(ascii: "}") {
                        if depth == 0 { break }
                        depth -= 1
                    } else if d == UInt8(ascii: ":") && depth == 0 && exprEnd < 0 {
                        exprEnd = pos
                    }
                    pos += 1
                }
                guard peek() == UInt8(ascii: "}") else {
                    error("expect '}' to close the f-string expression", open, pos)
                    break
                }
                let specStart = exprEnd < 0 ? pos : exprEnd + 1
                if exprEnd < 0 { exprEnd = pos }
                let spec = String(decoding: bytes[specStart..<pos], as: UTF8.self)
                if String(decoding: bytes[exprStart..<exprEnd], as: UTF8.self).allSatisfy({ $0 == " " }) {
                    error("empty expression in f-string", open, pos + 1)
                }
                parts.append(.expression(start: exprStart, end: exprEnd, spec: spec))
                pos += 1
                continue
            }
            text.append(c)
            pos += 1
        }
        error("unterminated f-string", start, pos)
    }

    /// The operator spelt by two bytes, if any.
    static func twoByteOperator(_ a: UInt8, _ b: UInt8) -> Operator? {
        switch (a, b) {
        case (UInt8(ascii: "|"), UInt8(ascii: ">")): return .pipe
        case (UInt8(ascii: "*"), UInt8(ascii: "*")): return .starStar
        case (UInt8(ascii: "/"), UInt8(ascii: "/")): return .slashSlash
        case (UInt8(ascii: "="), UInt8(ascii: "=")): return .equalEqual
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): return .bangEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): return .lessEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): return .greaterEqual
        case (UInt8(ascii: "+"), UInt8(ascii: "=")): return .plusAssign
        case (UInt8(ascii: "-"), UInt8(ascii: "=")): return .minusAssign
        case (UInt8(ascii: "*"), UInt8(ascii: "=")): return .starAssign
        case (UInt8(ascii: "/"), UInt8(ascii: "=")): return .slashAssign
        default: return nil
        }
    }

    /// The operator spelt by one byte, if any.
    static func oneByteOperator(_ c: UInt8) -> Operator? {
        switch c {
        case UInt8(ascii: "("): return .leftParen
        case UInt8(ascii: ")"): return .rightParen
        case UInt8(ascii: "["): return .leftBracket
        case UInt8(ascii: "]"): return .rightBracket
        case UInt8(ascii: "{"): return .leftBrace
        case UInt8(ascii: "}"): return .rightBrace
        case UInt8(ascii: "+"): return .plus
        case UInt8(ascii: "-"): return .minus
        case UInt8(ascii: "*"): return .star
        case UInt8(ascii: "/"): return .slash
        case UInt8(ascii: "%"): return .percent
        case UInt8(ascii: "@"): return .at
        case UInt8(ascii: "<"): return .less
        case UInt8(ascii: ">"): return .greater
        case UInt8(ascii: "="): return .assign
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "."): return .dot
        case UInt8(ascii: ":"): return .colon
        case UInt8(ascii: ";"): return .semicolon
        default: return nil
        }
    }

    mutating func op(_ start: Int) {
        let c = peek()
        if c == UInt8(ascii: "."), peek(1) == UInt8(ascii: "."), peek(2) == UInt8(ascii: ".") {
            pos += 3
            add(.op(.ellipsis), start, Operator.ellipsis.rawValue)
            return
        }
        if pos + 1 < end, let two = Lexer.twoByteOperator(c, peek(1)) {
            pos += 2
            add(.op(two), start, two.rawValue)
            return
        }
        guard let one = Lexer.oneByteOperator(c) else {
            pos += 1
            // `&&` and `||` are one mistake, reported once.
            if (c == UInt8(ascii: "&") || c == UInt8(ascii: "|")) && pos < end && peek() == c { pos += 1 }
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            var hint: String? = nil
            switch c {
            case UInt8(ascii: "!"): hint = "write 'not x' for negation and '!=' for inequality"
            case UInt8(ascii: "&"): hint = "write 'and': it is element-wise on arrays, as numpy's & is"
            case UInt8(ascii: "|"): hint = "write 'or': it is element-wise on arrays, as numpy's | is"
            case UInt8(ascii: "~"): hint = "write 'not x': it is element-wise on arrays, as numpy's ~ is"
            default: break
            }
            error("unexpected character '\(text)'", start, pos, hint: hint)
            return
        }
        switch one {
        case .leftParen, .leftBracket, .leftBrace: brackets.append(c)
        case .rightParen, .rightBracket, .rightBrace: if !brackets.isEmpty { brackets.removeLast() }
        default: break
        }
        pos += 1
        add(.op(one), start, one.rawValue)
    }
}
