// The "Linear algebra" family: numpy.linalg's norm, inv, solve, det, eigh,
// svd and lstsq, each one LAPACK (LAPACKE) call. As numpy does, every
// computation runs in f64 and an all-f32 input gets its result rounded
// back to f32; integers and bools give f64. Errors use numpy's LinAlgError
// wording where there is one ("Singular matrix").

import CBLAS
import FLS

#if canImport(Glibc)
import Glibc
#endif

extension Linalg {
    static var lapack: [Primitive] { [norm, inv, solve, det, eigh, svd, lstsq] }

    /// A matrix argument as row-major f64 values with its shape, and whether
    /// results should be f32.
    struct Matrix {
        var values: [Double]
        var rows: Int
        var cols: Int
        var single: Bool
    }

    static func matrix(_ args: Arguments, _ i: Int, _ name: String, square: Bool = false, allowVector: Bool = false)
        throws -> Matrix
    {
        let a = try args.array(i)
        let param = args.primitive.params[i].name
        guard a.dtype.isNumeric else { throw RuntimeError("\(name): '\(param)' must be numeric, got \(a.dtype)") }
        if allowVector && a.ndim == 1 {
            return Matrix(values: a.storage.doubles, rows: a.shape[0], cols: 1, single: a.dtype == .f32)
        }
        guard a.ndim == 2 else {
            throw RuntimeError(
                "\(name): '\(param)' must be a 2-d matrix, got \(a.ndim == 0 ? "a scalar" : "shape \(formatShape(a.shape))")",
                hint: a.ndim > 2 ? "stacks of matrices are not supported; loop over the first axis" : nil)
        }
        if square && a.shape[0] != a.shape[1] {
            throw RuntimeError(
                "\(name): the matrix must be square, got shape \(formatShape(a.shape))",
                hint: "Last 2 dimensions of the array must be square (numpy's LinAlgError)")
        }
        _ = try blasInt(Swift.max(a.shape[0], a.shape[1]), "a matrix")
        return Matrix(values: a.storage.doubles, rows: a.shape[0], cols: a.shape[1], single: a.dtype == .f32)
    }

    /// An f64 result, rounded to f32 when the inputs were all f32.
    static func result(_ values: [Double], _ shape: [Int], single: Bool) -> NDArray {
        single
            ? NDArray(shape: shape, storage: .f32(values.map { Float($0) }))
            : NDArray(shape: shape, storage: .f64(values))
    }

    static func requireFinite(_ m: Matrix, _ name: String) throws {
        for x in m.values where !x.isFinite {
            throw RuntimeError(
                "\(name): the matrix contains inf or nan", hint: "clean it first, e.g. where(isfinite(a), a, 0)")
        }
    }

    static func lapackFailure(_ name: String, _ info: Int32) -> RuntimeError {
        RuntimeError("\(name): LAPACK rejected the input (argument \(-info) is invalid)")
    }

    static let layout = Int32(LAPACK_ROW_MAJOR)
    static func job(_ c: Character) -> CChar { CChar(bitPattern: c.asciiValue ?? 0) }

