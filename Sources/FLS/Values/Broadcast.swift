// numpy broadcasting by index arithmetic: operands are never materialised at
// the output shape; a broadcast axis simply has stride 0.

import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a fresh, untouched output buffer with huge pages
/// (as numpy does for buffers of 4 MiB and more): page faults otherwise
/// dominate the cost of a streaming kernel over a new 40 MB array.
@inline(__always)
func adviseHugePages<T>(_ p: UnsafeMutablePointer<T>, count: Int) {
    #if os(Linux)
    let bytes = count &* MemoryLayout<T>.stride
    // Huge pages spare medium arrays thousands of page faults (10M-element
    // kernels run 2x faster), but for very large fresh allocations the
    // kernel may compact memory synchronously on first touch, which cost
    // more than it saved in measurements (a 570 MB row gather: 1.2 s with
    // the advice, 0.33 s without). FLS_NO_HUGEPAGES in the host's
    // environment turns it off entirely (`Kernels.adviseHugePages`).
    guard bytes >= 4 << 20, bytes <= 128 << 20, Kernels.current.adviseHugePages else { return }
    let page = 4096
    let start = (Int(bitPattern: UnsafeRawPointer(p)) + page - 1) & ~(page - 1)
    let end = (Int(bitPattern: UnsafeRawPointer(p)) + bytes) & ~(page - 1)
    if end > start, let raw = UnsafeMutableRawPointer(bitPattern: start) {
        _ = madvise(raw, end - start, 14)  // MADV_HUGEPAGE
    }
    #endif
}

/// The product of a shape's extents (callers have checked it with Limits).
@inline(__always)
func shapeProduct(_ shape: [Int]) -> Int {
    var n = 1
    for e in shape { n &*= e }
    return n
}

/// Row-major strides, in elements.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = s
        s &*= shape[i]
    }
    return strides
}

/// numpy's broadcast of two shapes, or an error naming both.
func broadcastShapes(_ a: [Int], _ b: [Int]) throws -> [Int] {
    if a == b { return a }
    let n = max(a.count, b.count)
    var out = Array(repeating: 1, count: n)
    for i in 0..<n {
        let x = i < n - a.count ? 1 : a[i - (n - a.count)]
        let y = i < n - b.count ? 1 : b[i - (n - b.count)]
        if x == y || y == 1 {
            out[i] = x
        } else if x == 1 {
            out[i] = y
        } else {
            throw RuntimeError(
                "shapes \(formatShape(a)) and \(formatShape(b)) cannot be broadcast together",
                hint: "axes must match or be 1, comparing from the last axis")
        }
    }
    return out
}

/// Strides of an operand of `shape` read at the broadcast shape `out`.
func broadcastStrides(_ shape: [Int], to out: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let lead = out.count - shape.count
    var strides = Array(repeating: 0, count: out.count)
    for i in 0..<shape.count where shape[i] != 1 { strides[lead + i] = own[i] }
    return strides
}

/// Cores available to kernels.
let activeCores: Int = {
    #if os(Linux)
    return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
    return 2
    #endif
}()

/// Below this many elements a kernel runs on one thread.
let parallelThreshold = 1 << 20

/// Runs `body(start, end)` over `0..<count` in chunks, on all cores for large
/// counts; stops early (leaving work undone) once Ctrl-C is requested, so
/// callers must call `Interrupt.check()` afterwards.
@inline(__always)
func forEachChunk(_ count: Int, parallel: Bool, _ body: (Int, Int) -> Void) {
    if !parallel || count < parallelThreshold {
        body(0, count)
        return
    }
    // Chunks of 2^18 elements: small enough that a core delayed by other
    // processes does not hold up the whole kernel, large enough that the
    // per-chunk cost vanishes.
    let chunk = 1 << 18
    let chunks = (count + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        if Interrupt.requested { return }
        body(c * chunk, min(count, (c + 1) * chunk))
    }
}

