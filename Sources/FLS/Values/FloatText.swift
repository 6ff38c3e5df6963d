// Decimal text of floats: the shortest round-trip digits (from Swift's own
// shortest formatting), re-laid out the way Python's repr and numpy's
// Dragon4-based array printing lay them out.

/// The shortest decimal digits of a finite, non-negative float: the value is
/// `0.d1 d2 d3 ... * 10^point`. Zero gives no digits.
struct DecimalDigits {
    var digits: [UInt8]
    var point: Int

    init(_ x: Double, single: Bool) {
        let text = single ? Float(x).magnitude.description : x.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...].replacingPlus()) ?? 0
        }
        var intDigits: [UInt8] = [], fracDigits: [UInt8] = []
        var seenPoint = false
        for c in mantissa.utf8 {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            guard c >= 48 && c <= 57 else { continue }
            if seenPoint { fracDigits.append(c - 48) } else { intDigits.append(c - 48) }
        }
        var ds = intDigits + fracDigits
        var p = intDigits.count + exponent
        while let f = ds.first, f == 0 { ds.removeFirst(); p -= 1 }
        while let l = ds.last, l == 0 { ds.removeLast() }
        if ds.isEmpty { p = 0 }
        digits = ds
        point = p
    }

    /// Keeps the first `keep` digits, rounding half to even on the rest.
    mutating func round(keep: Int) {
        if keep >= digits.count { return }
        if keep < 0 { digits = []; point = 0; return }
        let next = digits[keep]
        let tail = digits[(keep + 1)...].contains(where: { $0 != 0 })
        var up = next > 5 || (next == 5 && (tail || (keep > 0 && digits[keep - 1] % 2 == 1)))
        if keep == 0 && next == 5 && !tail { up = false }
        digits.removeLast(digits.count - keep)
        if up {
            var i = keep - 1
            while i >= 0 {
                if digits[i] == 9 { digits[i] = 0; i -= 1 } else { digits[i] += 1; break }
            }
            if i < 0 { digits.insert(1, at: 0); point += 1 }
        }
        while let l = digits.last, l == 0 { digits.removeLast() }
        if digits.isEmpty { point = 0 }
    }

    /// The exact decimal expansion of a finite, non-negative double (every
    /// binary float has one): m * 2^e is m * 5^-e / 10^-e for e < 0.
    static func exact(_ x: Double) -> DecimalDigits {
        var d = DecimalDigits(0, single: false)
        guard x != 0 && x.isFinite else { return d }
        var m = UInt64(x.significandBitPattern)
        var e: Int
        if x.exponentBitPattern == 0 {
            e = -1074
        } else {
            m |= 1 << 52
            e = Int(x.exponentBitPattern) - 1075
        }
        while m & 1 == 0 && e < 0 { m >>= 1; e += 1 }
        // Base-1e9 limbs, least significant first.
        var limbs: [UInt64] = [m % 1_000_000_000, m / 1_000_000_000 % 1_000_000_000, m / 1_000_000_000_000_000_000]
        func multiply(_ f: UInt64) {
            var carry: UInt64 = 0
            for i in 0..<limbs.count {
                let v = limbs[i] * f + carry
                limbs[i] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
        }
        var k = abs(e)
        let (bigFactor, bigStep): (UInt64, Int) = e < 0 ? (1_220_703_125, 13) : (1 << 30, 30)
        while k >= bigStep { multiply(bigFactor); k -= bigStep }
        while k > 0 { multiply(e < 0 ? 5 : 2); k -= 1 }
        while limbs.count > 1 && limbs[limbs.count - 1] == 0 { limbs.removeLast() }
        var digits: [UInt8] = []
        for (i, limb) in limbs.reversed().enumerated() {
            var chunk: [UInt8] = []
            var v = limb
            for _ in 0..<9 { chunk.append(UInt8(v % 10)); v /= 10 }
            chunk.reverse()
            if i == 0 { while chunk.count > 1 && chunk[0] == 0 { chunk.removeFirst() } }
            digits += chunk
        }
        d.digits = digits
        d.point = e < 0 ? digits.count + e : digits.count
        while let f = d.digits.first, f == 0 { d.digits.removeFirst(); d.point -= 1 }
        while let l = d.digits.last, l == 0 { d.digits.removeLast() }
        return d
    }

    /// The exact value rounded (half to even) to `keep` significant digits;
    /// what Dragon4 prints when asked for more (or fewer) digits than the
    /// shortest form has.
    /// `x`'s exact digits rounded: to the decimal place where `keep` of these
    /// digits end (positional), or to `keep` significant digits (`significant`,
    /// the scientific form, whose exponent is the exact value's).
    func exactRounded(_ x: Double, keep: Int, significant: Bool = false) -> DecimalDigits {
        var d = DecimalDigits.exact(x.magnitude)
        if d.digits.isEmpty { return d }
        d.round(keep: significant ? keep : keep + (d.point - point))
        return d
    }

    /// Integer and fraction digits of the positional form, with at most
    /// `precision` fraction digits.
    func positional(precision: Int?, value: Double? = nil) -> (String, String) {
        var d = self
        if let precision, d.digits.count - d.point > precision {
            if let value {
                d = exactRounded(value, keep: d.point + precision)
            } else {
                d.round(keep: d.point + precision)
            }
        }
        var intPart = "", frac = ""
        if d.point <= 0 {
            intPart = "0"
        } else {
            for i in 0..<d.point {
                intPart.append(Character(Unicode.Scalar(48 + (i < d.digits.count ? d.digits[i] : 0))))
            }
        }
        if d.point < 0 { frac = String(repeating: "0", count: -d.point) }
        for i in max(0, d.point)..<max(max(0, d.point), d.digits.count) {
            frac.append(Character(Unicode.Scalar(48 + d.digits[i])))
        }
        if d.digits.isEmpty { frac = "" }
        return (intPart, frac)
    }

    /// First digit, following digits and decimal exponent of the scientific
    /// form, with at most `precision` digits after the point.
    func scientific(precision: Int?, minDigits: Int = 0, value: Double? = nil) -> (String, String, Int) {
        var d = self
        let wanted = max(d.digits.count - 1, minDigits)
        let target = precision.map { min($0, wanted) } ?? wanted
        if target != d.digits.count - 1 {
            if let value {
                d = exactRounded(value, keep: target + 1, significant: true)
            } else {
                d.round(keep: target + 1)
            }
        }
        if d.digits.isEmpty { return ("0", "", 0) }
        let first = String(Character(Unicode.Scalar(48 + d.digits[0])))
        let rest = String(d.digits.dropFirst().map { Character(Unicode.Scalar(48 + $0)) })
        return (first, rest, d.point - 1)
    }
}

extension Substring {
    fileprivate func replacingPlus() -> Substring { first == "+" ? dropFirst() : self }
}

/// `e+05` style exponent text with at least `digits` digits.
func exponentText(_ e: Int, digits: Int) -> String {
    let body = String(e.magnitude)
    return "e" + (e < 0 ? "-" : "+") + String(repeating: "0", count: max(0, digits - body.count)) + body
}

/// A float as Python's `repr` (and numpy's scalar `str`) shows it: shortest
/// digits, `1.0` for integral values, scientific below 1e-4 or from 1e16.
func pythonFloatText(_ x: Double, single: Bool) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let sign = x.sign == .minus ? "-" : ""
    let d = DecimalDigits(x, single: single)
    if d.digits.isEmpty { return sign + "0.0" }
    // numpy switches float32 scalars to scientific from 1e6, float64 from 1e16.
    let m = x.magnitude
    if m < 1e-4 || m >= (single ? 1e6 : 1e16) {
        let (first, rest, exp) = d.scientific(precision: nil)
        return sign + first + (rest.isEmpty ? "" : "." + rest) + exponentText(exp, digits: 2)
    }
    let (i, f) = d.positional(precision: nil)
    return sign + i + "." + (f.isEmpty ? "0" : f)
}
