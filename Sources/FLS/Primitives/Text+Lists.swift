// The "Text and lists" family: Python's string methods as functions
// (element-wise on str arrays), and zip/enumerate/append for lists. Text is
// handled by Unicode code point, as Python does, never by grapheme.

extension Builtins {
    static func text(
        _ name: String, _ params: [Param], _ summary: String, _ doc: String, _ examples: [Example],
        _ body: @escaping Primitive.Implementation
    ) -> Primitive {
        Primitive(name, family: "Text and lists", params: params, summary: summary, doc: doc, examples: examples, body)
    }

    /// Applies `f` to a string, or to every element of a str array (keeping its shape).
    static func eachString<R: Element>(_ args: Arguments, _ i: Int, _ f: (String) throws -> R) throws -> Value {
        if let s = args[i].asString(), case .string = args[i] {
            let r = try f(s)
            if let b = r as? Bool { return .bool(b) }
            if let t = r as? String { return .string(t) }
            return .array(NDArray(shape: [], storage: R.wrap([r])))
        }
        if case .array(let a) = args[i], case .str(let v) = a.storage {
            return .array(NDArray(shape: a.shape, storage: R.wrap(try v.map(f))))
        }
        throw args.fail(i, "a string or a str array")
    }

    /// A bool per string, computed on its UTF-8 bytes (no String per element
    /// of a str array): a string gives a bool.
    static func eachUTF8(_ args: Arguments, _ i: Int, _ test: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> Value {
        if case .string(var s) = args[i] { return .bool(s.withUTF8(test)) }
        if case .array(let a) = args[i], case .str(let v) = a.storage {
            return .array(NDArray(shape: a.shape, storage: .bool((0..<v.count).map { v.withUTF8($0, test) })))
        }
        throw args.fail(i, "a string or a str array")
    }

    static var textAndLists: [Primitive] {
        [
            text(
                "split", [Param("s"), Param("sep", .null)], "Split a string into a str array of its parts.",
                "As Python's `s.split(sep)`: with no `sep`, splits on runs of whitespace and drops empty parts; with a `sep`, splits at every occurrence (keeping empty parts). A str array gives a list with one str array per element.",
                [
                    Example("split(\"a b  c\")", "str[3] ['a' 'b' 'c']"),
                    Example("split(\"person_0001/video_0002\", \"/\")", "str[2] ['person_0001' 'video_0002']"),
                    Example("split(\"a,,b\", \",\")", "str[3] ['a' '' 'b']"),
                ]
            ) { args, _ in
                let sep = args.isNull(1) ? nil : try args.string(1)
                if sep == "" {
                    throw RuntimeError("split: empty separator", hint: "leave sep out to split on whitespace")
                }
                func parts(_ s: String) -> Value {
                    let p = splitText(s, sep)
                    return .array(NDArray(shape: [p.count], storage: .str(p)))
                }
                if case .string(let s) = args[0] { return parts(s) }
                if case .array(let a) = args[0], case .str(let v) = a.storage {
                    if a.ndim == 0, let s = v.first { return parts(s) }
                    return .list(v.map(parts))
                }
                throw args.fail(0, "a string or a str array")
            },
            text(
                "join", [Param("sep"), Param("xs")], "Join strings with a separator between them.",
                "As Python's `sep.join(xs)`: `xs` is a list of strings or a str array (flattened). Other items are an error; convert them with `map(xs, str)` first.",
                [
                    Example("join(\", \", list(\"a\", \"b\", \"c\"))", "\"a, b, c\""),
                    Example("join(\"/\", split(\"x/y/z\", \"/\"))", "\"x/y/z\""),
                ]
            ) { args, _ in
                let sep = try args.string(0)
                var items: [String] = []
                switch args[1] {
                case .array(let a) where a.count == 0:
                    items = []
                case .array(let a):
                    guard case .str(let v) = a.storage else {
                        throw RuntimeError(
                            "join: 'xs' must hold strings, got \(args[1].kindWithArticle)",
                            hint: "convert first: join(sep, map(xs, str))")
                    }
                    items = v.array
                case .list(let xs):
                    for (i, x) in xs.enumerated() {
                        guard let s = x.asString() else {
                            throw RuntimeError(
                                "join: item \(i) of 'xs' is not a string (got \(x.kindName))",
                                hint: "convert first: join(sep, map(xs, str))")
                        }
                        items.append(s)
                    }
                default: throw args.fail(1, "a list of strings or a str array")
                }
                return .string(items.joined(separator: sep))
            },
            text(
                "replace", [Param("s"), Param("old"), Param("new")], "Replace every occurrence of old with new.",
                "As Python's `s.replace(old, new)`; element-wise on a str array.",
                [
                    Example("replace(\"video_0001\", \"video\", \"channel\")", "\"channel_0001\""),
                    Example("replace([\"a-b\", \"c-d-e\"], \"-\", \"\")", "str[2] ['ab' 'cde']"),
                ]
            ) { args, _ in
                let old = try args.string(1), new = try args.string(2)
                if !old.isEmpty, case .array(let a) = args[0], case .str(let v) = a.storage {
                    return .array(NDArray(shape: a.shape, storage: .str(try replaceUTF8(v, old, new))))
                }
                return try eachString(args, 0) { replaceText($0, old, new) }
            },
            text(
                "strip", [Param("s"), Param("chars", .null)],
                "Remove leading and trailing whitespace (or the given characters).",
                "As Python's `s.strip(chars)`; element-wise on a str array.",
                [Example("strip(\"  name \\n\")", "\"name\""), Example("strip(\"xxhixx\", \"x\")", "\"hi\"")]
            ) { args, _ in
                let chars = args.isNull(1) ? nil : Set(try args.string(1).unicodeScalars)
                return try eachString(args, 0) { stripText($0, chars) }
            },
            text(
                "startswith", [Param("s"), Param("prefix")], "True where the string starts with prefix.",
                "Element-wise on a str array (giving a bool array).",
                [
                    Example("startswith(\"person_0001\", \"person\")", "true"),
                    Example("startswith([\"ab\", \"ba\"], \"a\")", "bool[2] [ true false]"),
                ]
            ) { args, _ in
                // UTF-8 is self-synchronising: a byte prefix of valid text that
                // is itself valid text is a code point prefix.
                let prefix = Array(try args.string(1).utf8)
                return try eachUTF8(args, 0) { $0.starts(with: prefix) }
            },
            text(
                "endswith", [Param("s"), Param("suffix")], "True where the string ends with suffix.",
                "Element-wise on a str array (giving a bool array).",
                [
                    Example("endswith(\"frame_00001.jpg\", \".jpg\")", "true"),
                    Example("endswith([\"a.jpg\", \"b.png\"], \".jpg\")", "bool[2] [ true false]"),
                ]
            ) { args, _ in
                let suffix = Array(try args.string(1).utf8)
                return try eachUTF8(args, 0) {
                    $0.count >= suffix.count && $0[($0.count - suffix.count)...].elementsEqual(suffix)
                }
            },
            text(
                "upper", [Param("s")], "The string in upper case.",
                "Full Unicode case mapping, as Python; element-wise on a str array.",
                [Example("upper(\"Straße\")", "\"STRASSE\""), Example("upper([\"a\", \"b\"])", "str[2] ['A' 'B']")]
            ) { args, _ in
                try eachString(args, 0) { $0.uppercased() }
            },
            text(
                "lower", [Param("s")], "The string in lower case.",
                "Full Unicode case mapping, as Python's `str.lower` (a final capital sigma becomes ς); element-wise on a str array.",
                [Example("lower(\"Person_0001\")", "\"person_0001\"")]
            ) { args, _ in
                try eachString(args, 0) { pythonLowercased($0) }
            },
            text(
                "zip", [.rest("xs")], "Pair up items: a list of lists, as long as the shortest argument.",
                "As Python's `zip`: item `i` of the result is the list of item `i` of every argument. Arguments are lists or arrays (their first axis).",
                [Example("zip(list(\"a\", \"b\"), [1, 2])", "list(list(\"a\", 1), list(\"b\", 2))")]
            ) { args, _ in
                let columns: [[Value]] = try args.list(0).enumerated().map { i, v in
                    switch v {
                    case .list(let xs): return xs
                    case .array(let a) where a.ndim >= 1: return try a.rows()
                    default: throw RuntimeError("zip: argument \(i + 1) must be a list or an array, got \(v.kindName)")
                    }
                }
                let n = columns.map(\.count).min() ?? 0
                return .list((0..<n).map { r in .list(columns.map { $0[r] }) })
            },
            text(
                "enumerate", [Param("xs"), Param("start", .int(0))], "Number the items: a list of [index, item] lists.",
                "As Python's `enumerate`: over a list, an array's first axis, or a record's keys. Unpack with `i, x = pair`.",
                [Example("enumerate(list(\"a\", \"b\"))", "list(list(0, \"a\"), list(1, \"b\"))")]
            ) { args, _ in
                let start = try args.int(1)
                let items: [Value]
                switch args[0] {
                case .list(let xs): items = xs
                case .array(let a) where a.ndim >= 1: items = try a.rows()
                case .record(let r): items = r.keys.map(Value.string)
                default: throw args.fail(0, "a list, an array or a record")
                }
                return .list(items.enumerated().map { .list([.int(Int64($0.offset + start)), $0.element]) })
            },
            text(
                "append", [Param("xs"), Param("x")], "A new list with x added at the end.",
                "`xs` itself is unchanged (values never change behind your back); write `xs = append(xs, x)` to grow a list. For arrays use `concat`.",
                [Example("xs = list(1, 2)\nappend(xs, \"three\")", "list(1, 2, \"three\")")]
            ) { args, _ in
                guard case .list(var xs) = args[0] else {
                    var hint = "for arrays use concat(list(xs, [x]))"
                    if case .array(let a) = args[0], a.count == 0, a.ndim == 1 {
                        // `xs = []` in Python is a list; in FLS, an empty f64 array.
                        hint = "[] is an empty array: start a list with xs = list()"
                    }
                    throw RuntimeError("append: 'xs' must be a list, got \(args[0].kindName)", hint: hint)
                }
                xs.append(args[1])
                return .list(xs)
            },
        ]
    }
}

/// Python's whitespace: Unicode White_Space plus the four separators
/// U+001C...U+001F that `str.split()` also treats as space.
func isPythonSpace(_ c: Unicode.Scalar) -> Bool {
    c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
}

/// Python's `s.split(sep)`: whitespace runs when `sep` is nil.
func splitText(_ s: String, _ sep: String?) -> [String] {
    let scalars = Array(s.unicodeScalars)
    func text(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: slice)
        return String(out)
    }
    guard let sep else {
        var parts: [String] = []
        var i = 0
        while i < scalars.count {
            while i < scalars.count && isPythonSpace(scalars[i]) { i += 1 }
            let start = i
            while i < scalars.count && !isPythonSpace(scalars[i]) { i += 1 }
            if i > start { parts.append(text(scalars[start..<i])) }
        }
        return parts
    }
    let pattern = Array(sep.unicodeScalars)
    var parts: [String] = []
    var start = 0, i = 0
    while i + pattern.count <= scalars.count {
        if scalars[i..<i + pattern.count].elementsEqual(pattern) {
            parts.append(text(scalars[start..<i]))
            i += pattern.count
            start = i
        } else {
            i += 1
        }
    }
    parts.append(text(scalars[start...]))
    return parts
}

