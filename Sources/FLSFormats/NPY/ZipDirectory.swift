// Reading a zip archive's central directory (with zip64 records) and
// locating each member's data. The archive is read with positioned reads
// (never mapped: see docs/architecture.md, Formats), only the parts needed:
// the end records, the directory, and each local header. Every offset and
// size read from the file is checked against the archive's length before it
// is used, the number of entries against the bytes the directory occupies
// before anything is allocated for them, and members may not overlap each
// other or the directory (several entries sharing one deflate stream are
// how a small file is made to inflate to many times its size).

/// Where a zip archive's bytes come from: a file read with pread, or memory.
protocol ZipSource {
    /// Total size of the archive in bytes.
    var size: Int { get }
    /// `count` bytes at `offset`; the range has been checked against `size`.
    func bytes(at offset: Int, count: Int) throws -> [UInt8]
}

extension FormatFileReader: ZipSource {}

/// An archive held in memory.
struct ZipMemorySource: ZipSource {
    let buffer: UnsafeRawBufferPointer
    var size: Int { buffer.count }
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        Array(buffer[offset..<(offset + count)])
    }
}

/// One member as the central directory describes it, with its data located.
struct ZipEntry {
    var name: String
    /// 0 (stored) or 8 (deflate); others are refused when read.
    var method: Int
    var crc: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    /// Offset of the member's local header.
    var localOffset: Int
    /// Offset of the member's data (after its local header).
    var dataOffset: Int
}

/// The members of a zip archive, in central-directory order.
struct ZipDirectory {
    var entries: [ZipEntry] = []