    static var norm: Primitive {
        Primitive(
            "norm", family: "Linear algebra",
            params: [Param("x"), Param("axis", .null), Param("keepdims", .bool(false))],
            summary: "Euclidean (L2) norm of all elements, or along an axis.",
            doc: """
                As numpy's `linalg.norm(x)` and `linalg.norm(x, axis=k)`: the square root of the sum of \
                squares (for a matrix without an axis, the Frobenius norm). Integers give f64; f32 \
                stays f32. `keepdims=true` keeps the reduced axes with length 1.
                """,
            examples: [
                Example("norm([3, 4])", "5.0"),
                Example("norm([[3, 4], [6, 8]], axis=1)", "f64[2] [ 5. 10.]"),
            ]
        ) { args, _ in
            var x = try args.array(0)
            guard x.dtype.isNumeric else { throw RuntimeError("norm: 'x' must be numeric, got \(x.dtype)") }
            if !x.dtype.isFloat { x = try x.astype(.f64) }
            let keep = try args.bool(2)
            if args.isNull(1) {
                // numpy: sqrt(dot(x.ravel(), x.ravel())), one BLAS dot.
                let n = try blasInt(x.count, "norm's input")
                let shape = keep ? Array(repeating: 1, count: x.ndim) : []
                switch x.storage {
                case .f32(let v):
                    let s = v.withUnsafeBufferPointer { cblas_sdot(n, $0.baseAddress, 1, $0.baseAddress, 1) }
                    return .array(NDArray(shape: shape, storage: .f32([s.squareRoot()])))
                default:
                    let v = x.storage.doubles
                    let s = v.withUnsafeBufferPointer { cblas_ddot(n, $0.baseAddress, 1, $0.baseAddress, 1) }
                    return .array(NDArray(shape: shape, storage: .f64([s.squareRoot()])))
                }
            }
            guard case .array(let squares) = try binaryOperation(.multiply, .array(x), .array(x)) else {
                throw RuntimeError("norm: internal error squaring the input")
            }
            var s = try squares.reduce(.sum, axis: try args.int(1), keepdims: keep)
            switch s.storage {
            case .f32(let v): s.storage = .f32(v.map { $0.squareRoot() })
            case .f64(let v): s.storage = .f64(v.map { $0.squareRoot() })
            default: break
            }
            return .array(s)
        }
    }

    static var inv: Primitive {
        Primitive(
            "inv", family: "Linear algebra", params: [Param("a")],
            summary: "Inverse of a square matrix.",
            doc: """
                As numpy's `linalg.inv`: solves `a @ x = I` with LAPACK's LU factorisation (`gesv`). \
                A singular matrix is an error ("Singular matrix"); a nearly singular one gives huge \
                values, as in numpy. Prefer `solve(a, b)` to `inv(a) @ b`.
                """,
            examples: [
                Example("inv([[2.0, 0.0], [0.0, 4.0]])", "f64[2,2]\n[[0.5  0.  ]\n [0.   0.25]]"),
                Example("inv([[1, 2], [3, 4]])", "f64[2,2]\n[[-2.   1. ]\n [ 1.5 -0.5]]"),
            ]
        ) { args, _ in
            var m = try matrix(args, 0, "inv", square: true)
            let n = m.rows
            var b = [Double](repeating: 0, count: n * n)
            for i in 0..<n { b[i * n + i] = 1 }
            try gesv(&m, &b, nrhs: n, "inv")
            return .array(result(b, [n, n], single: m.single))
        }
    }

    /// Solves `a x = b` in place (b becomes x); a singular `a` is an error.
    static func gesv(_ m: inout Matrix, _ b: inout [Double], nrhs: Int, _ name: String) throws {
        let n = m.rows
        if n == 0 || nrhs == 0 { return }
        let bn = try blasInt(n, "a matrix"), br = try blasInt(nrhs, "the right-hand side")
        var pivots = [Int32](repeating: 0, count: n)
        let info = LAPACKE_dgesv(layout, bn, br, &m.values, bn, &pivots, &b, br)
        if info > 0 {
            throw RuntimeError(
                "\(name): Singular matrix", hint: "the matrix has no inverse; lstsq(a, b) gives a least-squares answer")
        }
        if info < 0 { throw lapackFailure(name, info) }
    }

    static var solve: Primitive {
        Primitive(
            "solve", family: "Linear algebra", params: [Param("a"), Param("b")],
            summary: "Solve a @ x = b for x (a square).",
            doc: """
                As numpy's `linalg.solve`: `b` is a vector (giving a vector) or a matrix of right-hand \
                sides as columns. LU factorisation with partial pivoting (`gesv`). A singular `a` is \
                an error.
                """,
            examples: [
                Example("solve([[3, 1], [1, 2]], [9, 8])", "f64[2] [2. 3.]"),
                Example("solve([[2.0, 0.0], [0.0, 4.0]], [[2.0, 4.0], [4.0, 8.0]])", "f64[2,2]\n[[1. 2.]\n [1. 2.]]"),
            ]
        ) { args, _ in
            var a = try matrix(args, 0, "solve", square: true)
            let b = try matrix(args, 1, "solve", allowVector: true)
            let isVector = try args.array(1).ndim == 1
            guard b.rows == a.rows else {
                throw RuntimeError(
                    "solve: 'a' is \(a.rows)x\(a.cols) but 'b' has \(b.rows) rows", hint: "b needs one row per row of a"
                )
            }
            var x = b.values
            try gesv(&a, &x, nrhs: b.cols, "solve")
            return .array(result(x, isVector ? [b.rows] : [b.rows, b.cols], single: a.single && b.single))
        }
    }

