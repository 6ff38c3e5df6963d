import Foundation

/// The body of `POST /orcam/api`, decoded loosely so that a wrong shape becomes
/// a scored rejection (score -1) rather than an HTTP error.
struct SubmissionRequest: Decodable {
    /// The `submitter` field, or nil when it is missing or not a string.
    var submitter: String?
    /// Whether `submitter` was present at all (for the error message).
    var hasSubmitter: Bool
    /// The `predictions` field as found.
    var predictions: Predictions

    /// What the `predictions` field held.
    enum Predictions {
        case missing
        case notArray
        case rows([Row])
    }

    /// One element of `predictions`.
    enum Row: Decodable {
        case cells([Cell])
        case notArray

        init(from decoder: Decoder) throws {
            if let cells = try? decoder.singleValueContainer().decode([Cell].self) {
                self = .cells(cells)
            } else {
                self = .notArray
            }
        }
    }

    /// One entry of a row: an integer, or something else (described for the error).
    enum Cell: Decodable {
        case integer(Int)
        case other(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            // Integers come first: they are almost every cell, and a failed
            // decode costs a thrown error. Foundation's decoder reads 5.0 as 5
            // (as the kit's numpy comparison did) and refuses true and 5.5 here.
            if let integer = try? container.decode(Int.self) {
                self = .integer(integer)
            } else if (try? container.decode(Bool.self)) != nil {
                self = .other("a boolean")
            } else if let text = try? container.decode(String.self) {
                self = .other("the string \"\(text.prefix(20))\"")
            } else if let number = try? container.decode(Double.self) {
                self = .other("the number \(number)")
            } else if container.decodeNil() {
                self = .other("null")
            } else {
                self = .other("a nested array or object")
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case submitter, predictions
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hasSubmitter = container.contains(.submitter)
        submitter = try? container.decode(String.self, forKey: .submitter)
        if !container.contains(.predictions) {
            predictions = .missing
        } else if let rows = try? container.decode([Row].self, forKey: .predictions) {
            predictions = .rows(rows)
        } else {
            predictions = .notArray
        }
    }
}