/// Python's `s.replace(old, new)`, by code point; an empty `old` inserts
/// `new` around every character.
func replaceText(_ s: String, _ old: String, _ new: String) -> String {
    let scalars = Array(s.unicodeScalars), pattern = Array(old.unicodeScalars)
    var out = String.UnicodeScalarView()
    if pattern.isEmpty {
        out.append(contentsOf: new.unicodeScalars)
        for c in scalars {
            out.append(c)
            out.append(contentsOf: new.unicodeScalars)
        }
        return String(out)
    }
    var i = 0
    while i < scalars.count {
        if i + pattern.count <= scalars.count && scalars[i..<i + pattern.count].elementsEqual(pattern) {
            out.append(contentsOf: new.unicodeScalars)
            i += pattern.count
        } else {
            out.append(scalars[i])
            i += 1
        }
    }
    return String(out)
}

/// `replace` over a str array on UTF-8 bytes, into one packed column: a
/// non-empty UTF-8 pattern matches exactly where its code points do.
func replaceUTF8(_ column: StringColumn, _ old: String, _ new: String) throws -> StringColumn {
    let pattern = Array(old.utf8), replacement = Array(new.utf8)
    var builder = PackedStringsBuilder(capacity: column.count)
    var total = 0
    // The output is checked against the string limit as it grows (every
    // 64 MB), before the builder's buffer can run away.
    var nextCheck = 64 << 20
    func grew(_ n: Int) throws {
        total = try Limits.stringSum(total, n)
        if total > nextCheck {
            try Limits.checkString(bytes: total)
            nextCheck = total + (64 << 20)
        }
    }
    try pattern.withUnsafeBufferPointer { p in
        try replacement.withUnsafeBufferPointer { r in
            for k in 0..<column.count {
                try column.withUTF8(k) { s in
                    var i = 0, start = 0
                    while i + p.count <= s.count {
                        if s[i] == p[0] && s[i..<(i + p.count)].elementsEqual(p) {
                            builder.appendPiece(UnsafeBufferPointer(rebasing: s[start..<i]))
                            builder.appendPiece(r)
                            try grew(i - start + r.count)
                            i += p.count
                            start = i
                        } else {
                            i += 1
                        }
                    }
                    builder.appendPiece(UnsafeBufferPointer(rebasing: s[start...]))
                    try grew(s.count - start)
                    builder.finishString()
                }
                if k & 65535 == 0 { try Interrupt.check() }
            }
        }
    }
    try Limits.checkString(bytes: total)
    return StringColumn(packed: builder.finish())
}