    static var det: Primitive {
        Primitive(
            "det", family: "Linear algebra", params: [Param("a")],
            summary: "Determinant of a square matrix.",
            doc: """
                As numpy's `linalg.det`: from the LU factorisation (`getrf`), as the sign of its \
                diagonal and row swaps times `exp` of the summed logs of the diagonal's magnitudes \
                (so the last digit matches numpy's). A singular matrix gives 0.
                """,
            examples: [
                Example("det([[1, 2], [3, 4]])", "-2.0000000000000004"),
                Example("det(eye(3) * 2)", "7.999999999999998"),
            ]
        ) { args, _ in
            var m = try matrix(args, 0, "det", square: true)
            let n = m.rows
            var d = 1.0
            if n > 0 {
                let bn = try blasInt(n, "a matrix")
                var pivots = [Int32](repeating: 0, count: n)
                let info = LAPACKE_dgetrf(layout, bn, bn, &m.values, bn, &pivots)
                if info < 0 { throw lapackFailure("det", info) }
                if info > 0 {
                    d = 0
                } else {
                    // numpy's way: the sign times exp of the summed logs of
                    // |diagonal| (no overflow on large matrices, same digits).
                    var sign = 1.0, logdet = 0.0
                    for i in 0..<n {
                        let u = m.values[i * n + i]
                        if u < 0 { sign = -sign }
                        if pivots[i] != Int32(i + 1) { sign = -sign }
                        logdet += log(Swift.abs(u))
                    }
                    d = sign * exp(logdet)
                }
            }
            return .array(result([d], [], single: m.single))
        }
    }

    static var eigh: Primitive {
        Primitive(
            "eigh", family: "Linear algebra", params: [Param("a")],
            summary: "Eigenvalues (ascending) and eigenvectors of a symmetric matrix: {values, vectors}.",
            doc: """
                As numpy's `linalg.eigh`: only the lower triangle of `a` is read. `values` ascend; \
                column `i` of `vectors` is the unit eigenvector of `values[i]` (its sign is LAPACK's \
                choice, as in numpy). Divide and conquer (`syevd`). A matrix with inf or nan is an error.
                """,
            examples: [
                Example("eigh([[2.0, 1.0], [1.0, 2.0]]).values", "f64[2] [1. 3.]"),
                Example("r = eigh([[2.0, 0.0], [0.0, 1.0]])\nr.vectors", "f64[2,2]\n[[0. 1.]\n [1. 0.]]"),
            ]
        ) { args, _ in
            var m = try matrix(args, 0, "eigh", square: true)
            try requireFinite(m, "eigh")
            let n = m.rows
            var w = [Double](repeating: 0, count: n)
            if n > 0 {
                let bn = try blasInt(n, "a matrix")
                let info = LAPACKE_dsyevd(layout, job("V"), job("L"), bn, &m.values, bn, &w)
                if info > 0 { throw RuntimeError("eigh: Eigenvalues did not converge") }
                if info < 0 { throw lapackFailure("eigh", info) }
            }
            return .record(
                Record([
                    ("values", .array(result(w, [n], single: m.single))),
                    ("vectors", .array(result(m.values, [n, n], single: m.single))),
                ]))
        }
    }

