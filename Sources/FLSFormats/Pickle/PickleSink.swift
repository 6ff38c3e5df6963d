// Where the pickle writer's bytes go: memory, or a FormatFileWriter (a
// temporary file renamed into place when complete). Large array payloads
// bypass the file buffer and go from the array's own storage to the file.

/// A byte sink for the pickle writer.
final class PickleSink {
    private let file: FormatFileWriter?
    private var buffer: [UInt8] = []
    /// Bytes written so far.
    private(set) var position = 0

    /// Writes to memory; read the result from `bytes`.
    init() { file = nil }

    /// Writes to a temporary file beside `path`; `close()` moves it into place.
    init(path: String) throws { file = try FormatFileWriter(path: path) }

    /// Everything written, for an in-memory sink.
    var bytes: [UInt8] { buffer }

    @inline(__always)
    func byte(_ b: UInt8) throws {
        if let file { try file.write(byte: b) } else { buffer.append(b) }
        position += 1
    }

    func write(_ bytes: [UInt8]) throws {
        if let file { try file.write(bytes) } else { buffer.append(contentsOf: bytes) }
        position += bytes.count
    }

    func write(_ raw: UnsafeRawBufferPointer) throws {
        if let file { try file.write(raw) } else { buffer.append(contentsOf: raw) }
        position += raw.count
    }

    /// Flushes, closes and renames the file into place.
    func close() throws { try file?.finish() }

    /// Closes and removes a partly written file after an error.
    func abandon() { file?.abandon() }
}
