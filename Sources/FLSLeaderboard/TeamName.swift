import Foundation

/// A team name as the board stores and shows it.
enum TeamName {
    /// The longest name accepted, in characters (grapheme clusters).
    static let maxLength = 64

    /// Trims, normalises (NFC, so visually equal names are one team) and checks a
    /// submitter; returns the name or throws a message for the 400 reply.
    static func validate(_ raw: String) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !name.isEmpty else {
            throw LeaderboardError("The submitter (team name) is empty; send a name of 1 to \(maxLength) characters.")
        }
        guard name.count <= maxLength else {
            throw LeaderboardError("The submitter (team name) has \(name.count) characters; the limit is \(maxLength).")
        }
        for scalar in name.unicodeScalars where isRefused(scalar) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw LeaderboardError("The submitter (team name) contains the control character U+\(code); use printable characters only.")
        }
        return name
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
