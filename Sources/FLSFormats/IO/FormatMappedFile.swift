// Read-only memory maps of whole files.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory map of a whole file; pages are loaded on demand and
/// never copied, so a stored zip member can be decoded straight into its array.
final class FormatMappedFile {
    /// The file's bytes; valid while this object lives.
    let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    init(path: String) throws {
        let reader = try FormatFileReader(path: path)
        if !reader.isRegular {
            let contents = try reader.readToEnd()
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(contents.count, 1), alignment: 16)
            contents.withUnsafeBytes { storage.copyMemory(from: $0) }
            bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<contents.count])
            mapped = false
            return
        }
        if reader.size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mapped = false
            return
        }
        let address = mmap(nil, reader.size, PROT_READ, MAP_PRIVATE, reader.descriptor, 0)
        if let address, address != MAP_FAILED {
            bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(address), count: reader.size)
            mapped = true
        } else {
            // Some file systems cannot be mapped; read the file instead.
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: reader.size, alignment: 16)
            do {
                try reader.read(into: storage, at: 0)
            } catch {
                storage.deallocate()
                throw error
            }
            bytes = UnsafeRawBufferPointer(storage)
            mapped = false
        }
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutableRawBufferPointer(mutating: bytes).deallocate()
        }
    }
}
