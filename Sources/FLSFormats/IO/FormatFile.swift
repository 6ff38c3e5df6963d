// Small POSIX file helpers shared by the NPY, NPZ, CSV and JSON readers and
// writers. They exist so that a reader can place file bytes straight into
// the final typed buffer (pread into uninitialised array storage, or a
// read-only memory map) instead of going through Foundation's Data, which
// would add a copy on the hot path.

import FLSMemory

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

    /// Reads a whole regular file into memory; the size comes from `fstat`,
    /// so the allocation matches bytes that exist, and the memory budget is
    /// asked first.
    static func readAll(path: String) throws -> [UInt8] {
        let reader = try FormatFileReader(path: path)
        return try reader.bytes(at: 0, count: reader.size)
    }

    /// Throws unless the memory budget allows a buffer of `bytes` for `what`
    /// (a phrase such as "'a.npy'" or "the array"). Every reader asks before
    /// an allocation whose size comes from a file.
    static func checkBudget(_ bytes: Int, for what: String) throws {
        guard bytes >= 0, MemoryBudget.allows(bytes) else {
            throw FormatError(
                "\(what) needs \(bytes >= 0 ? MemoryBudget.describe(bytes) : "more memory than exists"), more than memory allows: \(MemoryBudget.explanation())."
            )
        }
    }

    /// `count` elements of `size` bytes, or -1 when the product overflows
    /// (which `checkBudget` refuses).
    static func byteCount(_ count: Int, _ size: Int) -> Int {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow || count < 0 || size < 0 ? -1 : bytes
    }
}
