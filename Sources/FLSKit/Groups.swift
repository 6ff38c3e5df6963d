// The "Groups" family: per-key statistics over the rows of an array. Each
// primitive makes one pass over the rows (GroupKeys numbers the keys in one
// pass, then the kernel walks the rows once), never one pass per group.

import FLS

/// Group primitives and their kernels.
enum Groups {
    static var primitives: [Primitive] { [unique, splitBy, meanBy, firstBy, countBy, match] }

    /// The rows of `x` checked against the keys: `x` needs a first axis as
    /// long as `keys`.
    static func rows(_ args: Arguments, x: Int, keys: GroupKeys) throws -> NDArray {
        let (a, selected) = try rowSource(args, x: x, keys: keys)
        guard let selected else { return a }
        let r = a.rowLayout.rowSize
        return NDArray(
            shape: [selected.count] + a.shape.dropFirst(), storage: a.storage.gatherRows(selected, rowSize: r))
    }

    /// x's rows without copying them: the array and, for `x[rows]`, the row
    /// numbers; checked to have one key per (selected) row.
    static func rowSource(_ args: Arguments, x: Int, keys: GroupKeys) throws -> (NDArray, [Int]?) {
        let (a, selected) = try args.rowSource(x)
        let name = args.primitive.name
        guard a.ndim >= 1 else {
            throw RuntimeError("\(name): 'x' must have at least one axis (its rows), got a scalar")
        }
        let n = selected?.count ?? a.shape[0]
        guard n == keys.codes.count else {
            throw RuntimeError(
                "\(name): 'x' has \(n) rows but 'keys' has \(keys.codes.count) keys",
                hint: "give one key per row of x")
        }
        return (a, selected)
    }

    static func keys(_ args: Arguments, _ i: Int) throws -> GroupKeys {
        try GroupKeys(try args.array(i), primitive: args.primitive.name, param: args.primitive.params[i].name)
    }

    /// One row per group: the mean of the group's rows. f32 stays f32 and is
    /// summed in f32 in row order, which is how numpy's `mean(axis=0)` sums
    /// a 2-d f32 array (so the baseline's means agree bit for bit); other
    /// numbers are summed in f64 and give f64, as numpy's mean of ints does.
    static func mean(_ x: NDArray, _ keys: GroupKeys, rows selected: [Int]? = nil) throws -> NDArray {
        let r = x.rowLayout.rowSize
        let n = selected?.count ?? x.rowLayout.rows
        let g = keys.groupCount
        let shape = [g] + x.shape.dropFirst()
        _ = try Limits.elementCount(shape, .f64)
        if case .f32(let v) = x.storage, r >= 2 {
            var sums = [Float](repeating: 0, count: g * r)
            try v.withUnsafeBufferPointer { px in
                try sums.withUnsafeMutableBufferPointer { ps in
                    // Both buffers are non-empty whenever there is a row.
                    guard let sumBase = ps.baseAddress, let rowBase = px.baseAddress else { return }
                    for i in 0..<n {
                        if i & 4095 == 0 { try Interrupt.check() }
                        let dst = sumBase + keys.codes[i] * r
                        let src = rowBase + (selected?[i] ?? i) * r
                        for j in 0..<r { dst[j] += src[j] }
                    }
                    for k in 0..<g {
                        let c = Float(keys.counts[k])
                        for j in 0..<r { ps[k * r + j] /= c }
                    }
                }
            }
            return NDArray(shape: shape, storage: .f32(sums))
        }
        // One value per row (numpy sums those pairwise) or non-f32 input: an
        // f64 accumulator is at least as accurate as numpy's sum.
        if let selected {
            // Rare (non-f32 or 1-d input): gather, then take the general path.
            let gathered = NDArray(
                shape: [selected.count] + x.shape.dropFirst(), storage: x.storage.gatherRows(selected, rowSize: r))
            return try mean(gathered, keys)
        }
        let values: [Double]
        switch x.storage {
        case .f32(let v): values = v.map(Double.init)
        case .f64(let v): values = v.array
        case .str: throw RuntimeError("mean_by: 'x' must be numeric, got str")
        default: values = (x.storage.integerValues ?? []).map(Double.init)
        }
        var sums = [Double](repeating: 0, count: g * r)
        try values.withUnsafeBufferPointer { px in
            try sums.withUnsafeMutableBufferPointer { ps in
                for i in 0..<n {
                    if i & 4095 == 0 { try Interrupt.check() }
                    let base = keys.codes[i] * r
                    for j in 0..<r { ps[base + j] += px[i * r + j] }
                }
                for k in 0..<g {
                    let c = Double(keys.counts[k])
                    for j in 0..<r { ps[k * r + j] /= c }
                }
            }
        }
        if x.dtype == .f32 { return NDArray(shape: shape, storage: .f32(sums.map { Float($0) })) }
        return NDArray(shape: shape, storage: .f64(sums))
    }

