// File plumbing shared by the Data primitives: turning format errors into
// runtime errors that name the file, and reading one small file whole.

import FLS
import FLSFormats
import FLSMemory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Helpers for the Data primitives' file access and error messages.
enum DataFile {
    /// Runs `body`, turning FLSFormats errors into RuntimeErrors that start
    /// with the file's path, so a user knows which of several files is bad.
    static func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FormatError {
            throw runtimeError(path, error.description)
        } catch let error as JPEGError {
            throw RuntimeError(error.naming(path).description)
        }
    }

    /// "path: message", unless the message already names the path.
    static func runtimeError(_ path: String, _ message: String, hint: String? = nil) -> RuntimeError {
        if message.contains(path) { return RuntimeError(message, hint: hint) }
        return RuntimeError("\(path): \(message)", hint: hint)
    }

    /// The last component of a path, for short displays (`<archive images.tar: ...>`).
    static func basename(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(of: "/"), trimmed.index(after: slash) < trimmed.endIndex {
            return String(trimmed[trimmed.index(after: slash)...])
        }
        return String(trimmed)
    }

    /// Reads a whole regular file. The buffer is sized from `fstat`, so it
    /// never exceeds the bytes that exist; `limit` refuses absurd files early.
    static func readAll(_ path: String, limit: Int = 1 << 30) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RuntimeError("cannot open \(path): \(systemError())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw RuntimeError("cannot read \(path): \(systemError())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw RuntimeError("cannot read \(path): it is not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw RuntimeError("\(path) is \(size) bytes, more than the \(limit) this reader accepts")
        }
        guard MemoryBudget.allows(size) else {
            throw RuntimeError("\(path) is \(size) bytes, more than memory allows", hint: MemoryBudget.explanation())
        }
        var failure: RuntimeError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                let got = pread(fd, base + done, size - done, off_t(done))
                if got < 0 && errno == EINTR { continue }
                if got <= 0 {
                    failure = RuntimeError(
                        got == 0 ? "\(path) shrank while it was being read" : "cannot read \(path): \(systemError())")
                    break
                }
                done += got
            }
            initialized = done
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes `bytes` to `path`, replacing the file atomically (through the
    /// exclusive temporary file of `FormatFileWriter`, never a planted link).
    static func writeAll(_ path: String, _ bytes: [UInt8]) throws {
        do {
            let writer = try FormatFileWriter(path: path)
            try writer.write(bytes)
            try writer.finish()
        } catch let error as FormatError {
            // "Cannot write 'p': reason." reads as "cannot write 'p': reason." here.
            throw RuntimeError("c" + error.message.dropFirst())
        }
    }

    private static func systemError() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
