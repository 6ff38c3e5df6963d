// How values look: `displayText` for the REPL and notebooks (arrays get a
// `f32[2,3]` header, strings are quoted) and `printText` for `print`/`str`.
// The `Checked` forms throw when the text would be too large for memory or
// Ctrl-C stops the formatting; the plain forms are for values that cannot
// be large (numbers in messages) and show the error text instead.

/// The text the REPL or a notebook shows for a value.
public func displayText(_ v: Value) -> String {
    do { return try displayTextChecked(v) } catch { return "<\(error)>" }
}

/// The text `print` and `str` give for a value.
public func printText(_ v: Value) -> String {
    do { return try printTextChecked(v) } catch { return "<\(error)>" }
}

/// The text the REPL or a notebook shows for a value, or the error that stopped it.
public func displayTextChecked(_ v: Value) throws -> String { try displayText(v, depth: 0) }

/// The text `print` and `str` give for a value: strings raw, arrays as numpy
/// prints them; or the error that stopped it.
public func printTextChecked(_ v: Value) throws -> String { try printText(v, depth: 0) }

/// `depth`: how many lists and records hold `v` (`Limits.maxDisplayDepth`).
func displayText(_ v: Value, depth: Int) throws -> String {
    switch v {
    case .string(let s):
        // The quoted copy is as large as the string (more with escapes).
        try Limits.checkString(bytes: Limits.stringSum(s.utf8.count, 2))
        return quotedText(s)
    case .array(let a):
        if a.ndim == 0 {
            if case .str(let s) = a.storage, let t = s.first { return quotedText(t) }
            return scalarText(a)
        }
        let header = a.dtype.name + "[" + a.shape.map(String.init).joined(separator: ",") + "]"
        let body = try a.arrayText()
        return header + (body.contains("\n") ? "\n" : " ") + body
    case .record(let r): return try recordText(r, display: true, depth: depth)
    case .list(let xs): return try listText(xs, depth: depth)
    default: return try printText(v, depth: depth)
    }
}

func printText(_ v: Value, depth: Int) throws -> String {
    switch v {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let n): return String(n)
    case .float(let x): return pythonFloatText(x, single: false)
    case .string(let s): return s
    case .array(let a):
        if a.ndim == 0 {
            if case .str(let s) = a.storage, let t = s.first { return t }
            return scalarText(a)
        }
        return try a.arrayText()
    case .list(let xs): return try listText(xs, depth: depth)
    case .record(let r): return try recordText(r, display: false, depth: depth)
    case .function(let f):
        switch f.body {
        case .primitive(let p): return "<fn \(p.signature)>"
        case .closure(let c): return "<fn \(c.signature)>"
        }
    case .handle(let h): return h.summary
    }
}

/// A 0-d array's element shown bare (`42`, `3.5`, `true`).
func scalarText(_ a: NDArray) -> String {
    switch a.storage {
    case .bool(let v): return v.first.map { $0 ? "true" : "false" } ?? ""
    case .f32(let v): return v.first.map { pythonFloatText(Double($0), single: true) } ?? ""
    case .f64(let v): return v.first.map { pythonFloatText($0, single: false) } ?? ""
    case .str(let v): return v.first ?? ""
    default: return a.storage.int64s.first.map { String($0) } ?? ""
    }
}

/// FLS string literal form: `"a \"b\"\n"`.
func quotedText(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if c.value < 32 { out += "\\u{" + String(c.value, radix: 16) + "}" } else { out.unicodeScalars.append(c) }
        }
    }
    return out + "\""
}

/// A value on one line, for items inside a list: records as `{k: v}`,
/// multi-line arrays with their rows joined.
func inlineText(_ v: Value, depth: Int = 0) throws -> String {
    switch v {
    case .record(let r):
        if depth >= Limits.maxDisplayDepth { return "{...}" }
        return "{" + (try r.pairs.map { "\($0.0): \(try inlineText($0.1, depth: depth + 1))" }).joined(separator: ", ")
            + "}"
    case .list(let xs):
        return try listText(xs, depth: depth)
    default:
        let lines = try displayText(v, depth: depth).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { $0.drop { $0 == " " } }.joined(separator: " ")
    }
}

/// Lists show as `list(1, 2.5, "a")`, the middle elided beyond 20 items, and
/// the items of a list nested `Limits.maxDisplayDepth` deep as `...`.
func listText(_ xs: [Value], depth: Int) throws -> String {
    if depth >= Limits.maxDisplayDepth { return xs.isEmpty ? "list()" : "list(...)" }
    func item(_ v: Value) throws -> String {
        try Interrupt.check()
        return try inlineText(v, depth: depth + 1)
    }
    if xs.count > 20 {
        let parts = try xs.prefix(10).map(item) + ["..."] + xs.suffix(10).map(item)
        return "list(" + parts.joined(separator: ", ") + ")"
    }
    return "list(" + (try xs.map(item)).joined(separator: ", ") + ")"
}

/// One `name: value` line per field; multi-line values are indented.
func recordText(_ r: Record, display: Bool, depth: Int) throws -> String {
    if r.count == 0 { return "{}" }
    if depth >= Limits.maxDisplayDepth { return "{...}" }
    var lines: [String] = []
    for (k, v) in r.pairs {
        try Interrupt.check()
        let text =
            try display || v.isStringLike ? displayText(v, depth: depth + 1) : printText(v, depth: depth + 1)
        if case .record = v, text != "{...}" {
            lines.append(k + ":")
            for l in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("  " + l) }
            continue
        }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.append(k + ": " + (parts.first.map(String.init) ?? ""))
        for l in parts.dropFirst() { lines.append("  " + l) }
    }
    return lines.joined(separator: "\n")
}

extension Value {
    var isStringLike: Bool {
        if case .string = self { return true }
        return false
    }
}
