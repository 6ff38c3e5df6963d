// A plain row-major f64 matrix for the learning primitives, with the few
// BLAS/LAPACK calls they need (products, symmetric eigenproblems).

import CBLAS
import FLS

/// A row-major [rows, cols] matrix of doubles.
struct Matrix {
    var rows: Int
    var cols: Int
    var values: [Double]

    init(rows: Int, cols: Int, values: [Double]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    init(zeros rows: Int, _ cols: Int) {
        self.init(rows: rows, cols: cols, values: [Double](repeating: 0, count: rows * cols))
    }

    subscript(i: Int, j: Int) -> Double {
        get { values[i * cols + j] }
        set { values[i * cols + j] = newValue }
    }

    /// The matrix as an f64 array value.
    var array: NDArray { NDArray(shape: [rows, cols], storage: .f64(values)) }

    /// Column means.
    func columnMeans() -> [Double] {
        var m = [Double](repeating: 0, count: cols)
        values.withUnsafeBufferPointer { v in
            for i in 0..<rows { for j in 0..<cols { m[j] += v[i * cols + j] } }
        }
        let n = Double(max(rows, 1))
        return m.map { $0 / n }
    }

    /// self - row vector, broadcast over rows.
    func minusRow(_ r: [Double]) -> Matrix {
        var out = self
        out.values.withUnsafeMutableBufferPointer { v in
            for i in 0..<rows { for j in 0..<cols { v[i * cols + j] -= r[j] } }
        }
        return out
    }

    /// op(A) · op(B) in one dgemm.
    static func product(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) throws -> Matrix {
        let m = transposeA ? a.cols : a.rows, k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows, n = transposeB ? b.rows : b.cols
        guard k == kb else { throw RuntimeError("matrix shapes [\(m), \(k)] and [\(kb), \(n)] do not align") }
        var c = Matrix(zeros: m, n)
        if m == 0 || n == 0 || k == 0 { return c }
        let (m32, n32, k32) = (
            try Linalg.blasInt(m, "a matrix"), try Linalg.blasInt(n, "a matrix"), try Linalg.blasInt(k, "a matrix")
        )
        let lda = try Linalg.blasInt(max(a.cols, 1), "a matrix"), ldb = try Linalg.blasInt(max(b.cols, 1), "a matrix")
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        m32, n32, k32, 1, pa.baseAddress, lda, pb.baseAddress, ldb, 0, pc.baseAddress, n32)
                }
            }
        }
        return c
    }

    /// AᵀA (cols x cols, both triangles filled) by dsyrk.
    func gram() throws -> Matrix {
        var c = Matrix(zeros: cols, cols)
        if rows == 0 || cols == 0 { return c }
        let n32 = try Linalg.blasInt(cols, "a matrix"), k32 = try Linalg.blasInt(rows, "a matrix")
        values.withUnsafeBufferPointer { pa in
            c.values.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(
                    CblasRowMajor, CblasUpper, CblasTrans, n32, k32, 1, pa.baseAddress, n32, 0, pc.baseAddress, n32)
            }
        }
        for i in 0..<cols { for j in 0..<i { c[i, j] = c[j, i] } }
        return c
    }

    /// Eigenvalues (descending) and unit eigenvectors (columns, same order) of a
    /// symmetric matrix, by LAPACK's divide-and-conquer `dsyevd`.
    func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
        guard rows == cols else { throw RuntimeError("an eigen-decomposition needs a square matrix") }
        let n = rows
        if n == 0 { return ([], Matrix(zeros: 0, 0)) }
        var a = values
        var w = [Double](repeating: 0, count: n)
        let n32 = try Linalg.blasInt(n, "a matrix")
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), n32, &a, n32, &w)
        guard info == 0 else { throw RuntimeError("LAPACK's symmetric eigensolver failed (info \(info))") }
        var vectors = Matrix(zeros: n, n)
        var vals = [Double](repeating: 0, count: n)
        for c in 0..<n {
            let src = n - 1 - c
            vals[c] = w[src]
            for r in 0..<n { vectors[r, c] = a[r * n + src] }
        }
        return (vals, vectors)
    }
}

/// Reads a 2-d numeric argument as a matrix of doubles, with a clear message otherwise.
func learnMatrix(_ args: Arguments, _ i: Int) throws -> Matrix {
    let name = args.primitive.name, param = args.primitive.params[i].name
    guard let a = try args.values[i].asArray(), a.dtype != .str else {
        throw RuntimeError("\(name): argument '\(param)' must be a numeric array, got \(args.values[i].kindName)")
    }
    guard a.ndim == 2 else {
        throw RuntimeError(
            "\(name): argument '\(param)' must be 2-d (one row per sample), got shape \(formatShape(a.shape))",
            hint: a.ndim == 1 ? "reshape(x, [-1, 1]) makes one column" : nil)
    }
    let v = a.storage.doubles
    guard v.allSatisfy({ $0.isFinite }) else {
        throw RuntimeError(
            "\(name): argument '\(param)' contains NaN or infinite values",
            hint: "drop those rows or replace the values first")
    }
    return Matrix(rows: a.shape[0], cols: a.shape[1], values: v)
}
