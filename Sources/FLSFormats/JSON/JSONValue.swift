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
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.int(let a), .number(let b)), (.number(let b), .int(let a)):
            return Double(a) == b && Int64(exactly: b) == a
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}
