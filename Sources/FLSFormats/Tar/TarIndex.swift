// The index of a tar's regular members, sorted by path. It is stored as a
// few flat buffers and one byte blob of UTF-8 paths rather than an array of
// structs holding Strings: a 600,000-member index then opens from its cache
// as a mapping of the cache file (no copy, no string allocation), its paths
// are a packed str column as they are, and path look-ups are binary
// searches over the sorted blob.

/// The regular members of a tar (sorted by path) plus counts of everything else.
public struct TarIndex: Sendable {
    /// The sorted members' UTF-8 paths, back to back.
    var names: Buffer<UInt8>
    /// Member i's path is names[nameOffsets[i]..<nameOffsets[i + 1]]
    /// (count + 1 offsets, the first 0: Arrow's layout).
    var nameOffsets: Buffer<Int>
    /// Offset of each member's own header.
    var headerOffsets: Buffer<Int>
    /// Offset of the first block of each member's record: the first GNU
    /// long-name or pax header that describes it, or its own header when
    /// none does. Reads re-derive the member's name from these blocks.
    var recordOffsets: Buffer<Int>
    /// Data size of each member.
    var sizes: Buffer<Int>
    /// TarHeader.fingerprint of each member's header block, checked before reads.
    var fingerprints: Buffer<UInt64>

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
    public var count: Int { Swift.max(nameOffsets.count - 1, 0) }

    /// The UTF-8 path bytes of member `i`.
    func nameRange(_ i: Int) -> Range<Int> {
        nameOffsets[i]..<nameOffsets[i + 1]
    }

    /// The sorted paths as a packed str column sharing the index's buffers.
    public var pathColumn: StringColumn {
        StringColumn(packed: PackedStrings(bytes: names, offsets: count == 0 ? [0] : nameOffsets))
    }

    /// The path of member `i` (0 <= i < count).
    public func path(at i: Int) -> String {
        names.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[nameRange(i)]), as: UTF8.self)
        }
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
                var high = count
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
