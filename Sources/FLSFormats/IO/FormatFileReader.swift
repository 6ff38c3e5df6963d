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
    /// File size in bytes at open time (0 for pipes and devices).
    let size: Int
    /// False for pipes and devices, whose size is not known in advance.
    let isRegular: Bool

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
        descriptor = fd
        size = Int(info.st_size)
        isRegular = (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads a pipe or device sequentially until it ends.
    func readToEnd() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = block.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw FormatError("Cannot read '\(path)': \(FormatFile.systemError()).")
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: block[0..<got])
        }
    }

    deinit { close(descriptor) }

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

/// The C `read`, reachable from inside types that have their own `read` methods.
fileprivate func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, bytes, count)
}
