// Sorting along an axis: stable argsort, sort, top-k by partial selection
// (a bounded heap per lane, never a full sort), and L2 normalisation.

extension NDArray {
    /// Calls `body` with each lane along `axis` as a list of element offsets.
    func forEachLane(axis: Int, _ body: ([Int]) throws -> Void) throws {
        let ax = try checkedAxis(axis)
        if ndim == 0 { try body([0]); return }
        let n = shape[ax]
        let inner = shapeProduct(Array(shape[(ax + 1)...]))
        let outer = shapeProduct(Array(shape[..<ax]))
        var lane = [Int](repeating: 0, count: n)
        for o in 0..<outer {
            try Interrupt.check()
            for j in 0..<inner {
                for i in 0..<n { lane[i] = o * n * inner + i * inner + j }
                try body(lane)
            }
        }
    }

    /// Keys for sorting: numbers as doubles (NaN last), strings by code
    /// point (their UTF-8 bytes, packed once).
    enum SortKeys {
        case numbers([Double]), text(PackedStrings), integers([Int64])

        /// Three-way order of elements a and b: negative, zero or positive.
        @inline(__always)
        func compare(_ a: Int, _ b: Int) -> Int {
            switch self {
            case .numbers(let v):
                let x = v[a], y = v[b]
                if x.isNaN { return y.isNaN ? 0 : 1 }
                if y.isNaN { return -1 }
                return x < y ? -1 : (x > y ? 1 : 0)
            case .integers(let v):
                let x = v[a], y = v[b]
                return x < y ? -1 : (x > y ? 1 : 0)
            case .text(let p):
                return p.bytes.withUnsafeBufferPointer { bytes in
                    compareUTF8(
                        UnsafeBufferPointer(rebasing: bytes[p.offsets[a]..<p.offsets[a + 1]]),
                        UnsafeBufferPointer(rebasing: bytes[p.offsets[b]..<p.offsets[b + 1]]))
                }
            }
        }

        func less(_ a: Int, _ b: Int) -> Bool { compare(a, b) < 0 }
    }

    var sortKeys: SortKeys {
        switch storage {
        case .str(let v): return .text(v.packedForm())
        case .f32, .f64: return .numbers(storage.doubles)
        default: return .integers(storage.int64s)
        }
    }

    /// Indices that sort each lane ascending; equal elements keep their order.
    public func argsort(axis: Int = -1) throws -> NDArray {
        // An empty array sorts to itself without walking its extents (a
        // (0, 10^12) array has no lane to sort); the result is i64 whatever
        // the input, so it is asked for first.
        _ = try Limits.elementCount(shape, .i64)
        if count == 0 {
            if ndim > 0 { _ = try checkedAxis(axis) }
            return NDArray(shape: shape, storage: .i64([]))
        }
        let keys = sortKeys
        var out = [Int64](repeating: 0, count: count)
        let ax = ndim == 0 ? 0 : try checkedAxis(axis)
        let inner = ndim == 0 ? 1 : shapeProduct(Array(shape[(ax + 1)...]))
        try forEachLane(axis: axis) { lane in
            // A lane already in order (paths usually are) is checked in one pass.
            var inOrder = true
            for i in 1..<max(lane.count, 1) where keys.compare(lane[i - 1], lane[i]) > 0 {
                inOrder = false
                break
            }
            let order =
                inOrder
                ? Array(0..<lane.count)
                : Array(0..<lane.count).sorted { a, b in
                    let c = keys.compare(lane[a], lane[b])
                    return c != 0 ? c < 0 : a < b
                }
            for (i, o) in lane.enumerated() { out[o] = Int64(order[i]) }
            _ = inner
        }
        return NDArray(shape: shape, storage: .i64(out))
    }

    /// Each lane sorted ascending.
    public func sorted(axis: Int = -1) throws -> NDArray {
        if count == 0 {
            if ndim > 0 { _ = try checkedAxis(axis) }
            return self
        }
        let order = try argsort(axis: axis).storage.int64s
        var offsets = [Int](repeating: 0, count: count)
        try forEachLane(axis: axis) { lane in
            for (i, o) in lane.enumerated() { offsets[o] = lane[Int(order[o])]; _ = i }
        }
        var plan = IndexPlan.empty
        plan.offsets = offsets
        plan.resultShape = shape
        return gather(plan)
    }