    static var svd: Primitive {
        Primitive(
            "svd", family: "Linear algebra", params: [Param("a")],
            summary: "Reduced singular value decomposition: {u, s, vt} with a = u @ (s * vt).",
            doc: """
                As numpy's `linalg.svd(a, full_matrices=False)`: for an m x n matrix and k = min(m, n), \
                `u` is m x k, `s` holds the k singular values in descending order, `vt` is k x n. \
                Signs of paired columns/rows are LAPACK's choice (divide and conquer, `gesdd`), as in numpy.
                """,
            examples: [
                Example("svd([[3.0, 0.0], [0.0, -2.0]]).s", "f64[2] [3. 2.]"),
                Example(
                    "r = svd([[1, 2], [3, 4], [5, 6]])\nround(r.u @ (reshape(r.s, [2, 1]) * r.vt), 10)",
                    "f64[3,2]\n[[1. 2.]\n [3. 4.]\n [5. 6.]]"),
            ]
        ) { args, _ in
            var m = try matrix(args, 0, "svd")
            try requireFinite(m, "svd")
            let (rows, cols) = (m.rows, m.cols)
            let k = Swift.min(rows, cols)
            var s = [Double](repeating: 0, count: k)
            var u = [Double](repeating: 0, count: rows * k)
            var vt = [Double](repeating: 0, count: k * cols)
            if k > 0 {
                let (bm, bn, bk) = (
                    try blasInt(rows, "a matrix"), try blasInt(cols, "a matrix"), try blasInt(k, "a matrix")
                )
                let info = LAPACKE_dgesdd(layout, job("S"), bm, bn, &m.values, bn, &s, &u, bk, &vt, bn)
                if info > 0 { throw RuntimeError("svd: SVD did not converge") }
                if info < 0 { throw lapackFailure("svd", info) }
            }
            return .record(
                Record([
                    ("u", .array(result(u, [rows, k], single: m.single))),
                    ("s", .array(result(s, [k], single: m.single))),
                    ("vt", .array(result(vt, [k, cols], single: m.single))),
                ]))
        }
    }

    static var lstsq: Primitive {
        Primitive(
            "lstsq", family: "Linear algebra", params: [Param("a"), Param("b")],
            summary: "Least-squares solution x minimising |a @ x - b|.",
            doc: """
                As numpy's `linalg.lstsq(a, b)[0]` with its default cut-off for small singular values \
                (machine epsilon times max(m, n)): works for tall, wide and rank-deficient `a` (giving \
                the minimum-norm solution). `b` is a vector or a matrix of right-hand sides as columns. \
                SVD-based (`gelsd`).
                """,
            examples: [
                Example("lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 4])", "f64[2] [0.83333333 1.5       ]")
            ]
        ) { args, _ in
            var a = try matrix(args, 0, "lstsq")
            try requireFinite(a, "lstsq")
            let b = try matrix(args, 1, "lstsq", allowVector: true)
            try requireFinite(b, "lstsq")
            let isVector = try args.array(1).ndim == 1
            guard b.rows == a.rows else {
                throw RuntimeError(
                    "lstsq: Incompatible dimensions: 'a' is \(a.rows)x\(a.cols) but 'b' has \(b.rows) rows",
                    hint: "b needs one row per row of a")
            }
            let (m, n, nrhs) = (a.rows, a.cols, b.cols)
            let ld = Swift.max(m, n)
            _ = try Limits.elementCount([ld, nrhs], .f64)
            // gelsd reads b as max(m, n) rows and leaves the n-row solution on top.
            var x = [Double](repeating: 0, count: ld * nrhs)
            for i in 0..<m { for j in 0..<nrhs { x[i * nrhs + j] = b.values[i * nrhs + j] } }
            if m > 0 && n > 0 && nrhs > 0 {
                var s = [Double](repeating: 0, count: Swift.min(m, n))
                var rank: Int32 = 0
                let rcond = Double.ulpOfOne * Double(ld)
                let info = LAPACKE_dgelsd(
                    layout, try blasInt(m, "a matrix"), try blasInt(n, "a matrix"), try blasInt(nrhs, "b"),
                    &a.values, try blasInt(n, "a matrix"), &x, try blasInt(nrhs, "b"), &s, rcond, &rank)
                if info > 0 { throw RuntimeError("lstsq: SVD did not converge in Linear Least Squares") }
                if info < 0 { throw lapackFailure("lstsq", info) }
            } else {
                x = [Double](repeating: 0, count: ld * nrhs)
            }
            let solution = Array(x[0..<(n * nrhs)])
            return .array(result(solution, isVector ? [n] : [n, nrhs], single: a.single && b.single))
        }
    }
}
