// The "Paths" family: ids from the dataset's folder structure
// (`person_0000/video_0002/seq_0000/frame_00000.jpg`) and element-wise
// dirname/basename.

import FLS

/// Path primitives and their kernels.
enum Paths {
    static var primitives: [Primitive] { [enumeratePaths, dirname, basename] }

    /// The person, video and sequence keys of one frame path, as the byte
    /// lengths of prefixes of the path (so that keys sort the way the paths
    /// sort), counted from the frame backwards: the last folder is the
    /// sequence, the one before it the video, the one before that the
    /// person. -1 where the path has no such folder.
    @inline(__always)
    static func partLengths(_ path: UnsafeBufferPointer<UInt8>) -> (person: Int, video: Int, seq: Int) {
        // The ends of the last three folder components (the file itself is dropped).
        var e1 = -1, e2 = -1, e3 = -1
        var componentStart = 0
        for i in 0..<path.count where path[i] == UInt8(ascii: "/") {
            if i > componentStart { e3 = e2; e2 = e1; e1 = i }
            componentStart = i + 1
        }
        // A sequence key of an evaluation path is its own folder (`seq_0007`),
        // of a training path `person/video/seq`: both are the prefix up to it.
        return (e3, e2, e1)
    }

    /// `{person, video, seq}` id arrays for `paths`, numbered by sorted unique
    /// prefix; -1 where a path has no such folder. Works on the packed bytes.
    static func enumerate(_ paths: StringColumn) -> (person: [Int64], video: [Int64], seq: [Int64]) {
        let packed = paths.packedForm()
        let n = packed.count
        return packed.bytes.withUnsafeBufferPointer { bytes in
            packed.offsets.withUnsafeBufferPointer { offsets in
                var persons = ByteRangeKeys(expected: 256), videos = ByteRangeKeys(expected: 4096)
                var seqs = ByteRangeKeys(expected: 16384)
                var person = [Int](repeating: -1, count: n), video = [Int](repeating: -1, count: n)
                var seq = [Int](repeating: -1, count: n)
                for i in 0..<n {
                    let start = offsets[i]
                    let parts = partLengths(UnsafeBufferPointer(rebasing: bytes[start..<offsets[i + 1]]))
                    if parts.person >= 0 { person[i] = persons.number(bytes, start: start, length: parts.person) }
                    if parts.video >= 0 { video[i] = videos.number(bytes, start: start, length: parts.video) }
                    if parts.seq >= 0 { seq[i] = seqs.number(bytes, start: start, length: parts.seq) }
                }
                let tables = [persons, videos, seqs]
                let codes = [person, video, seq]
                var ids: [[Int64]] = []
                for level in 0..<3 {
                    let order = tables[level].sortedOrder(bytes)
                    var rank = [Int64](repeating: 0, count: order.count)
                    for (position, k) in order.enumerated() { rank[k] = Int64(position) }
                    ids.append(codes[level].map { $0 < 0 ? -1 : rank[$0] })
                }
                return (ids[0], ids[1], ids[2])
            }
        }
    }

    /// Python's `os.path.dirname` on UTF-8 bytes: the length of everything
    /// before the last `/`, trailing slashes removed unless the head is only slashes.
    static func dirnameLength(_ path: UnsafeBufferPointer<UInt8>) -> Int {
        let slash = UInt8(ascii: "/")
        guard let last = path.lastIndex(of: slash) else { return 0 }
        var end = last + 1
        if path[..<end].contains(where: { $0 != slash }) {
            while end > 0 && path[end - 1] == slash { end -= 1 }
        }
        return end
    }

    /// Python's `os.path.basename` on UTF-8 bytes: the start of everything after the last `/`.
    static func basenameStart(_ path: UnsafeBufferPointer<UInt8>) -> Int {
        guard let last = path.lastIndex(of: UInt8(ascii: "/")) else { return 0 }
        return last + 1
    }

    static func dirname(_ path: String) -> String {
        var path = path
        return path.withUTF8 {
            String(decoding: UnsafeBufferPointer(rebasing: $0[0..<dirnameLength($0)]), as: UTF8.self)
        }
    }

    static func basename(_ path: String) -> String {
        var path = path
        return path.withUTF8 {
            String(decoding: UnsafeBufferPointer(rebasing: $0[basenameStart($0)...]), as: UTF8.self)
        }
    }

    /// Each path's byte subrange (from `part`), packed into a new column.
    /// Cutting at `/` keeps every piece valid UTF-8.
    static func mapPaths(_ paths: StringColumn, _ part: (UnsafeBufferPointer<UInt8>) -> Range<Int>) -> StringColumn {
        let packed = paths.packedForm()
        return packed.bytes.withUnsafeBufferPointer { bytes in
            packed.offsets.withUnsafeBufferPointer { offsets in
                var builder = PackedStringsBuilder(capacity: packed.count, byteCapacity: bytes.count)
                for i in 0..<packed.count {
                    let path = UnsafeBufferPointer(rebasing: bytes[offsets[i]..<offsets[i + 1]])
                    builder.append(UnsafeBufferPointer(rebasing: path[part(path)]))
                }
                return StringColumn(packed: builder.finish())
            }
        }
    }

