#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Where the writer's bytes go: a buffered file (written to a temporary name
// and renamed into place when complete) or memory. Large array payloads
// bypass the buffer and go from the array's own storage to the file.

/// A buffered byte sink for the pickle writer.
final class PickleSink {
    private var fd: Int32 = -1
    private var path = ""
    private var tempPath = ""
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 16

    /// Writes to memory; read the result from `bytes`.
    init() {}

    /// Writes to a temporary file beside `path`; `close()` moves it into place.
    init(path: String) throws {
        self.path = path
        self.tempPath = path + ".tmp-\(getpid())"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FormatError("cannot write pickle file \(path): \(String(cString: strerror(errno))).")
        }
        buffer.reserveCapacity(PickleSink.bufferSize)
    }

    /// Everything written, for an in-memory sink.
    var bytes: [UInt8] { buffer }

    @inline(__always)
    func byte(_ b: UInt8) throws {
        buffer.append(b)
        if fd >= 0 && buffer.count >= PickleSink.bufferSize { try flush() }
    }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if fd >= 0 && buffer.count >= PickleSink.bufferSize { try flush() }
    }

    /// Writes raw memory; large blocks go straight to the file, unbuffered.
    func write(_ raw: UnsafeRawBufferPointer) throws {
        if fd < 0 || raw.count < PickleSink.bufferSize {
            buffer.append(contentsOf: raw)
            if fd >= 0 && buffer.count >= PickleSink.bufferSize { try flush() }
            return
        }
        try flush()
        try writeAll(raw)
    }

    func flush() throws {
        guard fd >= 0, !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress else { return }
        var done = 0
        while done < raw.count {
            let n = systemWrite(fd, base + done, min(raw.count - done, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw FormatError("cannot write pickle file \(path): \(String(cString: strerror(errno))).")
            }
            done += n
        }
    }

    /// Flushes, closes and renames the file into place.
    func close() throws {
        guard fd >= 0 else { return }
        try flush()
        let rc = systemClose(fd)
        fd = -1
        guard rc == 0, rename(tempPath, path) == 0 else {
            unlink(tempPath)
            throw FormatError("cannot write pickle file \(path): \(String(cString: strerror(errno))).")
        }
    }

    /// Closes and removes a partly written file after an error.
    func abandon() {
        guard fd >= 0 else { return }
        _ = systemClose(fd)
        fd = -1
        unlink(tempPath)
    }

    deinit { abandon() }
}

// The C functions, named apart from this class's methods of the same names.
private func systemWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int { write(fd, buf, n) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