/// Python's `s.strip(chars)`: whitespace when `chars` is nil.
func stripText(_ s: String, _ chars: Set<Unicode.Scalar>?) -> String {
    let scalars = Array(s.unicodeScalars)
    func strip(_ c: Unicode.Scalar) -> Bool { chars.map { $0.contains(c) } ?? isPythonSpace(c) }
    var lo = 0, hi = scalars.count
    while lo < hi && strip(scalars[lo]) { lo += 1 }
    while hi > lo && strip(scalars[hi - 1]) { hi -= 1 }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars[lo..<hi])
    return String(out)
}

/// `s` in lower case as Python's `str.lower` makes it: Unicode's mapping,
/// with the one rule that depends on the neighbours, the final sigma: a
/// capital sigma after a cased letter and not before one becomes ς.
func pythonLowercased(_ s: String) -> String {
    let scalars = Array(s.unicodeScalars)
    guard scalars.contains("\u{3A3}") else { return s.lowercased() }
    /// Whether a cased letter comes before (`step` -1) or after (+1) position
    /// `k`, passing over case-ignorable ones (apostrophes, accents).
    func casedBeside(_ k: Int, _ step: Int) -> Bool {
        var i = k + step
        while i >= 0 && i < scalars.count {
            let p = scalars[i].properties
            if p.isCaseIgnorable { i += step; continue }
            return p.isCased
        }
        return false
    }
    var out = ""
    for (k, c) in scalars.enumerated() {
        if c == "\u{3A3}" && casedBeside(k, -1) && !casedBeside(k, 1) {
            out.unicodeScalars.append("\u{3C2}")
        } else {
            out += String(c).lowercased()
        }
    }
    return out
}
