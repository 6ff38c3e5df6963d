// Statistics along an axis with numpy's results and dtypes: median and
// quantiles (numpy's default "linear" method, found by quickselect rather
// than a sort), variance with `ddof`, the nan-skipping reductions, products,
// differences and counts.

extension NDArray {
    /// The float type a statistic of this array computes in: f32 stays f32,
    /// everything else gives f64.
    var statisticFloats: Storage {
        if case .f32 = storage { return storage }
        return .f64(storage.doubles)
    }

    func requireNumeric(_ what: String) throws {
        if dtype == .str { throw RuntimeError("\(what) is not defined for str arrays") }
    }

    /// Quantiles `qs` (each in [0, 1]) of each lane along `axis` (nil: all
    /// elements), numpy's linear method. Result shape: `qShape` followed by
    /// the reduced shape. With `median`, numpy's median (mean of the middle
    /// two) instead. `skipNaN` ignores nan (nanmedian); otherwise a lane
    /// holding nan gives nan. `inF32`: compute in f32 (an f32 array with a
    /// plain-number q); otherwise f64.
    func quantiles(_ qs: [Double], qShape: [Int], axis: Int?, median: Bool, skipNaN: Bool, inF32: Bool, name: String)
        throws -> NDArray
    {
        try requireNumeric(name)
        let (outer, n, inner, outShape, _) = try reductionGeometry(axis)
        if n == 0 && !skipNaN && !median {
            throw RuntimeError("\(name) of an empty array (or axis) is undefined", hint: "check len(x) > 0 first")
        }
        let lanes = outer * inner
        let shapeOut = qShape + outShape
        let fromF32 = dtype == .f32
        func go<T: FloatElement>(_ v: some ContiguousElements<T>) -> [T] {
            @inline(__always) func roundDifference(_ d: T) -> T { fromF32 ? T(Float(d)) : d }
            var out = [T](repeating: .nan, count: qs.count * lanes)
            var lane = [T](repeating: 0, count: max(n, 1))
            v.withUnsafeBufferPointer { pv in
                lane.withUnsafeMutableBufferPointer { pl in
                    guard let l = pl.baseAddress, let src = pv.baseAddress else { return }
                    for o in 0..<outer {
                        for j in 0..<inner {
                            let base = o * n * inner + j
                            var m = 0
                            var sawNaN = false
                            for i in 0..<n {
                                let x = src[base + i * inner]
                                if x.isNaN { sawNaN = true; if skipNaN { continue } }
                                l[m] = x
                                m += 1
                            }
                            let slot = o * inner + j
                            if m == 0 || (sawNaN && !skipNaN) { continue }  // stays nan
                            if median {
                                let h = m / 2
                                selectNth(l, m, h, by: <)
                                if m % 2 == 1 {
                                    out[slot] = l[h]
                                } else {
                                    // The largest of the lower half sits left of h.
                                    var a = l[0]
                                    for i in 1..<h { if l[i] > a { a = l[i] } }
                                    out[slot] = (a + l[h]) / 2
                                }
                                continue
                            }
                            // numpy's _get_indexes: the neighbours of each virtual index.
                            var plan: [(pi: Int, ni: Int, gamma: Double)] = []
                            for q in qs {
                                let virtual = Double(m - 1) * q
                                var prev = virtual.rounded(.down), next = prev + 1
                                if virtual >= Double(m - 1) { prev = -1; next = -1 }
                                if virtual < 0 { prev = 0; next = 0 }
                                plan.append(
                                    (prev < 0 ? m - 1 : Int(prev), next < 0 ? m - 1 : Int(next), virtual - prev))
                            }
                            // Partition at every needed position, left to right,
                            // each selection only in the part right of the last.
                            var start = 0
                            for k in Set(plan.flatMap { [$0.pi, $0.ni] }).sorted() where k >= start {
                                selectNth(l + start, m - start, k - start, by: <)
                                start = k + 1
                            }
                            for (qi, step) in plan.enumerated() {
                                let (pi, ni, gamma) = step
                                let a = l[pi], b = l[ni]
                                let t = T(gamma)
                                // numpy subtracts in the input's dtype (f32 stays f32 there).
                                let diff = roundDifference(b - a)
                                var r = a + diff * t
                                if t >= 0.5 { r = b - diff * (1 - t) }
                                out[qi * lanes + slot] = r
                            }
                        }
                    }
                }
            }
            return out
        }
        let storage: Storage
        if inF32, case .f32(let v) = self.storage {
            storage = .f32(go(v))
        } else if case .f32(let v) = self.storage, median {
            storage = .f32(go(v))
        } else {
            storage = .f64(go(self.storage.doubles))
        }
        try Interrupt.check()
        return NDArray(shape: shapeOut, storage: storage)
    }

