// Element types of arrays and numpy 2's promotion rules between them.

/// The element type of an array. Order matters: it is the promotion order
/// among the integer kinds (`bool < u8 < i32 < i64`).
public enum DType: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case bool, u8, i32, i64, f32, f64, str

    /// The FLS name (`"f32"`).
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .u8: return "u8"
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .str: return "str"
        }
    }

    public var description: String { name }

    /// Parses an FLS dtype name; also accepts numpy spellings users type by habit.
    public init?(name: String) {
        switch name {
        case "bool": self = .bool
        case "u8", "uint8": self = .u8
        case "i32", "int32": self = .i32
        case "i64", "int64", "int": self = .i64
        case "f32", "float32": self = .f32
        case "f64", "float64", "float": self = .f64
        case "str", "string": self = .str
        default: return nil
        }
    }

    public var isInteger: Bool { self == .u8 || self == .i32 || self == .i64 }
    public var isFloat: Bool { self == .f32 || self == .f64 }

    /// numpy's `same_kind` casting, what an in-place operator on a
    /// selection may store: within a kind, or to a later kind (bool,
    /// unsigned, signed, float); text only to text.
    func castsSameKind(to target: DType) -> Bool {
        func kind(_ d: DType) -> Int {
            switch d {
            case .bool: return 0
            case .u8: return 1
            case .i32, .i64: return 2
            case .f32, .f64: return 3
            case .str: return 4
            }
        }
        if self == target { return true }
        if self == .str || target == .str { return false }
        return kind(self) <= kind(target)
    }
    /// Bool, integer or float.
    public var isNumeric: Bool { self != .str }

    /// Bytes per element (strings count as one reference).
    public var itemSize: Int {
        switch self {
        case .bool, .u8: return 1
        case .i32, .f32: return 4
        case .i64, .f64, .str: return 8
        }
    }
}
