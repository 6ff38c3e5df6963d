// Selection without a full sort: the k-th smallest element of a lane
// (quickselect, numpy's `partition`), the same over indices (numpy's
// `argpartition`, on value-position pairs), and binary search (`searchsorted`). nan orders after
// every number, as in numpy's sorts. Generic over the element type: `x != x`
// is true only for a float nan, so integers and strings pay nothing.

/// `a < b` with nan after everything (a strict weak order, so quickselect works).
@inline(__always)
func nanLastLess<T: Comparable>(_ a: T, _ b: T) -> Bool {
    if a < b { return true }
    // b is nan and a is not.
    return b != b && a == a
}

/// Rearranges `p[0..<count]` so that `p[k]` holds the element a full sort
/// would put there, with no larger element before it and no smaller one
/// after. Median-of-three quickselect; ranges that keep failing to shrink
/// are finished by a sort, so the worst case stays O(n log n).
func selectNth<T: Comparable>(_ p: UnsafeMutablePointer<T>, _ count: Int, _ k: Int) {
    selectNth(p, count, k, by: nanLastLess)
}

/// `selectNth` with a given strict weak order (plain `<` where the caller
/// has removed nan, which is faster).
@inline(__always)
func selectNth<T>(_ p: UnsafeMutablePointer<T>, _ count: Int, _ k: Int, by nanLastLess: (T, T) -> Bool) {
    var lo = 0, hi = count - 1
    var budget = 2 * (Int.bitWidth - count.leadingZeroBitCount) + 8
    while hi > lo {
        if hi - lo < 16 || budget == 0 {
            var range = UnsafeMutableBufferPointer(start: p + lo, count: hi - lo + 1)
            range.sort(by: nanLastLess)
            return
        }
        budget -= 1
        let mid = lo + (hi - lo) / 2
        if nanLastLess(p[mid], p[lo]) { swap(&p[mid], &p[lo]) }
        if nanLastLess(p[hi], p[lo]) { swap(&p[hi], &p[lo]) }
        if nanLastLess(p[hi], p[mid]) { swap(&p[hi], &p[mid]) }
        let pivot = p[mid]
        var i = lo, j = hi
        while i <= j {
            while nanLastLess(p[i], pivot) { i += 1 }
            while nanLastLess(pivot, p[j]) { j -= 1 }
            if i <= j {
                if i != j { swap(&p[i], &p[j]) }
                i += 1
                j -= 1
            }
        }
        if k <= j { hi = j } else if k >= i { lo = i } else { return }
    }
}

/// A value and its position, ordered by value (nan last), then position.
struct Keyed<T: Comparable>: Comparable {
    let value: T
    let index: Int

    @inline(__always) static func < (a: Keyed, b: Keyed) -> Bool {
        if nanLastLess(a.value, b.value) { return true }
        if nanLastLess(b.value, a.value) { return false }
        return a.index < b.index
    }

    @inline(__always) static func == (a: Keyed, b: Keyed) -> Bool { a.index == b.index && !(a < b) && !(b < a) }
}

extension NDArray {
    /// Indices that partition each lane around the `kth` positions (numpy's
    /// argpartition): the element at each k is where a sort would put it,
    /// smaller ones before it, larger ones after, in no promised order.
    public func argpartition(_ kth: [Int], axis: Int) throws -> NDArray {
        guard ndim >= 1 else { throw RuntimeError("argpartition needs an array with at least one axis") }
        let (outer, n, inner, _, _) = try reductionGeometry(axis)
        var ks: [Int] = []
        for k in kth {
            let kk = k < 0 ? k + n : k
            guard kk >= 0 && kk < n else { throw RuntimeError("argpartition: kth(=\(k)) out of bounds (\(n))") }
            ks.append(kk)
        }
        ks = Array(Set(ks)).sorted()
        var out = [Int64](repeating: 0, count: count)
        func go<T: Comparable>(_ v: some ContiguousElements<T>) {
            // Values travel with their positions, so selection reads memory in order.
            var lane = [Keyed(value: v[0], index: 0)]
            lane.reserveCapacity(n)
            for o in 0..<outer {
                for j in 0..<inner {
                    let base = o * n * inner + j
                    lane.removeAll(keepingCapacity: true)
                    for i in 0..<n { lane.append(Keyed(value: v[base + i * inner], index: i)) }
                    lane.withUnsafeMutableBufferPointer { pl in
                        guard let l = pl.baseAddress else { return }
                        // Each later k lies right of the earlier ones.
                        var start = 0
                        for k in ks {
                            selectNth(l + start, n - start, k - start, by: <)
                            start = k + 1
                        }
                    }
                    for i in 0..<n { out[base + i * inner] = Int64(lane[i].index) }
                }
            }
        }
        if n > 0 {
            switch storage {
            case .bool(let v): go(v.map { $0 ? UInt8(1) : 0 })
            case .u8(let v): go(v)
            case .i32(let v): go(v)
            case .i64(let v): go(v)
            case .f32(let v): go(v)
            case .f64(let v): go(v)
            case .str(let v): go(v.map { CodePoints(Array($0.unicodeScalars.map(\.value))) })
            }
        }
        try Interrupt.check()
        return NDArray(shape: shape, storage: .i64(out))
    }
}

/// numpy's searchsorted on a sorted 1-d `a`: for each value of `v`, the
/// first position where it could be inserted keeping `a` sorted (`right`:
/// the last such position). nan sorts after every number.
func searchSorted(_ a: NDArray, _ v: NDArray, right: Bool) throws -> [Int64] {
    guard a.ndim == 1 else {
        throw RuntimeError("searchsorted: 'a' must be a 1-d sorted array, got shape \(formatShape(a.shape))")
    }
    func go<T: Comparable>(_ hay: some ContiguousElements<T>, _ needles: some ContiguousElements<T>) -> [Int64] {
        hay.withUnsafeBufferPointer { h in
            needles.map { x in
                var lo = 0, hi = h.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    // left: first i with !(a[i] < x); right: first i with x < a[i].
                    let goRight = right ? !nanLastLess(x, h[mid]) : nanLastLess(h[mid], x)
                    if goRight { lo = mid + 1 } else { hi = mid }
                }
                return Int64(lo)
            }
        }
    }
    switch (a.storage, v.storage) {
    case (.str(let h), .str(let n)):
        let key = { (s: String) in CodePoints(Array(s.unicodeScalars.map(\.value))) }
        return go(h.map(key), n.map(key))
    case (.str, _), (_, .str):
        throw RuntimeError("searchsorted: cannot compare \(a.dtype) and \(v.dtype) values")
    default:
        if !a.dtype.isFloat && !v.dtype.isFloat { return go(a.storage.int64s, v.storage.int64s) }
        return go(a.storage.doubles, v.storage.doubles)
    }
}