    /// Start row and length of each run of equal consecutive keys.
    static func runs(_ keys: NDArray, primitive: String) throws -> [(start: Int, count: Int)] {
        guard keys.ndim == 1 else {
            throw RuntimeError(
                "\(primitive): 'keys' must be a 1-d array of keys, got shape \(formatShape(keys.shape))",
                hint: "keys label the rows: one int or string per row")
        }
        func scan<T: Equatable>(_ v: some ContiguousElements<T>) -> [(start: Int, count: Int)] {
            var out: [(start: Int, count: Int)] = []
            var start = 0
            for i in 1..<max(v.count, 1) where v[i] != v[i - 1] {
                out.append((start, i - start))
                start = i
            }
            if !v.isEmpty { out.append((start, v.count - start)) }
            return out
        }
        if keys.count == 0 { return [] }
        switch keys.storage {
        case .str(let v): return scan(v.map { ByteKey(Substring($0)) })
        case .f32, .f64:
            throw RuntimeError(
                "\(primitive): 'keys' must hold integers or strings, got \(keys.dtype)",
                hint: "convert float keys with astype(keys, \"i64\")")
        default: return scan(keys.storage.integerValues ?? [])
        }
    }

    static var unique: Primitive {
        Primitive(
            "unique", family: "Groups", params: [Param("x")],
            summary: "Sorted unique values, each element's position among them, and their counts.",
            doc: """
                Like `np.unique(x, return_inverse=True, return_counts=True)`: returns \
                `{values, inverse, counts}` where `values[inverse]` rebuilds `x`. Works on \
                integers, booleans, strings (ordered by code point) and floats (nan last, all nans \
                as one value, as numpy 2); an n-d array is flattened for `values` and `counts`, and \
                `inverse` has its shape (numpy 2), so `values[inverse]` rebuilds it. \
                One pass over `x` (plus a sort of the distinct values).
                """,
            examples: [
                Example(
                    "unique([3, 1, 3, 2])", "values: i64[3] [1 2 3]\ninverse: i64[4] [2 0 2 1]\ncounts: i64[3] [1 1 2]"),
                Example("unique([\"b\", \"a\", \"b\"]).values", "str[2] ['a' 'b']"),
            ]
        ) { args, _ in
            let original = try args.array(0)
            let x = NDArray(shape: [original.count], storage: original.storage)
            var result: Value
            if x.dtype.isFloat {
                result = uniqueFloats(x)
            } else {
                let k = try GroupKeys(x, primitive: "unique", param: "x")
                result = .record(
                    Record([
                        ("values", .array(NDArray(shape: [k.groupCount], storage: k.values))),
                        ("inverse", .array(NDArray(indices: k.codes.map { Int64($0) }))),
                        ("counts", .array(NDArray(indices: k.counts))),
                    ]))
            }
            // numpy 2: the inverse has x's shape, so values[inverse] rebuilds x.
            if original.ndim != 1, case .record(var r) = result, case .array(var inverse)? = r["inverse"] {
                inverse.shape = original.shape
                r["inverse"] = .array(inverse)
                result = .record(r)
            }
            return result
        }
    }

