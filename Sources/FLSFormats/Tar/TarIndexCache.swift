// Where a tar's index is kept between runs: beside the tar as
// "<tar>.flsindex" when that folder is writable, otherwise in
// $XDG_CACHE_HOME/fls/ (or ~/.cache/fls/) under a name derived from the tar's
// absolute path. Cache trouble of any kind (unreadable, stale, damaged,
// unwritable) is never an error: the index is simply rebuilt.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds, loads and saves the cached index of one tar.
struct TarIndexCache {
    /// The tar's absolute, symlink-free path; the key of the shared cache.
    let tarPath: String

    /// The cache file next to the tar.
    var besidePath: String { tarPath + ".flsindex" }

    /// The cache file in the per-user cache folder, if a home or XDG folder is known.
    var sharedPath: String? {
        guard let folder = Self.sharedFolder() else { return nil }
        let base = tarPath.split(separator: "/").last.map(String.init) ?? "tar"
        let key = Array(tarPath.utf8).withUnsafeBytes { TarIndex.checksum($0) }
        let hex = String(key, radix: 16)
        return folder + "/" + base + "-" + String(repeating: "0", count: 16 - hex.count) + hex + ".flsindex"
    }

    static func sharedFolder() -> String? {
        if let xdg = getenv("XDG_CACHE_HOME"), xdg.pointee != 0 {
            let path = String(cString: xdg)
            if path.hasPrefix("/") { return path + "/fls" }
        }
        if let home = getenv("HOME"), home.pointee != 0 {
            return String(cString: home) + "/.cache/fls"
        }
        return nil
    }

    /// The first cache (beside, then shared) that is valid and matches the
    /// tar's current size and mtime, with the path it was read from.
    func load(size: Int, seconds: Int64, nanoseconds: Int64) -> (index: TarIndex, path: String)? {
        for path in [besidePath, sharedPath].compactMap({ $0 }) {
            guard let index = read(path, limit: Self.sizeLimit(tarSize: size)),
                index.tarSize == size, index.tarSeconds == seconds, index.tarNanoseconds == nanoseconds
            else { continue }
            return (index, path)
        }
        return nil
    }

    /// The cache at `path`, mapped when it is large enough (its buffers are
    /// then views of the file; caches are only ever replaced by rename, so
    /// the mapping cannot be truncated under the index by FLS itself), read
    /// otherwise; nil when missing, unreadable, over `limit` or invalid.
    func read(_ path: String, limit: Int) -> TarIndex? {
        guard let file = try? ReadOnlyFile(path: path), let status = try? file.status(), status.size <= limit else {
            return nil
        }
        if let mapped = MappedFile.map(fd: file.descriptor, path: path) {
            return TarIndex(cache: mapped, tarPath: tarPath)
        }
        guard let bytes = try? file.readExactly(at: 0, count: status.size) else { return nil }
        return TarIndex(cacheBytes: bytes, tarPath: tarPath)
    }

    /// Saves the index beside the tar, or in the shared folder if that fails;
    /// returns where it was written, or nil if nowhere was writable.
    @discardableResult
    func save(_ index: TarIndex) -> String? {
        let bytes = index.cacheBytes(tarPath: tarPath)
        // Beside the tar, the cache is readable by exactly those who can read
        // the tar (it lists the member names) and writable by its owner only.
        var info = stat()
        let besideMode = stat(tarPath, &info) == 0 ? mode_t(info.st_mode) & 0o644 | 0o600 : 0o600
        if Self.writeAtomically(bytes, to: besidePath, permissions: besideMode) { return besidePath }
        // The per-user cache folder is private: 0700 folders, 0600 files.
        guard let shared = sharedPath, let folder = Self.sharedFolder() else { return nil }
        Self.makeFolders(folder)
        return Self.writeAtomically(bytes, to: shared, permissions: 0o600) ? shared : nil
    }

    /// A cache can never legitimately be much larger than its tar (every
    /// member costs the tar at least 512 bytes and the cache 32 plus its path).
    static func sizeLimit(tarSize: Int) -> Int {
        tarSize > Int.max / 4 ? Int.max : tarSize * 2 + (1 << 20)
    }

    /// Writes to a temporary file and renames it over `path`, so a reader
    /// never sees half a cache and a crash mid-write leaves no debris in use.
    static func writeAtomically(_ bytes: [UInt8], to path: String, permissions: mode_t) -> Bool {
        // A cache that cannot be written is only a missed speed-up.
        guard let writer = try? FormatFileWriter(path: path, permissions: permissions) else { return false }
        do {
            try writer.write(bytes)
            try writer.finish()
            return true
        } catch {
            return false
        }
    }

    /// Creates the per-user cache folder (and missing parents) for its owner
    /// only (0700): its file names and caches tell which tars the user has
    /// and what they hold. Existing folders keep their mode.
    static func makeFolders(_ path: String) {
        var partial = ""
        for component in path.split(separator: "/") {
            partial += "/" + component
            mkdir(partial, 0o700)
        }
    }

    /// The absolute, symlink-resolved form of `path` (or `path` if it cannot be resolved).
    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
