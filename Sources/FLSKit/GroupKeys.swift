// Grouping keys: one pass over a 1-d int or str array assigns every row the
// index of its key among the sorted unique keys (numpy's
// `np.unique(keys, return_inverse=True)`), and counts rows per key. All the
// group primitives (unique, mean_by, first_by, count_by) and enumerate_paths
// are built on it.

import FLS

/// The rows of a key array, numbered by sorted unique key.
struct GroupKeys {
    /// For each row, the position of its key among the sorted unique keys.
    var codes: [Int]
    /// The sorted unique keys, in the keys' dtype.
    var values: Storage
    /// Rows per unique key.
    var counts: [Int64]
    /// The first row of each unique key.
    var firstRow: [Int]

    var groupCount: Int { counts.count }

    /// Groups `keys`, which must be a 1-d array of integers, booleans or strings.
    /// `primitive` and `param` name the argument in error messages.
    init(_ keys: NDArray, primitive: String, param: String) throws {
        guard keys.ndim == 1 else {
            throw RuntimeError(
                "\(primitive): '\(param)' must be a 1-d array of keys, got shape \(formatShape(keys.shape))",
                hint: "keys label the rows: one int or string per row")
        }
        if keys.count == 0 {
            // `[]` is an empty f64 array: no keys, whatever the dtype.
            self.init(codes: [], values: keys.storage, counts: [], firstRow: [])
            return
        }
        switch keys.storage {
        case .str(let s):
            self = GroupKeys.strings(s)
        case .f32, .f64:
            throw RuntimeError(
                "\(primitive): '\(param)' must hold integers or strings, got \(keys.dtype)",
                hint: "convert float keys with astype(\(param), \"i64\")")
        default:
            let ints = keys.storage.integerValues ?? []
            self = GroupKeys.integers(ints, dtype: keys.dtype)
        }
    }

    init(codes: [Int], values: Storage, counts: [Int64], firstRow: [Int]) {
        self.codes = codes
        self.values = values
        self.counts = counts
        self.firstRow = firstRow
    }

    /// Integer keys: a dense table when the keys span a small range (the usual
    /// case: ids), a hash table otherwise.
    static func integers(_ keys: [Int64], dtype: DType) -> GroupKeys {
        let n = keys.count
        guard n > 0 else {
            return GroupKeys(codes: [], values: Storage.make(dtype, ints: []), counts: [], firstRow: [])
        }
        var lo = keys[0], hi = keys[0]
        for k in keys { if k < lo { lo = k }; if k > hi { hi = k } }
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        var codes = [Int](repeating: 0, count: n)
        var unique: [Int64] = []
        var counts: [Int64] = []
        var first: [Int] = []
        if !overflow && span < Int64(2 * n + 1024) {
            // rank[k - lo] is -1 for absent keys, else the key's sorted position.
            var rank = [Int](repeating: -1, count: Int(span) + 1)
            keys.withUnsafeBufferPointer { pk in
                rank.withUnsafeMutableBufferPointer { pr in
                    for k in pk { pr[Int(k &- lo)] = 0 }
                    var next = 0
                    for j in 0..<pr.count where pr[j] == 0 {
                        pr[j] = next
                        unique.append(lo &+ Int64(j))
                        next += 1
                    }
                    counts = [Int64](repeating: 0, count: next)
                    first = [Int](repeating: -1, count: next)
                    codes.withUnsafeMutableBufferPointer { pc in
                        for i in 0..<n {
                            let g = pr[Int(pk[i] &- lo)]
                            pc[i] = g
                            counts[g] += 1
                            if first[g] < 0 { first[g] = i }
                        }
                    }
                }
            }
        } else {
            var provisional: [Int64: Int] = [:]
            for (i, k) in keys.enumerated() {
                if let g = provisional[k] {
                    codes[i] = g
                } else {
                    codes[i] = unique.count
                    provisional[k] = unique.count
                    unique.append(k)
                }
            }
            let order = unique.indices.sorted { unique[$0] < unique[$1] }
            GroupKeys.renumber(&codes, order: order, first: &first, counts: &counts)
            unique = order.map { unique[$0] }
        }
        return GroupKeys(codes: codes, values: Storage.make(dtype, ints: unique), counts: counts, firstRow: first)
    }

    /// String keys, ordered by Unicode code point as numpy orders them.
    static func strings(_ keys: StringColumn) -> GroupKeys {
        let packed = keys.packedForm()
        var codes = [Int](repeating: 0, count: packed.count)
        return packed.bytes.withUnsafeBufferPointer { bytes in
            packed.offsets.withUnsafeBufferPointer { offsets in
                var table = ByteRangeKeys(expected: min(packed.count, 1 << 16))
                for i in 0..<packed.count {
                    codes[i] = table.number(bytes, start: offsets[i], length: offsets[i + 1] - offsets[i])
                }
                let order = table.sortedOrder(bytes)
                var first: [Int] = []
                var counts: [Int64] = []
                GroupKeys.renumber(&codes, order: order, first: &first, counts: &counts)
                return GroupKeys(
                    codes: codes, values: .str(table.column(bytes, order: order)), counts: counts, firstRow: first)
            }
        }
    }

    /// Rewrites provisional group numbers (order of first appearance) as
    /// sorted positions, and fills in counts and first rows.
    static func renumber(_ codes: inout [Int], order: [Int], first: inout [Int], counts: inout [Int64]) {
        var rank = [Int](repeating: 0, count: order.count)
        for (position, provisional) in order.enumerated() { rank[provisional] = position }
        counts = [Int64](repeating: 0, count: order.count)
        first = [Int](repeating: -1, count: order.count)
        for i in codes.indices {
            let g = rank[codes[i]]
            codes[i] = g
            counts[g] += 1
            if first[g] < 0 { first[g] = i }
        }
    }
}

/// A string compared and hashed by its UTF-8 bytes, so that two names are
/// one key exactly when numpy would say they are equal (Swift's String
/// equality would also merge canonically equivalent spellings).
struct ByteKey: Hashable {
    let text: Substring

    init(_ text: Substring) { self.text = text }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into hasher: inout Hasher) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if done == nil { for b in text.utf8 { hasher.combine(b) } }
    }

    /// Code-point order: UTF-8 byte order is the same order.
    static func precedes(_ a: Substring, _ b: Substring) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

extension Storage {
    /// A buffer of `dtype` (bool or an integer type) holding `ints`.
    static func make(_ dtype: DType, ints: [Int64]) -> Storage {
        switch dtype {
        case .bool: return .bool(ints.map { $0 != 0 })
        case .u8: return .u8(ints.map { UInt8(truncatingIfNeeded: $0) })
        case .i32: return .i32(ints.map { Int32(truncatingIfNeeded: $0) })
        default: return .i64(ints)
        }
    }
}
