// The Swift element types behind each dtype, with the conversions numpy's
// `astype` performs between them. Kernels are generic over `Element` and get
// specialised per type by the optimiser.

/// A Swift type that stores one dtype's elements.
protocol Element {
    static var dtype: DType { get }
    static var zero: Self { get }
    /// Wraps a buffer of this type as storage.
    static func wrap(_ values: [Self]) -> Storage
    /// Wraps an owned or mapped buffer of this type as storage.
    static func wrap(_ values: Buffer<Self>) -> Storage
    /// Extracts the buffer when the storage holds this type (strings are
    /// made from a packed column one by one: the generic path).
    static func unwrap(_ storage: Storage) -> Buffer<Self>?
}

extension Bool: Element {
    static var dtype: DType { .bool }
    static var zero: Bool { false }
    static func wrap(_ values: [Bool]) -> Storage { .bool(values) }
    static func wrap(_ values: Buffer<Bool>) -> Storage { .bool(values) }
    static func unwrap(_ storage: Storage) -> Buffer<Bool>? { if case .bool(let a) = storage { return a }; return nil }
}
extension UInt8: Element {
    static var dtype: DType { .u8 }
    static func wrap(_ values: [UInt8]) -> Storage { .u8(values) }
    static func wrap(_ values: Buffer<UInt8>) -> Storage { .u8(values) }
    static func unwrap(_ storage: Storage) -> Buffer<UInt8>? { if case .u8(let a) = storage { return a }; return nil }
}
extension Int32: Element {
    static var dtype: DType { .i32 }
    static func wrap(_ values: [Int32]) -> Storage { .i32(values) }
    static func wrap(_ values: Buffer<Int32>) -> Storage { .i32(values) }
    static func unwrap(_ storage: Storage) -> Buffer<Int32>? { if case .i32(let a) = storage { return a }; return nil }
}
extension Int64: Element {
    static var dtype: DType { .i64 }
    static func wrap(_ values: [Int64]) -> Storage { .i64(values) }
    static func wrap(_ values: Buffer<Int64>) -> Storage { .i64(values) }
    static func unwrap(_ storage: Storage) -> Buffer<Int64>? { if case .i64(let a) = storage { return a }; return nil }
}
extension Float: Element {
    static var dtype: DType { .f32 }
    static func wrap(_ values: [Float]) -> Storage { .f32(values) }
    static func wrap(_ values: Buffer<Float>) -> Storage { .f32(values) }
    static func unwrap(_ storage: Storage) -> Buffer<Float>? { if case .f32(let a) = storage { return a }; return nil }
}
extension Double: Element {
    static var dtype: DType { .f64 }
    static func wrap(_ values: [Double]) -> Storage { .f64(values) }
    static func wrap(_ values: Buffer<Double>) -> Storage { .f64(values) }
    static func unwrap(_ storage: Storage) -> Buffer<Double>? { if case .f64(let a) = storage { return a }; return nil }
}
extension String: Element {
    static var dtype: DType { .str }
    static var zero: String { "" }
    static func wrap(_ values: [String]) -> Storage { .str(values) }
    static func wrap(_ values: Buffer<String>) -> Storage { .str(StringColumn(values.array)) }
    static func unwrap(_ storage: Storage) -> Buffer<String>? {
        if case .str(let a) = storage { return Buffer(a.array) }; return nil
    }
}

/// Converts a float to an integer the way C (and so numpy) truncates, but
/// without trapping: NaN and out-of-range values give the minimum, as numpy
/// does on x86.
@inline(__always)
func truncatedInt64(_ x: Double) -> Int64 {
    if x.isNaN || x >= 9.223372036854775807e18 || x < -9.223372036854775808e18 { return Int64.min }
    return Int64(x)
}

extension Storage {
    /// A buffer of `count` copies of the zero of `dtype`.
    static func zeros(_ dtype: DType, _ count: Int) -> Storage {
        switch dtype {
        case .bool: return .bool(Array(repeating: false, count: count))
        case .u8: return .u8(Array(repeating: 0, count: count))
        case .i32: return .i32(Array(repeating: 0, count: count))
        case .i64: return .i64(Array(repeating: 0, count: count))
        case .f32: return .f32(Array(repeating: 0, count: count))
        case .f64: return .f64(Array(repeating: 0, count: count))
        case .str: return .str(Array(repeating: "", count: count))
        }
    }

