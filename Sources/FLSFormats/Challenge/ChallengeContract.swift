// The challenge's contract, in one place: how a ranking is scored, what the
// truth file says, and what a submission looks like on the wire. `evaluate`
// and `submit` (FLSKit), `fls sample-data` and the leaderboard server all
// read and write these through this file and the ones beside it
// (ChallengeTruth, ChallengeSubmission), with the one JSON library (JSON/).

/// The scoring rule of the Faceless challenge.
public enum ChallengeContract {
    /// A submission row holds this many person indices, best guess first.
    public static let guessesPerRow = 5

    /// Points for a correct person at position i (0-based) of a row: 100 - 10i.
    public static let positionPoints: [Int] = (0..<guessesPerRow).map { 100 - 10 * $0 }
}