    /// Variance (or its square root) with `ddof`, numpy's two-pass formula;
    /// `skipNaN` ignores nan (nanvar/nanstd, where no valid degrees of freedom give nan).
    func variance(axis: Int?, ddof: Int, squareRoot: Bool, skipNaN: Bool, keepdims: Bool) throws -> NDArray {
        try requireNumeric(squareRoot ? "std" : "var")
        let (outer, n, inner, outShape, keepShape) = try reductionGeometry(axis)
        func go<T: FloatElement>(_ v: some ContiguousElements<T>) -> [T] {
            moments(v, outer, n, inner, skipNaN: skipNaN, variance: true, ddof: ddof, root: squareRoot)
        }
        let out: Storage
        switch statisticFloats {
        case .f32(let v): out = .f32(go(v))
        case .f64(let v): out = .f64(go(v))
        default: throw RuntimeError("internal: variance dtype")
        }
        try Interrupt.check()
        return NDArray(shape: keepdims ? keepShape : outShape, storage: out)
    }

    /// Per lane: the mean, or (`variance`) the variance with `ddof`, its
    /// square root when `root`: numpy's two passes and summation order
    /// (`laneSum`). `skipNaN` leaves nan out; such a lane without valid
    /// degrees of freedom is nan. Along an outer axis the lanes are summed
    /// together one row after another, each row read contiguously (walking
    /// one lane at a time missed the cache at every element: `mean(m,
    /// axis=0)` of a 10000 x 1000 matrix took 10 times numpy's time).
    func moments<T: FloatElement>(
        _ v: some ContiguousElements<T>, _ outer: Int, _ n: Int, _ inner: Int, skipNaN: Bool, variance: Bool,
        ddof: Int, root: Bool
    ) -> [T] {
        func finish(_ ss: T, _ count: Int) -> T {
            let dof = count - ddof
            if skipNaN && dof <= 0 { return .nan }
            let v = ss / T(Swift.max(dof, 0))
            return root ? v.squareRoot() : v
        }
        guard inner > 1 else {
            return reduceLanes(v, outer, n, inner) { p, n, s in
                var count = n
                let acc: T
                if skipNaN {
                    count = 0
                    for i in 0..<n where !p[i * s].isNaN { count += 1 }
                    acc = laneSum(p, n, stride: s, NaNAsZero())
                } else {
                    acc = pairwiseSumContiguous(p, n)
                }
                let mean = acc / T(count)
                guard variance else { return mean }
                return finish(laneSum(p, n, stride: s, SquaredDeviation(mean: mean, skipNaN: skipNaN)), count)
            }
        }
        let sums: [T] = rowSums(v, outer, n, inner) { x, _ in skipNaN && x.isNaN ? 0 : x }
        let counts: [Double] =
            skipNaN
            ? rowSums(v, outer, n, inner) { x, _ in x.isNaN ? 0 : 1 }
            : [Double](repeating: Double(n), count: sums.count)
        let means = (0..<sums.count).map { sums[$0] / T(Int(counts[$0])) }
        guard variance else { return means }
        let ss: [T] = means.withUnsafeBufferPointer { m in
            rowSums(v, outer, n, inner) { x, k in
                if skipNaN && x.isNaN { return 0 }
                let d = x - m[k]
                return d * d
            }
        }
        return (0..<ss.count).map { finish(ss[$0], Int(counts[$0])) }
    }