    /// All elements as doubles (strings give NaN); for reductions and formatting.
    public var doubles: [Double] {
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .u8(let a): return a.map { Double($0) }
        case .i32(let a): return a.map { Double($0) }
        case .i64(let a): return a.map { Double($0) }
        case .f32(let a): return a.map { Double($0) }
        case .f64(let a): return a.array
        case .str(let a): return a.map { Double($0) ?? .nan }
        }
    }

    /// All elements as 64-bit integers (floats truncate, strings must parse).
    public var int64s: [Int64] {
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .u8(let a): return a.map { Int64($0) }
        case .i32(let a): return a.map { Int64($0) }
        case .i64(let a): return a.array
        case .f32(let a): return a.map { truncatedInt64(Double($0)) }
        case .f64(let a): return a.map { truncatedInt64($0) }
        case .str(let a): return a.map { Int64($0) ?? 0 }
        }
    }

    /// The same elements converted to `dtype` (numpy's unsafe `astype`).
    public func converted(to dtype: DType) throws -> Storage {
        if dtype == self.dtype { return self }
        // The converted copy is a new buffer (a u8 image as f64 is eight
        // times its size): the gatekeeper decides before it is made.
        let itemSize = dtype == .str ? MemoryLayout<String>.stride : dtype.itemSize
        let (bytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
        if overflow || !Limits.allowsAllocation(bytes) { throw Limits.tooLarge([count], dtype) }
        if case .str(let a) = self {
            // Parsing text is the one conversion that can fail.
            switch dtype {
            case .bool:
                return .bool(
                    try a.map { s in
                        switch s {
                        case "true", "True", "1": return true;
                        case "false", "False", "0", "": return false
                        default: throw RuntimeError("cannot convert the string \"\(s)\" to bool")
                        }
                    })
            case .f32, .f64:
                let d: [Double] = try a.map { s in
                    // Not Swift's hexadecimal floats or nan payloads ("0x1p3",
                    // "nan(1)"), which numpy refuses too.
                    let t = trimmedSpaces(s)
                    guard !t.utf8.contains(where: { $0 == 0x78 || $0 == 0x58 || $0 == 0x28 }), let x = Double(t) else {
                        throw RuntimeError("cannot convert the string \"\(s)\" to a number")
                    }
                    return x
                }
                return dtype == .f32 ? .f32(d.map { Float($0) }) : .f64(d)
            default:
                let n: [Int64] = try a.map { s in
                    guard let x = Int64(trimmedSpaces(s)) else {
                        throw RuntimeError("cannot convert the string \"\(s)\" to an integer")
                    }
                    return x
                }
                return try Storage.i64(n).converted(to: dtype)
            }
        }
        switch dtype {
        case .bool:
            switch self {
            case .u8(let a): return .bool(a.map { $0 != 0 })
            case .i32(let a): return .bool(a.map { $0 != 0 })
            case .i64(let a): return .bool(a.map { $0 != 0 })
            case .f32(let a): return .bool(a.map { $0 != 0 })
            case .f64(let a): return .bool(a.map { $0 != 0 })
            default: return self
            }
        case .u8:
            switch self {
            case .bool(let a): return .u8(a.map { $0 ? 1 : 0 })
            case .i32(let a): return .u8(a.map { UInt8(truncatingIfNeeded: $0) })
            case .i64(let a): return .u8(a.map { UInt8(truncatingIfNeeded: $0) })
            case .f32(let a): return .u8(a.map { UInt8(truncatingIfNeeded: truncatedInt64(Double($0))) })
            case .f64(let a): return .u8(a.map { UInt8(truncatingIfNeeded: truncatedInt64($0)) })
            default: return self
            }
        case .i32:
            switch self {
            case .bool(let a): return .i32(a.map { $0 ? 1 : 0 })
            case .u8(let a): return .i32(a.map { Int32($0) })
            case .i64(let a): return .i32(a.map { Int32(truncatingIfNeeded: $0) })
            case .f32(let a): return .i32(a.map { Int32(truncatingIfNeeded: truncatedInt64(Double($0))) })
            case .f64(let a): return .i32(a.map { Int32(truncatingIfNeeded: truncatedInt64($0)) })
            default: return self
            }
        case .i64: return .i64(int64s)
        case .f32:
            switch self {
            case .bool(let a): return .f32(a.map { $0 ? 1 : 0 })
            case .u8(let a): return .f32(a.map { Float($0) })
            case .i32(let a): return .f32(a.map { Float($0) })
            case .i64(let a): return .f32(a.map { Float($0) })
            case .f64(let a): return .f32(a.map { Float($0) })
            default: return self
            }
        case .f64: return .f64(doubles)
        case .str:
            switch self {
            case .bool(let a): return .str(a.map { $0 ? "true" : "false" })
            case .u8(let a): return .str(a.map { String($0) })
            case .i32(let a): return .str(a.map { String($0) })
            case .i64(let a): return .str(a.map { String($0) })
            case .f32(let a): return .str(a.map { pythonFloatText(Double($0), single: true) })
            case .f64(let a): return .str(a.map { pythonFloatText($0, single: false) })
            default: return self
            }
        }
    }
}

extension NDArray {
    /// The array converted to another dtype (numpy's `astype`).
    public func astype(_ dtype: DType) throws -> NDArray {
        if dtype == self.dtype { return self }
        return NDArray(shape: shape, storage: try storage.converted(to: dtype))
    }

    /// An array of zeros, checked against the allocation limit.
    public static func zeros(_ shape: [Int], _ dtype: DType) throws -> NDArray {
        let n = try Limits.elementCount(shape, dtype)
        return NDArray(shape: shape, storage: .zeros(dtype, n))
    }
}

/// The text without leading and trailing spaces (no Foundation needed).
func trimmedSpaces(_ s: String) -> String {
    var sub = Substring(s)
    while sub.first == " " { sub.removeFirst() }
    while sub.last == " " { sub.removeLast() }
    return String(sub)
}
