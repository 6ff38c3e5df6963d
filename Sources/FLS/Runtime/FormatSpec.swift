// f-string formatting with Python's format-spec mini-language:
// [[fill]align][sign][#][0][width][,|_][.precision][type]

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    /// `#`: 0x/0o/0b before hexadecimal, octal and binary digits.
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil

    init(_ text: String) throws {
        let chars = Array(text)
        var i = 0
        if chars.count >= 2, "<>^=".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            i = 2
        } else if let c = chars.first, "<>^=".contains(c) {
            align = c
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) {
            sign = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "#" {
            alternate = true
            i += 1
        }
        if i < chars.count, chars[i] == "0" {
            zeroPad = true
            i += 1
        }
        var w = 0
        while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
            w = min(w * 10 + d, 10_000)
            i += 1
        }
        width = w
        if i < chars.count, chars[i] == "," || chars[i] == "_" {
            grouping = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = 0
            var any = false
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                p = min(p * 10 + d, 100)
                any = true
                i += 1
            }
            if !any { throw RuntimeError("format spec '\(text)': expect digits after '.'") }
            precision = p
        }
        if i < chars.count {
            type = chars[i]
            i += 1
        }
        if i != chars.count || (type.map { !"bcdeEfFgGnosxX%".contains($0) } ?? false) {
            throw RuntimeError("invalid format spec '\(text)'",
                               hint: "examples: {x:.2f} {n:,} {p:.1%} {x:>8.3f} {n:05d} {x:.3e}")
        }
    }
}

func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let n = withVaList([value]) { vsnprintf(&buffer, 512, format, $0) }
    if n < 0 { return "\(value)" }
    return String(decoding: buffer.prefix(min(Int(n), 511)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func groupDigits(_ s: String, _ sep: Character) -> String {
    var sign = ""
    var body = Substring(s)
    if let f = body.first, f == "-" || f == "+" || f == " " {
        sign = String(f)
        body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let intPart = Array(parts[0])
    guard intPart.allSatisfy({ $0.isNumber }) else { return s }
    var out: [Character] = []
    for (k, c) in intPart.enumerated() {
        if k > 0 && (intPart.count - k) % 3 == 0 { out.append(sep) }
        out.append(c)
    }
    return sign + String(out) + (parts.count > 1 ? "." + parts[1] : "")
}

/// Formats a value for an f-string interpolation.
func formatValue(_ v: Value, spec: String, span: SourceSpan) throws -> String {
    if spec.isEmpty { return printText(v) }
    let f: FormatSpec
    do { f = try FormatSpec(spec) } catch var e as RuntimeError {
        e.span = span
        throw e
    }
    var body: String
    var isNumber = true
    var prefix = ""
    let intValue: Int64? = {
        switch v {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .array(let a) where a.ndim == 0 && (a.dtype.isInteger || a.dtype == .bool): return v.asInt().map(Int64.init)
        default: return nil
        }
    }()
    let doubleValue = v.asDouble()
    switch f.type {
    case "d"?:
        guard let n = intValue else {
            throw RuntimeError("format 'd' needs an integer, got \(v.kindName)", span: span, hint: "use {x:.0f} for floats, or int(x)")
        }
        body = String(n)
    case "x"?, "X"?, "o"?, "b"?:
        guard let n = intValue else { throw RuntimeError("format '\(f.type ?? "x")' needs an integer", span: span) }
        let radix = f.type == "o" ? 8 : f.type == "b" ? 2 : 16
        body = (n < 0 ? "-" : "") + String(n.magnitude, radix: radix, uppercase: f.type == "X")
        if f.alternate { prefix = f.type == "o" ? "0o" : f.type == "b" ? "0b" : f.type == "X" ? "0X" : "0x" }
    case "f"?, "F"?, "e"?, "E"?, "g"?, "G"?, "%"?:
        guard var x = doubleValue else {
            throw RuntimeError("format '\(f.type ?? "f")' needs a number, got \(v.kindName)", span: span)
        }
        let p = f.precision ?? 6
        var suffix = ""
        var t = f.type ?? "f"
        if t == "%" {
            x *= 100
            suffix = "%"
            t = "f"
        }
        body = cFormat("%.\(p)\(t)", x) + suffix
    case "s"?:
        if case .string = v {} else if doubleValue != nil {
            throw RuntimeError("format 's' needs a string, got \(v.kindName)", span: span, hint: "leave the type out: {x} or {x:>8}")
        }
        isNumber = false
        body = printText(v)
        if let p = f.precision { body = String(body.prefix(p)) }
    case nil:
        if let n = intValue, f.precision == nil {
            body = String(n)
        } else if let x = doubleValue {
            body = f.precision.map { cFormat("%.\($0)g", x) } ?? printText(v)
        } else {
            isNumber = false
            body = printText(v)
            if let p = f.precision { body = String(body.prefix(p)) }
        }
    default:
        throw RuntimeError("format type '\(f.type.map(String.init) ?? "")' is not supported", span: span)
    }
    // The sign, then any 0x prefix, then the digits: `=` alignment and zero
    // padding go between the prefix and the digits, as in Python.
    var signPart = ""
    var ungrouped = body
    if isNumber {
        if let c = body.first, c == "-" {
            signPart = "-"
            body.removeFirst()
        } else if f.sign == "+" || f.sign == " " {
            signPart = String(f.sign)
        }
        ungrouped = body
        if let g = f.grouping { body = groupDigits(body, g) }
    }
    let length = signPart.count + prefix.count + body.count
    if length >= f.width { return signPart + prefix + body }
    let pad = f.width - length
    // A 0 before the width is '=' alignment with 0 as the fill, unless an
    // alignment is given (then 0 is only the fill, if none is given).
    var align = f.align ?? (isNumber ? ">" : "<")
    var fill = String(f.fill)
    if f.zeroPad {
        if f.align == nil && isNumber { align = "=" }
        if f.align == nil || f.fill == " " { fill = "0" }
    }
    switch align {
    case ">": return String(repeating: fill, count: pad) + signPart + prefix + body
    case "=":
        if let g = f.grouping, fill == "0" {
            // Python groups the padding zeros too: {1234567:012,} is 0,001,234,567.
            var zeros = ""
            while groupDigits(zeros + ungrouped, g).count < f.width - signPart.count - prefix.count { zeros += "0" }
            return signPart + prefix + groupDigits(zeros + ungrouped, g)
        }
        return signPart + prefix + String(repeating: fill, count: pad) + body
    case "^":
        return String(repeating: fill, count: pad / 2) + signPart + prefix + body + String(repeating: fill, count: pad - pad / 2)
    default: return signPart + prefix + body + String(repeating: fill, count: pad)
    }
}
