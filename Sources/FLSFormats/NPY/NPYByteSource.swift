// Where .npy element bytes come from: memory (a buffer or a mapped zip
// member) or an open file read in chunks.

/// Where .npy element bytes come from.
protocol NPYByteSource {
    /// Copies `buffer.count` bytes starting at `offset` into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws
    /// Lends `count` bytes starting at `offset` to `body`.
    func withBytes(at offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws
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
