// A JSON document as a value. Objects keep their keys in file order (a
// list of pairs, not a dictionary), because users see records in the order
// the file gives them. Integers that fit in i64 stay integers; every other
// number is a Double. The enum is deliberately not `indirect`: arrays
// already hold their elements out of line, and an indirect enum would put
// every number and string in its own heap box (about 10% slower parsing).

/// One JSON value; objects keep key order.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in i64.
    case int(Int64)
    /// Any other number (including NaN and infinities read from Python's output).
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
}

extension JSONValue: Equatable {
    /// Structural equality; numbers compare by value, so `.int(1) == .number(1.0)`,
    /// and NaN equals NaN so that documents compare as their text would.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.int(a), .number(b)), let (.number(b), .int(a)): return Double(a) == b && Int64(exactly: b) == a
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}
