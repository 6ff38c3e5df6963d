// The `@` operator. A portable i-k-j kernel lives here; a session whose
// table carries a BLAS product (`Kernels.matmul`, FLSKit's) uses it for
// float matrices.

/// numpy's `matmul` for 1-d and 2-d operands.
func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    guard a.ndim >= 1 && b.ndim >= 1 else {
        throw RuntimeError(
            "operator @ needs arrays with at least one axis, got shapes \(formatShape(a.shape)) and \(formatShape(b.shape))",
            hint: "use * to multiply by a scalar")
    }
    if a.ndim > 2 || b.ndim > 2 { return try batchedMatmul(a, b) }
    let m = a.ndim == 2 ? a.shape[0] : 1
    let k = a.shape[a.ndim - 1]
    let k2 = b.shape[0]
    let n = b.ndim == 2 ? b.shape[1] : 1
    guard k == k2 else {
        throw RuntimeError(
            "operator @: shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) do not align (\(k) != \(k2))",
            hint: "the last axis of the left operand must equal the first axis of the right one")
    }
    var outShape: [Int] = []
    if a.ndim == 2 { outShape.append(m) }
    if b.ndim == 2 { outShape.append(n) }
    var dtype = try promote(a.dtype, b.dtype)
    if dtype == .bool { dtype = .i64 }
    _ = try Limits.elementCount([m, n], dtype)
    let x = try a.astype(dtype), y = try b.astype(dtype)
    if dtype.isFloat, let hook = Kernels.current.matmul {
        let r = try hook(NDArray(shape: [m, k], storage: x.storage), NDArray(shape: [k, n], storage: y.storage))
        var out = NDArray(shape: outShape, storage: r.storage)
        if a.dtype == .bool && b.dtype == .bool { out = try out.astype(.bool) }
        return out
    }
    let storage: Storage
    switch (x.storage, y.storage) {
    case (.u8(let p), .u8(let q)): storage = .u8(gemm(p, q, m, k, n))
    case (.i32(let p), .i32(let q)): storage = .i32(gemm(p, q, m, k, n))
    case (.i64(let p), .i64(let q)): storage = .i64(gemm(p, q, m, k, n))
    case (.f32(let p), .f32(let q)): storage = .f32(gemm(p, q, m, k, n))
    case (.f64(let p), .f64(let q)): storage = .f64(gemm(p, q, m, k, n))
    default: throw RuntimeError("operator @ is not defined for \(a.dtype) and \(b.dtype) arrays")
    }
    try Interrupt.check()
    let out = NDArray(shape: outShape, storage: storage)
    if a.dtype == .bool && b.dtype == .bool { return try out.astype(.bool) }
    return out
}

/// numpy's `matmul` when an operand has more than two axes: a stack of
/// matrices, the leading axes broadcast against each other; a 1-d operand
/// is a row (left) or a column (right) whose axis is dropped again.
func batchedMatmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
    let left = a.ndim == 1 ? try a.reshaped([1, a.shape[0]]) : a
    let right = b.ndim == 1 ? try b.reshaped([b.shape[0], 1]) : b
    let m = left.shape[left.ndim - 2], k = left.shape[left.ndim - 1]
    let k2 = right.shape[right.ndim - 2], n = right.shape[right.ndim - 1]
    guard k == k2 else {
        throw RuntimeError(
            "operator @: shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) do not align (\(k) != \(k2))",
            hint: "the last axis of the left operand must equal the second-to-last axis of the right one")
    }
    let batch = try broadcastShapes(Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2)))
    var dtype = try promote(a.dtype, b.dtype)
    if dtype == .bool { dtype = .i64 }
    _ = try Limits.elementCount(batch + [m, n], dtype)
    let count = shapeProduct(batch)
    let stackedA = try left.broadcast(to: batch + [m, k]).reshaped([count, m, k])
    let stackedB = try right.broadcast(to: batch + [k, n]).reshaped([count, k, n])
    var products: [NDArray] = []
    products.reserveCapacity(count)
    for i in 0..<count {
        guard case .array(let x) = try stackedA.subscriptGet([.int(i)]),
            case .array(let y) = try stackedB.subscriptGet([.int(i)])
        else {
            throw RuntimeError("internal: operator @ lost a matrix")
        }
        products.append(try matmul(x, y))
    }
    let resultType = products.first?.dtype ?? dtype
    var shape = batch + [m, n]
    if b.ndim == 1 { shape.removeLast() }
    if a.ndim == 1 { shape.remove(at: shape.count - (b.ndim == 1 ? 1 : 2)) }
    if count == 0 {
        return try NDArray.zeros(shape, resultType)
    }
    return try NDArray.stack(products, dtype: resultType).reshaped(shape)
}

/// C = A[m,k] * B[k,n], row by row so both B and C stream through memory.
func gemm<T: ArithElement>(
    _ a: some ContiguousElements<T>, _ b: some ContiguousElements<T>, _ m: Int, _ k: Int, _ n: Int
) -> [T] {
    var c = [T](repeating: T.zero, count: m * n)
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                for i in 0..<m {
                    if Interrupt.requested { return }
                    let row = i * n
                    for p in 0..<k {
                        let s = pa[i * k + p]
                        if s == T.zero { continue }
                        let brow = p * n
                        for j in 0..<n { pc[row + j] = T.add(pc[row + j], T.mul(s, pb[brow + j])) }
                    }
                }
            }
        }
    }
    return c
}
