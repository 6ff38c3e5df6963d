import Foundation

/// A snapshot of the leaderboard: one entry per team, best first.
struct Board: Sendable {
    /// One team's line.
    struct Entry: Sendable, Equatable {
        /// Competition rank ("1224"): 1 + the number of teams with a better score.
        var rank: Int
        var team: String
        /// The score shown in this mode (-1 when the team has only rejected submissions).
        var score: Double
        /// The team's best public score (also shown in final mode, for comparison).
        var publicScore: Double
        /// All submissions the team made, rejected ones included.
        var submissions: Int
        /// Time of the last submission, ISO 8601 in UTC.
        var lastSubmission: String
    }

    var mode: BoardMode
    /// Evaluation sequences expected in a submission.
    var sequences: Int
    /// Scored sequences that the shown score covers.
    var scoredSequences: Int
    var entries: [Entry]

    /// Formats a Unix time as `2019-11-28T14:03:07Z`. Done by hand because
    /// creating a Foundation date formatter per row made the page 10x slower.
    static func isoTime(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "?" }
        let total = Int(seconds.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}
