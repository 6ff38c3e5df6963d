// A submission on the wire, as the kit sent it:
// {"submitter": "<team>", "predictions": [[p, p, p, p, p], ...]}.
// The client writes it (and saves the same bytes); the board reads it
// loosely, so that a wrong shape becomes a scored rejection (-1) with a
// reason rather than an HTTP error. A key given twice keeps its last
// value, as Python's and JavaScript's JSON readers do.

/// Writing and reading submission bodies.
public enum ChallengeSubmission {
    /// The body that is saved and sent, with a final newline.
    public static func body(team: String, predictions: [[Int]]) -> [UInt8] {
        let rows = JSONValue.array(predictions.map { row in .array(row.map { .int(Int64($0)) }) })
        let text = JSON.serialize(.object([("submitter", .string(team)), ("predictions", rows)]))
        return Array(text.utf8) + [0x0A]
    }

    /// A body as read by the board.
    public struct Request: Sendable {
        /// The `submitter` field, or nil when it is missing or not a string.
        public var submitter: String?
        /// Whether `submitter` was present at all (for the error message).
        public var hasSubmitter: Bool
        /// The `predictions` field as found.
        public var predictions: Predictions
    }

    /// What the `predictions` field held.
    public enum Predictions: Sendable {
        case missing
        case notArray
        case rows([Row])
    }

    /// One element of `predictions`.
    public enum Row: Sendable {
        case cells([Cell])
        case notArray
    }

    /// One entry of a row: an integer, or something else (described for the error).
    public enum Cell: Sendable, Equatable {
        case integer(Int)
        case other(String)
    }

    /// Reads a body; throws `FormatError` when it is not a JSON object.
    public static func decode(_ bytes: [UInt8]) throws -> Request {
        guard case .object(let members) = try JSON.parse(bytes: bytes) else {
            throw FormatError("The body is not a JSON object.")
        }
        var submitterValue: JSONValue? = nil
        var predictionsValue: JSONValue? = nil
        for (key, value) in members {
            if key == "submitter" { submitterValue = value }
            if key == "predictions" { predictionsValue = value }
        }
        var submitter: String? = nil
        if case .string(let s)? = submitterValue { submitter = s }
        let predictions: Predictions
        switch predictionsValue {
        case nil: predictions = .missing
        case .array(let rows)?: predictions = .rows(rows.map(row))
        default: predictions = .notArray
        }
        return Request(submitter: submitter, hasSubmitter: submitterValue != nil, predictions: predictions)
    }

    static func row(_ value: JSONValue) -> Row {
        guard case .array(let cells) = value else { return .notArray }
        return .cells(cells.map(cell))
    }

    /// 5.0 counts as 5 (the kit compared with numpy, where 5.0 == 5); true, 5.5 and "5" do not.
    static func cell(_ value: JSONValue) -> Cell {
        switch value {
        case .int(let i):
            if let small = Int(exactly: i) { return .integer(small) }
            return .other("the number \(i)")
        case .number(let d):
            if d.isFinite, d == d.rounded(), let i = Int(exactly: d) { return .integer(i) }
            return .other("the number \(d)")
        case .bool: return .other("a boolean")
        case .string(let s): return .other("the string \"\(s.prefix(20))\"")
        case .null: return .other("null")
        case .array, .object: return .other("a nested array or object")
        }
    }
}
