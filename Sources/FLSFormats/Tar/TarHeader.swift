// One 512-byte tar header block, parsed in place. Field offsets are those of
// POSIX ustar; GNU tar reuses the ustar prefix area for its own fields, and
// old v7 archives have no magic at all, so the prefix is read only for POSIX
// ustar ("ustar\0").

/// A parsed tar header: the fields the index needs, read from one block.
struct TarHeader {
    static let blockSize = 512

    /// The size field (octal or GNU base-256).
    var size: Int
    /// The type flag byte ('0', '5', 'L', 'x', ...).
    var typeflag: UInt8
    /// True for POSIX ustar headers, whose prefix field extends the name.
    var isPOSIX: Bool
    /// For GNU sparse headers: whether extension blocks with more sparse maps follow.
    var isExtended: Bool

    /// Parses the block at `block` (512 bytes); `offset` is its place in the
    /// file and is used only in error messages.
    init(block: UnsafeRawBufferPointer, offset: Int) throws {
        guard Self.checksumMatches(block) else {
            throw FormatError("the tar header at byte \(offset) has a bad checksum; the archive is corrupt")
        }
        typeflag = block[156]
        guard let size = Self.number(block, 124, 12), size >= 0 else {
            throw FormatError("the tar header at byte \(offset) has an invalid size field")
        }
        self.size = size
        isPOSIX =
            block[257] == 0x75 && block[258] == 0x73 && block[259] == 0x74 && block[260] == 0x61
            && block[261] == 0x72 && block[262] == 0  // "ustar\0"
        isExtended = !isPOSIX && block[482] != 0
    }

    /// Appends the member name stored in the block (prefix + "/" + name for
    /// POSIX ustar) to `output`, without an intermediate array.
    func appendName(_ block: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        if isPOSIX {
            let prefix = Self.fieldLength(block, 345, 155)
            if prefix > 0 {
                output.append(contentsOf: block[345..<(345 + prefix)])
                output.append(0x2F)
            }
        }
        output.append(contentsOf: block[0..<Self.fieldLength(block, 0, 100)])
    }

    /// Length of a NUL-terminated (or full-width) text field.
    static func fieldLength(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int {
        var end = start
        while end < start + length && block[end] != 0 { end += 1 }
        return end - start
    }

    /// True when every byte of the block is zero (an end-of-archive marker).
    static func isZero(_ block: UnsafeRawBufferPointer) -> Bool {
        var accumulated: UInt64 = 0
        for word in 0..<(blockSize / 8) {
            accumulated |= block.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
        }
        return accumulated == 0
    }

    /// Verifies the stored checksum against both the unsigned and the signed
    /// byte sums (with the checksum field counted as spaces), as GNU tar and
    /// Python's tarfile do: some old tars summed signed chars.
    static func checksumMatches(_ block: UnsafeRawBufferPointer) -> Bool {
        guard let stored = number(block, 148, 8) else { return false }
        // The unsigned sum, eight bytes at a time: the byte lanes of a UInt64
        // cannot overflow into each other while each holds at most 64 bytes
        // of 255 (16,320 < 65,536), so sum 16-bit lanes after masking.
        var evenLanes: UInt64 = 0
        var oddLanes: UInt64 = 0
        for word in 0..<(blockSize / 8) {
            let value = block.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
            evenLanes &+= value & 0x00FF_00FF_00FF_00FF
            oddLanes &+= (value >> 8) & 0x00FF_00FF_00FF_00FF
        }
        var raw = 0
        for lane in 0..<4 {
            raw += Int((evenLanes >> (16 * UInt64(lane))) & 0xFFFF) + Int((oddLanes >> (16 * UInt64(lane))) & 0xFFFF)
        }
        // Count the checksum field itself as eight spaces.
        var field = 0
        var signedField = 0
        for i in 148..<156 {
            field += Int(block[i])
            signedField += Int(Int8(bitPattern: block[i]))
        }
        if stored == raw - field + 8 * 0x20 { return true }
        // Rare: some old tars summed signed chars, where bytes >= 0x80 count 256 less.
        var high = 0
        for i in 0..<blockSize where block[i] >= 0x80 { high += 1 }
        let signed = raw - 256 * high - signedField + 8 * 0x20
        return stored == signed
    }

    /// A 64-bit fingerprint of the whole block. The index stores it for every
    /// member and compares it before each read, so a tar rewritten in place
    /// (same size and mtime, different contents) is caught, not misread.
    static func fingerprint(_ block: UnsafeRawBufferPointer) -> UInt64 {
        // Four independent lanes keep the multiplies from forming one long
        // dependency chain; this is not a cryptographic hash and need not be.
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (
            0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5
        )
        let prime: UInt64 = 0x100_0000_01B3
        var i = 0
        while i < blockSize {
            lanes.0 = (lanes.0 ^ block.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
            lanes.1 = (lanes.1 ^ block.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* prime
            lanes.2 = (lanes.2 ^ block.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* prime
            lanes.3 = (lanes.3 ^ block.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* prime
            lanes.0 ^= lanes.0 >> 29; lanes.1 ^= lanes.1 >> 29; lanes.2 ^= lanes.2 >> 29; lanes.3 ^= lanes.3 >> 29
            i += 32
        }
        var h = lanes.0 ^ (lanes.1 &* 31) ^ (lanes.2 &* 1_000_003) ^ (lanes.3 &* 0x5851_F42D_4C95_7F2D)
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD; h ^= h >> 33
        return h
    }

    /// Reads a numeric field: octal digits (leading spaces allowed, ended by
    /// NUL or space) or GNU base-256 (first byte 0x80 positive, 0xFF negative).
    /// Returns nil for malformed or out-of-range values.
    static func number(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int? {
        let first = block[start]
        if first & 0x80 != 0 {
            // Like GNU tar and Python's tarfile, only these two lead bytes are base-256.
            guard first == 0x80 || first == 0xFF else { return nil }
            let negative = first == 0xFF
            var value = negative ? -1 : 0
            for i in (start + 1)..<(start + length) {
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 256)
                if overflow { return nil }
                value = shifted | Int(block[i])
            }
            return value
        }
        var i = start
        let end = start + length
        while i < end && block[i] == 0x20 { i += 1 }
        var value = 0
        var digits = 0
        while i < end {
            let byte = block[i]
            if byte == 0 || byte == 0x20 { break }
            guard byte >= 0x30 && byte <= 0x37 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 8)
            if overflow { return nil }
            value = shifted + Int(byte - 0x30)
            digits += 1
            i += 1
        }
        return value
    }
}
