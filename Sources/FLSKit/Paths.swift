// The "Paths" family: ids from the dataset's folder structure
// (`person_0000/video_0002/seq_0000/frame_00000.jpg`) and element-wise
// dirname/basename.

import FLS

/// Path primitives and their kernels.
enum Paths {
    static var primitives: [Primitive] { [enumeratePaths, dirname, basename] }

    /// The person, video and sequence folders of one frame path, as prefixes
    /// of the path (so that keys sort the way the paths sort), counted from
    /// the frame backwards: the last folder is the sequence, the one before it
    /// the video, the one before that the person. Missing parts are nil.
    static func parts(_ path: String) -> (person: Substring?, video: Substring?, seq: Substring?) {
        // End index of each folder component (the frame file itself is dropped).
        var ends: [String.Index] = []
        let bytes = path.utf8
        var i = bytes.startIndex
        var componentStart = i
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "/") {
                if i > componentStart { ends.append(i) }
                componentStart = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        func prefix(_ k: Int) -> Substring? {
            let j = ends.count - k
            return j >= 0 ? path[path.startIndex..<ends[j]] : nil
        }
        // A sequence key of an evaluation path is its own folder (`seq_0007`),
        // of a training path `person/video/seq`: both are the prefix up to it.
        return (prefix(3), prefix(2), prefix(1))
    }

    /// Numbers keys by their position among the sorted unique keys; -1 for nil.
    static func number(_ keys: [Substring?]) -> [Int64] {
        var provisional: [ByteKey: Int] = [:]
        var unique: [Substring] = []
        var codes = [Int](repeating: -1, count: keys.count)
        for (i, key) in keys.enumerated() {
            guard let key else { continue }
            let k = ByteKey(key)
            if let g = provisional[k] { codes[i] = g } else {
                codes[i] = unique.count
                provisional[k] = unique.count
                unique.append(key)
            }
        }
        let order = unique.indices.sorted { ByteKey.precedes(unique[$0], unique[$1]) }
        var rank = [Int64](repeating: 0, count: order.count)
        for (position, g) in order.enumerated() { rank[g] = Int64(position) }
        return codes.map { $0 < 0 ? -1 : rank[$0] }
    }

    /// `{person, video, seq}` id arrays for `paths`.
    static func enumerate(_ paths: [String]) -> (person: [Int64], video: [Int64], seq: [Int64]) {
        var person: [Substring?] = [], video: [Substring?] = [], seq: [Substring?] = []
        person.reserveCapacity(paths.count)
        video.reserveCapacity(paths.count)
        seq.reserveCapacity(paths.count)
        for p in paths {
            let parts = parts(p)
            person.append(parts.person)
            video.append(parts.video)
            seq.append(parts.seq)
        }
        return (number(person), number(video), number(seq))
    }

    /// Python's `os.path.dirname`: everything before the last `/`, trailing
    /// slashes removed unless the head is only slashes.
    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var head = path[...slash]
        if head.contains(where: { $0 != "/" }) {
            while head.last == "/" { head = head.dropLast() }
        }
        return String(head)
    }

    /// Python's `os.path.basename`: everything after the last `/`.
    static func basename(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The argument as a 1-d or 0-d str array, or a clear error.
    static func strings(_ args: Arguments, _ i: Int) throws -> NDArray {
        let name = args.primitive.name, param = args.primitive.params[i].name
        guard let a = try args[i].asArray(), a.dtype == .str || a.count == 0 else {
            throw RuntimeError("\(name): '\(param)' must be a string or a str array, got \(args[i].kindName)",
                               hint: "paths come from load_tar(...).paths or read_signatures(...).paths")
        }
        if case .str = a.storage { return a }
        return NDArray(shape: a.shape, storage: .str([]))
    }

    /// Applies a string function element-wise; a string gives a string.
    static func mapStrings(_ args: Arguments, _ f: (String) -> String) throws -> Value {
        if let s = args[0].asString() { return .string(f(s)) }
        let a = try strings(args, 0)
        guard case .str(let v) = a.storage else { return .array(a) }
        return .array(NDArray(shape: a.shape, storage: .str(v.map(f))))
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
                throw RuntimeError("enumerate_paths: 'paths' must be a 1-d str array, got \(args[0].kindName)",
                                   hint: "wrap a single path in a list: enumerate_paths([path])")
            }
            let ids = enumerate(paths)
            return .record(Record([
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
            doc: "Everything before the last `/`; an empty string when there is none. Handy to group frames by sequence: `unique(dirname(sigs.paths))`.",
            examples: [
                Example("dirname(\"person_0000/video_0002/seq_0000/frame_00000.jpg\")", "\"person_0000/video_0002/seq_0000\""),
                Example("dirname([\"a/b.jpg\", \"c.jpg\"])", "str[2] ['a' '']"),
            ]
        ) { args, _ in try mapStrings(args, dirname) }
    }

    static var basename: Primitive {
        Primitive(
            "basename", family: "Paths", params: [Param("path")],
            summary: "The last part of a path (element-wise on str arrays), like os.path.basename.",
            doc: "Everything after the last `/` (the whole path when there is none; an empty string when it ends with `/`).",
            examples: [
                Example("basename(\"seq_0007/frame_00012.jpg\")", "\"frame_00012.jpg\""),
                Example("basename([\"a/b.jpg\", \"a/\"])", "str[2] ['b.jpg' '']"),
            ]
        ) { args, _ in try mapStrings(args, basename) }
    }
}
