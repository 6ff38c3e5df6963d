/// A forgiving tokenizer that splits FLS source into coloured pieces for display.
///
/// It is not the language's lexer: it never fails, an unterminated string
/// simply runs to the end of its line, and joining the tokens' text gives the
/// input back exactly. Inside an f-string, the `{...}` parts are highlighted as code.
public enum FLSHighlighter {
    /// The reserved words of FLS.
    public static let keywords: Set<String> = [
        "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "use",
        "and", "or", "not", "true", "false", "null",
    ]

    /// Splits source into tokens whose texts concatenate to the source.
    public static func tokens(_ source: String) -> [HighlightToken] {
        var out: [HighlightToken] = []
        let scalars = Array(source.unicodeScalars)
        scan(scalars, 0, scalars.count, into: &out)
        return out
    }

    /// Tokenizes `scalars[start..<end]` and appends to `out`, merging neighbouring pieces of one kind.
    private static func scan(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, into out: inout [HighlightToken]) {
        var i = start
        while i < end {
            let c = s[i]
            if c == "#" {
                var j = i
                while j < end && s[j] != "\n" { j += 1 }
                append(.comment, s, i, j, &out)
                i = j
            } else if c == "\"" || c == "'" {
                let j = stringEnd(s, i, end)
                append(.string, s, i, j, &out)
                i = j
            } else if c == "f", i + 1 < end, s[i + 1] == "\"" || s[i + 1] == "'",
                !(i > start && isIdentifierPart(s[i - 1]))
            {
                i = scanFString(s, i, end, into: &out)
            } else if isDigit(c) {
                let j = numberEnd(s, i, end)
                append(.number, s, i, j, &out)
                i = j
            } else if isIdentifierStart(c) {
                var j = i + 1
                while j < end && isIdentifierPart(s[j]) { j += 1 }
                let word = String(String.UnicodeScalarView(s[i..<j]))
                append(keywords.contains(word) ? .keyword : .plain, s, i, j, &out)
                i = j
            } else {
                append(.plain, s, i, i + 1, &out)
                i += 1
            }
        }
    }

    /// The index just past a quoted string starting at `i`, or the end of its line when it is unterminated.
    private static func stringEnd(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int {
        let quote = s[i]
        var j = i + 1
        while j < end && s[j] != "\n" {
            if s[j] == "\\" {
                j += 2
                continue
            }
            if s[j] == quote { return j + 1 }
            j += 1
        }
        return min(j, end)
    }

    /// Tokenizes an f-string starting at the `f` at `i`; returns the index past it.
    private static func scanFString(_ s: [Unicode.Scalar], _ i: Int, _ end: Int, into out: inout [HighlightToken])
        -> Int
    {
        let quote = s[i + 1]
        var literalStart = i
        var j = i + 2
        while j < end && s[j] != "\n" {
            let c = s[j]
            if c == "\\" {
                j = min(j + 2, end)
            } else if c == quote {
                append(.string, s, literalStart, j + 1, &out)
                return j + 1
            } else if c == "{" && j + 1 < end && s[j + 1] == "{" {
                j += 2
            } else if c == "{" {
                append(.string, s, literalStart, j + 1, &out)
                // The interpolation runs to the matching brace; a format spec after `:` stays code-coloured too.
                var depth = 1
                var k = j + 1
                while k < end && s[k] != "\n" && s[k] != quote {
                    if s[k] == "{" { depth += 1 }
                    if s[k] == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    k += 1
                }
                // A format spec after a top-level `:` is literal text, like the rest of the string.
                var colon = k
                var nesting = 0
                for m in (j + 1)..<k {
                    if s[m] == "(" || s[m] == "[" || s[m] == "{" { nesting += 1 }
                    if s[m] == ")" || s[m] == "]" || s[m] == "}" { nesting -= 1 }
                    if s[m] == ":" && nesting == 0 {
                        colon = m
                        break
                    }
                }
                scan(s, j + 1, colon, into: &out)
                append(.string, s, colon, k, &out)
                if k < end && s[k] == "}" {
                    literalStart = k
                    j = k + 1
                } else {
                    literalStart = k
                    j = k
                }
            } else {
                j += 1
            }
        }
        append(.string, s, literalStart, min(j, end), &out)
        return min(j, end)
    }

    /// The index past a number: digits and `_`, an optional fraction, an optional exponent.
    private static func numberEnd(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int {
        var j = i
        while j < end && (isDigit(s[j]) || s[j] == "_") { j += 1 }
        if j + 1 < end && s[j] == "." && isDigit(s[j + 1]) {
            j += 1
            while j < end && (isDigit(s[j]) || s[j] == "_") { j += 1 }
        }
        if j < end && (s[j] == "e" || s[j] == "E") {
            var k = j + 1
            if k < end && (s[k] == "+" || s[k] == "-") { k += 1 }
            if k < end && isDigit(s[k]) {
                while k < end && isDigit(s[k]) { k += 1 }
                j = k
            }
        }
        return j
    }

    /// Appends a token, merging it into the previous one when the kinds match.
    private static func append(
        _ kind: HighlightToken.Kind, _ s: [Unicode.Scalar], _ from: Int, _ to: Int, _ out: inout [HighlightToken]
    ) {
        guard from < to else { return }
        let text = String(String.UnicodeScalarView(s[from..<to]))
        if let last = out.last, last.kind == kind {
            out[out.count - 1].text += text
        } else {
            out.append(HighlightToken(kind, text))
        }
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c.value > 0x7F && c.properties.isAlphabetic)
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }
}
