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
        // Width and precision are honoured as Python honours them; what
        // they would cost is asked of the memory gatekeeper when the text is
        // built, so only numbers past Python's own limits are refused here.
        func digits() throws -> Int? {
            var n = 0
            var any = false
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                let (times10, o1) = n.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(d)
                if o1 || o2 {
                    throw RuntimeError("Too many decimal digits in format string", hint: "in format spec '\(text)'")
                }
                n = next
                any = true
                i += 1
            }
            return any ? n : nil
        }
        width = try digits() ?? 0
        if i < chars.count, chars[i] == "," || chars[i] == "_" {
            grouping = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "." {
            i += 1
            guard let p = try digits() else { throw RuntimeError("format spec '\(text)': expect digits after '.'") }
            // Python's own bound: a C int.
            if p > Int(Int32.max) { throw RuntimeError("precision too big", hint: "in format spec '\(text)'") }
            precision = p
        }
        if i < chars.count {
            type = chars[i]
            i += 1
        }
        if i != chars.count || (type.map { !"bcdeEfFgGnosxX%".contains($0) } ?? false) {
            throw RuntimeError(
                "invalid format spec '\(text)'",
                hint: "examples: {x:.2f} {n:,} {p:.1%} {x:>8.3f} {n:05d} {x:.3e}")
        }
        // Python refuses `{n:.2d}` rather than ignoring the precision.
        if precision != nil, let t = type, "bcdoxX".contains(t) {
            throw RuntimeError(
                "format spec '\(text)': precision is not allowed with '\(t)'",
                hint: "drop it ({n:\(t)}), or format a float ({x:.2f})")
        }
    }
}

