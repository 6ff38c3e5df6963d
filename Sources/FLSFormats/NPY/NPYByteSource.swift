// Where .npy element bytes come from: memory (a buffer or a mapped zip
// member) or an open file read in chunks.

/// Where .npy element bytes come from.
protocol NPYByteSource {
    /// Copies `buffer.count` bytes starting at `offset` into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws
    /// Lends `count` bytes starting at `offset` to `body`.
    func withBytes(at offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws
    /// The elements at `offset` as a view of the file, when the source is a
    /// file worth mapping and the offset is aligned; nil otherwise.
    func mapped<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>?
}

extension NPYByteSource {
    func mapped<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>? { nil }
}

/// Element bytes already in memory.
struct NPYMemorySource: NPYByteSource {
    let bytes: UnsafeRawBufferPointer

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let target = buffer.baseAddress, let base = bytes.baseAddress else { return }
        target.copyMemory(from: base + offset, byteCount: buffer.count)
    }

    func withBytes(at offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try body(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
    }
}

/// Element bytes in an open file; chunks are read into one scratch buffer.
final class NPYFileSource: NPYByteSource {
    let reader: FormatFileReader
    private var scratch: [UInt8] = []

    init(reader: FormatFileReader) { self.reader = reader }

    func mapped<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>? {
        guard count * MemoryLayout<T>.stride >= PickleSource.mapThreshold else { return nil }
        return MappedFile.map(fd: reader.descriptor, path: reader.path)?.elements(at: offset, count: count, as: type)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        try reader.read(into: buffer, at: offset)
    }

    func withBytes(at offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        try scratch.withUnsafeMutableBytes { buffer in
            let part = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
            try reader.read(into: part, at: offset)
            try body(UnsafeRawBufferPointer(part))
        }
    }
}

/// A stored zip member read from its archive with pread, at `base`. The
/// CRC-32 of the member is computed over the bytes as they are read (the
/// .npy reader reads front to back), and `finish` reads whatever the
/// decoder skipped, so each byte is read once and the check is complete.
final class NPYZipMemberSource: NPYByteSource {
    let reader: FormatFileReader
    let base: Int
    let length: Int
    private var scratch: [UInt8] = []
    /// The CRC of bytes [0, checked) of the member.
    private var crc: UInt32 = 0
    private var checked = 0

    init(reader: FormatFileReader, base: Int, length: Int) {
        self.reader = reader
        self.base = base
        self.length = length
    }

    private func range(_ offset: Int, _ count: Int) throws {
        guard offset >= 0, count >= 0, offset <= length, count <= length - offset else {
            throw FormatError("the member ends before byte \(offset + count).", offset: base + offset)
        }
    }

    /// Adds the part of [offset, offset + bytes.count) not yet summed.
    private func account(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard offset <= checked, offset + bytes.count > checked else { return }
        crc = ZipCodec.crc32(UnsafeRawBufferPointer(rebasing: bytes[(checked - offset)...]), continuing: crc)
        checked = offset + bytes.count
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        try range(offset, buffer.count)
        try reader.read(into: buffer, at: base + offset)
        account(UnsafeRawBufferPointer(buffer), at: offset)
    }

    func withBytes(at offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try range(offset, count)
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        try scratch.withUnsafeMutableBytes { buffer in
            let part = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
            try reader.read(into: part, at: base + offset)
            account(UnsafeRawBufferPointer(part), at: offset)
            try body(UnsafeRawBufferPointer(part))
        }
    }

    /// Sums the bytes the decoder did not read and compares with `expected`.
    func finish(expecting expected: UInt32) throws {
        var chunk = [UInt8](repeating: 0, count: min(1 << 20, max(length - checked, 0)))
        while checked < length {
            let count = min(chunk.count, length - checked)
            try chunk.withUnsafeMutableBytes { buffer in
                let part = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                try reader.read(into: part, at: base + checked)
                account(UnsafeRawBufferPointer(part), at: checked)
            }
        }
        try NPZ.checkCRC(crc, expected)
    }
}
