// A read-only mapping of a whole regular file, the memory behind mapped
// Buffers: loading a large numpy payload (a pickle's, an npy's) or a tar
// index cache costs a mapping instead of a copy. The kernel reads pages from
// the page cache when they are first touched; nothing is ever written.
//
// What if another program changes the file while it is mapped?
// - Replaced by rename (numpy's and FLS's own writers write a new file and
//   rename it, most editors too): nothing happens; the mapping keeps the
//   old file, which lives until it is unmapped.
// - Truncated (a program rewriting the file in place, `open(..., "wb")`):
//   reading a page past the new end would kill the process with SIGBUS, as
//   it does numpy's memmap. Here the guard (Sources/CMapGuard) maps a page
//   of zeros instead, counts the fault, and the interpreter reports the file
//   as changed after the primitive that read it: an error, never a crash.
// - Rewritten in place without changing size: the mapping shows the new
//   bytes, exactly as reading the file again would. After every unit it
//   runs (a REPL input, a cell, a script) the interpreter compares each live
//   mapping's size and modification time with those seen at load
//   (`changedWhileInUse()`) and reports a change once, as an error.
//
// Files smaller than `minimumSize` are read, not mapped: a mapping costs a
// few system calls and its address range must stay registered.

import CMapGuard

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only, guarded mapping of a whole regular file.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened by.
    public let path: String
    /// The first byte of the mapping.
    public let base: UnsafeRawPointer
    /// The file's size (and the mapping's length) when it was mapped.
    public let size: Int
    /// Modification time when mapped (seconds, nanoseconds).
    public let modified: (seconds: Int, nanoseconds: Int)
    /// The file's identity (device, inode): a file replaced by rename is another file.
    private let identity: (device: UInt, inode: UInt)
    private let slot: Int32
    /// Set once a change has been reported, so it is reported once.
    private var reported = false

    /// Files below this size are not worth mapping.
    public static let minimumSize = 1 << 20

    /// When set (FLS_NO_MMAP=1), loaders copy instead of mapping: for
    /// filesystems where mappings misbehave, and for comparing the two.
    public static let disabled: Bool = {
        guard let raw = getenv("FLS_NO_MMAP") else { return false }
        let value = String(cString: raw)
        return !value.isEmpty && value != "0"
    }()

    /// Maps the regular file open as `fd` (which the caller keeps and closes);
    /// nil when it is not worth mapping or cannot be mapped: the caller then reads.
    public static func map(fd: Int32, path: String) -> MappedFile? {
        if disabled { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size >= minimumSize else { return nil }
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else { return nil }
        let slot = fls_mapguard_register(raw, size)
        guard slot >= 0 else {
            munmap(raw, size)
            return nil
        }
        let file = MappedFile(
            path: path, base: UnsafeRawPointer(raw), size: size,
            modified: (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)),
            identity: (UInt(info.st_dev), UInt(info.st_ino)), slot: slot)
        file.track()
        return file
    }

    /// Opens and maps the file at `path`; nil when it cannot be (the caller reads instead).
    public static func map(path: String) -> MappedFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return map(fd: fd, path: path)
    }

    private init(
        path: String, base: UnsafeRawPointer, size: Int, modified: (seconds: Int, nanoseconds: Int),
        identity: (device: UInt, inode: UInt), slot: Int32
    ) {
        self.path = path
        self.base = base
        self.size = size
        self.modified = modified
        self.identity = identity
        self.slot = slot
    }

    deinit {
        fls_mapguard_unregister(slot)
        munmap(UnsafeMutableRawPointer(mutating: base), size)
    }

    /// True when a read in this mapping hit a page the file no longer has.
    public var isDamaged: Bool { fls_mapguard_damaged(slot) != 0 }

    /// `count` elements of `T` starting at byte `offset`, as a buffer that
    /// keeps this mapping alive; nil when the range is outside the file or
    /// the offset is misaligned for `T` (the caller copies instead).
    public func elements<T>(at offset: Int, count: Int, as type: T.Type) -> Buffer<T>? {
        let stride = MemoryLayout<T>.stride
        guard offset >= 0, count >= 0, offset <= size,
            count <= (size - offset) / Swift.max(stride, 1)
        else { return nil }
        let address = base + offset
        guard Int(bitPattern: address) % MemoryLayout<T>.alignment == 0 else { return nil }
        let typed = address.assumingMemoryBound(to: T.self)
        return Buffer(foreign: ForeignElements(base: typed, count: count, owner: self))
    }

    /// The bytes [offset, offset + count) as a buffer that keeps this mapping alive.
    public func bytes(at offset: Int, count: Int) -> Buffer<UInt8>? {
        elements(at: offset, count: count, as: UInt8.self)
    }

    /// Nil when the mapped file still has the size and modification time it
    /// had when mapped, or was replaced or removed (the mapping keeps the old
    /// file whole); otherwise a sentence saying it was changed in place.
    public func checkUnchanged() -> String? {
        var info = stat()
        guard stat(path, &info) == 0, UInt(info.st_dev) == identity.device, UInt(info.st_ino) == identity.inode else {
            return nil
        }
        if Int(info.st_size) != size || Int(info.st_mtim.tv_sec) != modified.seconds
            || Int(info.st_mtim.tv_nsec) != modified.nanoseconds
        {
            return
                "\(path) was changed in place by another program while in use: values read from it may mix old and new data; load it again"
        }
        return nil
    }

    /// The first not yet reported in-place change of a live mapped file, if
    /// any (checked by the interpreter after each unit it runs: a REPL
    /// input, a notebook cell, a script).
    public static func changedWhileInUse() -> String? {
        registryLock.lock()
        let files = live.compactMap { $0.file }
        registryLock.unlock()
        for file in files where !file.reported {
            if let message = file.checkUnchanged() {
                file.reported = true
                return message
            }
        }
        return nil
    }

    /// Read faults caught in any mapping since the process started: the
    /// interpreter compares it before and after each primitive.
    public static var faultCount: UInt { UInt(fls_mapguard_faults()) }

    /// The error text after a read fault: which files changed, and what to do.
    public static func changedMessage() -> String {
        registryLock.lock()
        let damaged = live.compactMap { $0.file }.filter { $0.isDamaged }
        registryLock.unlock()
        // The truncation is reported here; the in-place check need not repeat it.
        for file in damaged { file.reported = true }
        let paths = damaged.map { $0.path }
        let which = paths.isEmpty ? "a file FLS had loaded" : paths.joined(separator: ", ")
        return
            "\(which) was truncated by another program while in use: the values read from it are not valid; load it again"
    }

    private struct Weak { weak var file: MappedFile? }
    nonisolated(unsafe) private static var live: [Weak] = []
    private static let registryLock = Lock()

    /// Remembers a mapping for the change checks.
    private func track() {
        Self.registryLock.lock()
        defer { Self.registryLock.unlock() }
        Self.live = Self.live.filter { $0.file != nil }
        Self.live.append(Weak(file: self))
    }
}

