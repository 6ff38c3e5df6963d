// Small POSIX file helpers shared by the NPY, NPZ, CSV and JSON readers and
// writers. They exist so that a reader can place file bytes straight into
// the final typed buffer (pread into uninitialised array storage, or a
// read-only memory map) instead of going through Foundation's Data, which
// would add a copy on the hot path.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Namespace for whole-file reads and the error text of failed system calls.
enum FormatFile {
    /// The text of the current `errno`, for error messages.
    static func systemError() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }

    /// Asks Linux to back a large fresh buffer with huge pages before it is
    /// filled, which cuts page-fault time when reading big arrays (numpy
    /// does the same for its large allocations). Only whole 2 MB pages
    /// inside the buffer are advised; elsewhere this does nothing.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let huge = 1 << 21
        guard buffer.count >= 4 * huge, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Reads a whole file into memory; the size comes from `fstat`, so the
    /// allocation matches bytes that exist.
    static func readAll(path: String) throws -> [UInt8] {
        let reader = try FormatFileReader(path: path)
        if !reader.isRegular { return try reader.readToEnd() }
        let size = reader.size
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            try reader.read(into: UnsafeMutableRawBufferPointer(buffer), at: 0)
            initialized = size
        }
    }
}
