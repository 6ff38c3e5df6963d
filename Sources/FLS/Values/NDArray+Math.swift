// Element-wise math functions with numpy's result dtypes. Large inputs are
// split across cores by `mapUnary`.

/// An element-wise function of one float.
enum FloatFunction {
    case sqrt, exp, log, sin, cos, floor, ceil

    @inline(__always)
    func apply<T: FloatElement>(_ x: T) -> T {
        switch self {
        case .sqrt: return x.squareRoot()
        case .exp: return T.expF(x)
        case .log: return T.logF(x)
        case .sin: return T.sinF(x)
        case .cos: return T.cosF(x)
        case .floor: return x.rounded(.down)
        case .ceil: return x.rounded(.up)
        }
    }
}

extension NDArray {
    /// sqrt, exp, log, sin, cos (ints give f64; bool and u8 give f32, where
    /// numpy would give float16), floor and ceil (integers unchanged).
    func applying(_ f: FloatFunction) throws -> NDArray {
        if dtype == .str { throw RuntimeError("\(f) is not defined for str arrays") }
        if (f == .floor || f == .ceil) && (dtype.isInteger || dtype == .bool) { return self }
        // The result is a new float buffer (f32 for bool and u8, f64 for wider integers).
        _ = try Limits.elementCount(shape, dtype == .bool || dtype == .u8 || dtype == .f32 ? .f32 : .f64)
        func go<T: FloatElement>(_ v: some ContiguousElements<T>) -> [T] {
            switch f {
            case .sqrt: return mapUnary(v) { $0.squareRoot() }
            case .exp: return mapUnary(v) { T.expF($0) }
            case .log: return mapUnary(v) { T.logF($0) }
            case .sin: return mapUnary(v) { T.sinF($0) }
            case .cos: return mapUnary(v) { T.cosF($0) }
            case .floor: return mapUnary(v) { $0.rounded(.down) }
            case .ceil: return mapUnary(v) { $0.rounded(.up) }
            }
        }
        let s: Storage
        switch storage {
        case .f32(let v) where f == .sqrt: s = .f32(squareRoots(v.array))
        case .f64(let v) where f == .sqrt: s = .f64(squareRoots(v.array))
        case .f32(let v): s = .f32(go(v))
        case .f64(let v): s = .f64(go(v))
        case .bool, .u8: s = .f32(go(Float.unwrap(try storage.converted(to: .f32)) ?? []))
        default: s = .f64(go(storage.doubles))
        }
        try Interrupt.check()
        return NDArray(shape: shape, storage: s)
    }

    /// sqrt with the loop written out per chunk for each concrete type, so
    /// the compiler emits vector square roots (a closure per element cannot),
    /// through `vectorSquareRoot`.
    func squareRoots(_ v: [Float]) -> [Float] {
        let n = v.count
        return v.withUnsafeBufferPointer { pa in
            [Float](unsafeUninitializedCapacity: n) { res, initialized in
                guard let pr = res.baseAddress, let src = pa.baseAddress else { initialized = 0; return }
                adviseHugePages(pr, count: n)
                forEachChunk(n, parallel: true) { s, e in
                    for i in s..<e { pr[i] = vectorSquareRoot(src[i]) }
                }
                initialized = n
            }
        }
    }

    func squareRoots(_ v: [Double]) -> [Double] {
        let n = v.count
        return v.withUnsafeBufferPointer { pa in
            [Double](unsafeUninitializedCapacity: n) { res, initialized in
                guard let pr = res.baseAddress, let src = pa.baseAddress else { initialized = 0; return }
                adviseHugePages(pr, count: n)
                forEachChunk(n, parallel: true) { s, e in
                    for i in s..<e { pr[i] = vectorSquareRoot(src[i]) }
                }
                initialized = n
            }
        }
    }

    /// Absolute values, keeping the dtype (integers wrap at the minimum).
    func absolute() throws -> NDArray {
        let s: Storage
        switch storage {
        case .bool, .u8: return self
        case .i32(let v): s = .i32(mapUnary(v) { $0 < 0 ? 0 &- $0 : $0 })
        case .i64(let v): s = .i64(mapUnary(v) { $0 < 0 ? 0 &- $0 : $0 })
        case .f32(let v): s = .f32(mapUnary(v) { $0.magnitude })
        case .f64(let v): s = .f64(mapUnary(v) { $0.magnitude })
        case .str: throw RuntimeError("abs is not defined for str arrays")
        }
        try Interrupt.check()
        return NDArray(shape: shape, storage: s)
    }

