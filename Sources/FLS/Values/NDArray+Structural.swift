// Shape changes and constructors: reshape, transpose, concat, stack, range,
// eye, linspace. Every allocation is checked by `Limits.elementCount`.

extension NDArray {
    /// The same elements in a new shape; one extent may be -1.
    public func reshaped(_ newShape: [Int]) throws -> NDArray {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        if unknown.count > 1 { throw RuntimeError("reshape: only one extent can be -1, got \(formatShape(newShape))") }
        if let u = unknown.first {
            var known = shape
            known[u] = 1
            let rest = try Limits.elementCount(known, dtype)
            guard rest > 0, count % rest == 0 else {
                throw RuntimeError("cannot reshape an array of \(count) elements into shape \(formatShape(newShape))")
            }
            shape[u] = count / rest
        }
        let n = try Limits.elementCount(shape, dtype)
        guard n == count else {
            throw RuntimeError(
                "cannot reshape an array of \(count) elements into shape \(formatShape(newShape))",
                hint: "the product of the new shape must be \(count)")
        }
        return NDArray(shape: shape, storage: storage)
    }

    /// Axes permuted (reversed when `axes` is nil), copied into C order.
    public func transposed(_ axes: [Int]? = nil) throws -> NDArray {
        let perm =
            try axes.map { a -> [Int] in
                let p = try a.map { try checkedAxis($0) }
                guard p.count == ndim, Set(p).count == ndim else {
                    throw RuntimeError("transpose: axes \(formatShape(a)) are not a permutation of the \(ndim) axes")
                }
                return p
            } ?? Array((0..<ndim).reversed())
        if ndim < 2 || perm == Array(0..<ndim) { return self }
        let strides = contiguousStrides(shape)
        let outShape = perm.map { shape[$0] }
        let srcStrides = perm.map { strides[$0] }
        let n = count
        // One source offset per element (8 bytes each, whatever the dtype).
        _ = try Limits.elementCount(shape, .i64)
        var offsets = [Int](repeating: 0, count: n)
        var counter = [Int](repeating: 0, count: ndim)
        var off = 0
        for k in 0..<n {
            offsets[k] = off
            var d = ndim - 1
            while d >= 0 {
                counter[d] += 1; off += srcStrides[d]
                if counter[d] < outShape[d] { break }
                off -= srcStrides[d] * outShape[d]; counter[d] = 0
                d -= 1
            }
        }
        var plan = IndexPlan.empty
        plan.offsets = offsets
        plan.resultShape = outShape
        return gather(plan)
    }

    /// Arrays joined along an existing axis (dtypes promote).
    public static func concatenate(_ parts: [NDArray], axis: Int) throws -> NDArray {
        guard let first = parts.first else { throw RuntimeError("concat needs at least one array") }
        guard first.ndim > 0 else { throw RuntimeError("concat: 0-d arrays cannot be joined; use stack") }
        let ax = try first.checkedAxis(axis)
        var dtype = first.dtype
        for p in parts.dropFirst() { dtype = try promote(dtype, p.dtype) }
        var total = 0
        for p in parts {
            guard p.ndim == first.ndim else {
                throw RuntimeError(
                    "concat: all arrays need \(first.ndim) axes, got shapes \(formatShape(first.shape)) and \(formatShape(p.shape))"
                )
            }
            for d in 0..<p.ndim where d != ax && p.shape[d] != first.shape[d] {
                throw RuntimeError(
                    "concat: shapes \(formatShape(first.shape)) and \(formatShape(p.shape)) differ on axis \(d)")
            }
            let (sum, overflow) = total.addingReportingOverflow(p.shape[ax])
            if overflow { throw Limits.tooLarge([Int.max], dtype) }
            total = sum
        }
        var outShape = first.shape
        outShape[ax] = total
        let n = try Limits.elementCount(outShape, dtype)
        // An empty result needs no walk over its (possibly huge) other extents.
        if n == 0 { return NDArray(shape: outShape, storage: .zeros(dtype, 0)) }
        let outer = shapeProduct(Array(first.shape[..<ax]))
        let inner = shapeProduct(Array(first.shape[(ax + 1)...]))
        let converted = try parts.map { try $0.astype(dtype) }
        func go<T: Element>(_: T.Type) -> Storage {
            var out: [T] = []
            out.reserveCapacity(n)
            let buffers = converted.map { T.unwrap($0.storage) ?? [] }
            for o in 0..<outer {
                for (i, b) in buffers.enumerated() {
                    let run = converted[i].shape[ax] * inner
                    out.append(contentsOf: b[(o * run)..<((o + 1) * run)])
                }
            }
            return T.wrap(out)
        }
        let s: Storage
        switch dtype {
        case .bool: s = go(Bool.self)
        case .u8: s = go(UInt8.self)
        case .i32: s = go(Int32.self)
        case .i64: s = go(Int64.self)
        case .f32: s = go(Float.self)
        case .f64: s = go(Double.self)
        case .str: s = go(String.self)
        }
        return NDArray(shape: outShape, storage: s)
    }

