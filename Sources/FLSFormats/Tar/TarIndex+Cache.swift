// The on-disk form of a TarIndex: a fixed header, the flat arrays, the path
// blob, and a trailing fingerprint of everything before it. All integers are
// little-endian 64-bit. Loading validates every count and offset against the
// file's length (and the tar's), and that the paths are sorted and unique,
// before allocating, and any inconsistency means "no usable cache", never a
// crash: the caller then rebuilds.
//
// The trailing fingerprint only detects damage: anyone who can write the
// cache can recompute it. What keeps a crafted cache from serving wrong data
// is that every read checks the tar itself: the member's header (and any
// long-name or pax records before it) must name the requested path and
// size (TarArchive.readMember), and opening spot-checks a few members.
//
//   0   magic "FLSTARIX"            8 bytes
//   8   version (2), byte-order mark 0x01020304   u32 each
//   16  tar size, tar mtime seconds, tar mtime nanoseconds
//   40  member count, path blob length
//   56  directories, links, others, unsupported count, unsupported blob length
//   96  tar absolute path length
//   104 nameEnds, headerOffsets, recordOffsets, sizes, fingerprints   (count x 8 bytes each)
//       path blob, unsupported blob ("path\0reason\0" pairs), tar path
//   end fingerprint of all bytes above (8 bytes)

extension TarIndex {
    static let cacheMagic: [UInt8] = Array("FLSTARIX".utf8)
    static let cacheVersion: UInt32 = 2
    /// Bytes per member in the flat arrays.
    static let cacheBytesPerMember = 40
    static let cacheHeaderSize = 104

