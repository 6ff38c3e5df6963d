// The index of a tar's regular members, sorted by path. It is stored as a
// few flat arrays and one byte blob of UTF-8 paths rather than an array of
// structs holding Strings: a 600,000-member index then loads from its cache
// with a handful of copies instead of 600,000 string allocations, and path
// look-ups are binary searches over the sorted blob.

/// The regular members of a tar (sorted by path) plus counts of everything else.
public struct TarIndex: Sendable {
    /// The sorted members' UTF-8 paths, back to back.
    var names: [UInt8]
    /// End of each member's path in `names` (its start is the previous end).
    var nameEnds: [Int]
    /// Offset of each member's own header.
    var headerOffsets: [Int]
    /// Offset of the first block of each member's record: the first GNU
    /// long-name or pax header that describes it, or its own header when
    /// none does. Reads re-derive the member's name from these blocks.
    var recordOffsets: [Int]
    /// Data size of each member.
    var sizes: [Int]
    /// TarHeader.fingerprint of each member's header block, checked before reads.
    var fingerprints: [UInt64]

    /// Number of directories in the tar.
    public internal(set) var directoryCount = 0
    /// Number of hard and symbolic links in the tar.
    public internal(set) var linkCount = 0
    /// Number of other special members (devices, FIFOs, volume labels).
    public internal(set) var otherCount = 0
    /// Members that exist but cannot be read (sparse files, unknown types).
    public internal(set) var unsupported: [TarUnsupportedMember] = []

    /// The tar's size and modification time when the index was made.
    var tarSize = 0
    var tarSeconds: Int64 = 0
    var tarNanoseconds: Int64 = 0

    /// Number of regular members.
    public var count: Int { nameEnds.count }

    /// The UTF-8 path bytes of member `i`.
    func nameRange(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : nameEnds[i - 1])..<nameEnds[i]
    }

    /// The path of member `i` (0 <= i < count).
    public func path(at i: Int) -> String {
        names.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[nameRange(i)]), as: UTF8.self) }
    }

    /// Member `i` (0 <= i < count).
    public func entry(at i: Int) -> TarEntry {
        TarEntry(path: path(at: i), headerOffset: headerOffsets[i], size: sizes[i])
    }

    /// The position of `path` in the sorted member list, if it is a member.
    /// A leading "./" is ignored, as it is in the index.
    public func position(of path: String) -> Int? {
        var path = path
        return path.withUTF8 { query in
            var query = query
            while query.count >= 2 && query[0] == 0x2E && query[1] == 0x2F {
                query = UnsafeBufferPointer(rebasing: query[2...])
            }
            return names.withUnsafeBufferPointer { blob in
                var low = 0
                var high = nameEnds.count
                while low < high {
                    let middle = (low + high) / 2
                    let order = Self.compare(UnsafeBufferPointer(rebasing: blob[nameRange(middle)]), query)
                    if order == 0 { return middle }
                    if order < 0 { low = middle + 1 } else { high = middle }
                }
                return nil
            }
        }
    }

    /// Byte-wise comparison (the order of Python's sorted() on str, since
    /// UTF-8 byte order equals code point order): negative, zero or positive.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let shared = min(a.count, b.count)
        if shared > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            let order = memcmp(pa, pb, shared)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