    /// Per lane along an outer axis (`inner` > 1): the sum of `term(x, lane)`
    /// over its elements, added one row after another (numpy's order), each
    /// row read contiguously.
    @inline(__always)
    func rowSums<T, R: FloatElement>(
        _ v: some ContiguousElements<T>, _ outer: Int, _ n: Int, _ inner: Int, _ term: (T, Int) -> R
    ) -> [R] {
        var out = [R](repeating: 0, count: outer * inner)
        v.withUnsafeBufferPointer { pv in
            out.withUnsafeMutableBufferPointer { po in
                guard let src = pv.baseAddress, let dst = po.baseAddress else { return }
                for o in 0..<outer {
                    let acc = dst + o * inner
                    for i in 0..<n {
                        let row = src + (o * n + i) * inner
                        for j in 0..<inner { acc[j] += term(row[j], o * inner + j) }
                    }
                }
            }
        }
        return out
    }

    /// max or min skipping nan; an all-nan lane gives nan. Integers have no
    /// nan, so they reduce as `max`/`min`.
    func nanExtreme(isMax: Bool, axis: Int?, keepdims: Bool) throws -> NDArray {
        let name = isMax ? "nanmax" : "nanmin"
        try requireNumeric(name)
        guard dtype.isFloat else { return try reduce(isMax ? .max : .min, axis: axis, keepdims: keepdims) }
        let (outer, n, inner, outShape, keepShape) = try reductionGeometry(axis)
        if n == 0 {
            throw RuntimeError("\(name) of an empty array (or axis) is undefined", hint: "check len(x) > 0 first")
        }
        func go<T: FloatElement>(_ v: some ContiguousElements<T>) -> [T] {
            reduceLanes(v, outer, n, inner) { p, n, s in
                // Comparisons with nan are false, so nan never replaces the
                // running extreme; `seen` tells an all-nan lane from one of
                // infinities. Branch-free, so contiguous lanes vectorise.
                var best: T = isMax ? -.infinity : .infinity
                var seen = false
                if isMax {
                    for i in 0..<n { let x = p[i * s]; best = x > best ? x : best; seen = seen || x == x }
                } else {
                    for i in 0..<n { let x = p[i * s]; best = x < best ? x : best; seen = seen || x == x }
                }
                return seen ? best : .nan
            }
        }
        let out: Storage
        switch storage {
        case .f32(let v): out = .f32(go(v))
        case .f64(let v): out = .f64(go(v))
        default: throw RuntimeError("internal: nanExtreme dtype")
        }
        try Interrupt.check()
        return NDArray(shape: keepdims ? keepShape : outShape, storage: out)
    }

    /// Product of elements: bool and integers multiply in i64 (wrapping),
    /// floats keep their dtype.
    func product(axis: Int?, keepdims: Bool) throws -> NDArray {
        try requireNumeric("prod")
        let (outer, n, inner, outShape, keepShape) = try reductionGeometry(axis)
        let out: Storage
        switch storage {
        case .f32(let v):
            out = .f32(
                reduceLanes(v, outer, n, inner) { p, n, s in
                    var r: Float = 1; for i in 0..<n { r *= p[i * s] }; return r
                })
        case .f64(let v):
            out = .f64(
                reduceLanes(v, outer, n, inner) { p, n, s in
                    var r: Double = 1; for i in 0..<n { r *= p[i * s] }; return r
                })
        default:
            out = .i64(
                reduceLanes(storage.int64s, outer, n, inner) { p, n, s in
                    var r: Int64 = 1; for i in 0..<n { r = r &* p[i * s] }; return r
                })
        }
        try Interrupt.check()
        return NDArray(shape: keepdims ? keepShape : outShape, storage: out)
    }

    /// Running products along `axis` (flattened when nil); ints and bools in i64.
    func cumulativeProduct(axis: Int?) throws -> NDArray {
        try requireNumeric("cumprod")
        let src = axis == nil ? NDArray(shape: [count], storage: storage) : self
        let (outer, n, inner, _, _) = try src.reductionGeometry(axis == nil ? 0 : axis)
        func go<T: ArithElement>(_ v: some ContiguousElements<T>) -> [T] {
            var out = Array(v)
            out.withUnsafeMutableBufferPointer { p in
                for o in 0..<outer {
                    for i in 1..<Swift.max(n, 1) {
                        let row = o * n * inner + i * inner
                        for j in 0..<inner { p[row + j] = T.mul(p[row + j], p[row - inner + j]) }
                    }
                }
            }
            return out
        }
        let out: Storage
        switch src.storage {
        case .f32(let v): out = .f32(go(v))
        case .f64(let v): out = .f64(go(v))
        default: out = .i64(go(src.storage.int64s))
        }
        try Interrupt.check()
        return NDArray(shape: src.shape, storage: out)
    }

