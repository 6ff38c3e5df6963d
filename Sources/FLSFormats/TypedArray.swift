// The one array shape every reader and writer in FLSFormats speaks: a shape
// and one contiguous, typed Swift array. FLSKit turns it into the language's
// NDArray without copying (Swift arrays are copy-on-write), so readers fill
// exactly one buffer per array and nothing else.

@_exported import FLSMemory

/// The element types the language knows, by their FLS names.
public enum ElementType: String, Sendable, CaseIterable {
    case bool, u8, i32, i64, f32, f64, str

    /// Bytes per element in a packed binary file (strings have none).
    public var byteWidth: Int {
        switch self {
        case .bool, .u8: return 1
        case .i32, .f32: return 4
        case .i64, .f64: return 8
        case .str: return 0
        }
    }
}

/// One contiguous buffer of elements of one type.
public enum ElementBuffer: Sendable {
    case bool(Buffer<Bool>)
    case u8(Buffer<UInt8>)
    case i32(Buffer<Int32>)
    case i64(Buffer<Int64>)
    case f32(Buffer<Float>)
    case f64(Buffer<Double>)
    case str(StringColumn)

    /// Owned elements (Swift arrays are adopted without a copy).
    public static func bool(_ a: [Bool]) -> ElementBuffer { .bool(Buffer(a)) }
    public static func u8(_ a: [UInt8]) -> ElementBuffer { .u8(Buffer(a)) }
    public static func i32(_ a: [Int32]) -> ElementBuffer { .i32(Buffer(a)) }
    public static func i64(_ a: [Int64]) -> ElementBuffer { .i64(Buffer(a)) }
    public static func f32(_ a: [Float]) -> ElementBuffer { .f32(Buffer(a)) }
    public static func f64(_ a: [Double]) -> ElementBuffer { .f64(Buffer(a)) }
    public static func str(_ a: [String]) -> ElementBuffer { .str(StringColumn(a)) }

    /// The element type of this buffer.
    public var elementType: ElementType {
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

/// An n-dimensional array in C (row-major) order.
public struct TypedArray: Sendable {
    /// Extent of each axis; empty for a 0-d array.
    public var shape: [Int]
    /// The elements, row-major; `shape.reduce(1, *)` of them.
    public var data: ElementBuffer

    /// Makes an array; the caller guarantees the element count matches the shape.
    public init(shape: [Int], data: ElementBuffer) {
        self.shape = shape
        self.data = data
    }

    /// The element type.
    public var elementType: ElementType { data.elementType }
}

/// A format error: what is wrong, where in the file (byte offset) if known.
public struct FormatError: Error, CustomStringConvertible, Sendable {
    /// The problem, in one sentence a user can act on.
    public var message: String
    /// Byte offset in the file, when the problem has one.
    public var offset: Int?

    /// Makes an error.
    public init(_ message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(message) (at byte \(offset))" }
        return message
    }
}
