// The on-disk form of a TarIndex: a fixed header, the flat arrays, the path
// blob, and a trailing fingerprint of everything before it. Every array is
// 8-byte aligned in the file, so a cache opens as a mapping: the index's
// buffers (and `a.paths`, a packed str column) are views of the cache file. All integers are
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
//   8   version (3), byte-order mark 0x01020304   u32 each
//   16  tar size, tar mtime seconds, tar mtime nanoseconds
//   40  member count, path blob length
//   56  directories, links, others, unsupported count, unsupported blob length
//   96  tar absolute path length
//   104 nameOffsets ((count + 1) x 8 bytes, the first 0), then headerOffsets,
//       recordOffsets, sizes, fingerprints   (count x 8 bytes each)
//       path blob, unsupported blob ("path\0reason\0" pairs), tar path
//   end fingerprint of all bytes above (8 bytes)

extension TarIndex {
    static let cacheMagic: [UInt8] = Array("FLSTARIX".utf8)
    static let cacheVersion: UInt32 = 3
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
        out.reserveCapacity(
            Self.cacheHeaderSize + 8 + count * Self.cacheBytesPerMember + names.count + unsupportedBlob.count
                + pathBytes.count + 8)
        out += Self.cacheMagic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func put64(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
        func putArray<T>(_ a: Buffer<T>) { a.withUnsafeBytes { out += $0 } }
        put32(Self.cacheVersion)
        put32(0x0102_0304)
        put64(tarSize); put64(Int(tarSeconds)); put64(Int(tarNanoseconds))
        put64(count); put64(names.count)
        put64(directoryCount); put64(linkCount); put64(otherCount)
        put64(unsupported.count); put64(unsupportedBlob.count)
        put64(pathBytes.count)
        // Int and UInt64 are 8 bytes on every platform Swift builds this
        // package for; the byte-order mark rejects caches from the other endianness.
        putArray(count == 0 ? [0] : nameOffsets); putArray(headerOffsets); putArray(recordOffsets); putArray(sizes);
        putArray(fingerprints)
        names.withUnsafeBytes { out += $0 }
        out += unsupportedBlob; out += pathBytes
        let check = out.withUnsafeBytes { Self.checksum($0) }
        withUnsafeBytes(of: check.littleEndian) { out += $0 }
        return out
    }

    /// Parses a cache file's bytes, or returns nil if they are not a valid,
    /// complete cache for a tar at `tarPath`.
    init?(cacheBytes bytes: [UInt8], tarPath: String) {
        let parsed = bytes.withUnsafeBytes { raw in Self.parseCache(raw, tarPath: tarPath, CopiedBuffers(raw: raw)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses a mapped cache file: the index's buffers are views of the mapping.
    init?(cache file: MappedFile, tarPath: String) {
        let raw = UnsafeRawBufferPointer(start: file.base, count: file.size)
        guard let parsed = Self.parseCache(raw, tarPath: tarPath, file) else { return nil }
        self = parsed
    }

    private static func parseCache(_ raw: UnsafeRawBufferPointer, tarPath: String, _ source: some CacheBuffers)
        -> TarIndex?
    {
        func ints(_ at: Int, _ n: Int) -> Buffer<Int>? { source.elements(at: at, count: n, as: Int.self) }
        guard raw.count >= cacheHeaderSize + 16, raw.starts(with: cacheMagic) else { return nil }
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
            count <= (body - cacheHeaderSize - 8) / cacheBytesPerMember, unsupportedCount <= unsupportedLength / 2,
            i64(16) >= 0
        else { return nil }
        var expected = cacheHeaderSize + 8 + count * cacheBytesPerMember
        for part in [blobLength, unsupportedLength, pathLength] {
            guard part <= body - expected else { return nil }
            expected += part
        }
        guard expected == body else { return nil }

        var at = cacheHeaderSize
        guard let nameOffsets = ints(at, count + 1) else { return nil }
        at += (count + 1) * 8
        guard let headerOffsets = ints(at, count) else { return nil }
        at += count * 8
        guard let recordOffsets = ints(at, count) else { return nil }
        at += count * 8
        guard let sizes = ints(at, count) else { return nil }
        at += count * 8
        guard let fingerprints = source.elements(at: at, count: count, as: UInt64.self) else { return nil }
        at += count * 8
        guard let names = source.elements(at: at, count: blobLength, as: UInt8.self) else { return nil }
        at += blobLength
        let unsupportedBlob = raw[at..<(at + unsupportedLength)]; at += unsupportedLength
        guard raw[at..<(at + pathLength)].elementsEqual(tarPath.utf8) else { return nil }

        let tarSize = i64(16)
        // Every member's record must lie inside the tar, and the paths must
        // be sorted and unique (look-ups are binary searches): one pass.
        let valid: Bool = names.withUnsafeBufferPointer { blob in
            nameOffsets.withUnsafeBufferPointer { ends in
                headerOffsets.withUnsafeBufferPointer { heads in
                    recordOffsets.withUnsafeBufferPointer { records in
                        sizes.withUnsafeBufferPointer { lengths in
                            guard ends[0] == 0 else { return false }
                            for i in 0..<count {
                                let start = ends[i], end = ends[i + 1], offset = heads[i], size = lengths[i],
                                    record = records[i]
                                guard end >= start, end <= blobLength, offset >= 0, size >= 0,
                                    offset <= tarSize - TarHeader.blockSize,
                                    size <= tarSize - offset - TarHeader.blockSize,
                                    record >= 0, record <= offset, offset - record <= maxRecordSpan
                                else { return false }
                                if i > 0
                                    && compare(
                                        UnsafeBufferPointer(rebasing: blob[ends[i - 1]..<start]),
                                        UnsafeBufferPointer(rebasing: blob[start..<end])) >= 0
                                {
                                    return false
                                }
                            }
                            return ends[count] == blobLength
                        }
                    }
                }
            }
        }
        guard valid else { return nil }

        var unsupported: [TarUnsupportedMember] = []
        let fields = unsupportedBlob.split(separator: 0, omittingEmptySubsequences: false)
        guard fields.count == unsupportedCount * 2 + 1, fields.last?.isEmpty == true else { return nil }
        for k in 0..<unsupportedCount {
            unsupported.append(
                TarUnsupportedMember(
                    path: String(decoding: fields[2 * k], as: UTF8.self),
                    reason: String(decoding: fields[2 * k + 1], as: UTF8.self)))
        }

        var index = TarIndex(
            names: names, nameOffsets: nameOffsets, headerOffsets: headerOffsets, recordOffsets: recordOffsets,
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

/// Where a parsed cache's buffers come from: views of a mapping, or copies.
protocol CacheBuffers {
    func elements<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>?
}

extension MappedFile: CacheBuffers {}

/// Buffers copied out of cache bytes in memory.
struct CopiedBuffers: CacheBuffers {
    let raw: UnsafeRawBufferPointer

    func elements<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>? {
        let stride = MemoryLayout<T>.stride
        guard offset >= 0, count >= 0, offset <= raw.count, count <= (raw.count - offset) / stride else { return nil }
        return Buffer(
            [T](unsafeUninitializedCapacity: count) { buffer, done in
                if count > 0 {
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count * stride)]))
                }
                done = count
            })
    }
}