    /// Equal-shape arrays joined along a new axis.
    public static func stacked(_ parts: [NDArray], axis: Int) throws -> NDArray {
        guard let first = parts.first else { throw RuntimeError("stack needs at least one array") }
        for p in parts where p.shape != first.shape {
            throw RuntimeError(
                "stack: all arrays need the same shape, got \(formatShape(first.shape)) and \(formatShape(p.shape))")
        }
        let nd = first.ndim + 1
        let ax = axis < 0 ? axis + nd : axis
        guard ax >= 0 && ax < nd else {
            throw RuntimeError("axis \(axis) is out of bounds for the stacked result with \(nd) axes")
        }
        let expanded = parts.map { p -> NDArray in
            var s = p.shape
            s.insert(1, at: ax)
            return NDArray(shape: s, storage: p.storage)
        }
        return try concatenate(expanded, axis: ax)
    }

    /// numpy's arange: ints give i64, any float gives f64.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double, float: Bool) throws -> NDArray {
        guard step != 0 else { throw RuntimeError("range: step cannot be zero") }
        guard start.isFinite && stop.isFinite && step.isFinite else {
            throw RuntimeError("range: bounds must be finite")
        }
        let n = Swift.max(0, ((stop - start) / step).rounded(.up))
        guard n < 1e15 else { throw Limits.tooLarge([Int.max], float ? .f64 : .i64) }
        let count = try Limits.elementCount([Int(n)], float ? .f64 : .i64)
        if float { return NDArray(shape: [count], storage: .f64((0..<count).map { start + Double($0) * step })) }
        let s = truncatedInt64(start), st = truncatedInt64(step)
        return NDArray(shape: [count], storage: .i64((0..<count).map { s &+ Int64($0) &* st }))
    }

    /// `num` evenly spaced values from start to stop.
    public static func linspace(_ start: Double, _ stop: Double, _ num: Int, endpoint: Bool) throws -> NDArray {
        guard num >= 0 else { throw RuntimeError("linspace: num must be non-negative, got \(num)") }
        let n = try Limits.elementCount([num], .f64)
        let div = Double(endpoint ? n - 1 : n)
        let step = div > 0 ? (stop - start) / div : 0
        var v = (0..<n).map { start + Double($0) * step }
        if endpoint && n > 1 { v[n - 1] = stop }
        return NDArray(shape: [n], storage: .f64(v))
    }

    /// An identity-like matrix with ones on the diagonal.
    public static func eye(_ n: Int, _ m: Int, dtype: DType) throws -> NDArray {
        var a = try NDArray.zeros([n, m], .f64)
        if case .f64(var v) = a.storage {
            for i in 0..<Swift.min(n, m) { v[i * m + i] = 1 }
            a.storage = .f64(v)
        }
        return try a.astype(dtype)
    }
}

extension IndexPlan {
    /// A plan to be filled in by hand.
    static var empty: IndexPlan { IndexPlan() }
    private init() {}
}
