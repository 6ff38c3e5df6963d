import FLSFormats

// The board's replies are written by the project's one JSON library
// (FLSFormats/JSON), like every other JSON that FLS reads or writes. Keys
// are in sorted order, so a reply reads the same whatever produced it.

/// A value the board sends back as JSON.
protocol JSONReply {
    var jsonValue: JSONValue { get }
}

extension Board: JSONReply {
    var jsonValue: JSONValue {
        .object([
            ("entries", .array(entries.map(\.jsonValue))),
            ("mode", .string(mode.rawValue)),
            ("scored_sequences", .int(Int64(scoredSequences))),
            ("sequences", .int(Int64(sequences))),
        ])
    }
}

extension Board.Entry: JSONReply {
    var jsonValue: JSONValue {
        .object([
            ("last_submission", .string(lastSubmission)),
            ("public_score", .number(publicScore)),
            ("rank", .int(Int64(rank))),
            ("score", .number(score)),
            ("submissions", .int(Int64(submissions))),
            ("team", .string(team)),
        ])
    }
}

extension LeaderboardService.SubmissionReply: JSONReply {
    var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = []
        if let error { members.append(("error", .string(error))) }
        members += [("member", .string(member)), ("rank", .int(Int64(rank))), ("score", .number(score))]
        return .object(members)
    }
}

/// Plain messages: `{"error": "..."}`, `{"mode": "final"}`.
extension Dictionary: JSONReply where Key == String, Value == String {
    var jsonValue: JSONValue {
        .object(keys.sorted().map { ($0, .string(self[$0] ?? "")) })
    }
}
