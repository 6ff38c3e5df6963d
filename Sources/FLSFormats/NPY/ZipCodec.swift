// zlib calls for zip members: raw deflate (no zlib header, windowBits -15)
// and CRC-32. zlib counts in 32-bit lengths, so large buffers are fed in
// pieces of at most 1 GB.

import CZlib

/// Raw deflate, inflate and CRC-32 through zlib.
enum ZipCodec {
    private static let piece = 1 << 30

    /// The CRC-32 of `bytes`, as zip stores it.
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = UInt(previous)
        guard let base = bytes.baseAddress else { return UInt32(crc) }
        var offset = 0
        while offset < bytes.count {
            let length = min(piece, bytes.count - offset)
            crc = CZlib.crc32(crc, (base + offset).assumingMemoryBound(to: Bytef.self), uInt(length))
            offset += length
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// Inflates a raw deflate stream that must produce exactly `size` bytes.
    /// Output beyond `size` is never written: a stream that would produce
    /// more (a zip bomb, or a lying size) is an error.
    static func inflate(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        try FormatFile.checkBudget(size, for: "the inflated member")
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw FormatError("zlib could not start inflating.")
        }
        defer { inflateEnd(&stream) }
        let inputBase = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        var consumed = 0
        return try [UInt8](unsafeUninitializedCapacity: size) { output, initialized in
            initialized = 0
            var produced = 0
            var status = Z_OK
            // A one-byte spare buffer detects output beyond the declared size.
            var spare: UInt8 = 0
            while true {
                if stream.avail_in == 0, consumed < input.count, let inputBase {
                    let length = min(piece, input.count - consumed)
                    stream.next_in = inputBase + consumed
                    stream.avail_in = uInt(length)
                    consumed += length
                }
                let roomLeft = size - produced
                if roomLeft > 0, let outputBase = output.baseAddress {
                    let length = min(piece, roomLeft)
                    stream.next_out = outputBase + produced
                    stream.avail_out = uInt(length)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced += length - Int(stream.avail_out)
                } else {
                    status = withUnsafeMutablePointer(to: &spare) { pointer in
                        stream.next_out = pointer
                        stream.avail_out = 1
                        return CZlib.inflate(&stream, Z_NO_FLUSH)
                    }
                    if stream.avail_out == 0 {
                        throw FormatError("the member inflates to more than its declared size of \(size) bytes.")
                    }
                }
                if status == Z_STREAM_END { break }
                if status == Z_BUF_ERROR && stream.avail_in == 0 && consumed == input.count {
                    throw FormatError("the compressed member is truncated: it ends after \(produced) of \(size) bytes.")
                }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw FormatError("the compressed member is corrupt (zlib error \(status)).")
                }
            }
            guard produced == size else {
                throw FormatError("the member inflates to \(produced) bytes but declares \(size).")
            }
            initialized = size
        }
    }

    /// Compresses `input` as a raw deflate stream at zlib's default level.
    static func deflate(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
                zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw FormatError("zlib could not start deflating.")
        }
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 2 + 64)
        var block = [UInt8](repeating: 0, count: 1 << 16)
        let inputBase = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        var consumed = 0
        while true {
            if stream.avail_in == 0, consumed < input.count, let inputBase {
                let length = min(piece, input.count - consumed)
                stream.next_in = inputBase + consumed
                stream.avail_in = uInt(length)
                consumed += length
            }
            let flush = consumed == input.count ? Z_FINISH : Z_NO_FLUSH
            let status = block.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                return CZlib.deflate(&stream, flush)
            }
            output.append(contentsOf: block[0..<(block.count - Int(stream.avail_out))])
            if status == Z_STREAM_END { break }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw FormatError("zlib failed to compress (error \(status)).")
            }
        }
        return output
    }
}
