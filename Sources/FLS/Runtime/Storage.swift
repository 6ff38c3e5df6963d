// The one contiguous buffer behind an array. Swift arrays are copy-on-write,
// which gives FLS its value semantics (`b = a; b[0] = 9` leaves `a` alone)
// at the cost of one uniqueness check per write.

/// A typed, contiguous, row-major element buffer.
public enum Storage {
    case bool([Bool])
    case u8([UInt8])
    case i32([Int32])
    case i64([Int64])
    case f32([Float])
    case f64([Double])
    case str([String])

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
