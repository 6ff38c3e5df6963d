// Reading files with pread, so any buffer can be filled at any offset.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file read with `pread`, so callers can fill any buffer at any offset.
final class FormatFileReader {
    let path: String
    let descriptor: Int32
    /// File size in bytes at open time.
    let size: Int

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FormatError("Cannot open '\(path)': \(FormatFile.systemError()).") }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let message = FormatFile.systemError()
            close(fd)
            throw FormatError("Cannot read the size of '\(path)': \(message).")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw FormatError("'\(path)' is a directory, not a file.")
        }
        // Devices, pipes and sockets have no size to check lengths against,
        // and some (/dev/zero, /dev/urandom) never end: every reader would
        // have to trust the stream. Like the pickle, tar and image loaders,
        // these readers take regular files only.
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FormatError(
                "Cannot read '\(path)': it is not a regular file (a device, pipe or socket); save the data to a file first."
            )
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads `count` bytes at `offset` into a new array (checked against the
    /// file's size and the memory budget first).
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw FormatError(
                "'\(path)' ended early: it has \(size) bytes, \(count) were needed at offset \(offset).", offset: offset
            )
        }
        try FormatFile.checkBudget(count, for: "'\(path)'")
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
    }

    /// Fills `buffer` completely from `offset`; a short file is an error.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return }
            let want = min(buffer.count - done, 1 << 30)
            let got = pread(descriptor, base + done, want, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw FormatError("Cannot read '\(path)': \(FormatFile.systemError()).", offset: offset + done)
            }
            if got == 0 {
                throw FormatError("'\(path)' ended early: it changed while being read.", offset: offset + done)
            }
            done += got
        }
    }
}
