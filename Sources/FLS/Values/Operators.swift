// The operators of the language, shared by the parser and the kernels.

/// A binary operator.
public enum BinaryOperator: String, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//"
    case modulo = "%", power = "**", matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// Element-wise `and`/`or` on arrays (scalars short-circuit in the interpreter).
    case and = "and", or = "or"

    public var symbol: String { rawValue }

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

/// `a op b` for two ints or two floats and `+ - *` or a comparison, the
/// unboxed cases the generic code computes inline; nil for anything else
/// (then `binaryOperation` decides). Python's results: ints wrap.
@inline(__always)
func quickScalar(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value? {
    switch (a, b) {
    case (.int(let x), .int(let y)):
        switch op {
        case .add: return .int(x &+ y)
        case .subtract: return .int(x &- y)
        case .multiply: return .int(x &* y)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .bool(compare(op, x, y))
        default: return nil
        }
    case (.float(let x), .float(let y)):
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .bool(compare(op, x, y))
        default: return nil
        }
    default: return nil
    }
}

/// A comparison operator applied to two numbers of one type.
@inline(__always)
func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
    switch op {
    case .less: return a < b
    case .lessEqual: return a <= b
    case .greater: return a > b
    case .greaterEqual: return a >= b
    case .equal: return a == b
    default: return a != b
    }
}

/// A prefix operator.
public enum UnaryOperator: String {
    case negate = "-", plus = "+", not = "not"
}

/// One item of an index expression `a[i, 1:, mask]`.
public enum IndexItem {
    /// A single position (negative counts from the end).
    case int(Int)
    /// `start:stop:step`, any part omitted.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// A boolean mask or an integer array (fancy indexing).
    case array(NDArray)
    /// A `...` that covers no axis: it takes none, but separates the
    /// advanced indices on its two sides, as numpy's does.
    case separator
}