/// Applies `op` element-wise over two broadcast operands.
@inline(__always)
func mapBinary<A, B, R>(
    _ a: some ContiguousElements<A>, _ aShape: [Int], _ b: some ContiguousElements<B>, _ bShape: [Int], _ out: [Int],
    _ op: (A, B) -> R
) -> [R] {
    let n = shapeProduct(out)
    if n == 0 { return [] }
    // The caller's `op` is only inlined (and the loop vectorised) on this
    // thread; the hot arithmetic has its own multi-core loops in
    // `contiguousArithmetic`.
    let pod = false
    return a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            [R](unsafeUninitializedCapacity: n) { res, initialized in
                guard let pr = res.baseAddress else { initialized = 0; return }
                adviseHugePages(pr, count: n)
                if pa.count == n && pb.count == n {
                    forEachChunk(n, parallel: pod) { s, e in
                        for i in s..<e { (pr + i).initialize(to: op(pa[i], pb[i])) }
                    }
                } else if pa.count == 1 && pb.count == n {
                    let x = pa[0]
                    forEachChunk(n, parallel: pod) { s, e in
                        for i in s..<e { (pr + i).initialize(to: op(x, pb[i])) }
                    }
                } else if pb.count == 1 && pa.count == n {
                    let y = pb[0]
                    forEachChunk(n, parallel: pod) { s, e in
                        for i in s..<e { (pr + i).initialize(to: op(pa[i], y)) }
                    }
                } else if n > 0 {
                    let sa = broadcastStrides(aShape, to: out)
                    let sb = broadcastStrides(bShape, to: out)
                    let nd = out.count
                    let inner = out[nd - 1], ia = sa[nd - 1], ib = sb[nd - 1]
                    var counter = Array(repeating: 0, count: nd)
                    var oa = 0, ob = 0, k = 0
                    while k < n {
                        var x = oa, y = ob
                        for _ in 0..<inner {
                            (pr + k).initialize(to: op(pa[x], pb[y]))
                            k += 1; x += ia; y += ib
                        }
                        // Advance the odometer over the outer axes.
                        var d = nd - 2
                        while d >= 0 {
                            counter[d] += 1; oa += sa[d]; ob += sb[d]
                            if counter[d] < out[d] { break }
                            oa -= sa[d] * out[d]; ob -= sb[d] * out[d]; counter[d] = 0
                            d -= 1
                        }
                    }
                }
                initialized = n
            }
        }
    }
}

/// Applies `op` to every element.
@inline(__always)
func mapUnary<A, R>(_ a: some ContiguousElements<A>, _ op: (A) -> R) -> [R] {
    let n = a.count
    if !_isPOD(R.self) || n < parallelThreshold { return a.map(op) }
    return a.withUnsafeBufferPointer { pa in
        [R](unsafeUninitializedCapacity: n) { res, initialized in
            guard let pr = res.baseAddress else { initialized = 0; return }
            adviseHugePages(pr, count: n)
            forEachChunk(n, parallel: true) { s, e in
                for i in s..<e { (pr + i).initialize(to: op(pa[i])) }
            }
            initialized = n
        }
    }
}

extension NDArray {
    /// The array's elements laid out at a broadcast shape (materialised; for
    /// assignment values and stacking, which are small or need a copy anyway).
    func broadcast(to out: [Int]) throws -> NDArray {
        if shape == out { return self }
        let s = try broadcastShapes(shape, out)
        guard s == out else {
            throw RuntimeError("cannot broadcast an array of shape \(formatShape(shape)) to shape \(formatShape(out))")
        }
        func go<T: Element>(_ a: some ContiguousElements<T>) -> Storage {
            T.wrap(mapBinary(a, shape, [false], [], out) { x, _ in x })
        }
        switch storage {
        case .bool(let a): return NDArray(shape: out, storage: go(a))
        case .u8(let a): return NDArray(shape: out, storage: go(a))
        case .i32(let a): return NDArray(shape: out, storage: go(a))
        case .i64(let a): return NDArray(shape: out, storage: go(a))
        case .f32(let a): return NDArray(shape: out, storage: go(a))
        case .f64(let a): return NDArray(shape: out, storage: go(a))
        case .str(let a): return NDArray(shape: out, storage: go(a.array))
        }
    }
}

/// Runs `body(output, start, end)` over chunks of a fresh n-element buffer,
/// on all cores for large n; `body` is a closure literal holding its own
/// loop, so the loop is compiled (and vectorised) inside it.
@inline(__always)
func chunkedFill<R>(_ n: Int, _ body: (UnsafeMutablePointer<R>, Int, Int) -> Void) -> [R] {
    if n == 0 { return [] }
    return [R](unsafeUninitializedCapacity: n) { res, initialized in
        guard let pr = res.baseAddress else { initialized = 0; return }
        adviseHugePages(pr, count: n)
        forEachChunk(n, parallel: true) { s, e in body(pr, s, e) }
        initialized = n
    }
}

/// One element-wise loop over operands that are full-length or single
/// elements (the common `a + b` and `a * 2.5` cases).
@inline(__always)
func zipLoop<T>(
    _ a: UnsafePointer<T>, _ aScalar: Bool, _ b: UnsafePointer<T>, _ bScalar: Bool,
    _ r: UnsafeMutablePointer<T>, _ s: Int, _ e: Int, _ op: (T, T) -> T
) {
    if aScalar {
        let x = a[0]
        for i in s..<e { (r + i).initialize(to: op(x, b[i])) }
    } else if bScalar {
        let y = b[0]
        for i in s..<e { (r + i).initialize(to: op(a[i], y)) }
    } else {
        for i in s..<e { (r + i).initialize(to: op(a[i], b[i])) }
    }
}

