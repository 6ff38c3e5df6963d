import Foundation

/// A team name as the board stores and shows it.
///
/// Lengths are counted in Unicode scalars and UTF-8 bytes, never in
/// characters (grapheme clusters): one character can hold any number of
/// combining marks, so "a" followed by two million of them would count as 1.
enum TeamName {
    /// The longest name accepted, in Unicode scalars (after NFC).
    static let maxLength = 64
    /// The longest name accepted, in UTF-8 bytes (after NFC).
    static let maxBytes = 256
    /// Raw submitters longer than this many UTF-8 bytes are refused before
    /// any normalisation work is spent on them.
    static let maxRawBytes = 1024

    /// Trims, normalises (NFC, so visually equal names are one team) and checks a
    /// submitter; returns the name or throws a message for the 400 reply.
    static func validate(_ raw: String) throws -> String {
        guard raw.utf8.count <= maxRawBytes else {
            throw tooLong("is \(raw.utf8.count) bytes long")
        }
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !name.isEmpty else {
            throw LeaderboardError("The submitter (team name) is empty; send a name of 1 to \(maxLength) characters.")
        }
        let scalars = name.unicodeScalars.count
        guard scalars <= maxLength else { throw tooLong("has \(scalars) Unicode characters") }
        guard name.utf8.count <= maxBytes else { throw tooLong("is \(name.utf8.count) bytes long in UTF-8") }
        for scalar in name.unicodeScalars where isRefused(scalar) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw LeaderboardError(
                "The submitter (team name) contains the control character U+\(code); use printable characters only.")
        }
        return name
    }

    private static func tooLong(_ what: String) -> LeaderboardError {
        LeaderboardError(
            "The submitter (team name) \(what); the limit is \(maxLength) Unicode characters (code points, accents counted separately) and \(maxBytes) bytes."
        )
    }

    /// Control characters, and the invisible format characters that could make a
    /// name impersonate another on the page (bidi overrides, zero-width joiners).
    static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
            return true
        default:
            return false
        }
    }
}
