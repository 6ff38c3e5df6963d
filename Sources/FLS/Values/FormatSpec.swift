// f-string formatting with Python's format-spec mini-language:
// [[fill]align][sign][#][0][width][,|_][.precision][type]

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct FormatSpec {
    var fill: Character = " "
    /// Whether the spec gave the fill (then a `0` before the width does not replace it).
    var fillGiven = false
    var align: Character? = nil
    var sign: Character = "-"
    /// `#`: 0x/0o/0b before hexadecimal, octal and binary digits.
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil
    /// The type as its ASCII code (0: none), what `formatValue` switches on.
    var code: UInt8 = 0

    init(_ text: String) throws {
        let chars = Array(text)
        var i = 0
        if chars.count >= 2, "<>^=".contains(chars[1]) {
            fill = chars[0]
            fillGiven = true
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
            code = chars[i].asciiValue ?? 0
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
func cFormat(_ conversion: String, precision: Int, _ value: Double, alternate: Bool = false) throws -> String {
    if !alternate, conversion == "f" || conversion == "F", let text = fixedPoint(value, precision) { return text }
    let bound = try Limits.stringSum(precision, 1024)
    try Limits.checkString(bytes: bound)
    // `#`: the point and a 'g' format's trailing zeros are kept (Python's alternate form).
    let format = (alternate ? "%#." : "%.") + "\(precision)" + conversion
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
/// once, when it is compiled), as Python's `format(v, spec)` formats it.
func formatValue(_ v: Value, _ f: FormatSpec, span: SourceSpan) throws -> String {
    // The parts, in order: the sign, any 0x prefix, then the digits (or the
    // text). `=` alignment and zero padding go between prefix and digits.
    var sign = ""
    var prefix = ""
    var body: String
    var isNumber = true
    /// Digits in a group: 4 for hexadecimal, octal and binary, as Python.
    var groupSize = 3
    let intValue: Int64? = {
        switch v {
        case .int(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .array(let a) where a.ndim == 0 && (a.dtype.isInteger || a.dtype == .bool):
            return v.asInt().map(Int64.init)
        default: return nil
        }
    }()
    switch f.code {
    case UInt8(ascii: "d"):
        guard let n = intValue else {
            throw RuntimeError(
                "format 'd' needs an integer, got \(v.kindName)", span: span, hint: "use {x:.0f} for floats, or int(x)")
        }
        body = String(n)
    case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "b"):
        let t = f.type ?? "x"
        guard let n = intValue else { throw RuntimeError("format '\(t)' needs an integer", span: span) }
        if f.grouping == "," {
            throw RuntimeError("format spec: ',' cannot group '\(t)' digits", span: span, hint: "use '_' (by fours)")
        }
        let radix = t == "o" ? 8 : t == "b" ? 2 : 16
        body = (n < 0 ? "-" : "") + String(n.magnitude, radix: radix, uppercase: t == "X")
        if f.alternate { prefix = t == "o" ? "0o" : t == "b" ? "0b" : t == "X" ? "0X" : "0x" }
        groupSize = 4
    case UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "g"),
        UInt8(ascii: "G"), UInt8(ascii: "%"):
        guard var x = v.asDouble() else {
            throw RuntimeError("format '\(f.type ?? "f")' needs a number, got \(v.kindName)", span: span)
        }
        var conversion = f.type ?? "f"
        if conversion == "%" {
            x *= 100
            conversion = "f"
        }
        body = try cFormat(String(conversion), precision: f.precision ?? 6, x, alternate: f.alternate)
        if f.code == UInt8(ascii: "%") { body += "%" }
    case UInt8(ascii: "s"):
        if case .string = v {
        } else if v.asDouble() != nil {
            throw RuntimeError(
                "format 's' needs a string, got \(v.kindName)", span: span, hint: "leave the type out: {x} or {x:>8}")
        }
        isNumber = false
        body = try printTextChecked(v)
    case 0:
        if let n = intValue {
            if f.precision != nil {
                throw RuntimeError(
                    "format spec: a precision needs a float, got \(v.kindName)", span: span,
                    hint: "use {x:.2f} with float(x), or leave the precision out")
            }
            body = String(n)
        } else if let x = v.asDouble() {
            body =
                try f.precision.map { try shortestStyle(x, precision: $0, alternate: f.alternate) }
                ?? printTextChecked(v)
            // `#` keeps the point of an exponent form too (Python's 1.e+16).
            if f.alternate, f.precision == nil, let e = body.utf8.firstIndex(of: UInt8(ascii: "e")),
                !body.utf8.contains(UInt8(ascii: "."))
            {
                body = (String(body.utf8[..<e]) ?? body) + "." + (String(body.utf8[e...]) ?? "")
            }
        } else {
            isNumber = false
            body = try printTextChecked(v)
        }
    default:
        throw RuntimeError("format type '\(f.type.map(String.init) ?? "")' is not supported", span: span)
    }
    if isNumber {
        if body.utf8.first == UInt8(ascii: "-") {
            sign = "-"
            body = String(decoding: body.utf8.dropFirst(), as: UTF8.self)
        } else if f.sign == "+" || f.sign == " " {
            sign = String(f.sign)
        }
    } else {
        // Python's rules for text: no sign, no '=', no '#', no grouping.
        if f.sign != "-" || f.align == "=" || f.alternate || f.grouping != nil {
            throw RuntimeError(
                "format spec: a sign, '=', '#' or a grouping needs a number, got \(v.kindName)", span: span,
                hint: "text takes a fill, an alignment, a width and a precision: {s:*^12.3}")
        }
        if let p = f.precision { body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(p))) }
    }
    // Digits and text are counted as Python counts them: in code points.
    let digits = body
    if isNumber, let g = f.grouping { body = grouped(body, g, size: groupSize) }
    let bodyLength = isNumber ? body.utf8.count : body.unicodeScalars.count
    let length = sign.utf8.count + prefix.utf8.count + bodyLength
    if length >= f.width { return sign + prefix + body }
    let pad = f.width - length
    do {
        let bytes = try Limits.stringSum(sign.utf8.count + prefix.utf8.count + body.utf8.count, 0)
        let (padBytes, overflow) = pad.multipliedReportingOverflow(by: Swift.max(1, f.fill.utf8.count))
        if overflow { throw Limits.tooLargeString(Int.max) }
        try Limits.checkString(bytes: Limits.stringSum(bytes, padBytes))
    } catch var e as RuntimeError {
        e.span = span
        throw e
    }
    // A 0 before the width makes 0 the fill (unless the spec gave one), and
    // a number's alignment '=' (unless the spec gave one).
    var align = f.align ?? (isNumber ? ">" : "<")
    var fill = f.fill
    if f.zeroPad && !f.fillGiven {
        fill = "0"
        if f.align == nil && isNumber { align = "=" }
    }
    switch align {
    case ">": return try concatenated([String(repeating: fill, count: pad), sign, prefix, body])
    case "=":
        if let g = f.grouping, fill == "0" {
            // Python groups the padding zeros too: {1234567:012,} is 0,001,234,567.
            // The fewest leading zeros that reach the width, computed rather
            // than tried one by one (a wide field would take quadratic time).
            let integer = digits.utf8.prefix { isDigit($0, groupSize) }.count
            let need = f.width - sign.utf8.count - prefix.utf8.count - (digits.utf8.count - integer)
            func groupedLength(_ l: Int) -> Int { l + (l - 1) / groupSize }
            var l = Swift.max(integer, (need * groupSize) / (groupSize + 1) - 1)
            while l > integer && groupedLength(l - 1) >= need { l -= 1 }
            while groupedLength(l) < need { l += 1 }
            return sign + prefix + grouped(String(repeating: "0", count: l - integer) + digits, g, size: groupSize)
        }
        return try concatenated([sign, prefix, String(repeating: fill, count: pad), body])
    case "^":
        return try concatenated([
            String(repeating: fill, count: pad / 2), sign, prefix, body,
            String(repeating: fill, count: pad - pad / 2),
        ])
    default: return try concatenated([sign, prefix, body, String(repeating: fill, count: pad)])
    }
}

/// Whether the byte is a digit of a group (hexadecimal ones for groups of four).
@inline(__always) private func isDigit(_ c: UInt8, _ groupSize: Int) -> Bool {
    if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { return true }
    return groupSize == 4
        && ((c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F")))
}

/// The integer digits at the start of `s` (no sign) grouped by `size` with
/// `separator`; what follows them (a fraction, an exponent, '%') as it is.
func grouped(_ s: String, _ separator: Character, size: Int) -> String {
    let bytes = Array(s.utf8)
    let integer = bytes.prefix { isDigit($0, size) }.count
    guard integer > size else { return s }
    let sep = UInt8(separator.asciiValue ?? UInt8(ascii: ","))
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + integer / size)
    for k in 0..<integer {
        if k > 0 && (integer - k) % size == 0 { out.append(sep) }
        out.append(bytes[k])
    }
    out.append(contentsOf: bytes[integer...])
    return String(decoding: out, as: UTF8.self)
}

/// A float with a precision and no type (`{x:.3}`): Python's 'g' that
/// switches to an exponent one digit sooner and keeps a '.0' on a whole
/// number (`{123.0:.4}` is 123.0, `{100.0:.3}` is 1e+02).
func shortestStyle(_ x: Double, precision: Int, alternate: Bool) throws -> String {
    guard x.isFinite else { return try cFormat("g", precision: precision, x, alternate: alternate) }
    let p = Swift.max(precision, 1)
    // The exponent after rounding to p digits, as printf's %e finds it.
    let scientific = try cFormat("e", precision: p - 1, x, alternate: alternate)
    guard let e = scientific.utf8.lastIndex(of: UInt8(ascii: "e")),
        let exponent = Int(String(scientific.utf8[scientific.utf8.index(after: e)...]) ?? "")
    else { return scientific }
    if exponent < -4 || exponent >= p - 1 {
        if alternate { return scientific }
        let mantissa = String(scientific.utf8[..<e]) ?? scientific
        return trimmedZeros(mantissa) + (String(scientific.utf8[e...]) ?? "")
    }
    let fixed = try cFormat("f", precision: p - 1 - exponent, x, alternate: alternate)
    if alternate { return fixed }
    let trimmed = trimmedZeros(fixed)
    return trimmed.utf8.contains(UInt8(ascii: ".")) ? trimmed : trimmed + ".0"
}

/// A number's digits without the zeros that end its fraction (and without
/// the point, when nothing follows it).
private func trimmedZeros(_ s: String) -> String {
    guard s.utf8.contains(UInt8(ascii: ".")) else { return s }
    var bytes = Array(s.utf8)
    while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
    if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
}
