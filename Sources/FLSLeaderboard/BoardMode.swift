/// Which scores the board shows: public during the event, private at the end.
public enum BoardMode: String, Sendable, Codable {
    /// Scores over the public subset of the scored sequences.
    case `public`
    /// Scores over the private subset: the final ranking.
    case final
}