    /// Parses the directory of the archive in `source`.
    init(source: ZipSource) throws {
        let size = source.size
        func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) | u16(b, at + 2) << 16 }
        func u64(_ b: [UInt8], _ at: Int, _ offset: Int) throws -> Int {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(b[at + i]) << (8 * UInt64(i)) }
            guard value <= UInt64(Int.max) else {
                throw FormatError("a zip64 field holds an impossible size.", offset: offset)
            }
            return Int(value)
        }

        // The end-of-central-directory record is the last 22 bytes, unless
        // the archive has a comment (at most 65,535 bytes) after it.
        guard size >= 22 else { throw FormatError("the file is too short to be a zip archive.") }
        let tailStart = max(0, size - 22 - 0xFFFF)
        let tail = try source.bytes(at: tailStart, count: size - tailStart)
        var endInTail = -1
        var candidate = tail.count - 22
        while candidate >= 0 {
            if u32(tail, candidate) == 0x0605_4B50 && candidate + 22 + u16(tail, candidate + 20) <= tail.count {
                endInTail = candidate
                break
            }
            candidate -= 1
        }
        guard endInTail >= 0 else {
            throw FormatError(
                "no zip end-of-directory record was found; the file is not a zip archive or is truncated.")
        }
        let end = tailStart + endInTail
        var count = u16(tail, endInTail + 10)
        var directorySize = u32(tail, endInTail + 12)
        var directoryOffset = u32(tail, endInTail + 16)
        var directoryLimit = end

        // A zip64 locator right before the record points to the zip64 record.
        if end >= 20 {
            let locator = try source.bytes(at: end - 20, count: 20)
            if u32(locator, 0) == 0x0706_4B50 {
                let recordOffset = try u64(locator, 8, end - 20)
                guard recordOffset <= end - 20 - 56 else {
                    throw FormatError(
                        "the zip64 end-of-directory locator points outside the archive.", offset: end - 20)
                }
                let record = try source.bytes(at: recordOffset, count: 56)
                guard u32(record, 0) == 0x0606_4B50 else {
                    throw FormatError(
                        "the zip64 end-of-directory locator points outside the archive.", offset: end - 20)
                }
                count = try u64(record, 32, recordOffset)
                directorySize = try u64(record, 40, recordOffset)
                directoryOffset = try u64(record, 48, recordOffset)
                directoryLimit = recordOffset
            }
        }
        guard directoryOffset <= directoryLimit, directorySize <= directoryLimit - directoryOffset else {
            throw FormatError(
                "the zip central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the archive.",
                offset: end)
        }
        // Each directory entry takes at least 46 bytes.
        guard count <= directorySize / 46 else {
            throw FormatError(
                "the zip directory claims \(count) members but has room for \(directorySize / 46).", offset: end)
        }
        let directory = try source.bytes(at: directoryOffset, count: directorySize)
        entries.reserveCapacity(count)

        var at = 0
        for index in 0..<count {
            guard at + 46 <= directory.count, u32(directory, at) == 0x0201_4B50 else {
                throw FormatError("zip directory entry \(index) is missing or corrupt.", offset: directoryOffset + at)
            }
            let flags = u16(directory, at + 8)
            let method = u16(directory, at + 10)
            let crc = UInt32(u32(directory, at + 16))
            var compressed = u32(directory, at + 20)
            var uncompressed = u32(directory, at + 24)
            let nameLength = u16(directory, at + 28)
            let extraLength = u16(directory, at + 30)
            let commentLength = u16(directory, at + 32)
            var localOffset = u32(directory, at + 42)
            let nameStart = at + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directory.count else {
                throw FormatError("zip directory entry \(index) runs past the directory.", offset: directoryOffset + at)
            }
            let nameBytes = directory[nameStart..<extraStart]
            let name = nameBytes.withUnsafeBytes { ZipDirectory.decodeName($0) }

            // Zip64 extra field: the 64-bit values appear, in this order, only
            // for the 32-bit fields that hold 0xFFFFFFFF.
            var extra = extraStart
            let extraEnd = extraStart + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(directory, extra)
                let length = u16(directory, extra + 2)
                let body = extra + 4
                guard body + length <= extraEnd else { break }
                if id == 0x0001 {
                    var field = body
                    func next64() throws -> Int {
                        guard field + 8 <= body + length else {
                            throw FormatError(
                                "the zip64 field of member '\(name)' is too short.", offset: directoryOffset + field)
                        }
                        defer { field += 8 }
                        return try u64(directory, field, directoryOffset + field)
                    }
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try next64() }
                    if compressed == 0xFFFF_FFFF { compressed = try next64() }
                    if localOffset == 0xFFFF_FFFF { localOffset = try next64() }
                }
                extra = body + length
            }

            let entryOffset = directoryOffset + at
            if flags & 0x0001 != 0 {
                throw FormatError("zip member '\(name)' is encrypted, which is not supported.", offset: entryOffset)
            }
            guard method == 0 || method == 8 else {
                throw FormatError(
                    "zip member '\(name)' uses compression method \(method); only stored (0) and deflate (8) are supported.",
                    offset: entryOffset)
            }
            if method == 0 && compressed != uncompressed {
                throw FormatError(
                    "stored zip member '\(name)' declares \(compressed) stored bytes but \(uncompressed) uncompressed.",
                    offset: entryOffset)
            }

            // The local header repeats the name; its extra field may differ
            // in length from the directory's, so its own lengths are used.
            guard localOffset <= directoryOffset, directoryOffset - localOffset >= 30 else {
                throw FormatError(
                    "zip member '\(name)' has no local header at offset \(localOffset).", offset: entryOffset)
            }
            let local = try source.bytes(at: localOffset, count: 30)
            guard u32(local, 0) == 0x0403_4B50 else {
                throw FormatError(
                    "zip member '\(name)' has no local header at offset \(localOffset).", offset: entryOffset)
            }
            let localNameLength = u16(local, 26)
            let localExtraLength = u16(local, 28)
            let dataOffset = localOffset + 30 + localNameLength + localExtraLength
            // Member data lies before the central directory, as every zip
            // writer puts it; data inside or after the directory is malformed.
            guard dataOffset <= directoryOffset, compressed <= directoryOffset - dataOffset else {
                throw FormatError(
                    "zip member '\(name)' claims \(compressed) bytes at offset \(dataOffset), past the end of the member data at \(directoryOffset).",
                    offset: localOffset)
            }
            let localName = try source.bytes(at: localOffset + 30, count: localNameLength)
            guard localName.elementsEqual(nameBytes) else {
                throw FormatError("zip member '\(name)' has a different name in its local header.", offset: localOffset)
            }
            entries.append(
                ZipEntry(
                    name: name, method: method, crc: crc, compressedSize: compressed,
                    uncompressedSize: uncompressed, localOffset: localOffset, dataOffset: dataOffset))
            at = next
        }
        try checkNoOverlap()
    }

    /// Refuses entries whose bytes (local header and data) overlap: a real
    /// archive stores each member once, while a zip bomb points many
    /// directory entries at one highly compressed stream.
    func checkNoOverlap() throws {
        let order = entries.indices.sorted { entries[$0].localOffset < entries[$1].localOffset }
        for k in order.indices.dropFirst() {
            let previous = entries[order[k - 1]], current = entries[order[k]]
            let previousEnd = previous.dataOffset + previous.compressedSize
            if current.localOffset < previousEnd {
                throw FormatError(
                    "zip members '\(previous.name)' and '\(current.name)' overlap (bytes \(current.localOffset) to \(previousEnd)); the archive is malformed or a zip bomb.",
                    offset: current.localOffset)
            }
        }
    }

    /// Names are read as UTF-8 when valid (flag bit 11 says so, and most
    /// tools write UTF-8 without setting it) and as Latin-1 otherwise.
    static func decodeName(_ bytes: UnsafeRawBufferPointer) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
