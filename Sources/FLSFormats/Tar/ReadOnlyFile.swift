// A file opened for positioned reads. pread never moves a shared file offset,
// so any number of threads may read one ReadOnlyFile at once.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open, read-only file descriptor with thread-safe positioned reads.
final class ReadOnlyFile: @unchecked Sendable {
    let path: String
    let descriptor: Int32

    /// Opens `path` for reading; the error names the path and the reason.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FormatError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Size in bytes and modification time (seconds, nanoseconds) right now.
    func status() throws -> (size: Int, seconds: Int64, nanoseconds: Int64) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw FormatError("cannot read the size of \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FormatError("\(path) is not a regular file")
        }
        #if canImport(Glibc)
        return (Int(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))
        #else
        return (Int(info.st_size), Int64(info.st_mtimespec.tv_sec), Int64(info.st_mtimespec.tv_nsec))
        #endif
    }

    /// Reads exactly `count` bytes at `offset` into `destination`; returns how many
    /// bytes were read, which is less only when the file ends first.
    func read(at offset: Int, count: Int, into destination: UnsafeMutableRawPointer) throws -> Int {
        var done = 0
        while done < count {
            let got = pread(descriptor, destination + done, count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw FormatError("cannot read \(path) at byte \(offset + done): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset`, or throws if the file ends first.
    func readExactly(at offset: Int, count: Int) throws -> [UInt8] {
        var short = false
        let bytes = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress, count > 0 else { initialized = 0; return }
            let got = try read(at: offset, count: count, into: base)
            if got < count {
                base.advanced(by: got).initialize(repeating: 0, count: count - got)
                short = true
            }
            initialized = count
        }
        if short {
            throw FormatError("\(path) ends before byte \(offset + count); the file is truncated or changed while open")
        }
        return bytes
    }
}

extension ReadOnlyFile {
    /// Reads a 512-byte block into `header` and the bytes after it into `data`
    /// with one preadv; returns the total read (short only at end of file).
    func readVectored(at offset: Int, header: UnsafeMutableRawPointer, data: UnsafeMutableRawBufferPointer) throws
        -> Int
    {
        var vectors = [
            iovec(iov_base: header, iov_len: TarHeader.blockSize),
            iovec(iov_base: data.baseAddress, iov_len: data.count),
        ]
        let total = TarHeader.blockSize + data.count
        var got = 0
        while true {
            got = vectors.withUnsafeMutableBufferPointer {
                preadv(descriptor, $0.baseAddress, data.count > 0 ? 2 : 1, off_t(offset))
            }
            if got < 0 && errno == EINTR { continue }
            break
        }
        guard got >= 0 else {
            throw FormatError("cannot read \(path) at byte \(offset): \(String(cString: strerror(errno)))")
        }
        // A short vectored read is rare (signals, network file systems);
        // finish with plain positioned reads.
        if got < total && got > 0 {
            var filled = got
            if filled < TarHeader.blockSize {
                filled += try read(at: offset + filled, count: TarHeader.blockSize - filled, into: header + filled)
            }
            if filled >= TarHeader.blockSize, let base = data.baseAddress {
                let dataDone = filled - TarHeader.blockSize
                filled += try read(at: offset + filled, count: data.count - dataDone, into: base + dataDone)
            }
            got = filled
        }
        return got
    }
}