    /// The n-th discrete difference along `axis`, keeping the dtype (bool
    /// differences are "not equal", as numpy).
    func difference(order: Int, axis: Int) throws -> NDArray {
        guard ndim >= 1 else { throw RuntimeError("diff requires input that is at least one dimensional") }
        guard order >= 0 else { throw RuntimeError("diff: order must be non-negative but got \(order)") }
        try requireNumeric("diff")
        var x = self
        let ax = try checkedAxis(axis)
        for _ in 0..<order {
            let (outer, n, inner, _, _) = try x.reductionGeometry(ax)
            if n == 0 { break }
            var shapeOut = x.shape
            shapeOut[ax] = n - 1
            func go<T>(_ v: some ContiguousElements<T>, _ op: (T, T) -> T) -> [T] {
                let total = outer * (n - 1) * inner
                if total == 0 { return [] }
                return v.withUnsafeBufferPointer { pv in
                    [T](unsafeUninitializedCapacity: total) { po, initialized in
                        guard let base = po.baseAddress else { initialized = 0; return }
                        adviseHugePages(base, count: total)
                        var k = 0
                        for o in 0..<outer {
                            for i in 1..<n {
                                let row = o * n * inner + i * inner
                                for j in 0..<inner {
                                    (base + k).initialize(to: op(pv[row + j], pv[row - inner + j]))
                                    k += 1
                                }
                            }
                        }
                        initialized = total
                    }
                }
            }
            let s: Storage
            switch x.storage {
            case .bool(let v): s = .bool(go(v) { $0 != $1 })
            case .u8(let v): s = .u8(go(v) { $0 &- $1 })
            case .i32(let v): s = .i32(go(v) { $0 &- $1 })
            case .i64(let v): s = .i64(go(v) { $0 &- $1 })
            case .f32(let v): s = .f32(go(v) { $0 - $1 })
            case .f64(let v): s = .f64(go(v) { $0 - $1 })
            case .str: throw RuntimeError("diff is not defined for str arrays")
            }
            x = NDArray(shape: shapeOut, storage: s)
            try Interrupt.check()
        }
        return x
    }

    /// Occurrences of each non-negative integer (numpy's bincount), or the
    /// sums of `weights` per value (f64).
    func binCount(weights: NDArray?, minlength: Int) throws -> NDArray {
        guard ndim == 1 else {
            throw RuntimeError(
                "bincount: 'x' must be a 1-d array of non-negative integers, got shape \(formatShape(shape))")
        }
        guard dtype.isInteger || dtype == .bool || count == 0 else {
            throw RuntimeError(
                "bincount: 'x' must hold integers, got \(dtype)", hint: "convert with astype(x, \"i64\")")
        }
        guard minlength >= 0 else { throw RuntimeError("bincount: 'minlength' must not be negative, got \(minlength)") }
        let values = storage.int64s
        var top: Int64 = -1
        for v in values {
            if v < 0 { throw RuntimeError("bincount: 'x' must have no negative elements, found \(v)") }
            if v > top { top = v }
        }
        guard top < Int64(Int.max / 16) else { throw Limits.tooLarge([Int(clamping: top)], .i64) }
        let length = Swift.max(Int(top) + 1, minlength)
        _ = try Limits.elementCount([length], weights == nil ? .i64 : .f64)
        if let w = weights {
            guard w.count == count, w.ndim <= 1 else {
                throw RuntimeError(
                    "bincount: 'weights' has \(w.count) values but 'x' has \(count)",
                    hint: "give one weight per element of x")
            }
            try w.requireNumeric("bincount weights")
            let wv = w.storage.doubles
            var sums = [Double](repeating: 0, count: length)
            for (i, v) in values.enumerated() { sums[Int(v)] += wv[i] }
            return NDArray(shape: [length], storage: .f64(sums))
        }
        var counts = [Int64](repeating: 0, count: length)
        for v in values { counts[Int(v)] &+= 1 }
        return NDArray(shape: [length], storage: .i64(counts))
    }

