// Buffered writing through a temporary file renamed into place.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered file writer; large blocks bypass the buffer. The file is
/// written under a temporary name and renamed on `finish()`, so a failed
/// write never leaves a half-written file under the final name. Every writer
/// in the package (npy, npz, CSV, JSON, pickle, the sample-data generator)
/// goes through it.
public final class FormatFileWriter {
    /// The final path.
    public let path: String
    /// Where the file is written until `finish()`; nil when writing in place.
    private let temporaryPath: String?
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    /// Bytes written so far (buffered or not).
    public private(set) var offset = 0

    /// Opens a new temporary file beside `path`. `permissions`, when given,
    /// is the exact mode of the finished file (caches use 0600 or the tar's
    /// read bits); otherwise the file gets 0666 less the umask, as files
    /// written by Python or numpy do.
    public init(path: String, permissions: mode_t? = nil) throws {
        self.path = path
        // Pipes and devices (such as /dev/stdout) are written in place: a
        // rename would replace the device node instead of writing to it.
        // Such a target already exists, so it is opened without O_CREAT.
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFDIR {
            temporaryPath = nil
            let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            if fd < 0 { throw FormatError("Cannot write '\(path)': \(FormatFile.systemError()).") }
            descriptor = fd
        } else {
            let (fd, temporary) = try Self.createTemporary(beside: path, mode: permissions ?? 0o666)
            if let permissions { _ = fchmod(fd, permissions) }
            descriptor = fd
            temporaryPath = temporary
        }
        buffer.reserveCapacity(bufferLimit)
    }

    /// Creates `<path>.tmp-<random>` exclusively (O_CREAT|O_EXCL|O_NOFOLLOW,
    /// as mkstemp does), so a file or symlink planted under a predictable
    /// name can never be opened, truncated or written through. The name is
    /// in the target's folder so that the final rename is atomic.
    static func createTemporary(beside path: String, mode: mode_t) throws -> (Int32, String) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(generator.next() & 0xFFFF_FFFF_FFFF, radix: 36)
            let temporary = path + ".tmp-" + suffix
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, temporary) }
            if errno == EEXIST || errno == ELOOP { continue }
            throw FormatError("Cannot write '\(path)': \(FormatFile.systemError()).")
        }
        throw FormatError("Cannot write '\(path)': no unused temporary name was found beside it.")
    }

    deinit { abandon() }

    /// Drops a partly written file after an error (also done on deinit).
    public func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Appends one byte.
    @inline(__always)
    public func write(byte: UInt8) throws {
        if buffer.count >= bufferLimit { try flush() }
        buffer.append(byte)
        offset += 1
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends a string's UTF-8.
    public func write(_ string: String) throws {
        var copy = string
        try copy.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends raw memory; blocks of 1 MB and more go straight to the file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        offset += bytes.count
        if buffer.count + bytes.count <= bufferLimit {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= bufferLimit {
            try writeDirect(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Flushes, closes and moves the file to its final name.
    public func finish() throws {
        try flush()
        let fd = descriptor
        descriptor = -1
        if close(fd) != 0 {
            let message = FormatFile.systemError()
            if let temporaryPath { unlink(temporaryPath) }
            throw FormatError("Cannot write '\(path)': \(message).")
        }
        guard let temporaryPath else { return }
        if rename(temporaryPath, path) != 0 {
            let message = FormatFile.systemError()
            unlink(temporaryPath)
            throw FormatError("Cannot write '\(path)': \(message).")
        }
    }

    private func flush() throws {
        if buffer.isEmpty { return }
        try buffer.withUnsafeBytes { try writeDirect($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeDirect(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let got = systemWrite(descriptor, base + done, min(bytes.count - done, 1 << 30))
            if got < 0 {
                if errno == EINTR { continue }
                throw FormatError("Cannot write '\(path)': \(FormatFile.systemError()).")
            }
            done += got
        }
    }
}

/// The C `write`, reachable from inside types that have their own `write` methods.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