/// `value` printed by C's printf with `conversion` ("f", "e", "g"...) and
/// `precision` digits. The digits of a double run to about 770 places, so
/// the text is at most the precision plus that; the gatekeeper is asked for
/// it before printf is.
func cFormat(_ conversion: String, precision: Int, _ value: Double) throws -> String {
    if conversion == "f" || conversion == "F", let text = fixedPoint(value, precision) { return text }
    let bound = try Limits.stringSum(precision, 1024)
    try Limits.checkString(bytes: bound)
    let format = "%.\(precision)" + conversion
    // The common case in a buffer on the stack, decoded from it in place.
    let short = try withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { small -> String? in
        guard let base = small.baseAddress else { return nil }
        let n = withVaList([value]) { vsnprintf(base, small.count, format, $0) }
        if n < 0 { throw RuntimeError("formatting \(value) with '\(format)' gives a text too large to build") }
        guard Int(n) < small.count else { return nil }
        return UnsafeRawBufferPointer(start: base, count: Int(n)).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }
    if let short { return short }
    let n = withVaList([value]) { vsnprintf(nil, 0, format, $0) }
    if n < 0 { throw RuntimeError("formatting \(value) with '\(format)' gives a text too large to build") }
    var big = [CChar](repeating: 0, count: Int(n) + 1)
    let m = withVaList([value]) { vsnprintf(&big, big.count, format, $0) }
    if m < 0 { throw RuntimeError("formatting \(value) with '\(format)' gives a text too large to build") }
    return String(decoding: big.prefix(Swift.min(Int(m), Int(n))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// `%.Nf` of a finite `x` below 2^53 in magnitude with N <= 19, whose
/// digits fit 64 bits: computed exactly, as printf computes it (the binary
/// value times 10^N, rounded half to even), without going through a C
/// variadic call, which cost four times the formatting itself. Nil: ask
/// printf.
func fixedPoint(_ x: Double, _ precision: Int) -> String? {
    guard x.isFinite, abs(x) < 9_007_199_254_740_992, (0...19).contains(precision) else { return nil }
    var scale: UInt64 = 1
    for _ in 0..<precision { scale &*= 10 }
    // |x| = m * 2^e exactly, with e <= 0 here (|x| < 2^53).
    let m = x.significandBitPattern | (x.isNormal ? 1 << 52 : 0)
    let e = x.isNormal ? Int(x.exponent) - 52 : -1074
    let shift = -e
    // m * 10^N as a 128-bit number (high, low).
    let (high, low) = m.multipliedFullWidth(by: scale)
    var q: UInt64
    if shift == 0 {
        guard high == 0 else { return nil }
        q = low
    } else if shift >= 118 {
        // m * 10^N < 2^117: less than half of one unit, rounds to 0.
        q = 0
    } else {
        // q = P >> shift, and the remainder against half a unit.
        let p = (high: high, low: low)
        let qHigh: UInt64, qLow: UInt64
        if shift >= 64 {
            qHigh = 0
            qLow = shift == 64 ? p.high : p.high >> UInt64(shift - 64)
        } else {
            qHigh = p.high >> UInt64(shift)
            qLow = (p.low >> UInt64(shift)) | (p.high << UInt64(64 - shift))
        }
        guard qHigh == 0 else { return nil }
        q = qLow
        // The remainder's bits, compared with half (1 << (shift - 1)).
        let halfBit = shift - 1
        let above: Bool, exactlyHalf: Bool
        if halfBit >= 64 {
            let h = p.high & ((1 << UInt64(halfBit - 64 + 1)) &- 1)
            let half = UInt64(1) << UInt64(halfBit - 64)
            above = h > half || (h == half && p.low != 0)
            exactlyHalf = h == half && p.low == 0
        } else {
            let l = halfBit == 63 ? p.low : p.low & ((1 << UInt64(halfBit + 1)) &- 1)
            let half = UInt64(1) << UInt64(halfBit)
            above = l > half
            exactlyHalf = l == half
        }
        if above || (exactlyHalf && q & 1 == 1) {
            guard q < UInt64.max else { return nil }
            q += 1
        }
    }
    var digits = String(q)
    if precision > 0 {
        if digits.utf8.count <= precision {
            digits = String(repeating: "0", count: precision + 1 - digits.utf8.count) + digits
        }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -precision))
    }
    return x.sign == .minus ? "-" + digits : digits
}

/// The pieces joined into one string, asked of the memory gatekeeper first
/// and built in a buffer of exactly that size (`a + b` on large strings
/// would grow its buffer past the result, and that growth is what fails).
func concatenated(_ pieces: [String]) throws -> String {
    var total = 0
    for p in pieces { total = try Limits.stringSum(total, p.utf8.count) }
    try Limits.checkString(bytes: total)
    var out = ""
    out.reserveCapacity(total)
    for p in pieces { out += p }
    return out
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
    if spec.isEmpty { return try printTextChecked(v) }
    let f: FormatSpec
    do { f = try FormatSpec(spec) } catch var e as RuntimeError {
        e.span = span
        throw e
    }
    return try formatValue(v, f, span: span)
}

/// `v` formatted by a spec already read (an f-string's field reads its spec
/// once, when it is compiled).
func formatValue(_ v: Value, _ f: FormatSpec, span: SourceSpan) throws -> String {
    var body: String
    var isNumber = true
    var prefix = ""
    let intValue: Int64? = {
        switch v {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .array(let a) where a.ndim == 0 && (a.dtype.isInteger || a.dtype == .bool):
            return v.asInt().map(Int64.init)
        default: return nil
        }
    }()
    let doubleValue = v.asDouble()
    switch f.type {
    case "d"?:
        guard let n = intValue else {
            throw RuntimeError(
                "format 'd' needs an integer, got \(v.kindName)", span: span, hint: "use {x:.0f} for floats, or int(x)")
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
        body = try cFormat(String(t), precision: p, x) + suffix
    case "s"?:
        if case .string = v {
        } else if doubleValue != nil {
            throw RuntimeError(
                "format 's' needs a string, got \(v.kindName)", span: span, hint: "leave the type out: {x} or {x:>8}")
        }
        isNumber = false
        body = try printTextChecked(v)
        if let p = f.precision { body = String(body.prefix(p)) }
    case nil:
        if let n = intValue, f.precision == nil {
            body = String(n)
        } else if let x = doubleValue {
            body = try f.precision.map { try cFormat("g", precision: $0, x) } ?? printTextChecked(v)
        } else {
            isNumber = false
            body = try printTextChecked(v)
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
    do {
        let bytes = try Limits.stringSum(signPart.utf8.count + prefix.utf8.count + body.utf8.count, 0)
        let (padBytes, overflow) = pad.multipliedReportingOverflow(by: Swift.max(1, f.fill.utf8.count))
        if overflow { throw Limits.tooLargeString(Int.max) }
        try Limits.checkString(bytes: Limits.stringSum(bytes, padBytes))
    } catch var e as RuntimeError {
        e.span = span
        throw e
    }
    // A 0 before the width is '=' alignment with 0 as the fill, unless an
    // alignment is given (then 0 is only the fill, if none is given).
    var align = f.align ?? (isNumber ? ">" : "<")
    var fill = String(f.fill)
    if f.zeroPad {
        if f.align == nil && isNumber { align = "=" }
        if f.align == nil || f.fill == " " { fill = "0" }
    }
    switch align {
    case ">": return try concatenated([String(repeating: fill, count: pad), signPart, prefix, body])
    case "=":
        if let g = f.grouping, fill == "0" {
            // Python groups the padding zeros too: {1234567:012,} is 0,001,234,567.
            // The fewest leading zeros that reach the width, computed rather
            // than tried one by one (a wide field would take quadratic time).
            let parts = ungrouped.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let intDigits = parts[0].count
            if parts[0].allSatisfy(\.isNumber) {
                let fraction = parts.count > 1 ? parts[1].count + 1 : 0
                let need = f.width - signPart.count - prefix.count - fraction
                func grouped(_ l: Int) -> Int { l + (l - 1) / 3 }
                var l = Swift.max(intDigits, (need * 3) / 4 - 1)
                while l > intDigits && grouped(l - 1) >= need { l -= 1 }
                while grouped(l) < need { l += 1 }
                return signPart + prefix + groupDigits(String(repeating: "0", count: l - intDigits) + ungrouped, g)
            }
            return signPart + prefix + String(repeating: "0", count: pad) + body
        }
        return try concatenated([signPart, prefix, String(repeating: fill, count: pad), body])
    case "^":
        return try concatenated([
            String(repeating: fill, count: pad / 2), signPart, prefix, body,
            String(repeating: fill, count: pad - pad / 2),
        ])
    default: return try concatenated([signPart, prefix, body, String(repeating: fill, count: pad)])
    }
}