    /// Serialises the index; `tarPath` (absolute) is recorded to tell apart
    /// tars whose shared-cache file names collide.
    func cacheBytes(tarPath: String) -> [UInt8] {
        var unsupportedBlob: [UInt8] = []
        for member in unsupported {
            unsupportedBlob += Array(member.path.utf8) + [0] + Array(member.reason.utf8) + [0]
        }
        let pathBytes = Array(tarPath.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Self.cacheHeaderSize + count * Self.cacheBytesPerMember + names.count + unsupportedBlob.count + pathBytes.count + 8)
        out += Self.cacheMagic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func put64(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
        func putArray<T>(_ a: [T]) { a.withUnsafeBytes { out += $0 } }
        put32(Self.cacheVersion)
        put32(0x0102_0304)
        put64(tarSize); put64(Int(tarSeconds)); put64(Int(tarNanoseconds))
        put64(count); put64(names.count)
        put64(directoryCount); put64(linkCount); put64(otherCount)
        put64(unsupported.count); put64(unsupportedBlob.count)
        put64(pathBytes.count)
        // Int and UInt64 are 8 bytes on every platform Swift builds this
        // package for; the byte-order mark rejects caches from the other endianness.
        putArray(nameEnds); putArray(headerOffsets); putArray(recordOffsets); putArray(sizes); putArray(fingerprints)
        out += names; out += unsupportedBlob; out += pathBytes
        let check = out.withUnsafeBytes { Self.checksum($0) }
        withUnsafeBytes(of: check.littleEndian) { out += $0 }
        return out
    }

    /// Parses a cache file's bytes, or returns nil if they are not a valid,
    /// complete cache for a tar at `tarPath`.
    init?(cacheBytes bytes: [UInt8], tarPath: String) {
        guard let parsed = bytes.withUnsafeBytes({ Self.parseCache($0, tarPath: tarPath) }) else { return nil }
        self = parsed
    }

    private static func parseCache(_ raw: UnsafeRawBufferPointer, tarPath: String) -> TarIndex? {
        guard raw.count >= cacheHeaderSize + 8, raw.starts(with: cacheMagic) else { return nil }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func i64(_ at: Int) -> Int { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))) }
        guard u32(8) == cacheVersion, u32(12) == 0x0102_0304 else { return nil }
        let body = raw.count - 8
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: body, as: UInt64.self))
        guard checksum(UnsafeRawBufferPointer(rebasing: raw[0..<body])) == stored else { return nil }

        let count = i64(40), blobLength = i64(48)
        let unsupportedCount = i64(80), unsupportedLength = i64(88), pathLength = i64(96)
        // Every length must be non-negative and all of them must add up to
        // exactly the file's size; checked with overflow-safe arithmetic.
        // Each unsupported member takes at least its two NUL terminators, and a
        // negative tar size would make the member checks below overflow.
        guard count >= 0, blobLength >= 0, unsupportedCount >= 0, unsupportedLength >= 0, pathLength >= 0,
              count <= body / cacheBytesPerMember, unsupportedCount <= unsupportedLength / 2, i64(16) >= 0
        else { return nil }
        var expected = cacheHeaderSize + count * cacheBytesPerMember
        for part in [blobLength, unsupportedLength, pathLength] {
            guard part <= body - expected else { return nil }
            expected += part
        }
        guard expected == body else { return nil }

        func array<T>(_ at: Int, _ n: Int, _: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                if n > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + n * 8)])) }
                initialized = n
            }
        }
        var at = cacheHeaderSize
        let nameEnds = array(at, count, Int.self); at += count * 8
        let headerOffsets = array(at, count, Int.self); at += count * 8
        let recordOffsets = array(at, count, Int.self); at += count * 8
        let sizes = array(at, count, Int.self); at += count * 8
        let fingerprints = array(at, count, UInt64.self); at += count * 8
        let names = Array(raw[at..<(at + blobLength)]); at += blobLength
        let unsupportedBlob = raw[at..<(at + unsupportedLength)]; at += unsupportedLength
        guard raw[at..<(at + pathLength)].elementsEqual(tarPath.utf8) else { return nil }

        let tarSize = i64(16)
        var previousEnd = 0
        for i in 0..<count {
            let end = nameEnds[i], offset = headerOffsets[i], size = sizes[i], record = recordOffsets[i]
            guard end >= previousEnd, end <= blobLength, offset >= 0, size >= 0,
                  offset <= tarSize - TarHeader.blockSize, size <= tarSize - offset - TarHeader.blockSize,
                  record >= 0, record <= offset, offset - record <= maxRecordSpan else { return nil }
            previousEnd = end
        }
        guard previousEnd == blobLength else { return nil }
        // Look-ups are binary searches: the paths must be sorted and unique.
        let sorted: Bool = names.withUnsafeBufferPointer { blob in
            var start = 0
            var previous = UnsafeBufferPointer<UInt8>(rebasing: blob[0..<0])
            for i in 0..<count {
                let current = UnsafeBufferPointer(rebasing: blob[start..<nameEnds[i]])
                if i > 0 && compare(previous, current) >= 0 { return false }
                previous = current
                start = nameEnds[i]
            }
            return true
        }
        guard sorted else { return nil }

        var unsupported: [TarUnsupportedMember] = []
        let fields = unsupportedBlob.split(separator: 0, omittingEmptySubsequences: false)
        guard fields.count == unsupportedCount * 2 + 1, fields.last?.isEmpty == true else { return nil }
        for k in 0..<unsupportedCount {
            unsupported.append(TarUnsupportedMember(path: String(decoding: fields[2 * k], as: UTF8.self),
                                                    reason: String(decoding: fields[2 * k + 1], as: UTF8.self)))
        }

        var index = TarIndex(names: names, nameEnds: nameEnds, headerOffsets: headerOffsets, recordOffsets: recordOffsets,
                             sizes: sizes, fingerprints: fingerprints)
        index.tarSize = tarSize
        index.tarSeconds = Int64(i64(24))
        index.tarNanoseconds = Int64(i64(32))
        index.directoryCount = i64(56)
        index.linkCount = i64(64)
        index.otherCount = i64(72)
        index.unsupported = unsupported
        return index
    }

    /// The most bytes of long-name and pax records one member may have
    /// before its header (the scanner's limits plus their headers).
    static let maxRecordSpan = TarScanner.maxLongNameSize + TarScanner.maxPaxHeaderSize + 64 * TarHeader.blockSize

    /// A fast 64-bit fingerprint of a byte range (four multiply-xor lanes), used
    /// to detect a damaged or half-written cache file.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01B3
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15, b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var c: UInt64 = 0x1656_67B1_9E37_79F9, d: UInt64 = 0x27D4_EB2F_1656_67C5
        var i = 0
        let n = bytes.count
        while i + 32 <= n {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime; a ^= a >> 29
            b = (b ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* prime; b ^= b >> 29
            c = (c ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* prime; c ^= c >> 29
            d = (d ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* prime; d ^= d >> 29
            i += 32
        }
        while i < n {
            a = (a ^ UInt64(bytes[i])) &* prime
            i += 1
        }
        var h = a ^ (b &* 31) ^ (c &* 1_000_003) ^ (d &* 0x5851_F42D_4C95_7F2D) ^ UInt64(n)
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 33
        return h
    }
}
