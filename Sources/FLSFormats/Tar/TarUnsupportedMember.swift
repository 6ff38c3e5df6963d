/// A member the index cannot serve (a sparse file, an unknown type), with the reason.
public struct TarUnsupportedMember: Sendable, Equatable {
    /// The member's path.
    public var path: String
    /// Why it cannot be read, e.g. "is a GNU sparse file".
    public var reason: String
}
