// Per-type arithmetic with numpy's semantics: integers wrap and divide with
// Python's signs; floats follow IEEE with numpy's floor-division rules.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An element type with arithmetic kernels (integers and floats).
protocol ArithElement: Element, Comparable {
    static func add(_ a: Self, _ b: Self) -> Self
    static func sub(_ a: Self, _ b: Self) -> Self
    static func mul(_ a: Self, _ b: Self) -> Self
    static func floorDiv(_ a: Self, _ b: Self) -> Self
    static func mod(_ a: Self, _ b: Self) -> Self
    static func power(_ a: Self, _ b: Self) -> Self
    static func negate(_ a: Self) -> Self
    var asDouble: Double { get }
    init(fromDouble: Double)
    static var isFloat: Bool { get }
}

/// Integer kernels: wrapping arithmetic, Python-signed `//` and `%`.
protocol IntElement: ArithElement, FixedWidthInteger {}

extension IntElement {
    @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) static func sub(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) static func mul(_ a: Self, _ b: Self) -> Self { a &* b }
    @inline(__always) static func negate(_ a: Self) -> Self { 0 &- a }
    /// Callers have rejected zero divisors.
    @inline(__always) static func floorDiv(_ a: Self, _ b: Self) -> Self {
        if Self.isSigned && b == 0 &- 1 { return 0 &- a }
        if b == 0 { return 0 }
        let q = a / b
        if (a % b != 0) && ((a < 0) != (b < 0)) { return q &- 1 }
        return q
    }
    @inline(__always) static func mod(_ a: Self, _ b: Self) -> Self {
        if Self.isSigned && b == 0 &- 1 { return 0 }
        if b == 0 { return 0 }
        let r = a % b
        if r != 0 && ((r < 0) != (b < 0)) { return r &+ b }
        return r
    }
    /// Wrapping exponentiation by squaring; callers reject negative exponents.
    @inline(__always) static func power(_ a: Self, _ b: Self) -> Self {
        var result: Self = 1, base = a, e = b
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return result
    }
    @inline(__always) var asDouble: Double { Double(self) }
    @inline(__always) init(fromDouble x: Double) { self.init(truncatingIfNeeded: truncatedInt64(x)) }
    static var isFloat: Bool { false }
}

extension UInt8: IntElement {}
extension Int32: IntElement {}
extension Int64: IntElement {}

/// Float kernels, with the elementary functions of the C library.
protocol FloatElement: ArithElement, BinaryFloatingPoint {
    static func fmodF(_ a: Self, _ b: Self) -> Self
    static func powF(_ a: Self, _ b: Self) -> Self
    static func expF(_ a: Self) -> Self
    static func logF(_ a: Self) -> Self
    static func sinF(_ a: Self) -> Self
    static func cosF(_ a: Self) -> Self
}

extension FloatElement {
    @inline(__always) static func add(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func sub(_ a: Self, _ b: Self) -> Self { a - b }
    @inline(__always) static func mul(_ a: Self, _ b: Self) -> Self { a * b }
    @inline(__always) static func negate(_ a: Self) -> Self { -a }
    @inline(__always) static func power(_ a: Self, _ b: Self) -> Self { powF(a, b) }
    /// numpy's divmod: the quotient rounded toward minus infinity, computed
    /// from fmod so that `a == b * (a // b) + a % b` holds closely.
    @inline(__always) static func divmod(_ a: Self, _ b: Self) -> (Self, Self) {
        if b == 0 { return (a / b, fmodF(a, b)) }
        var m = fmodF(a, b)
        var div = (a - m) / b
        if m != 0 {
            if (b < 0) != (m < 0) { m += b; div -= 1 }
        } else {
            m = b < 0 ? -0.0 : 0.0
        }
        var floordiv: Self
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            // Zero with the true quotient's sign, as Python: 0.0 // -5.0 is -0.0.
            floordiv = Self(signOf: a / b, magnitudeOf: 0)
        }
        return (floordiv, m)
    }
    @inline(__always) static func floorDiv(_ a: Self, _ b: Self) -> Self { divmod(a, b).0 }
    @inline(__always) static func mod(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return .nan }
        return divmod(a, b).1
    }
    static var isFloat: Bool { true }
}

extension Float: FloatElement {
    @inline(__always) static func fmodF(_ a: Float, _ b: Float) -> Float { fmodf(a, b) }
    @inline(__always) static func powF(_ a: Float, _ b: Float) -> Float { powf(a, b) }
    @inline(__always) static func expF(_ a: Float) -> Float { expf(a) }
    @inline(__always) static func logF(_ a: Float) -> Float { logf(a) }
    @inline(__always) static func sinF(_ a: Float) -> Float { sinf(a) }
    @inline(__always) static func cosF(_ a: Float) -> Float { cosf(a) }
    @inline(__always) var asDouble: Double { Double(self) }
    @inline(__always) init(fromDouble x: Double) { self.init(x) }
}

extension Double: FloatElement {
    @inline(__always) static func fmodF(_ a: Double, _ b: Double) -> Double { fmod(a, b) }
    @inline(__always) static func powF(_ a: Double, _ b: Double) -> Double { pow(a, b) }
    @inline(__always) static func expF(_ a: Double) -> Double { exp(a) }
    @inline(__always) static func logF(_ a: Double) -> Double { log(a) }
    @inline(__always) static func sinF(_ a: Double) -> Double { sin(a) }
    @inline(__always) static func cosF(_ a: Double) -> Double { cos(a) }
    @inline(__always) var asDouble: Double { self }
    @inline(__always) init(fromDouble x: Double) { self = x }
}
