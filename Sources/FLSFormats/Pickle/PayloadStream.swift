// Reads the bytes of one array payload in order, straight from where they
// live (the source file, or memory), optionally undoing the UTF-8 wrapping
// Python 3 uses for bytes at protocols 0-2 (`_codecs.encode(text, "latin1")`).

/// A sequential reader over a Blob's bytes, the only path from a payload to an array.
struct PayloadStream {
    private let source: PickleSource
    private let blob: Blob
    /// Stored bytes consumed so far.
    private var consumed = 0
    // Decoding buffer for the UTF-8 form: a chunk of stored bytes.
    private var chunk: [UInt8] = []
    private var chunkPos = 0

    init(source: PickleSource, blob: Blob) {
        self.source = source
        self.blob = blob
    }

    /// Fills `dst` entirely with the next payload bytes, or throws.
    mutating func read(into dst: UnsafeMutableRawBufferPointer) throws {
        if dst.isEmpty { return }
        if !blob.utf8Latin1 {
            try readStored(into: dst)
            return
        }
        var written = 0
        let out = dst.bindMemory(to: UInt8.self)
        guard let outBase = out.baseAddress else { return }
        let total = out.count
        while written < total {
            if chunkPos >= chunk.count {
                try refill()
            }
            // Decode as much of the chunk as fits; stop early at a sequence
            // split across chunks, or at a byte latin-1 text cannot produce.
            let (pos, w, bad) = chunk.withUnsafeBufferPointer { src -> (Int, Int, Bool) in
                guard let srcBase = src.baseAddress else { return (chunkPos, written, false) }
                let r = PayloadStream.decodeLatin1(
                    srcBase + chunkPos, src.count - chunkPos,
                    outBase + written, total - written)
                return (chunkPos + r.read, written + r.written, r.bad)
            }
            chunkPos = pos
            written = w
            if bad { throw PayloadStream.badText(consumed) }
            if written < total && chunkPos == chunk.count - 1 {
                // The two-byte sequence straddles chunks: keep its lead byte.
                try refill(keepingLast: true)
                if chunk.count < 2 { throw PayloadStream.badText(consumed) }
            }
        }
    }

    /// Decodes UTF-8 text of code points below 256 into latin-1 bytes; stops
    /// when `dst` is full, at a sequence cut by the end of `src`, or at a bad byte.
    private static func decodeLatin1(
        _ src: UnsafePointer<UInt8>, _ srcCount: Int,
        _ dst: UnsafeMutablePointer<UInt8>, _ dstCount: Int
    )
        -> (read: Int, written: Int, bad: Bool)
    {
        var i = 0, w = 0
        while w < dstCount && i < srcCount {
            // Runs of ASCII, eight bytes at a time.
            while w + 8 <= dstCount && i + 8 <= srcCount {
                let word = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                UnsafeMutableRawPointer(dst + w).storeBytes(of: word, as: UInt64.self)
                i += 8
                w += 8
            }
            // Mixed text without data-dependent branches (random payload
            // bytes would defeat branch prediction); errors are noted in
            // `bad` and located by the careful path below.
            var bad: UInt8 = 0
            let blockStart = (i, w)
            var budget = 64
            while budget > 0 && w < dstCount && i + 1 < srcCount {
                let b = src[i], c = src[i + 1]
                let multi = b >> 7
                let decoded = ((b & 0x1F) << 6) | (c & 0x3F)
                dst[w] = multi != 0 ? decoded : b
                // A lead byte must be C2/C3 followed by a continuation byte.
                let leadOK: UInt8 = (b & 0xFE) == 0xC2 && (c & 0xC0) == 0x80 ? 1 : 0
                bad |= multi & (leadOK ^ 1)
                i += 1 + Int(multi)
                w += 1
                budget -= 1
            }
            if bad != 0 {
                (i, w) = blockStart
            } else if budget < 64 {
                continue
            }
            if w >= dstCount || i >= srcCount { break }
            let b = src[i]
            if b < 0x80 {
                dst[w] = b
                i += 1
            } else if b == 0xC2 || b == 0xC3 {
                if i + 1 >= srcCount { break }
                let c = src[i + 1]
                if c & 0xC0 != 0x80 { return (i, w, true) }
                dst[w] = ((b & 0x1F) << 6) | (c & 0x3F)
                i += 2
            } else {
                return (i, w, true)
            }
            w += 1
        }
        return (i, w, false)
    }

    /// Throws unless every stored byte was consumed.
    func finish(expected: Int) throws {
        let left = (blob.storedCount - consumed) + (chunk.count - chunkPos)
        if left != 0 {
            throw FormatError("array payload is longer than its shape and dtype need (\(expected) bytes)")
        }
    }

    private static func badText(_ at: Int) -> FormatError {
        FormatError("array payload text is not latin-1 encoded (byte \(at) of the payload)")
    }

    private mutating func readStored(into dst: UnsafeMutableRawBufferPointer) throws {
        guard dst.count <= blob.storedCount - consumed else {
            throw FormatError("array payload is shorter than its shape and dtype need")
        }
        switch blob.storage {
        case .loaded(let bytes):
            bytes.withUnsafeBytes { src in
                if let from = src.baseAddress, let to = dst.baseAddress {
                    to.copyMemory(from: from + consumed, byteCount: dst.count)
                }
            }
        case .range(let offset, _):
            try source.copy(from: offset + consumed, into: dst)
        }
        consumed += dst.count
    }

    private mutating func refill(keepingLast: Bool = false) throws {
        let carry: [UInt8] = keepingLast && chunkPos < chunk.count ? [chunk[chunkPos]] : []
        let n = min(1 << 16, blob.storedCount - consumed)
        guard n > 0 else {
            throw FormatError("array payload is shorter than its shape and dtype need")
        }
        var next = carry
        next.reserveCapacity(carry.count + n)
        let fresh = try [UInt8](unsafeUninitializedCapacity: n) { buf, done in
            done = 0
            try readStored(into: UnsafeMutableRawBufferPointer(buf))
            done = n
        }
        next.append(contentsOf: fresh)
        chunk = next
        chunkPos = 0
    }
}
