// More element-wise kernels with numpy's dtypes: maximum/minimum
// (broadcasting, nan-propagating), isfinite/isinf, sign, and the float
// functions tanh, log1p, expm1, log2, log10.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's functions, named apart from the enum's cases.
private func cTanh(_ x: Double) -> Double { tanh(x) }
private func cLog1p(_ x: Double) -> Double { log1p(x) }
private func cExpm1(_ x: Double) -> Double { expm1(x) }
private func cLog2(_ x: Double) -> Double { log2(x) }
private func cLog10(_ x: Double) -> Double { log10(x) }

/// A float function of the C library beyond `FloatFunction`'s.
enum MoreFloatFunction: String {
    case tanh, log1p, expm1, log2, log10

    @inline(__always) func apply(_ x: Double) -> Double {
        switch self {
        case .tanh: return cTanh(x)
        case .log1p: return cLog1p(x)
        case .expm1: return cExpm1(x)
        case .log2: return cLog2(x)
        case .log10: return cLog10(x)
        }
    }

    /// f32 through f64, so the result is the correctly rounded f32 value.
    @inline(__always) func apply(_ x: Float) -> Float { Float(apply(Double(x))) }
}

extension NDArray {
    /// tanh, log1p, expm1, log2, log10: integers give f64; bool and u8 give
    /// f32 (numpy gives float16, which FLS does not have); floats keep theirs.
    func applying(_ f: MoreFloatFunction) throws -> NDArray {
        let s: Storage
        switch storage {
        case .str: throw RuntimeError("\(f.rawValue) is not defined for str arrays")
        case .f32(let v): s = .f32(mapUnary(v) { f.apply($0) })
        case .f64(let v): s = .f64(mapUnary(v) { f.apply($0) })
        case .bool, .u8: s = .f32(mapUnary(storage.doubles) { f.apply(Float($0)) })
        default: s = .f64(mapUnary(storage.doubles) { f.apply($0) })
        }
        try Interrupt.check()
        return NDArray(shape: shape, storage: s)
    }

    /// True where an element is finite (`finite: true`) or infinite.
    func finiteMask(finite: Bool) throws -> NDArray {
        let name = finite ? "isfinite" : "isinf"
        let out: [Bool]
        switch storage {
        case .f32(let v): out = finite ? mapUnary(v) { $0.isFinite } : mapUnary(v) { $0.isInfinite }
        case .f64(let v): out = finite ? mapUnary(v) { $0.isFinite } : mapUnary(v) { $0.isInfinite }
        case .str: throw RuntimeError("\(name) is not defined for str arrays")
        default: out = Array(repeating: finite, count: count)
        }
        return NDArray(shape: shape, storage: .bool(out))
    }

    /// -1, 0 or 1 by sign, keeping the dtype; nan stays nan.
    func signs() throws -> NDArray {
        let s: Storage
        switch storage {
        case .bool:
            throw RuntimeError("sign is not defined for bool arrays", hint: "convert first: sign(astype(x, \"i64\"))")
        case .str: throw RuntimeError("sign is not defined for str arrays")
        case .u8(let v): s = .u8(mapUnary(v) { $0 > 0 ? 1 : 0 })
        case .i32(let v): s = .i32(mapUnary(v) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
        case .i64(let v): s = .i64(mapUnary(v) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
        case .f32(let v): s = .f32(mapUnary(v) { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0.isNaN ? $0 : 0)) })
        case .f64(let v): s = .f64(mapUnary(v) { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0.isNaN ? $0 : 0)) })
        }
        return NDArray(shape: shape, storage: s)
    }
}

/// numpy's `maximum`/`minimum`: the operands broadcast and promote like
/// arithmetic operands (plain numbers are weak); a nan on either side wins.
/// numpy's maximum/minimum of two floats: nan on either side gives nan; of
/// equal values (0.0 and -0.0) the first.
@inline(__always)
func floatExtreme<T: FloatingPoint>(_ s: T, _ t: T, isMax: Bool) -> T {
    if s.isNaN { return s }
    if t.isNaN { return t }
    return isMax ? (s >= t ? s : t) : (s <= t ? s : t)
}

