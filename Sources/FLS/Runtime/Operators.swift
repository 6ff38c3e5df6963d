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
}