    /// Rounds half to even at `decimals` places (negative rounds to tens...).
    func rounded(decimals: Int) throws -> NDArray {
        // Beyond 300 places every float is already exact (and 10^decimals
        // would overflow to inf).
        if decimals > 300 { return self }
        if decimals < -400 { return try NDArray.zeros(shape, dtype) }
        func go<T: FloatElement>(_ v: some ContiguousElements<T>) -> [T] {
            if decimals == 0 { return mapUnary(v) { roundHalfEven($0) } }
            let scale = T(Double.powF(10, Double(abs(decimals))))
            if decimals > 0 { return mapUnary(v) { ($0 * scale).rounded(.toNearestOrEven) / scale } }
            return mapUnary(v) { ($0 / scale).rounded(.toNearestOrEven) * scale }
        }
        switch storage {
        case .f32(let v): return NDArray(shape: shape, storage: .f32(go(v)))
        case .f64(let v): return NDArray(shape: shape, storage: .f64(go(v)))
        case .str: throw RuntimeError("round is not defined for str arrays")
        default:
            if decimals >= 0 { return self }
            return try NDArray(shape: shape, storage: .f64(go(storage.doubles))).astype(dtype)
        }
    }

    /// True where an element is NaN.
    func isNaNMask() throws -> NDArray {
        switch storage {
        case .f32(let v): return NDArray(shape: shape, storage: .bool(mapUnary(v) { $0.isNaN }))
        case .f64(let v): return NDArray(shape: shape, storage: .bool(mapUnary(v) { $0.isNaN }))
        case .str: throw RuntimeError("isnan is not defined for str arrays")
        default: return NDArray(shape: shape, storage: .zeros(.bool, count))
        }
    }
}

/// `where(cond, x, y)`: x where cond is true, else y, all three broadcast.
func selectWhere(_ cond: NDArray, _ x: Value, _ y: Value) throws -> NDArray {
    guard let a = Operand(x), let b = Operand(y) else {
        throw RuntimeError("where: x and y must be numbers, strings or arrays")
    }
    let c = try cond.astype(.bool)
    var dtype: DType
    switch (a, b) {
    case (.strong(let p), _): dtype = try promoteWeak(p.dtype, b)
    case (_, .strong(let q)): dtype = try promoteWeak(q.dtype, a)
    default: dtype = try promote(a.naturalDType, b.naturalDType)
    }
    let p = try a.array(as: dtype), q = try b.array(as: dtype)
    let out = try broadcastShapes(broadcastShapes(c.shape, p.shape), q.shape)
    _ = try Limits.elementCount(out, dtype)
    let cb = try c.broadcast(to: out)
    guard case .bool(let m) = cb.storage else { throw RuntimeError("internal: mask") }
    func go<T: Element>(_ u: some ContiguousElements<T>, _ v: some ContiguousElements<T>) -> Storage {
        var r = Array(u)
        r.withUnsafeMutableBufferPointer { pr in
            for i in 0..<pr.count where !m[i] { pr[i] = v[i] }
        }
        return T.wrap(r)
    }
    let pp = try p.broadcast(to: out), qq = try q.broadcast(to: out)
    let s: Storage
    switch (pp.storage, qq.storage) {
    case (.bool(let u), .bool(let v)): s = go(u, v)
    case (.u8(let u), .u8(let v)): s = go(u, v)
    case (.i32(let u), .i32(let v)): s = go(u, v)
    case (.i64(let u), .i64(let v)): s = go(u, v)
    case (.f32(let u), .f32(let v)): s = go(u, v)
    case (.f64(let u), .f64(let v)): s = go(u, v)
    case (.str(let u), .str(let v)): s = go(u, v)
    default: throw RuntimeError("internal: where dtypes")
    }
    return NDArray(shape: out, storage: s)
}

/// numpy's round of one float: half to even.
@inline(__always)
func roundHalfEven<T: FloatingPoint>(_ x: T) -> T { x.rounded(.toNearestOrEven) }

/// `x.squareRoot()`, written so that loops of it become vector square
/// roots. Swift's `squareRoot()` is C's `sqrtf`/`sqrt`, which sets `errno`
/// for a negative input: the compiler keeps a compare and a call per element
/// and cannot vectorise. The square root of a magnitude cannot set it; the
/// sign is put back by the two selects (-0 stays -0, a negative is nan).
/// Measured on 10 M f32 (`core/kernels sqrt_f32`): 10.3 ms before, numpy 7.0 ms.
@inline(__always)
func vectorSquareRoot<T: BinaryFloatingPoint>(_ x: T) -> T {
    let root = x.magnitude.squareRoot()
    return x < 0 ? .nan : (x == 0 ? x : root)
}