func elementwiseExtreme(_ x: Value, _ y: Value, isMax: Bool) throws -> Value {
    let name = isMax ? "maximum" : "minimum"
    guard let a = Operand(x), let b = Operand(y) else {
        throw RuntimeError("\(name): both arguments must be numbers or arrays, got \(x.kindName) and \(y.kindName)")
    }
    var dtype: DType
    switch (a, b) {
    case (.strong(let p), _): dtype = try promoteWeak(p.dtype, b)
    case (_, .strong(let q)): dtype = try promoteWeak(q.dtype, a)
    default: dtype = try promote(a.naturalDType, b.naturalDType)
    }
    if dtype == .str { throw RuntimeError("\(name) is not defined for str arrays") }
    let p = try a.array(as: dtype), q = try b.array(as: dtype)
    let out = try broadcastShapes(p.shape, q.shape)
    _ = try Limits.elementCount(out, dtype)
    func ints<T: Comparable>(_ u: some ContiguousElements<T>, _ v: some ContiguousElements<T>) -> [T] {
        isMax
            ? mapBinary(u, p.shape, v, q.shape, out) { Swift.max($0, $1) }
            : mapBinary(u, p.shape, v, q.shape, out) { Swift.min($0, $1) }
    }
    func floats<T: FloatElement>(_ u: some ContiguousElements<T>, _ v: some ContiguousElements<T>) -> [T] {
        if isMax { return mapBinary(u, p.shape, v, q.shape, out) { floatExtreme($0, $1, isMax: true) } }
        return mapBinary(u, p.shape, v, q.shape, out) { floatExtreme($0, $1, isMax: false) }
    }
    let s: Storage
    switch (p.storage, q.storage) {
    case (.bool(let u), .bool(let v)):
        s = .bool(
            isMax
                ? mapBinary(u, p.shape, v, q.shape, out) { $0 || $1 }
                : mapBinary(u, p.shape, v, q.shape, out) { $0 && $1 })
    case (.u8(let u), .u8(let v)): s = .u8(ints(u, v))
    case (.i32(let u), .i32(let v)): s = .i32(ints(u, v))
    case (.i64(let u), .i64(let v)): s = .i64(ints(u, v))
    case (.f32(let u), .f32(let v)): s = .f32(floats(u, v))
    case (.f64(let u), .f64(let v)): s = .f64(floats(u, v))
    default: throw RuntimeError("internal: \(name) dtypes")
    }
    try Interrupt.check()
    let result = NDArray(shape: out, storage: s)
    // Two plain numbers give a plain number, as Python scalars would.
    if a.isWeak && b.isWeak { return keepWeak(x, result) }
    return .array(result)
}

extension NDArray {
    /// Gathers blocks of `block` elements at `offsets` into `shape`.
    func gatherBlocks(_ offsets: [Int], block: Int, shape out: [Int]) -> NDArray {
        var plan = IndexPlan.empty
        plan.offsets = offsets
        plan.block = block
        plan.resultShape = out
        return gather(plan)
    }

    /// numpy's tile: the array repeated `reps` times along each axis
    /// (reps and shape are aligned from the last axis, padding with 1).
    func tiled(_ reps: [Int]) throws -> NDArray {
        for r in reps where r < 0 { throw RuntimeError("tile: 'reps' must not be negative, got \(formatShape(reps))") }
        let d = Swift.max(ndim, reps.count)
        let src = Array(repeating: 1, count: d - ndim) + shape
        let rep = Array(repeating: 1, count: d - reps.count) + reps
        var outShape: [Int] = []
        for (extent, r) in zip(src, rep) {
            let (product, overflow) = extent.multipliedReportingOverflow(by: r)
            if overflow {
                throw RuntimeError(
                    "tile: the result would be too large (shape \(formatShape(src)) repeated \(formatShape(rep)) times)"
                )
            }
            outShape.append(product)
        }
        let n = try Limits.elementCount(outShape, dtype)
        if n == 0 || d == 0 { return NDArray(shape: outShape, storage: n == 0 ? .zeros(dtype, 0) : storage) }
        let strides = contiguousStrides(src)
        // Whole last-axis rows are copied at a time.
        let block = src[d - 1]
        var offsets: [Int] = []
        offsets.reserveCapacity(n / Swift.max(block, 1))
        var counter = Array(repeating: 0, count: d)
        let rows = n / block
        for _ in 0..<rows {
            var off = 0
            for k in 0..<(d - 1) { off += (counter[k] % src[k]) * strides[k] }
            offsets.append(off)
            // Advance over the output's axes, last axis counted in blocks.
            var k = d - 1
            counter[k] += block
            while k >= 0 && counter[k] >= outShape[k] {
                counter[k] = 0
                k -= 1
                if k >= 0 { counter[k] += 1 }
            }
        }
        return gatherBlocks(offsets, block: block, shape: outShape)
    }

