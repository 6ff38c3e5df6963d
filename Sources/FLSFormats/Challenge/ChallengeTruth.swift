// The truth file: the person of every evaluation sequence, -1 for an
// identity that is not scored. Two layouts are read:
//
// - ours, written by `fls sample-data`:
//   {"format": "fls-leaderboard-truth", "version": 1, "sequences": N,
//    "persons": P, "labels": [p0, p1, ...]}  ("persons" is optional)
// - the kit's: a mapping from sequence name to person,
//   {"seq_0000": 93, "seq_0001": -1, ...}. Sequences are ordered by the
//   number at the end of their name (then by name), which is their order of
//   appearance and so the order of a submission's rows.

/// The labels of the evaluation sequences, in submission row order.
public struct ChallengeTruth: Equatable, Sendable {
    /// The person index of each sequence, or -1 when it is not scored.
    public var labels: [Int]
    /// The number of training persons, when known (bounds valid predictions).
    public var persons: Int?
    /// The sequence names, for a truth read from the kit's layout.
    public var names: [String]?

    /// The `format` our layout declares, and its version.
    public static let format = "fls-leaderboard-truth"
    public static let version = 1

    /// Makes a truth from labels.
    public init(labels: [Int], persons: Int? = nil, names: [String]? = nil) {
        self.labels = labels
        self.persons = persons
        self.names = names
    }

    /// Our layout as a JSON value.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("format", .string(Self.format)), ("version", .int(Int64(Self.version))),
            ("sequences", .int(Int64(labels.count))),
        ]
        if let persons { members.append(("persons", .int(Int64(persons)))) }
        members.append(("labels", .array(labels.map { .int(Int64($0)) })))
        return .object(members)
    }

    /// Our layout as the text of a file (one line, then a newline).
    public var fileText: String { JSON.serialize(json) + "\n" }

    /// Reads either layout; `name` appears in the messages.
    public static func parse(bytes: [UInt8], name: String) throws -> ChallengeTruth {
        let value: JSONValue
        do {
            value = try JSON.parse(bytes: bytes)
        } catch {
            throw FormatError(
                "The truth file \(name) is not valid truth JSON (\(error)); pass eval_truth.json from `fls sample-data` or the kit's {\"seq_0000\": 93, ...} mapping."
            )
        }
        guard case .object(let members) = value else {
            throw FormatError(
                "The truth file \(name) is not valid truth JSON: it must be an object, either {\"format\": \"fls-leaderboard-truth\", ...} or the kit's {\"seq_0000\": 93, ...}."
            )
        }
        if members.contains(where: { $0.0 == "format" }) {
            return try parseOurs(members, name: name)
        }
        if !members.isEmpty, members.allSatisfy({ if case .int = $0.1 { return true } else { return false } }) {
            return try parseKit(members, name: name)
        }
        throw FormatError(
            "The truth file \(name) does not say \"format\": \"fls-leaderboard-truth\", and it is not the kit's mapping from sequence to person ({\"seq_0000\": 93, ...}, -1 for extra identities)."
        )
    }

    static func parseOurs(_ members: [(String, JSONValue)], name: String) throws -> ChallengeTruth {
        var fields: [String: JSONValue] = [:]
        for (key, value) in members { fields[key] = value }  // a repeated key keeps its last value
        guard case .string(Self.format)? = fields["format"] else {
            throw FormatError(
                "The truth file \(name) does not say \"format\": \"\(Self.format)\"; pass the truth file written by `fls sample-data` or the kit's {\"seq_0000\": 93, ...} mapping."
            )
        }
        guard case .int(let version)? = fields["version"], version == Int64(Self.version) else {
            let shown = fields["version"].map { JSON.serialize($0) } ?? "none"
            throw FormatError(
                "The truth file \(name) has version \(shown), but this board reads version \(Self.version); regenerate it with this version of fls."
            )
        }
        guard case .int(let sequences)? = fields["sequences"], case .array(let items)? = fields["labels"] else {
            throw FormatError(
                "The truth file \(name) lacks \"sequences\" or \"labels\" (or they are not an integer and a list); regenerate it with `fls sample-data`."
            )
        }
        var labels: [Int] = []
        labels.reserveCapacity(items.count)
        for item in items {
            guard case .int(let label) = item, let small = Int(exactly: label) else {
                throw FormatError(
                    "The truth file \(name) is not valid truth JSON (labels must be integers); regenerate it with `fls sample-data`."
                )
            }
            labels.append(small)
        }
        guard Int(sequences) == labels.count else {
            throw FormatError(
                "The truth file \(name) says \(sequences) sequences but lists \(labels.count) labels; regenerate it with `fls sample-data`."
            )
        }
        var persons: Int? = nil
        if let p = fields["persons"] {
            guard case .int(let count) = p, count > 0, let small = Int(exactly: count) else {
                throw FormatError(
                    "The truth file \(name) says \"persons\": \(JSON.serialize(p)); it must be a positive integer when present."
                )
            }
            persons = small
        }
        return try checked(ChallengeTruth(labels: labels, persons: persons), name: name)
    }

    static func parseKit(_ members: [(String, JSONValue)], name: String) throws -> ChallengeTruth {
        var byName: [String: Int] = [:]
        for (key, value) in members {
            guard case .int(let label) = value, let small = Int(exactly: label) else { continue }
            byName[key] = small  // a repeated key keeps its last value, as Python's json does
        }
        let names = byName.keys.sorted { a, b in
            let (na, nb) = (trailingNumber(a), trailingNumber(b))
            if na != nb { return (na ?? Int.max) < (nb ?? Int.max) }
            return a < b
        }
        let labels = names.map { byName[$0] ?? -1 }
        return try checked(ChallengeTruth(labels: labels, persons: nil, names: names), name: name)
    }

    /// The number a sequence name ends with (`seq_0042` -> 42), or nil.
    static func trailingNumber(_ name: String) -> Int? {
        let digits = name.utf8.reversed().prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        return Int(String(decoding: digits.reversed(), as: UTF8.self))
    }

    static func checked(_ truth: ChallengeTruth, name: String) throws -> ChallengeTruth {
        let labels = truth.labels
        guard !labels.isEmpty else {
            throw FormatError("The truth file \(name) lists no sequences, so there is nothing to score.")
        }
        if let bad = labels.firstIndex(where: { $0 < -1 }) {
            throw FormatError(
                "The truth file \(name) has label \(labels[bad]) for sequence \(truth.names?[bad] ?? String(bad)); labels are person indices or -1 for unscored sequences."
            )
        }
        if let persons = truth.persons, let bad = labels.firstIndex(where: { $0 >= persons }) {
            throw FormatError(
                "The truth file \(name) has label \(labels[bad]) for sequence \(bad), but only \(persons) persons; regenerate it with `fls sample-data`."
            )
        }
        return truth
    }
}
