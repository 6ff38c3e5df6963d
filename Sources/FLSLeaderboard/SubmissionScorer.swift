import FLSFormats

/// Checks a submission's shape against the truth and scores it.
///
/// A row earns `ChallengeContract.points` (100 - 10 i for a correct index at
/// position i); a subset's score is the mean over its scored rows. The public
/// and private scores come from one pass over the rows.
struct SubmissionScorer: Sendable {
    /// What a submission earned, or why it was rejected.
    struct Outcome: Sendable, Equatable {
        /// Mean score over the public scored sequences, -1 when rejected.
        var publicScore: Double
        /// Mean score over the private scored sequences, -1 when rejected.
        var privateScore: Double
        /// The reason for a rejection, nil when accepted.
        var rejection: String?
        /// The validated rows, flattened (5 per row), empty when rejected.
        var flat: [Int]
    }

    let truth: LeaderboardTruth
    static let width = ChallengeContract.guessesPerRow

    /// Validates the shape and scores it; never throws, a bad shape is an outcome.
    func score(_ predictions: SubmissionRequest.Predictions) -> Outcome {
        func reject(_ reason: String) -> Outcome {
            Outcome(publicScore: -1, privateScore: -1, rejection: reason, flat: [])
        }
        let rows: [SubmissionRequest.Row]
        switch predictions {
        case .missing: return reject("The submission has no \"predictions\" field.")
        case .notArray: return reject("\"predictions\" must be an array of rows of 5 person indices.")
        case .rows(let found): rows = found
        }
        guard rows.count == truth.sequences else {
            return reject("Expected \(truth.sequences) rows (one per evaluation sequence), got \(rows.count).")
        }
        var flat = [Int]()
        flat.reserveCapacity(rows.count * Self.width)
        for (r, row) in rows.enumerated() {
            guard case .cells(let cells) = row else {
                return reject("Row \(r) is not an array of 5 person indices.")
            }
            guard cells.count == Self.width else {
                return reject("Row \(r) has \(cells.count) entries; every row needs exactly 5 person indices.")
            }
            let start = flat.count
            for (c, cell) in cells.enumerated() {
                switch cell {
                case .other(let what):
                    return reject("Row \(r), entry \(c) is \(what), not an integer person index.")
                case .integer(let index):
                    if index < 0 || (truth.persons.map { index >= $0 } ?? false) {
                        let range = truth.persons.map { "0..\($0 - 1)" } ?? "0 or more"
                        return reject("Row \(r), entry \(c) is \(index), outside the person indices \(range).")
                    }
                    if flat[start...].contains(index) {
                        return reject("Row \(r) repeats the person index \(index); the 5 guesses of a row must differ.")
                    }
                    flat.append(index)
                }
            }
        }
        let (publicScore, privateScore) = Self.scores(flat: flat, truth: truth)
        return Outcome(publicScore: publicScore, privateScore: privateScore, rejection: nil, flat: flat)
    }

    /// Mean points over the public and the private scored rows of a valid submission.
    static func scores(flat: [Int], truth: LeaderboardTruth) -> (Double, Double) {
        var sums = (0, 0)
        var counts = (0, 0)
        flat.withUnsafeBufferPointer { cells in
            truth.labels.withUnsafeBufferPointer { labels in
                truth.isPublic.withUnsafeBufferPointer { isPublic in
                    for r in 0..<labels.count where labels[r] >= 0 {
                        var points = 0
                        for i in 0..<width where cells[r * width + i] == labels[r] {
                            points += ChallengeContract.positionPoints[i]
                        }
                        if isPublic[r] {
                            sums.0 += points
                            counts.0 += 1
                        } else {
                            sums.1 += points
                            counts.1 += 1
                        }
                    }
                }
            }
        }
        let publicScore = counts.0 == 0 ? 0 : Double(sums.0) / Double(counts.0)
        let privateScore = counts.1 == 0 ? 0 : Double(sums.1) / Double(counts.1)
        return (publicScore, privateScore)
    }
}