/// `+ - *` on contiguous operands, split across cores; nil when the
/// operands need general broadcasting.
func contiguousArithmetic<T: ArithElement>(
    _ op: BinaryOperator, _ u: some ContiguousElements<T>, _ v: some ContiguousElements<T>, _ n: Int
) -> [T]? {
    guard op == .add || op == .subtract || op == .multiply, n > 0 else { return nil }
    guard (u.count == n || u.count == 1) && (v.count == n || v.count == 1) else { return nil }
    let aScalar = u.count == 1 && n > 1, bScalar = v.count == 1 && n > 1
    return u.withUnsafeBufferPointer { pu in
        v.withUnsafeBufferPointer { pv in
            guard let a = pu.baseAddress, let b = pv.baseAddress else { return nil }
            return chunkedFill(n) { (r: UnsafeMutablePointer<T>, s: Int, e: Int) in
                switch op {
                case .add: zipLoop(a, aScalar, b, bScalar, r, s, e) { T.add($0, $1) }
                case .subtract: zipLoop(a, aScalar, b, bScalar, r, s, e) { T.sub($0, $1) }
                default: zipLoop(a, aScalar, b, bScalar, r, s, e) { T.mul($0, $1) }
                }
            }
        }
    }
}

/// `u = u op v` for `+ - *`, written over `u`'s buffer, split across cores:
/// how a temporary (`a * 2.5` in `a * 2.5 + 1.0`) is reused instead of
/// allocating and first-touching another result. `v` is full-length or one
/// element. If `u`'s buffer turns out to be shared, writing copies it first,
/// so the result is right either way.
func contiguousArithmeticInPlace<T: ArithElement>(
    _ op: BinaryOperator, _ u: inout some MutableContiguousElements<T>, _ v: some ContiguousElements<T>
) -> Bool {
    guard op == .add || op == .subtract || op == .multiply else { return false }
    let n = u.count
    guard n > 0, v.count == n || v.count == 1 else { return false }
    let bScalar = v.count == 1
    v.withUnsafeBufferPointer { pv in
        u.withUnsafeMutableBufferPointer { pu in
            guard let a = pu.baseAddress, let b = pv.baseAddress else { return }
            forEachChunk(n, parallel: true) { s, e in
                switch op {
                case .add: zipLoop(UnsafePointer(a), false, b, bScalar, a, s, e) { T.add($0, $1) }
                case .subtract: zipLoop(UnsafePointer(a), false, b, bScalar, a, s, e) { T.sub($0, $1) }
                default: zipLoop(UnsafePointer(a), false, b, bScalar, a, s, e) { T.mul($0, $1) }
                }
            }
        }
    }
    return true
}

/// `lhs op rhs` when `lhs` is a float array that nothing else refers to (the
/// fresh result of another operator) and the result has its dtype and
/// shape: computed in its buffer. Nil: take the ordinary way.
func arithmeticReusingLeft(_ op: BinaryOperator, _ lhs: inout Value, _ rhs: Value) throws -> Value? {
    guard try arithmeticInPlace(op, &lhs, rhs) else { return nil }
    try Interrupt.check()
    return lhs
}

/// `lhs op= rhs` (`+ - *`) for a float array `lhs` when the result has its
/// dtype and shape: computed in its buffer (copied first if another value
/// shares it), and true. False: `lhs` is unchanged, take the ordinary way.
/// Checks no interrupt, so that `lhs` always holds a whole value.
func arithmeticInPlace(_ op: BinaryOperator, _ lhs: inout Value, _ rhs: Value) throws -> Bool {
    guard op == .add || op == .subtract || op == .multiply, case .array(var x) = lhs,
        x.dtype == .f32 || x.dtype == .f64, x.count > 1
    else { return false }
    // The right operand as one element or a same-shape array of x's dtype.
    var y: NDArray
    switch rhs {
    case .float(let v): y = try NDArray(scalar: .f64([v])).astype(x.dtype)
    case .int(let v): y = try NDArray(scalar: .f64([Double(v)])).astype(x.dtype)
    case .array(let a) where a.dtype == x.dtype && a.shape == x.shape: y = a
    default: return false
    }
    lhs = .null
    var done = false
    // Each buffer is taken out of its enum before writing, so that it is
    // the only reference left (no tuple or pattern temporaries holding it).
    if case .f64(let v) = y.storage {
        var u = x.storage.takeDoubles()
        done = contiguousArithmeticInPlace(op, &u, v)
        x.storage = .f64(u)
    } else if case .f32(let v) = y.storage {
        var u = x.storage.takeFloats()
        done = contiguousArithmeticInPlace(op, &u, v)
        x.storage = .f32(u)
    }
    lhs = .array(x)
    return done
}

extension Storage {
    /// The f64 buffer, leaving this storage empty (so the caller holds the only reference).
    mutating func takeDoubles() -> [Double] {
        guard case .f64(let u) = self else { return [] }
        self = .f64([])
        return u.array
    }

    /// The f32 buffer, leaving this storage empty.
    mutating func takeFloats() -> [Float] {
        guard case .f32(let u) = self else { return [] }
        self = .f32([])
        return u.array
    }
}
