import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The bytes of a pickle, read through a small window. Opcodes and short
// arguments come from the window; long payloads are not read here at all:
// the reader records their (offset, length) and later copies them, once,
// straight into their final storage with positioned reads (`pread`).

/// A pickle's bytes: an open file or an in-memory array, with a read window.
final class PickleSource {
    private let fd: Int32
    private let memory: [UInt8]
    /// Total size of the pickle in bytes.
    let size: Int
    private var window: [UInt8]
    /// The file's path ("" for bytes in memory) and its mapping, made on first use.
    private let path: String
    private var mapping: MappedFile?
    private var mappingTried = false
    private var windowStart = 0
    private var windowCount = 0
    /// Offset of the next byte to read.
    private(set) var position = 0

    private static let windowSize = 1 << 18

    /// Opens a file for reading; the file must be regular and readable.
    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FormatError("cannot open pickle file \(path): \(String(cString: strerror(errno))).")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FormatError("cannot read pickle file \(path): it is not a regular file.")
        }
        self.fd = fd
        self.path = path
        self.memory = []
        self.size = Int(info.st_size)
        self.window = [UInt8](repeating: 0, count: PickleSource.windowSize)
    }

    /// Reads from bytes already in memory.
    init(bytes: [UInt8]) {
        self.fd = -1
        self.path = ""
        self.memory = bytes
        self.size = bytes.count
        self.window = []
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Bytes left after the current position.
    var remaining: Int { size - position }

    /// Throws the truncation error unless `count` more bytes exist.
    @inline(__always)
    func require(_ count: Int) throws {
        if count < 0 || count > size - position {
            throw FormatError(
                "truncated pickle: expected \(count) more bytes at offset \(position)", offset: position)
        }
    }

    /// Reads one byte.
    @inline(__always)
    func readByte() throws -> UInt8 {
        if fd < 0 {
            guard position < size else { try require(1); return 0 }
            let b = memory[position]
            position += 1
            return b
        }
        let i = position - windowStart
        if i >= 0 && i < windowCount {
            position += 1
            return window[i]
        }
        try require(1)
        try fill()
        let b = window[0]
        position += 1
        return b
    }

    /// Reads `count` bytes (checked against the bytes that exist first).
    func readBytes(_ count: Int) throws -> [UInt8] {
        try require(count)
        if count == 0 { return [] }
        if fd < 0 {
            let out = Array(memory[position..<(position + count)])
            position += count
            return out
        }
        let i = position - windowStart
        if i >= 0 && i + count <= windowCount {
            let out = Array(window[i..<(i + count)])
            position += count
            return out
        }
        let out = [UInt8](unsafeUninitializedCapacity: count) { buf, done in
            done = 0
            do {
                try copy(from: position, into: UnsafeMutableRawBufferPointer(buf))
                done = count
            } catch {}
        }
        guard out.count == count else {
            throw FormatError("cannot read pickle: the file shrank while reading", offset: position)
        }
        position += count
        return out
    }

    /// Reads `count` bytes of text, latin-1 (Python 2 `str`) or UTF-8, and
    /// appends them as UTF-8 to `arena`; false when UTF-8 text is invalid.
    func readText(_ count: Int, latin1: Bool, into arena: inout [UInt8]) throws -> Bool {
        try require(count)
        func append(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
            var ascii = true
            for b in buf where b >= 0x80 { ascii = false; break }
            if ascii {
                arena.append(contentsOf: buf)
                return true
            }
            if latin1 {
                for b in buf {
                    if b < 0x80 { arena.append(b) } else { arena.append(0xC0 | b >> 6); arena.append(0x80 | b & 0x3F) }
                }
                return true
            }
            guard let text = PickleText.utf8(buf) else { return false }
            arena.append(contentsOf: text.utf8)
            return true
        }
        let start = position
        if fd < 0 {
            position += count
            return memory.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[start..<(start + count)])) }
        }
        let i = start - windowStart
        if i >= 0 && i + count <= windowCount {
            position += count
            return window.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[i..<(i + count)])) }
        }
        let bytes = try readBytes(count)
        return bytes.withUnsafeBufferPointer { append($0) }
    }

    /// `count` elements of `T` at byte `offset` of the file as a mapped
    /// buffer, or nil (bytes in memory, a file not worth mapping, a
    /// misaligned offset): the caller then copies.
    func mappedElements<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>? {
        guard fd >= 0, count > 0, count * MemoryLayout<T>.stride >= Self.mapThreshold else { return nil }
        if mapping == nil && !mappingTried {
            mappingTried = true
            mapping = MappedFile.map(fd: fd, path: path)
        }
        return mapping?.elements(at: offset, count: count, as: type)
    }

    /// Payloads at least this large are mapped rather than copied.
    static let mapThreshold = 1 << 16

    /// Reads one line ending in `\n` (protocol 0 arguments), without the newline.
    func readLine(limit: Int = 1 << 20) throws -> [UInt8] {
        var out: [UInt8] = []
        let start = position
        while true {
            let b = try readByte()
            if b == 0x0A { return out }
            out.append(b)
            if out.count > limit {
                throw FormatError("pickle text argument longer than \(limit) bytes", offset: start)
            }
        }
    }

    /// Skips `count` bytes (a payload that will be copied later).
    func skip(_ count: Int) throws {
        try require(count)
        position += count
    }

    /// Copies `buffer.count` bytes starting at `offset` into `buffer`.
    func copy(from offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        let count = buffer.count
        guard offset >= 0, count <= size - offset else {
            throw FormatError(
                "truncated pickle: expected \(count) more bytes at offset \(offset)", offset: offset)
        }
        if count == 0 { return }
        guard let base = buffer.baseAddress else { return }
        if fd < 0 {
            memory.withUnsafeBytes { src in
                if let from = src.baseAddress { base.copyMemory(from: from + offset, byteCount: count) }
            }
            return
        }
        // A big payload (a signatures matrix) is read in chunks on all cores:
        // copying from the page cache is the whole cost of loading it, and
        // one thread leaves the other cores idle.
        let chunk = 16 << 20
        if count >= 4 * chunk {
            let chunks = (count + chunk - 1) / chunk
            let fd = self.fd
            let failure = FirstReadFailure()
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * chunk
                do {
                    // Faulting the fresh destination pages in one call per
                    // chunk, on each core, costs less than one fault per page.
                    Self.populate(base + start, min(chunk, count - start))
                    try Self.preadFully(fd, base + start, min(chunk, count - start), offset + start)
                } catch {
                    failure.record(error)
                }
            }
            if let error = failure.error { throw error }
            return
        }
        try Self.preadFully(fd, base, count, offset)
    }

    /// Asks the kernel to fault in the pages of a destination range at once
    /// (MADV_POPULATE_WRITE, Linux 5.14+; a no-op elsewhere or when refused).
    static func populate(_ base: UnsafeMutableRawPointer, _ count: Int) {
        #if os(Linux)
        let page = 4096
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + count) & ~(page - 1)
        if end > start, let raw = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(raw, end - start, 23)  // MADV_POPULATE_WRITE
        }
        #endif
    }

    /// Reads exactly `count` bytes at `offset`, or throws.
    static func preadFully(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) throws {
        var done = 0
        while done < count {
            // Large reads are split so one call never exceeds what the kernel accepts.
            let want = min(count - done, 1 << 30)
            let n = pread(fd, base + done, want, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FormatError("cannot read pickle: \(String(cString: strerror(errno)))", offset: offset + done)
            }
            if n == 0 {
                throw FormatError("cannot read pickle: the file shrank while reading", offset: offset + done)
            }
            done += n
        }
    }

    private func fill() throws {
        let want = min(window.count, size - position)
        windowStart = position
        windowCount = 0
        try window.withUnsafeMutableBytes { raw in
            try copy(from: position, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<want]))
        }
        windowCount = want
    }
}

/// The first error among parallel reads.
final class FirstReadFailure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?

    func record(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
