// JPEG failures are phrased as a predicate ("is not a JPEG image") so that the
// caller, who knows where the bytes came from, can name the subject:
// "member person_0000/.../frame_00003.jpg is not a JPEG image".

/// Why JPEG bytes could not be decoded, as a phrase that follows the data's name.
public struct JPEGError: Error, CustomStringConvertible, Sendable {
    /// The predicate, e.g. "is not a JPEG image".
    public var predicate: String

    /// Makes an error from a predicate phrase.
    public init(_ predicate: String) { self.predicate = predicate }

    /// The error as a FormatError about `subject` (e.g. "member a/b.jpg").
    public func naming(_ subject: String) -> FormatError {
        FormatError("\(subject) \(predicate)")
    }

    public var description: String { "the data \(predicate)" }
}
