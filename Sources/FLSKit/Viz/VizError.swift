/// An error raised by the picture primitives, with a message a user can act on.
public struct VizError: Error, CustomStringConvertible, Equatable {
    /// The one-sentence explanation shown to the user.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Multiplies sizes read from user data, throwing instead of trapping on overflow.
func checkedProduct(_ factors: [Int], what: String) throws -> Int {
    var total = 1
    for factor in factors {
        guard factor >= 0 else { throw VizError("\(what) has a negative dimension (\(factor)).") }
        let (product, overflow) = total.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw VizError("\(what) is too large: its size overflows.") }
        total = product
    }
    return total
}
