// The one contiguous buffer behind an array: a Buffer (an owned Swift array
// or a read-only mapping of a file region, copied on the first write) or,
// for strings, a StringColumn (packed UTF-8 or Swift Strings). Both are
// copy-on-write, which gives FLS its value semantics (`b = a; b[0] = 9`
// leaves `a` alone) at the cost of one uniqueness check per write.

@_exported import FLSMemory

/// A typed, contiguous, row-major element buffer.
public enum Storage {
    case bool(Buffer<Bool>)
    case u8(Buffer<UInt8>)
    case i32(Buffer<Int32>)
    case i64(Buffer<Int64>)
    case f32(Buffer<Float>)
    case f64(Buffer<Double>)
    case str(StringColumn)

    /// Owned elements (Swift arrays are adopted without a copy).
    @inlinable public static func bool(_ a: [Bool]) -> Storage { .bool(Buffer(a)) }
    @inlinable public static func u8(_ a: [UInt8]) -> Storage { .u8(Buffer(a)) }
    @inlinable public static func i32(_ a: [Int32]) -> Storage { .i32(Buffer(a)) }
    @inlinable public static func i64(_ a: [Int64]) -> Storage { .i64(Buffer(a)) }
    @inlinable public static func f32(_ a: [Float]) -> Storage { .f32(Buffer(a)) }
    @inlinable public static func f64(_ a: [Double]) -> Storage { .f64(Buffer(a)) }
    @inlinable public static func str(_ a: [String]) -> Storage { .str(StringColumn(a)) }

    /// The element type.
    public var dtype: DType {
        switch self {
        case .bool: return .bool
        case .u8: return .u8
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .str: return .str
        }
    }

    /// Number of elements.
    public var count: Int {
        switch self {
        case .bool(let a): return a.count
        case .u8(let a): return a.count
        case .i32(let a): return a.count
        case .i64(let a): return a.count
        case .f32(let a): return a.count
        case .f64(let a): return a.count
        case .str(let a): return a.count
        }
    }
}