    /// The argument as a 1-d or 0-d str array, or a clear error.
    static func strings(_ args: Arguments, _ i: Int) throws -> NDArray {
        let name = args.primitive.name, param = args.primitive.params[i].name
        guard let a = try args[i].asArray(), a.dtype == .str || a.count == 0 else {
            throw RuntimeError(
                "\(name): '\(param)' must be a string or a str array, got \(args[i].kindName)",
                hint: "paths come from load_tar(...).paths or read_signatures(...).paths")
        }
        if case .str = a.storage { return a }
        return NDArray(shape: a.shape, storage: .str([]))
    }

    /// Applies a path function element-wise on bytes; a string gives a string.
    static func mapStrings(
        _ args: Arguments, _ f: (String) -> String,
        _ part: (UnsafeBufferPointer<UInt8>) -> Range<Int>
    ) throws -> Value {
        if let s = args[0].asString() { return .string(f(s)) }
        let a = try strings(args, 0)
        guard case .str(let v) = a.storage else { return .array(a) }
        return .array(NDArray(shape: a.shape, storage: .str(mapPaths(v, part))))
    }

    static var enumeratePaths: Primitive {
        Primitive(
            "enumerate_paths", family: "Paths", params: [Param("paths")],
            summary: "Person, video and sequence ids of frame paths, numbered by sorted unique folder.",
            doc: """
                Returns a record `{person, video, seq}` of i64 arrays, one id per path, like \
                `np.unique(names, return_inverse=True)`: ids count the sorted unique folders. \
                Folders are read from the end of the path: the last folder is the sequence, the \
                one before it the video (`video_` or `channel_`, any name works), the one before \
                that the person. A video is identified by `person/video` and a sequence by \
                `person/video/seq`, so equal folder names under different people stay apart. \
                Evaluation paths (`seq_0007/frame_00012.jpg`) have no person or video: those ids \
                are -1, and sequences number by their own folder.
                """,
            examples: [
                Example(
                    "ids = enumerate_paths([\"p1/video_0/seq_0/f.jpg\", \"p0/video_1/seq_0/f.jpg\", \"p0/video_0/seq_2/f.jpg\"])\nids.video",
                    "i64[3] [2 1 0]"),
                Example(
                    "enumerate_paths([\"seq_0007/frame_00012.jpg\", \"seq_0003/frame_00000.jpg\"])",
                    "person: i64[2] [-1 -1]\nvideo: i64[2] [-1 -1]\nseq: i64[2] [1 0]"),
            ]
        ) { args, _ in
            let a = try strings(args, 0)
            guard a.ndim == 1, case .str(let paths) = a.storage else {
                throw RuntimeError(
                    "enumerate_paths: 'paths' must be a 1-d str array, got \(args[0].kindName)",
                    hint: "wrap a single path in a list: enumerate_paths([path])")
            }
            let ids = enumerate(paths)
            return .record(
                Record([
                    ("person", .array(NDArray(indices: ids.person))),
                    ("video", .array(NDArray(indices: ids.video))),
                    ("seq", .array(NDArray(indices: ids.seq))),
                ]))
        }
    }

    static var dirname: Primitive {
        Primitive(
            "dirname", family: "Paths", params: [Param("path")],
            summary: "The folder part of a path (element-wise on str arrays), like os.path.dirname.",
            doc:
                "Everything before the last `/`; an empty string when there is none. Handy to group frames by sequence: `unique(dirname(sigs.paths))`.",
            examples: [
                Example(
                    "dirname(\"person_0000/video_0002/seq_0000/frame_00000.jpg\")",
                    "\"person_0000/video_0002/seq_0000\""),
                Example("dirname([\"a/b.jpg\", \"c.jpg\"])", "str[2] ['a' '']"),
            ]
        ) { args, _ in try mapStrings(args, dirname) { 0..<dirnameLength($0) } }
    }

    static var basename: Primitive {
        Primitive(
            "basename", family: "Paths", params: [Param("path")],
            summary: "The last part of a path (element-wise on str arrays), like os.path.basename.",
            doc:
                "Everything after the last `/` (the whole path when there is none; an empty string when it ends with `/`).",
            examples: [
                Example("basename(\"seq_0007/frame_00012.jpg\")", "\"frame_00012.jpg\""),
                Example("basename([\"a/b.jpg\", \"a/\"])", "str[2] ['b.jpg' '']"),
            ]
        ) { args, _ in try mapStrings(args, basename) { basenameStart($0)..<$0.count } }
    }
}
