// The value `load_tar` returns: an opened tar of JPEG crops, indexed once
// (the index is cached beside the tar by FLSFormats), read at random by
// position in the sorted path list or by path, decoded to RGB.

import FLS
import FLSFormats

/// An image archive handle: `a.paths`, `len(a)`, `a[i]`, `a["person_0000/..."]`.
final class Archive: Handle {
    let tar: TarArchive
    /// The sorted member paths as a str array, made on first use and shared.
    private var pathsArray: NDArray?

    init(_ tar: TarArchive) {
        self.tar = tar
    }

    /// Opens (and indexes, with a progress bar) the tar at `path`.
    static func open(_ path: String, host: Host) throws -> Archive {
        let bar = ProgressBar(host: host, label: "indexing \(DataFile.basename(path))")
        defer { bar?.finish() }
        let tar = try DataFile.naming(path) {
            try TarArchive.open(
                path, cacheInBackground: true, progress: bar.map { b in { done, total in b.update(done, total) } })
        }
        return Archive(tar)
    }

    override var typeName: String { "archive" }

    override var summary: String {
        let n = tar.count
        return "<archive \(DataFile.basename(tar.path)): \(groupedDigits(n)) image\(n == 1 ? "" : "s")>"
    }

    override var fieldNames: [String] { ["paths", "path", "count"] }

    override func field(_ name: String) throws -> Value? {
        switch name {
        case "paths": return .array(paths)
        case "path": return .string(tar.path)
        case "count": return .int(Int64(tar.count))
        default: return nil
        }
    }

    override var length: Int? { tar.count }

    /// `a[i]` (negative counts from the end) or `a[path]`: one u8[H,W,3] image.
    override func index(_ key: Value) throws -> Value? {
        let position = try self.position(key)
        try checkDecodedSize(count: nil, first: position)
        let image = try DataFile.naming(tar.path) { try tar.readImage(index: position) }
        return .array(NDArray(shape: [image.height, image.width, 3], storage: .u8(image.pixels)))
    }

    /// Asks the memory gatekeeper for `count` decoded images (nil: one, as
    /// [H, W, 3]) of the size
    /// member `first` declares, before any is decoded: a header can declare
    /// 16384x16384 (805 MB of pixels) in a few bytes, and a batch of them
    /// is one buffer for all (`read_images` requires one size for all).
    func checkDecodedSize(count: Int?, first: Int) throws {
        let size = try DataFile.naming(tar.path) { () throws -> (width: Int, height: Int) in
            let bytes = try tar.read(index: first)
            do { return try JPEG.size(bytes) } catch let error as JPEGError {
                throw error.naming("member \(tar.index.path(at: first))")
            }
        }
        _ = try Limits.elementCount((count.map { [$0] } ?? []) + [size.height, size.width, 3], .u8)
    }

    /// The sorted paths (`a.paths`): a packed column sharing the index's
    /// buffers (views of the cache file when the index came from it).
    var paths: NDArray {
        if let pathsArray { return pathsArray }
        let made = NDArray(shape: [tar.count], storage: .str(tar.index.pathColumn))
        pathsArray = made
        return made
    }

    /// The member position a key names: an integer (negative from the end) or a path.
    func position(_ key: Value) throws -> Int {
        if let text = key.asString() { return try position(ofPath: text) }
        guard let i = key.asInt() else {
            throw RuntimeError(
                "an archive is indexed by an integer position or a member path, not a \(key.kindName)",
                hint: "a[0] is the first image in sorted path order; a.paths lists the paths")
        }
        return try position(ofIndex: i)
    }

    /// The positions `read_images` decodes: paths, integer positions, or a bool mask over `paths`.
    func positions(_ selection: Value) throws -> [Int] {
        switch selection {
        case .list(let items):
            return try items.map { try position($0) }
        case .array(let a) where a.ndim == 1:
            switch a.storage {
            case .str(let members): return try members.map { try position(ofPath: $0) }
            case .bool(let mask):
                guard mask.count == tar.count else {
                    throw RuntimeError(
                        "read_images: a mask of \(mask.count) booleans does not match the \(tar.count) paths of the archive"
                    )
                }
                return mask.indices.filter { mask[$0] }
            default:
                if a.dtype.isInteger || a.count == 0 { return try a.intElements().map { try position(ofIndex: $0) } }
            }
        default:
            break
        }
        throw RuntimeError(
            "read_images: 'paths' must be a 1-d str array of member paths or int array of positions, got \(selection.kindName)",
            hint: "e.g. read_images(a, a.paths[0:10]) or read_images(a, range(10))")
    }

    func position(ofIndex i: Int) throws -> Int {
        let n = tar.count
        let j = i < 0 ? i &+ n : i
        guard j >= 0 && j < n else {
            throw RuntimeError(
                "image index \(i) is out of range for \(DataFile.basename(tar.path)) with \(groupedDigits(n)) images")
        }
        return j
    }

    func position(ofPath member: String) throws -> Int {
        if let j = tar.position(of: member) { return j }
        if let unsupported = tar.index.unsupported.first(where: { $0.path == member }) {
            throw RuntimeError("\(tar.path): member \(member) \(unsupported.reason)")
        }
        throw RuntimeError("\(tar.path) has no member \(member)", hint: "a.paths lists the members, sorted")
    }
}

/// `12345` as `12,345`.
func groupedDigits(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}