    /// Indices of the `k` largest elements of each lane, largest first (ties:
    /// lower index first; nan ranks last), found with a size-k heap in
    /// O(n log k) and without converting the elements.
    public func top(_ k: Int, axis: Int = -1) throws -> NDArray {
        guard ndim >= 1 else { throw RuntimeError("top needs an array with at least one axis") }
        let ax = try checkedAxis(axis)
        let n = shape[ax]
        guard k >= 0 && k <= n else {
            throw RuntimeError("top: k must be between 0 and \(n) (the length of axis \(axis)), got \(k)")
        }
        var outShape = shape
        outShape[ax] = k
        // The result is i64, whatever the input: asked for first, and an
        // empty one needs no walk over the other (possibly huge) extents.
        if try Limits.elementCount(outShape, .i64) == 0 { return NDArray(shape: outShape, storage: .i64([])) }
        let outer = shapeProduct(Array(shape[..<ax]))
        let inner = shapeProduct(Array(shape[(ax + 1)...]))
        let result: [Int64]
        switch storage {
        case .f32(let v): result = try topIndices(v, { $0.isNaN }, k, outer, n, inner)
        case .f64(let v): result = try topIndices(v, { $0.isNaN }, k, outer, n, inner)
        case .i64(let v): result = try topIndices(v, { _ in false }, k, outer, n, inner)
        case .i32(let v): result = try topIndices(v, { _ in false }, k, outer, n, inner)
        case .u8(let v): result = try topIndices(v, { _ in false }, k, outer, n, inner)
        case .bool(let v): result = try topIndices(v.map { $0 ? UInt8(1) : 0 }, { _ in false }, k, outer, n, inner)
        case .str(let v):
            result = try topIndices(
                v.map { Array($0.unicodeScalars.map(\.value)) }.map(CodePoints.init), { _ in false }, k, outer, n, inner
            )
        }
        return NDArray(shape: outShape, storage: .i64(result))
    }

    /// Each lane divided by its L2 norm; all-zero lanes stay zero.
    public func normalized(axis: Int = -1) throws -> NDArray {
        guard ndim >= 1 else { throw RuntimeError("normalize needs an array with at least one axis") }
        if dtype == .str { throw RuntimeError("normalize is not defined for str arrays") }
        let (outer, n, inner, _, _) = try reductionGeometry(axis)
        // No lane to walk in an empty array, however long its other axes.
        if count == 0 { return NDArray(shape: shape, storage: dtype == .f32 ? storage : .f64([])) }
        if dtype != .f32 && dtype != .f64 { _ = try Limits.elementCount(shape, .f64) }
        func go<T: FloatElement>(_ v: some ContiguousElements<T>) -> [T] {
            var out = Array(v)
            out.withUnsafeMutableBufferPointer { p in
                for o in 0..<outer {
                    for j in 0..<inner {
                        let base = o * n * inner + j
                        var ss: T = 0
                        for i in 0..<n { let x = p[base + i * inner]; ss += x * x }
                        let norm = ss.squareRoot()
                        if norm > 0 { for i in 0..<n { p[base + i * inner] /= norm } }
                    }
                }
            }
            return out
        }
        switch storage {
        case .f32(let v): return NDArray(shape: shape, storage: .f32(go(v)))
        default: return NDArray(shape: shape, storage: .f64(go(storage.doubles)))
        }
    }
}

/// A string compared by code point, as Python compares text.
struct CodePoints: Comparable {
    let scalars: [UInt32]
    init(_ scalars: [UInt32]) { self.scalars = scalars }
    static func < (a: CodePoints, b: CodePoints) -> Bool { a.scalars.lexicographicallyPrecedes(b.scalars) }
}

/// The heap selection behind `top`, for one element type.
func topIndices<T: Comparable>(
    _ v: some ContiguousElements<T>, _ isNaN: (T) -> Bool, _ k: Int, _ outer: Int, _ n: Int, _ inner: Int
) throws -> [Int64] {
    var result = [Int64](repeating: 0, count: outer * k * inner)
    if k == 0 || n == 0 { return result }
    try v.withUnsafeBufferPointer { p in
        var heap = [Int](repeating: 0, count: k)
        for o in 0..<outer {
            try Interrupt.check()
            for j in 0..<inner {
                let base = o * n * inner + j
                // `better(a, b)`: lane position a ranks before b.
                @inline(__always) func better(_ a: Int, _ b: Int) -> Bool {
                    let x = p[base + a * inner], y = p[base + b * inner]
                    let xn = isNaN(x), yn = isNaN(y)
                    if xn || yn { return xn == yn ? a < b : yn }
                    if x != y { return x > y }
                    return a < b
                }
                // A heap whose root is the worst of the best k so far.
                var count = 0
                for i in 0..<n {
                    if count < k {
                        heap[count] = i
                        var c = count
                        count += 1
                        while c > 0 {
                            let parent = (c - 1) / 2
                            if better(heap[parent], heap[c]) { heap.swapAt(parent, c); c = parent } else { break }
                        }
                    } else if better(i, heap[0]) {
                        heap[0] = i
                        var c = 0
                        while true {
                            let l = 2 * c + 1, r = l + 1
                            var worst = c
                            if l < k && better(heap[worst], heap[l]) { worst = l }
                            if r < k && better(heap[worst], heap[r]) { worst = r }
                            if worst == c { break }
                            heap.swapAt(c, worst)
                            c = worst
                        }
                    }
                }
                let best = heap.sorted(by: better)
                for (r, idx) in best.enumerated() { result[o * k * inner + r * inner + j] = Int64(idx) }
            }
        }
    }
    return result
}
