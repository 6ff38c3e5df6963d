/// Reads inline Markdown: code spans, emphasis, strong, links, images, autolinks, escapes and breaks.
///
/// Emphasis follows CommonMark's flanking rules in a simplified form: an
/// opening run must be followed by a non-space, a closing run preceded by
/// one, `_` never works inside a word, and nested openers are matched first.
enum MarkdownInlineParser {
    /// How deep emphasis and links may nest before the rest is read as text.
    static let maximumDepth = 24
    /// The longest link text, in characters, that is looked for.
    static let maximumLinkText = 1000

    /// Parses inline content.
    static func parse(_ text: String) -> [MarkdownInline] {
        let chars = Array(text)
        // Where the last run that could close `*` or `_` emphasis is: openers after it fail at once,
        // which keeps text full of lone `*` (products, globs) linear instead of quadratic.
        var lastCloser: [Character: Int] = [:]
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "*" || c == "_" {
                let run = runLength(chars, i, chars.count, c)
                if canClose(chars, i, run, chars.count) { lastCloser[c] = i }
                i += run
            } else {
                i += 1
            }
        }
        return parse(chars, 0, chars.count, depth: 0, lastCloser: lastCloser)
    }

    private static func parse(_ s: [Character], _ start: Int, _ end: Int, depth: Int, lastCloser: [Character: Int])
        -> [MarkdownInline]
    {
        var out: [MarkdownInline] = []
        var text = ""
        func flush() {
            if !text.isEmpty { out.append(.text(text)) }
            text = ""
        }
        var i = start
        while i < end {
            let c = s[i]
            if c == "\\" && i + 1 < end && s[i + 1] == "\n" {
                flush()
                out.append(.lineBreak)
                i += 2
            } else if c == "\\" && i + 1 < end && isASCIIPunctuation(s[i + 1]) {
                text.append(s[i + 1])
                i += 2
            } else if c == "`" {
                let run = runLength(s, i, end, "`")
                if let close = findBacktickRun(s, i + run, end, run) {
                    flush()
                    out.append(.code(codeSpanText(s, i + run, close)))
                    i = close + run
                } else {
                    text += String(repeating: "`", count: run)
                    i += run
                }
            } else if c == "!" && i + 1 < end && s[i + 1] == "[", depth < maximumDepth,
                let link = parseLink(s, i + 1, end)
            {
                flush()
                out.append(
                    .image(
                        alt: MarkdownInline.plainText(
                            parse(s, link.textStart, link.textEnd, depth: depth + 1, lastCloser: lastCloser)),
                        url: link.url))
                i = link.end
            } else if c == "[", depth < maximumDepth, let link = parseLink(s, i, end) {
                flush()
                out.append(
                    .link(
                        text: parse(s, link.textStart, link.textEnd, depth: depth + 1, lastCloser: lastCloser),
                        url: link.url, title: link.title))
                i = link.end
            } else if c == "<", let auto = parseAutolink(s, i, end) {
                flush()
                out.append(.link(text: [.text(auto.text)], url: auto.url, title: ""))
                i = auto.end
            } else if c == "*" || c == "_", depth < maximumDepth,
                let emphasis = parseEmphasis(s, i, end, depth: depth, lastCloser: lastCloser)
            {
                flush()
                out.append(emphasis.inline)
                i = emphasis.end
            } else if c == "*" || c == "_" {
                let run = runLength(s, i, end, c)
                text += String(repeating: c, count: run)
                i += run
            } else if c == "\n" {
                // Two or more spaces before a newline make a hard break; otherwise it is soft.
                let hard = text.hasSuffix("  ")
                while text.hasSuffix(" ") { text.removeLast() }
                flush()
                out.append(hard ? .lineBreak : .softBreak)
                i += 1
                while i < end && s[i] == " " { i += 1 }
            } else {
                text.append(c)
                i += 1
            }
        }
        flush()
        return out
    }

    /// The length of the run of `c` starting at `i`.
    private static func runLength(_ s: [Character], _ i: Int, _ end: Int, _ c: Character) -> Int {
        var j = i
        while j < end && s[j] == c { j += 1 }
        return j - i
    }

    /// The start of the next run of exactly `length` backticks at or after `from`.
    private static func findBacktickRun(_ s: [Character], _ from: Int, _ end: Int, _ length: Int) -> Int? {
        var j = from
        while j < end {
            if s[j] == "`" {
                let run = runLength(s, j, end, "`")
                if run == length { return j }
                j += run
            } else {
                j += 1
            }
        }
        return nil
    }

    /// A code span's text: newlines become spaces, and one space is stripped from each side when both are there.
    private static func codeSpanText(_ s: [Character], _ from: Int, _ to: Int) -> String {
        var text = String(s[from..<to]).map { $0 == "\n" ? " " : $0 }
        if text.count >= 2 && text.first == " " && text.last == " " && !text.allSatisfy({ $0 == " " }) {
            text = Array(text.dropFirst().dropLast())
        }
        return String(text)
    }

    /// Reads `[text](destination "title")` starting at the `[`.
    private static func parseLink(_ s: [Character], _ i: Int, _ end: Int) -> (
        textStart: Int, textEnd: Int, url: String, title: String, end: Int
    )? {
        var depth = 0
        var j = i
        var close: Int?
        // Link text is capped so that text full of unmatched `[` stays fast; longer link text reads as plain text.
        let limit = min(end, i + maximumLinkText)
        while j < limit {
            let c = s[j]
            if c == "\\" {
                j += 2
                continue
            }
            if c == "`" {
                let run = runLength(s, j, end, "`")
                if let codeEnd = findBacktickRun(s, j + run, end, run) {
                    j = codeEnd + run
                    continue
                }
                j += run
                continue
            }
            if c == "[" { depth += 1 }
            if c == "]" {
                depth -= 1
                if depth == 0 {
                    close = j
                    break
                }
            }
            j += 1
        }
        guard let close, close + 1 < end, s[close + 1] == "(" else { return nil }
        var k = close + 2
        while k < end && (s[k] == " " || s[k] == "\n") { k += 1 }
        var url = ""
        if k < end && s[k] == "<" {
            k += 1
            while k < end && s[k] != ">" && s[k] != "\n" {
                url.append(s[k])
                k += 1
            }
            guard k < end && s[k] == ">" else { return nil }
            k += 1
        } else {
            var parens = 0
            while k < end && s[k] != " " && s[k] != "\n" {
                if s[k] == "\\" && k + 1 < end && isASCIIPunctuation(s[k + 1]) {
                    url.append(s[k + 1])
                    k += 2
                    continue
                }
                if s[k] == "(" { parens += 1 }
                if s[k] == ")" {
                    if parens == 0 { break }
                    parens -= 1
                }
                url.append(s[k])
                k += 1
            }
        }
        while k < end && (s[k] == " " || s[k] == "\n") { k += 1 }
        var title = ""
        if k < end && (s[k] == "\"" || s[k] == "'" || s[k] == "(") {
            let closing: Character = s[k] == "(" ? ")" : s[k]
            k += 1
            while k < end && s[k] != closing {
                if s[k] == "\\" && k + 1 < end {
                    title.append(s[k + 1])
                    k += 2
                    continue
                }
                title.append(s[k])
                k += 1
            }
            guard k < end else { return nil }
            k += 1
            while k < end && (s[k] == " " || s[k] == "\n") { k += 1 }
        }
        guard k < end && s[k] == ")" else { return nil }
        return (i + 1, close, url, title, k + 1)
    }

    /// Reads `<scheme:...>` or `<name@host>` starting at the `<`.
    private static func parseAutolink(_ s: [Character], _ i: Int, _ end: Int) -> (text: String, url: String, end: Int)?
    {
        var j = i + 1
        while j < end && s[j] != ">" && s[j] != "<" && s[j] != " " && s[j] != "\n" { j += 1 }
        guard j < end && s[j] == ">" && j > i + 1 else { return nil }
        let body = String(s[(i + 1)..<j])
        if let colon = body.firstIndex(of: ":") {
            let scheme = body[..<colon]
            guard scheme.count >= 2, scheme.count <= 32, scheme.first?.isLetter == true,
                scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-") })
            else { return nil }
            return (body, body, j + 1)
        }
        let parts = body.split(separator: "@")
        if parts.count == 2 && parts[1].contains(".") {
            return (body, "mailto:" + body, j + 1)
        }
        return nil
    }

    /// Reads emphasis or strong emphasis opening at `i`, or nil when the run does not open one.
    private static func parseEmphasis(_ s: [Character], _ i: Int, _ end: Int, depth: Int, lastCloser: [Character: Int])
        -> (inline: MarkdownInline, end: Int)?
    {
        let c = s[i]
        let run = runLength(s, i, end, c)
        guard run <= 3, let last = lastCloser[c], last > i, canOpen(s, i, run, end),
            let close = findCloser(s, c, run, from: i + run, end)
        else {
            return nil
        }
        let inner = parse(s, i + run, close, depth: depth + 1, lastCloser: lastCloser)
        switch run {
        case 1: return (.emphasis(inner), close + 1)
        case 2: return (.strong(inner), close + 2)
        default: return (.strong([.emphasis(inner)]), close + 3)
        }
    }

    /// Finds the closing run for an opener of `length` delimiters, skipping code spans and nested pairs.
    ///
    /// Nested openers of the same character are tracked on a stack so that
    /// `*a **b** c*` closes at the last `*`; the scan is linear in the text.
    private static func findCloser(_ s: [Character], _ c: Character, _ length: Int, from: Int, _ end: Int) -> Int? {
        var open: [Int] = []
        var j = from
        while j < end {
            if s[j] == "\\" {
                j += 2
                continue
            }
            if s[j] == "`" {
                let run = runLength(s, j, end, "`")
                if let codeEnd = findBacktickRun(s, j + run, end, run) {
                    j = codeEnd + run
                } else {
                    j += run
                }
                continue
            }
            guard s[j] == c else {
                j += 1
                continue
            }
            let run = runLength(s, j, end, c)
            let closing = canClose(s, j, run, end)
            if closing && !open.isEmpty {
                open.removeLast()
            } else if closing && (length == 1 ? (run == 1 || run == 3) : run >= length) {
                return j
            } else if canOpen(s, j, run, end) {
                open.append(run)
            }
            j += run
        }
        return nil
    }

    /// True when a delimiter run may open: followed by a non-space, and for `_` not preceded by a letter or digit.
    private static func canOpen(_ s: [Character], _ i: Int, _ run: Int, _ end: Int) -> Bool {
        guard i + run < end, !s[i + run].isWhitespace else { return false }
        if s[i] == "_", i > 0, s[i - 1].isLetter || s[i - 1].isNumber { return false }
        return true
    }

    /// True when a delimiter run may close: preceded by a non-space, and for `_` not followed by a letter or digit.
    private static func canClose(_ s: [Character], _ i: Int, _ run: Int, _ end: Int) -> Bool {
        guard i > 0, !s[i - 1].isWhitespace else { return false }
        if s[i] == "_", i + run < end, s[i + run].isLetter || s[i + run].isNumber { return false }
        return true
    }

    private static func isASCIIPunctuation(_ c: Character) -> Bool {
        guard c.isASCII, let v = c.asciiValue else { return false }
        return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
    }
}