    /// numpy's repeat: each element (or each slice along `axis`) repeated;
    /// `repeats` is one count for all or one per element of the axis.
    func repeated(_ repeats: [Int], axis: Int?) throws -> NDArray {
        let src = axis == nil ? NDArray(shape: [count], storage: storage) : self
        guard src.ndim >= 1 else { return try NDArray(shape: [1], storage: storage).repeated(repeats, axis: 0) }
        let ax = try src.checkedAxis(axis ?? 0)
        let (outer, n, inner, _, _) = try src.reductionGeometry(ax)
        var counts = repeats
        if counts.count == 1 { counts = Array(repeating: counts[0], count: n) }
        guard counts.count == n else {
            throw RuntimeError(
                "repeat: 'repeats' has \(counts.count) counts but axis \(ax) has \(n) elements",
                hint: "give one count, or one per element along the axis")
        }
        var total = 0
        for c in counts {
            guard c >= 0 else { throw RuntimeError("repeat: 'repeats' must not be negative, got \(c)") }
            let (sum, overflow) = total.addingReportingOverflow(c)
            if overflow {
                throw RuntimeError("repeat: the result would be too large (the counts add up past \(Int.max))")
            }
            total = sum
        }
        var outShape = src.shape
        outShape[ax] = total
        _ = try Limits.elementCount(outShape, dtype)
        var offsets: [Int] = []
        offsets.reserveCapacity(outer * total)
        for o in 0..<outer {
            for i in 0..<n {
                for _ in 0..<counts[i] { offsets.append((o * n + i) * inner) }
            }
        }
        return src.gatherBlocks(offsets, block: inner, shape: outShape)
    }

    /// The order of elements reversed along `axes` (every axis when nil):
    /// whole last-axis rows are gathered (from their mirrored positions),
    /// then reversed in place when the last axis flips too.
    func flipped(_ axes: [Int]?) throws -> NDArray {
        if ndim == 0 || count == 0 { return self }
        let flip = try Set((axes ?? Array(0..<ndim)).map { try checkedAxis($0) })
        let last = ndim - 1
        let rowSize = shape[last]
        let strides = contiguousStrides(shape)
        let rows = count / rowSize
        var offsets = [Int](repeating: 0, count: rows)
        var counter = Array(repeating: 0, count: last)
        for r in 0..<rows {
            var off = 0
            for d in 0..<last { off += (flip.contains(d) ? shape[d] - 1 - counter[d] : counter[d]) * strides[d] }
            offsets[r] = off
            var d = last - 1
            while d >= 0 {
                counter[d] += 1
                if counter[d] < shape[d] { break }
                counter[d] = 0
                d -= 1
            }
        }
        var out = gatherBlocks(offsets, block: rowSize, shape: shape)
        if flip.contains(last) && rowSize > 1 {
            func reverseRows<T>(_ v: inout some MutableContiguousElements<T>) {
                v.withUnsafeMutableBufferPointer { p in
                    for r in 0..<rows { p[(r * rowSize)..<((r + 1) * rowSize)].reverse() }
                }
            }
            switch out.storage {
            case .bool(var v): reverseRows(&v); out.storage = .bool(v)
            case .u8(var v): reverseRows(&v); out.storage = .u8(v)
            case .i32(var v): reverseRows(&v); out.storage = .i32(v)
            case .i64(var v): reverseRows(&v); out.storage = .i64(v)
            case .f32(var v): reverseRows(&v); out.storage = .f32(v)
            case .f64(var v): reverseRows(&v); out.storage = .f64(v)
            case .str(var v): reverseRows(&v); out.storage = .str(v)
            }
        }
        return out
    }

    /// Elements shifted by `shift` along `axis`, wrapping around (numpy's
    /// roll; nil axis rolls the flattened array and keeps the shape).
    func rolled(_ shift: Int, axis: Int?) throws -> NDArray {
        guard let axis else {
            let flat = try NDArray(shape: [count], storage: storage).rolled(shift, axis: 0)
            return NDArray(shape: shape, storage: flat.storage)
        }
        if ndim == 0 { return self }
        let (outer, n, inner, _, _) = try reductionGeometry(axis)
        if n == 0 || count == 0 { return self }
        let s = ((shift % n) + n) % n
        if s == 0 { return self }
        // Each lane is two contiguous spans: its last s slices, then the rest.
        let lane = n * inner, cut = (n - s) * inner
        func go<T>(_ v: some ContiguousElements<T>) -> [T] {
            v.withUnsafeBufferPointer { src in
                [T](unsafeUninitializedCapacity: v.count) { dst, initialized in
                    guard let from = src.baseAddress, let to = dst.baseAddress else { initialized = 0; return }
                    adviseHugePages(to, count: v.count)
                    for o in 0..<outer {
                        let base = o * lane
                        (to + base).initialize(from: from + base + cut, count: lane - cut)
                        (to + base + lane - cut).initialize(from: from + base, count: cut)
                    }
                    initialized = v.count
                }
            }
        }
        let out: Storage
        switch storage {
        case .bool(let v): out = .bool(go(v))
        case .u8(let v): out = .u8(go(v))
        case .i32(let v): out = .i32(go(v))
        case .i64(let v): out = .i64(go(v))
        case .f32(let v): out = .f32(go(v))
        case .f64(let v): out = .f64(go(v))
        case .str(let v): out = .str(go(v))
        }
        return NDArray(shape: shape, storage: out)
    }
}
