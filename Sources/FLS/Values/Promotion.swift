// numpy 2 (NEP 50) type promotion: arrays and 0-d arrays are strong, unboxed
// scalars from literals are weak and adopt the array's dtype when they can.

/// One side of a binary operation after classification.
enum Operand {
    case strong(NDArray)
    case weakBool(Bool)
    case weakInt(Int64)
    case weakFloat(Double)
    case weakString(String)

    /// The operand for a value, or nil when the value is not array-like.
    init?(_ v: Value) {
        switch v {
        case .array(let a): self = .strong(a)
        case .bool(let b): self = .weakBool(b)
        case .int(let n): self = .weakInt(n)
        case .float(let x): self = .weakFloat(x)
        case .string(let s): self = .weakString(s)
        default: return nil
        }
    }

    var isWeak: Bool { if case .strong = self { return false }; return true }

    /// The dtype a weak scalar has when it stands alone.
    var naturalDType: DType {
        switch self {
        case .strong(let a): return a.dtype
        case .weakBool: return .bool
        case .weakInt: return .i64
        case .weakFloat: return .f64
        case .weakString: return .str
        }
    }
}

/// The common dtype of two strong dtypes.
func promote(_ a: DType, _ b: DType) throws -> DType {
    if a == b { return a }
    if a == .str || b == .str {
        throw RuntimeError(
            "cannot combine \(a) and \(b) values", hint: "convert with astype(x, \"str\") or parse the strings first")
    }
    let (lo, hi) = a.rawValue < b.rawValue ? (a, b) : (b, a)
    switch hi {
    case .f64: return .f64
    case .f32: return (lo == .i32 || lo == .i64) ? .f64 : .f32
    default: return hi
    }
}

/// The dtype a strong array of `dtype` and a weak scalar compute in.
func promoteWeak(_ dtype: DType, _ weak: Operand) throws -> DType {
    switch weak {
    case .strong(let a): return try promote(dtype, a.dtype)
    case .weakBool:
        if dtype == .str { throw RuntimeError("cannot combine str and bool values") }
        return dtype
    case .weakInt:
        if dtype == .str { throw RuntimeError("cannot combine str and int values", hint: "use str(x) to make text") }
        return dtype == .bool ? .i64 : dtype
    case .weakFloat:
        if dtype == .str { throw RuntimeError("cannot combine str and float values", hint: "use str(x) to make text") }
        return dtype.isFloat ? dtype : .f64
    case .weakString:
        if dtype != .str { throw RuntimeError("cannot combine \(dtype) and string values") }
        return .str
    }
}

/// The range of values an integer dtype holds.
func integerRange(_ dtype: DType) -> ClosedRange<Int64>? {
    switch dtype {
    case .u8: return 0...255
    case .i32: return Int64(Int32.min)...Int64(Int32.max)
    default: return nil
    }
}

/// A Python float stored into an integer array, as numpy does it: the
/// value is truncated toward zero as `int(x)` does, and NaN, an infinity or
/// a value outside the dtype's range is an error (a numpy f64 is cast
/// instead, as `astype` casts).
func integerFromPythonFloat(_ x: Double, _ dtype: DType) throws -> Int64 {
    if x.isNaN || x.isInfinite {
        throw RuntimeError(
            "cannot store the float \(pythonFloatText(x, single: false)) into an array of \(dtype)",
            hint: "convert the array first, e.g. astype(x, \"f64\")")
    }
    let t = x.rounded(.towardZero)
    let range = integerRange(dtype) ?? Int64.min...Int64.max
    // 2^63 is the first double past Int64.max.
    guard t >= -9.223372036854775808e18, t < 9.223372036854775808e18, range.contains(Int64(t)) else {
        throw RuntimeError(
            "the float \(pythonFloatText(x, single: false)) is out of bounds for \(dtype)",
            hint: "convert the array first, e.g. astype(x, \"f64\")")
    }
    return Int64(t)
}

extension Operand {
    /// The operand as an array of `dtype`; a weak integer that does not fit
    /// an integer dtype is an error, as numpy's OverflowError, and so is a
    /// weak float that does not (`integerFromPythonFloat`).
    func array(as dtype: DType) throws -> NDArray {
        switch self {
        case .strong(let a): return try a.astype(dtype)
        case .weakInt(let n):
            if let r = integerRange(dtype), !r.contains(n) {
                throw RuntimeError(
                    "the integer \(n) is out of bounds for \(dtype)",
                    hint: "convert the array first, e.g. astype(x, \"i64\")")
            }
            return try NDArray(scalar: .i64([n])).astype(dtype)
        case .weakBool(let b): return try NDArray(scalar: .bool([b])).astype(dtype)
        case .weakFloat(let x):
            if dtype.isInteger {
                return try NDArray(scalar: .i64([try integerFromPythonFloat(x, dtype)])).astype(dtype)
            }
            return try NDArray(scalar: .f64([x])).astype(dtype)
        case .weakString(let s): return try NDArray(scalar: .str([s])).astype(dtype)
        }
    }
}

extension NDArray {
    /// A 0-d array holding the one element of `storage`.
    init(scalar storage: Storage) {
        self.init(shape: [], storage: storage)
    }
}