    static var splitBy: Primitive {
        Primitive(
            "split_by", family: "Groups", params: [Param("x"), Param("keys")],
            summary: "Split the rows of x into runs of equal consecutive keys (a list of arrays).",
            doc: """
                Walks the keys once and cuts `x` along its first axis wherever the key changes. \
                Equal keys that are not adjacent start a new run (sort first, or use the `*_by` \
                primitives, to group all rows of a key). The kit used this on person ids, whose rows \
                are contiguous.
                """,
            examples: [
                Example("split_by([10, 11, 12, 13], [0, 0, 1, 0])", "list(i64[2] [10 11], i64[1] [12], i64[1] [13])"),
                Example(
                    "split_by([\"x\", \"y\", \"z\", \"w\", \"v\"], [\"a\", \"a\", \"b\", \"b\", \"b\"])",
                    "list(str[2] ['x' 'y'], str[3] ['z' 'w' 'v'])"),
            ]
        ) { args, _ in
            let keys = try args.array(1)
            let spans = try runs(keys, primitive: "split_by")
            let x = try args.array(0)
            guard x.ndim >= 1 else {
                throw RuntimeError("split_by: 'x' must have at least one axis (its rows), got a scalar")
            }
            guard x.shape[0] == keys.count else {
                throw RuntimeError(
                    "split_by: 'x' has \(x.shape[0]) rows but 'keys' has \(keys.count) keys",
                    hint: "give one key per row of x")
            }
            let r = x.rowLayout.rowSize
            let inner = Array(x.shape.dropFirst())
            return .list(
                spans.map { span in
                    .array(
                        NDArray(
                            shape: [span.count] + inner,
                            storage: x.storage.sliceRows(span.start, span.count, rowSize: r)))
                })
        }
    }

    static var meanBy: Primitive {
        Primitive(
            "mean_by", family: "Groups", params: [Param("x", selectsRows: true), Param("keys")],
            summary: "The mean of the rows of x for each sorted unique key (one row per key).",
            doc: """
                Row `k` of the result is the mean of the rows of `x` whose key is the `k`-th sorted \
                unique key (`unique(keys).values[k]`). One pass over the rows. f32 input gives f32, \
                summed in f32 in row order exactly as numpy's `x[mask].mean(axis=0)` sums a 2-d f32 \
                array, so results match numpy bit for bit; a 1-d f32 `x` is summed in f64 (numpy \
                sums it pairwise: results may differ in the last bit). Integers give f64. Written \
                `mean_by(x[rows], keys)` with an index array or mask, it reads the selected rows in \
                place instead of copying them first.
                """,
            examples: [
                Example(
                    "mean_by([[1.0, 2.0], [3.0, 4.0], [10.0, 20.0]], [7, 7, 5])", "f64[2,2]\n[[10. 20.]\n [ 2.  3.]]"),
                Example("mean_by([1, 2, 4], [\"b\", \"a\", \"a\"])", "f64[2] [3. 1.]"),
            ]
        ) { args, _ in
            let k = try keys(args, 1)
            let (x, selected) = try rowSource(args, x: 0, keys: k)
            return .array(try mean(x, k, rows: selected))
        }
    }

    static var firstBy: Primitive {
        Primitive(
            "first_by", family: "Groups", params: [Param("x"), Param("keys")],
            summary: "The first row of x for each sorted unique key.",
            doc:
                "Row `k` of the result is the first row of `x` whose key is the `k`-th sorted unique key. The baseline uses it for the person of each test video: `first_by(person, video)`.",
            examples: [
                Example("first_by([10, 11, 12, 13], [2, 1, 2, 1])", "i64[2] [11 10]"),
                Example("first_by([\"p0\", \"p0\", \"p1\"], [4, 4, 9])", "str[2] ['p0' 'p1']"),
            ]
        ) { args, _ in
            let k = try keys(args, 1)
            let x = try rows(args, x: 0, keys: k)
            let r = x.rowLayout.rowSize
            return .array(
                NDArray(
                    shape: [k.groupCount] + x.shape.dropFirst(), storage: x.storage.gatherRows(k.firstRow, rowSize: r)))
        }
    }

    static var countBy: Primitive {
        Primitive(
            "count_by", family: "Groups", params: [Param("keys")],
            summary: "How many rows each sorted unique key has: {values, counts}.",
            doc:
                "Keys are a 1-d int or str array, e.g. `count_by(ids.person)` for frames per person. Same as `unique(keys)` without the inverse.",
            examples: [
                Example("count_by([\"b\", \"a\", \"b\"])", "values: str[2] ['a' 'b']\ncounts: i64[2] [1 2]")
            ]
        ) { args, _ in
            let k = try keys(args, 0)
            return .record(
                Record([
                    ("values", .array(NDArray(shape: [k.groupCount], storage: k.values))),
                    ("counts", .array(NDArray(indices: k.counts))),
                ]))
        }
    }
}
