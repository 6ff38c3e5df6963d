import FLSFormats
import Foundation

/// The hidden labels of the evaluation sequences and their public/private split.
///
/// The file is read by `ChallengeTruth` (FLSFormats), in either layout: ours,
/// written by `fls sample-data` (`{"format": "fls-leaderboard-truth",
/// "version": 1, "sequences": N, "labels": [p0, p1, ...]}`), or the kit's
/// mapping `{"seq_0000": 93, ...}`; -1 marks a sequence that is not scored.
/// An optional `"persons": P` bounds the valid prediction indices to `0..<P`;
/// without it only negative indices are out of range.
public struct LeaderboardTruth: Sendable {
    /// The person index of each evaluation sequence, -1 when not scored.
    public let labels: [Int]
    /// The number of training persons, when the truth file says it.
    public let persons: Int?
    /// Whether each sequence counts on the public board (false for unscored ones too).
    public let isPublic: [Bool]
    /// Identifies the labels, the fraction and the seed, so a database is never
    /// reused with a different truth or split.
    public let fingerprint: String

    /// Truth files bigger than this are refused before reading: a real event has
    /// a few thousand sequences, so 256 MB is a generous bound.
    static let maxFileBytes = 256 << 20

    /// The number of evaluation sequences (rows expected in a submission).
    public var sequences: Int { labels.count }
    /// The number of scored sequences on the public board.
    public var publicCount: Int { isPublic.lazy.filter { $0 }.count }
    /// The number of scored sequences (label >= 0).
    public var scoredCount: Int { labels.lazy.filter { $0 >= 0 }.count }

    /// Reads and checks a truth file, then splits its scored sequences.
    public static func load(path: String, publicFraction: Double, seed: UInt64) throws -> LeaderboardTruth {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw LeaderboardError(
                "Cannot read the truth file \(path): it does not exist or is not readable; pass the file written by `fls sample-data` with --truth."
            )
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxFileBytes else {
            throw LeaderboardError(
                "The truth file \(path) is \(size) bytes, more than the \(maxFileBytes)-byte limit; check that --truth names the truth JSON and not a data file."
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LeaderboardError("Cannot read the truth file \(path); check its permissions.")
        }
        return try parse(data, name: path, publicFraction: publicFraction, seed: seed)
    }

    /// Parses a truth file in either layout (ChallengeTruth); `name` only appears in error messages.
    static func parse(_ data: Data, name: String, publicFraction: Double, seed: UInt64) throws -> LeaderboardTruth {
        let file: ChallengeTruth
        do {
            file = try ChallengeTruth.parse(bytes: [UInt8](data), name: name)
        } catch let error as FormatError {
            throw LeaderboardError(error.message)
        }
        let labels = file.labels
        let isPublic = split(labels: labels, publicFraction: publicFraction, seed: seed)
        return LeaderboardTruth(
            labels: labels, persons: file.persons, isPublic: isPublic,
            fingerprint: fingerprint(labels: labels, persons: file.persons, publicFraction: publicFraction, seed: seed))
    }

    /// Chooses the public sequences: every scored sequence gets the key
    /// `splitmix64(seed &+ index)`, and the `round(fraction * scored)` ones with the
    /// smallest keys (ties by index) are public. The rule needs nothing from
    /// Swift's library that could change between versions, so a split can be
    /// reproduced anywhere (a few lines of Python) from the seed alone.
    static func split(labels: [Int], publicFraction: Double, seed: UInt64) -> [Bool] {
        var scored: [(key: UInt64, index: Int)] = []
        scored.reserveCapacity(labels.count)
        for (index, label) in labels.enumerated() where label >= 0 {
            scored.append((splitMix64(seed &+ UInt64(index)), index))
        }
        scored.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        let wanted = Int((publicFraction * Double(scored.count)).rounded())
        var isPublic = [Bool](repeating: false, count: labels.count)
        for entry in scored.prefix(max(0, min(wanted, scored.count))) {
            isPublic[entry.index] = true
        }
        return isPublic
    }

    /// The SplitMix64 finaliser: a well-mixed 64-bit hash of one 64-bit value.
    static func splitMix64(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over the labels and the split settings, as hex text.
    static func fingerprint(labels: [Int], persons: Int?, publicFraction: Double, seed: UInt64) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ value: UInt64) {
            var v = value
            for _ in 0..<8 {
                hash = (hash ^ (v & 0xFF)) &* 0x0000_0100_0000_01B3
                v >>= 8
            }
        }
        mix(UInt64(labels.count))
        for label in labels { mix(UInt64(bitPattern: Int64(label))) }
        mix(UInt64(bitPattern: Int64(persons ?? -1)))
        mix(publicFraction.bitPattern)
        mix(seed)
        return String(hash, radix: 16)
    }
}