/// A plain mutex.
final class Lock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}

/// Anonymous memory obtained straight from the kernel, for large buffers
/// filled at once (a misaligned numpy payload copied out of its file): the
/// filler populates its pages in a few calls, in parallel, instead of
/// faulting 300,000 fresh pages one by one, which costs more than the copy.
public final class AnonymousRegion: @unchecked Sendable {
    /// The first byte.
    public let base: UnsafeMutableRawPointer
    /// Bytes in the region.
    public let size: Int

    /// A populated region of `size` bytes, or nil when the kernel refuses.
    public static func allocate(_ size: Int) -> AnonymousRegion? {
        guard size > 0 else { return nil }
        let flags = MAP_PRIVATE | MAP_ANONYMOUS
        guard let raw = mmap(nil, size, PROT_READ | PROT_WRITE, flags, -1, 0), raw != MAP_FAILED else { return nil }
        return AnonymousRegion(base: raw, size: size)
    }

    private init(base: UnsafeMutableRawPointer, size: Int) {
        self.base = base
        self.size = size
    }

    deinit { munmap(base, size) }

    /// The region as `count` elements of `T` (filled by the caller), kept
    /// alive by the buffer; copied on the buffer's first write.
    public func elements<T>(count: Int, as type: T.Type) -> Buffer<T> {
        let typed = UnsafePointer(base.bindMemory(to: T.self, capacity: count))
        return Buffer(foreign: ForeignElements(base: typed, count: count, owner: self))
    }
}
