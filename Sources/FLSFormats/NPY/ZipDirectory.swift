// Reading a zip archive's central directory (with zip64 records) and
// locating each member's data. Every offset and size read from the file is
// checked against the archive's length before it is used, and the number of
// entries against the bytes the directory occupies before anything is
// allocated for them.

/// One member as the central directory describes it, with its data located.
struct ZipEntry {
    var name: String
    /// 0 (stored) or 8 (deflate); others are refused when read.
    var method: Int
    var crc: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    /// Offset of the member's data (after its local header).
    var dataOffset: Int
}

/// The members of a zip archive, in central-directory order.
struct ZipDirectory {
    var entries: [ZipEntry] = []

    /// Parses the directory of the archive in `bytes`.
    init(bytes: UnsafeRawBufferPointer) throws {
        let size = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self).littleEndian) }
        func u32(_ at: Int) -> Int { Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian) }
        func u64(_ at: Int) throws -> Int {
            let value = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
            guard value <= UInt64(Int.max) else { throw FormatError("a zip64 field holds an impossible size.", offset: at) }
            return Int(value)
        }

        // The end-of-central-directory record is the last 22 bytes, unless
        // the archive has a comment (at most 65,535 bytes) after it.
        guard size >= 22 else { throw FormatError("the file is too short to be a zip archive.") }
        var end = -1
        var candidate = size - 22
        while candidate >= max(0, size - 22 - 0xFFFF) {
            if u32(candidate) == 0x0605_4B50 && candidate + 22 + u16(candidate + 20) <= size {
                end = candidate
                break
            }
            candidate -= 1
        }
        guard end >= 0 else { throw FormatError("no zip end-of-directory record was found; the file is not a zip archive or is truncated.") }
        var count = u16(end + 10)
        var directorySize = u32(end + 12)
        var directoryOffset = u32(end + 16)
        var directoryLimit = end

        // A zip64 locator right before the record points to the zip64 record.
        if end >= 20, u32(end - 20) == 0x0706_4B50 {
            let recordOffset = try u64(end - 20 + 8)
            guard recordOffset <= end - 20 - 56, u32(recordOffset) == 0x0606_4B50 else {
                throw FormatError("the zip64 end-of-directory locator points outside the archive.", offset: end - 20)
            }
            count = try u64(recordOffset + 32)
            directorySize = try u64(recordOffset + 40)
            directoryOffset = try u64(recordOffset + 48)
            directoryLimit = recordOffset
        }
        guard directoryOffset <= directoryLimit, directorySize <= directoryLimit - directoryOffset else {
            throw FormatError("the zip central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the archive.", offset: end)
        }
        // Each directory entry takes at least 46 bytes.
        guard count <= directorySize / 46 else {
            throw FormatError("the zip directory claims \(count) members but has room for \(directorySize / 46).", offset: end)
        }
        entries.reserveCapacity(count)

        var at = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for index in 0..<count {
            guard at + 46 <= directoryEnd, u32(at) == 0x0201_4B50 else {
                throw FormatError("zip directory entry \(index) is missing or corrupt.", offset: at)
            }
            let flags = u16(at + 8)
            let method = u16(at + 10)
            let crc = UInt32(u32(at + 16))
            var compressed = u32(at + 20)
            var uncompressed = u32(at + 24)
            let nameLength = u16(at + 28)
            let extraLength = u16(at + 30)
            let commentLength = u16(at + 32)
            var localOffset = u32(at + 42)
            let nameStart = at + 46
            let extraStart = nameStart + nameLength
            let next = extraStart + extraLength + commentLength
            guard next <= directoryEnd else {
                throw FormatError("zip directory entry \(index) runs past the directory.", offset: at)
            }
            let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<extraStart])
            let name = ZipDirectory.decodeName(nameBytes)

            // Zip64 extra field: the 64-bit values appear, in this order, only
            // for the 32-bit fields that hold 0xFFFFFFFF.
            var extra = extraStart
            let extraEnd = extraStart + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra)
                let length = u16(extra + 2)
                let body = extra + 4
                guard body + length <= extraEnd else { break }
                if id == 0x0001 {
                    var field = body
                    func next64() throws -> Int {
                        guard field + 8 <= body + length else {
                            throw FormatError("the zip64 field of member '\(name)' is too short.", offset: field)
                        }
                        defer { field += 8 }
                        return try u64(field)
                    }
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try next64() }
                    if compressed == 0xFFFF_FFFF { compressed = try next64() }
                    if localOffset == 0xFFFF_FFFF { localOffset = try next64() }
                }
                extra = body + length
            }

            if flags & 0x0001 != 0 {
                throw FormatError("zip member '\(name)' is encrypted, which is not supported.", offset: at)
            }
            guard method == 0 || method == 8 else {
                throw FormatError("zip member '\(name)' uses compression method \(method); only stored (0) and deflate (8) are supported.", offset: at)
            }
            if method == 0 && compressed != uncompressed {
                throw FormatError("stored zip member '\(name)' declares \(compressed) stored bytes but \(uncompressed) uncompressed.", offset: at)
            }

            // The local header repeats the name; its extra field may differ
            // in length from the directory's, so its own lengths are used.
            guard localOffset <= size - 30, u32(localOffset) == 0x0403_4B50 else {
                throw FormatError("zip member '\(name)' has no local header at offset \(localOffset).", offset: at)
            }
            let localNameLength = u16(localOffset + 26)
            let localExtraLength = u16(localOffset + 28)
            let dataOffset = localOffset + 30 + localNameLength + localExtraLength
            guard dataOffset <= size, compressed <= size - dataOffset else {
                throw FormatError("zip member '\(name)' claims \(compressed) bytes at offset \(dataOffset) but the archive has \(size) bytes.", offset: localOffset)
            }
            let localName = UnsafeRawBufferPointer(rebasing: bytes[(localOffset + 30)..<(localOffset + 30 + localNameLength)])
            guard localName.elementsEqual(nameBytes) else {
                throw FormatError("zip member '\(name)' has a different name in its local header.", offset: localOffset)
            }
            entries.append(ZipEntry(name: name, method: method, crc: crc, compressedSize: compressed,
                                    uncompressedSize: uncompressed, dataOffset: dataOffset))
            at = next
        }
    }

    /// Names are read as UTF-8 when valid (flag bit 11 says so, and most
    /// tools write UTF-8 without setting it) and as Latin-1 otherwise.
    static func decodeName(_ bytes: UnsafeRawBufferPointer) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
