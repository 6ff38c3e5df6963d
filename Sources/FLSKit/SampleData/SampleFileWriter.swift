// A buffered output file written under a temporary name and renamed into
// place when complete, so an interrupted run never leaves a truncated file
// that looks finished.
import Foundation

/// Buffered, all-or-nothing file output.
final class SampleFileWriter {
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferLimit = 1 << 20
    /// Bytes written so far.
    private(set) var offset = 0

    init(path: String) throws {
        self.path = path
        temporaryPath = path + ".partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SampleDataError("Cannot create '\(path)': \(String(cString: strerror(errno))).")
        }
        buffer.reserveCapacity(SampleFileWriter.bufferLimit)
    }

    deinit {
        // Reached with the file open only after an error: drop the partial file.
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func write(_ raw: UnsafeRawBufferPointer) throws {
        offset += raw.count
        if buffer.count + raw.count > SampleFileWriter.bufferLimit { try flush() }
        if raw.count >= SampleFileWriter.bufferLimit {
            try writeAll(raw)
        } else {
            buffer.append(contentsOf: raw)
        }
    }

    func write(byte: UInt8) throws {
        offset += 1
        if buffer.count >= SampleFileWriter.bufferLimit { try flush() }
        buffer.append(byte)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress else { return }
        var done = 0
        while done < raw.count {
            let n = Foundation.write(descriptor, base + done, min(raw.count - done, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                throw SampleDataError("Cannot write '\(path)': \(String(cString: strerror(errno))).")
            }
            done += n
        }
    }

    /// Flushes, closes and moves the file to its final name.
    func finish() throws {
        try flush()
        let status = close(descriptor)
        descriptor = -1
        guard status == 0 else {
            unlink(temporaryPath)
            throw SampleDataError("Cannot write '\(path)': \(String(cString: strerror(errno))).")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw SampleDataError("Cannot move the finished file into place at '\(path)': \(reason).")
        }
    }
}
