// The "Linalg" family and the BLAS behind `@`: cosine similarity as one
// sgemm/dgemm call on L2-normalised rows, and the matrix product a table's Kernels use.

import CBLAS
import FLS

/// BLAS-backed linear algebra.
enum Linalg {
    static var primitives: [Primitive] { [cosine] }

    /// OpenBLAS takes 32-bit dimensions; larger ones are an error, not a wrap.
    static func blasInt(_ n: Int, _ what: String) throws -> Int32 {
        guard let v = Int32(exactly: n) else {
            throw RuntimeError("\(what) has \(n) elements along one axis, more than BLAS accepts (\(Int32.max))")
        }
        return v
    }

    /// C[m,n] = A[m,k] · op(B), where op(B) is B[k,n] or, with
    /// `transposeB`, the transpose of B[n,k]. Row-major, one BLAS call.
    static func gemm(
        _ a: some ContiguousElements<Float>, _ b: some ContiguousElements<Float>, m: Int, k: Int, n: Int,
        transposeB: Bool
    ) throws -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        if m == 0 || n == 0 || k == 0 { return c }
        let (bm, bk, bn) = (try blasInt(m, "a matrix"), try blasInt(k, "a matrix"), try blasInt(n, "a matrix"))
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        bm, bn, bk, 1, pa.baseAddress, bk, pb.baseAddress, transposeB ? bk : bn,
                        0, pc.baseAddress, bn)
                }
            }
        }
        return c
    }

    /// The f64 twin of the f32 `gemm`.
    static func gemm(
        _ a: some ContiguousElements<Double>, _ b: some ContiguousElements<Double>, m: Int, k: Int, n: Int,
        transposeB: Bool
    ) throws -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        if m == 0 || n == 0 || k == 0 { return c }
        let (bm, bk, bn) = (try blasInt(m, "a matrix"), try blasInt(k, "a matrix"), try blasInt(n, "a matrix"))
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        bm, bn, bk, 1, pa.baseAddress, bk, pb.baseAddress, transposeB ? bk : bn,
                        0, pc.baseAddress, bn)
                }
            }
        }
        return c
    }

    /// The core's `@` hook: 2-d f32 or f64 operands of the same dtype, shapes
    /// already checked to align by the core.
    static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.ndim == 2, b.ndim == 2, a.shape[1] == b.shape[0] else {
            throw RuntimeError("operator @: shapes \(formatShape(a.shape)) and \(formatShape(b.shape)) do not align")
        }
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        _ = try Limits.elementCount([m, n], a.dtype)
        switch (a.storage, b.storage) {
        case (.f32(let x), .f32(let y)):
            return NDArray(shape: [m, n], storage: .f32(try gemm(x, y, m: m, k: k, n: n, transposeB: false)))
        case (.f64(let x), .f64(let y)):
            return NDArray(shape: [m, n], storage: .f64(try gemm(x, y, m: m, k: k, n: n, transposeB: false)))
        default:
            throw RuntimeError(
                "operator @: the BLAS product needs two f32 or two f64 matrices, got \(a.dtype) and \(b.dtype)")
        }
    }

    /// Rows divided by their L2 norm (zero rows stay zero). Norms are
    /// accumulated in f64 so long f32 rows lose nothing to rounding.
    static func normalizedRows<T: BinaryFloatingPoint>(_ v: some ContiguousElements<T>, rowSize r: Int) -> [T] {
        var out = Array(v)
        guard r > 0 else { return out }
        out.withUnsafeMutableBufferPointer { p in
            for start in stride(from: 0, to: p.count, by: r) {
                var ss = 0.0
                for j in start..<start + r { let x = Double(p[j]); ss += x * x }
                guard ss > 0 else { continue }
                let norm = T(ss.squareRoot())
                for j in start..<start + r { p[j] /= norm }
            }
        }
        return out
    }

    /// `cosine(a, b)`: `[rows of a, rows of b]` similarities.
    static func cosine(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        func rowsOf(_ x: NDArray, _ name: String) throws -> (Int, Int) {
            switch x.ndim {
            case 1: return (1, x.shape[0])
            case 2: return (x.shape[0], x.shape[1])
            default:
                throw RuntimeError(
                    "cosine: '\(name)' must be a vector or a matrix of row vectors, got shape \(formatShape(x.shape))")
            }
        }
        let (m, k) = try rowsOf(a, "a")
        let (n, k2) = try rowsOf(b, "b")
        guard k == k2 else {
            throw RuntimeError(
                "cosine: rows of 'a' have \(k) values but rows of 'b' have \(k2)",
                hint: "both sides need vectors of the same length")
        }
        guard a.dtype.isNumeric, b.dtype.isNumeric else {
            throw RuntimeError("cosine: 'a' and 'b' must be numeric, got \(a.dtype) and \(b.dtype)")
        }
        var shape: [Int] = []
        if a.ndim == 2 { shape.append(m) }
        if b.ndim == 2 { shape.append(n) }
        _ = try Limits.elementCount([m, n], .f64)
        // f32 with f32 stays f32 (the signatures' case); anything else is f64.
        if case .f32(let x) = a.storage, case .f32(let y) = b.storage {
            let c = try gemm(
                normalizedRows(x, rowSize: k), normalizedRows(y, rowSize: k), m: m, k: k, n: n, transposeB: true)
            return NDArray(shape: shape, storage: .f32(c))
        }
        guard case .f64(let x) = try a.astype(.f64).storage, case .f64(let y) = try b.astype(.f64).storage else {
            throw RuntimeError("cosine: could not convert the inputs to f64")
        }
        let c = try gemm(
            normalizedRows(x, rowSize: k), normalizedRows(y, rowSize: k), m: m, k: k, n: n, transposeB: true)
        return NDArray(shape: shape, storage: .f64(c))
    }

    static var cosine: Primitive {
        Primitive(
            "cosine", family: "Numbers", params: [Param("a"), Param("b")],
            summary: "Cosine similarity of every row of a with every row of b: [len(a), len(b)].",
            doc: """
                Rows are L2-normalised (zero rows stay zero, so their similarities are 0), then \
                multiplied with one BLAS call (`A @ B.T`). A 1-d input is one row, and its axis is \
                dropped from the result as `@` would. f32 inputs give f32; others give f64. Rank with \
                `top(cosine(test, train), 5)`.
                """,
            examples: [
                Example(
                    "cosine([[1.0, 0.0], [0.0, 2.0]], [[3.0, 3.0], [0.0, 1.0], [0.0, 0.0]])",
                    "f64[2,3]\n[[0.70710678 0.         0.        ]\n [0.70710678 1.         0.        ]]"),
                Example("cosine([1.0, 1.0], [[2.0, 2.0], [-1.0, -1.0]])", "f64[2] [ 1. -1.]"),
            ]
        ) { args, _ in
            .array(try cosine(try args.array(0), try args.array(1)))
        }
    }
}