    /// Covariance of the rows (variables) over the columns (observations),
    /// in f64, numpy's `cov(x)`. A 1-d array is one variable (a 0-d result).
    func covariance(ddof: Int) throws -> NDArray {
        try requireNumeric("cov")
        guard ndim <= 2 else {
            throw RuntimeError("cov: 'x' must be 1-d or 2-d (rows are variables), got shape \(formatShape(shape))")
        }
        let rows = ndim == 2 ? shape[0] : 1
        let n = ndim == 0 ? 1 : shape[ndim - 1]
        _ = try Limits.elementCount([rows, rows], .f64)
        var x = storage.doubles
        for r in 0..<rows {
            var s = 0.0
            x.withUnsafeBufferPointer { p in if let b = p.baseAddress { s = pairwiseSum(b + r * n, n, 1) } }
            let mean = s / Double(n)
            for i in 0..<n { x[r * n + i] -= mean }
        }
        let factor = Double(n - ddof)
        var c: [Double]
        let centred = NDArray(shape: [rows, n], storage: .f64(x))
        if let hook = Kernels.current.matmul, rows > 1 {
            let product = try hook(centred, try centred.transposed())
            c = product.storage.doubles
        } else {
            c = [Double](repeating: 0, count: rows * rows)
            for a in 0..<rows {
                for b in a..<rows {
                    var s = 0.0
                    for i in 0..<n { s += x[a * n + i] * x[b * n + i] }
                    c[a * rows + b] = s
                    c[b * rows + a] = s
                }
            }
        }
        for i in 0..<c.count { c[i] /= factor }
        try Interrupt.check()
        // numpy squeezes: one variable gives one number.
        return NDArray(shape: rows > 1 ? [rows, rows] : [], storage: .f64(c))
    }

    /// Pearson correlation coefficients of the rows, clipped to [-1, 1].
    func correlation() throws -> NDArray {
        var c = try covariance(ddof: 1)
        guard case .f64(var v) = c.storage else { return c }
        let rows = c.ndim == 2 ? c.shape[0] : 1
        let sd = (0..<rows).map { v[$0 * rows + $0].squareRoot() }
        for a in 0..<rows {
            for b in 0..<rows {
                var r = v[a * rows + b] / sd[a]
                r /= sd[b]
                v[a * rows + b] = r.isNaN ? r : Swift.min(Swift.max(r, -1), 1)
            }
        }
        c.storage = .f64(v)
        return c
    }

    /// True where an element of this array occurs in `values` (numpy's isin).
    func membership(in values: NDArray) throws -> NDArray {
        let result: [Bool]
        switch (storage, values.storage) {
        case (.str(let x), .str(let vs)):
            let set = Set(vs.map { Array($0.unicodeScalars.map(\.value)) })
            result = x.map { set.contains(Array($0.unicodeScalars.map(\.value))) }
        case (.str, _), (_, .str):
            // Text never equals a number (numpy compares them as unequal).
            result = Array(repeating: false, count: count)
        default:
            if !dtype.isFloat && !values.dtype.isFloat {
                let wanted = values.storage.int64s
                let x = storage.int64s
                if let lo = wanted.min(), let hi = wanted.max(), hi &- lo >= 0,
                    hi &- lo < Int64(Swift.max(x.count, 1 << 16))
                {
                    // A small range of values: one table look-up per element (numpy's "table" kind).
                    var table = [Bool](repeating: false, count: Int(hi - lo) + 1)
                    for w in wanted { table[Int(w - lo)] = true }
                    result = table.withUnsafeBufferPointer { t in
                        mapUnary(x) { v in v >= lo && v <= hi && t[Int(v &- lo)] }
                    }
                } else {
                    let set = Set(wanted)
                    result = mapUnary(x) { set.contains($0) }
                }
            } else {
                // nan is never a member (nan != nan); -0.0 and 0.0 hash alike.
                let set = Set(values.storage.doubles.filter { !$0.isNaN })
                result = mapUnary(storage.doubles) { set.contains($0) }
            }
        }
        return NDArray(shape: shape, storage: .bool(result))
    }
}
