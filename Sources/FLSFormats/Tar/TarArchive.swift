// An opened tar of images: its index (from the cache when it is still valid)
// and thread-safe random access to members by position or path.
import Dispatch
import Foundation

/// A tar archive opened for random access to its regular members, sorted by path.
public final class TarArchive: @unchecked Sendable {
    /// The path the archive was opened with.
    public let path: String
    /// The index of regular members.
    public let index: TarIndex
    /// The cache file the index was loaded from, or nil if it was built by scanning.
    public let loadedFromCache: String?

    let file: ReadOnlyFile
    private let pathsLock = NSLock()
    private var cachedPaths: [String]?

    private init(path: String, file: ReadOnlyFile, index: TarIndex, loadedFromCache: String?) {
        self.path = path
        self.file = file
        self.index = index
        self.loadedFromCache = loadedFromCache
    }

    /// Opens a tar, loading its cached index or building (and caching) a new one.
    /// `progress(done, total)` is called about every 1% of the bytes while scanning.
    /// With `cacheInBackground`, the new index is written to its cache on a
    /// background queue (a 600k-member index is ~47 MB to write); call
    /// `TarArchive.finishCacheWrites()` before the process exits.
    public static func open(
        _ path: String, useCache: Bool = true, cacheInBackground: Bool = false,
        progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> TarArchive {
        let file = try ReadOnlyFile(path: path)
        let status = try file.status()
        let cache = TarIndexCache(tarPath: TarIndexCache.absolute(path))
        // A cache still being written in the background is read once it is done.
        finishCacheWrites()
        if useCache,
            let cached = cache.load(size: status.size, seconds: status.seconds, nanoseconds: status.nanoseconds),
            cached.index.spotCheck(file)
        {
            return TarArchive(path: path, file: file, index: cached.index, loadedFromCache: cached.path)
        }
        var scanner = TarScanner(file: file, fileSize: status.size, progress: progress)
        defer { scanner.release() }
        var index = try scanner.scan()
        index.tarSeconds = status.seconds
        index.tarNanoseconds = status.nanoseconds
        if useCache {
            if cacheInBackground {
                let finished = index
                cacheWrites.enter()
                cacheQueue.async {
                    cache.save(finished)
                    cacheWrites.leave()
                }
            } else {
                cache.save(index)
            }
        }
        return TarArchive(path: path, file: file, index: index, loadedFromCache: nil)
    }

    nonisolated(unsafe) private static let cacheWrites = DispatchGroup()
    nonisolated(unsafe) private static let cacheQueue = DispatchQueue(label: "fls.tar-index-cache")

    /// Waits until every index cache written in the background is on disk.
    public static func finishCacheWrites() {
        cacheWrites.wait()
    }

    /// Number of regular members.
    public var count: Int { index.count }

    /// All member paths, sorted (built on first use and kept).
    public var paths: [String] {
        pathsLock.lock()
        defer { pathsLock.unlock() }
        if let cachedPaths { return cachedPaths }
        let made = (0..<index.count).map { index.path(at: $0) }
        cachedPaths = made
        return made
    }

    /// Member `i` of the sorted list, or nil if out of range.
    public func entry(at i: Int) -> TarEntry? {
        guard i >= 0 && i < index.count else { return nil }
        return index.entry(at: i)
    }

    /// The member with this path, or nil.
    public func entry(path: String) -> TarEntry? {
        index.position(of: path).map { index.entry(at: $0) }
    }

    /// The position of `path` in the sorted list, or nil.
    public func position(of path: String) -> Int? { index.position(of: path) }

    /// The data of member `i`, after checking its header still matches the index.
    public func read(index i: Int) throws -> [UInt8] {
        guard i >= 0 && i < index.count else {
            throw FormatError("member index \(i) is out of range; \(path) has \(index.count) members")
        }
        let size = index.sizes[i]
        var failure: Error?
        let data = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            do {
                try readMember(i, into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                buffer.initialize(repeating: 0)
                failure = error
            }
            initialized = size
        }
        if let failure { throw failure }
        return data
    }

    /// The data of the member at `path`.
    public func read(path member: String) throws -> [UInt8] {
        guard let i = index.position(of: member) else {
            if let unsupported = index.unsupported.first(where: { $0.path == member }) {
                throw FormatError("member \(member) \(unsupported.reason)")
            }
            throw FormatError("\(path) has no member \(member)")
        }
        return try read(index: i)
    }

    /// Reads member `i`'s data into `output` (exactly its size), verifying the
    /// header block first; safe to call from many threads at once.
    func readMember(_ i: Int, into output: UnsafeMutableRawBufferPointer) throws {
        let headerOffset = index.headerOffsets[i]
        let size = index.sizes[i]
        guard output.count == size else {
            throw FormatError("internal error: member buffer of \(output.count) bytes for \(size)")
        }
        // The header and data are read in one preadv call when possible.
        try withUnsafeTemporaryAllocation(byteCount: TarHeader.blockSize, alignment: 16) { header in
            guard let headerBase = header.baseAddress else { return }
            let got = try file.readVectored(at: headerOffset, header: headerBase, data: output)
            let block = UnsafeRawBufferPointer(header)
            guard got == TarHeader.blockSize + size,
                TarHeader.fingerprint(block) == index.fingerprints[i],
                index.headerMatches(i, block: block, file: file)
            else {
                throw staleError()
            }
        }
    }

    /// The error for a member whose header no longer matches the index.
    func staleError() -> FormatError {
        if let cachePath = loadedFromCache {
            return FormatError(
                "the cached index \(cachePath) no longer matches \(path); delete it and open the tar again")
        }
        return FormatError("\(path) changed after it was opened; open it again")
    }
}
