import CBLAS

/// The result of a principal component analysis of an n x d matrix.
public struct PCAResult {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of columns (features) of the input.
    public let dims: Int
    /// Number of components kept.
    public let k: Int
    /// Row-major [rows, k]: the centred data projected on the components.
    public let coords: [Double]
    /// Row-major [k, dims]: unit principal axes, largest variance first.
    public let components: [Double]
    /// [k]: variance along each axis (eigenvalue / (rows - 1), like scikit-learn).
    public let explainedVariance: [Double]
    /// [dims]: the column means subtracted before the analysis.
    public let mean: [Double]
}

/// Principal component analysis through LAPACK's symmetric eigensolver.
public enum PCA {
    /// PCA of a row-major [rows, cols] f32 matrix (computed in f64).
    public static func fit(_ x: [Float], rows: Int, cols: Int, k: Int) throws -> PCAResult {
        try fit(x.map(Double.init), rows: rows, cols: cols, k: k)
    }

    /// PCA of a row-major [rows, cols] matrix keeping `k` components.
    ///
    /// The data are centred, then the top-k eigenpairs of the smaller of the two
    /// Gram matrices (XᵀX when rows >= cols, XXᵀ otherwise) are found with
    /// `dsyevr`, which computes only the requested eigenvectors. Each axis is
    /// signed so that its largest-magnitude entry is positive, which makes the
    /// result deterministic (scikit-learn's `svd_flip` on the components).
    public static func fit(_ x: [Double], rows n: Int, cols d: Int, k: Int) throws -> PCAResult {
        let count = try checkedProduct([n, d], what: "The PCA input")
        guard x.count == count else {
            throw VizError("pca expected \(count) values for a [\(n), \(d)] matrix, got \(x.count).")
        }
        guard n >= 1, d >= 1 else { throw VizError("pca needs at least one row and one column.") }
        guard k >= 1, k <= min(n, d) else {
            throw VizError(
                "pca can keep between 1 and \(min(n, d)) components for a [\(n), \(d)] matrix, got k = \(k).")
        }
        guard n <= Int(Int32.max), d <= Int(Int32.max) else {
            throw VizError("pca input is too large for LAPACK's 32-bit sizes.")
        }
        var mean = [Double](repeating: 0, count: d)
        var xc = x
        var finite = true
        xc.withUnsafeMutableBufferPointer { a in
            mean.withUnsafeMutableBufferPointer { m in
                for i in 0..<n { for j in 0..<d { m[j] += a[i * d + j] } }
                for j in 0..<d { m[j] /= Double(n) }
                for i in 0..<n {
                    for j in 0..<d {
                        let v = a[i * d + j] - m[j]
                        if !v.isFinite { finite = false }
                        a[i * d + j] = v
                    }
                }
            }
        }
        guard finite else { throw VizError("pca input contains NaN or infinite values; filter them first.") }

        let m = min(n, d)
        var gram = [Double](repeating: 0, count: m * m)
        let n32 = Int32(n), d32 = Int32(d), m32 = Int32(m)
        if n >= d {
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, d32, n32, 1, xc, d32, 0, &gram, d32)
        } else {
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, n32, d32, 1, xc, d32, 0, &gram, n32)
        }
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: m)
        var z = [Double](repeating: 0, count: m * k)
        var support = [Int32](repeating: 0, count: 2 * k)
        let info = LAPACKE_dsyevr(
            LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "I")), Int8(UInt8(ascii: "U")),
            m32, &gram, m32, 0, 0, m32 - Int32(k) + 1, m32, 0, &found, &w, &z, Int32(k), &support)
        guard info == 0, found == Int32(k) else {
            throw VizError("LAPACK's eigensolver failed on the pca input (info \(info)).")
        }
        // dsyevr returns eigenvalues ascending: axis a is column k-1-a of z.
        var lambda = [Double](repeating: 0, count: k)
        for a in 0..<k { lambda[a] = max(0, w[k - 1 - a]) }
        var components = [Double](repeating: 0, count: k * d)
        var coords = [Double](repeating: 0, count: n * k)
        if n >= d {
            for a in 0..<k { for j in 0..<d { components[a * d + j] = z[j * k + (k - 1 - a)] } }
            cblas_dgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, n32, Int32(k), d32, 1, xc, d32, components, d32, 0, &coords,
                Int32(k))
        } else {
            // With u the unit eigenvectors of XXᵀ and σ = sqrt(λ): v = Xᵀu / σ and coords = uσ.
            var u = [Double](repeating: 0, count: n * k)
            for i in 0..<n { for a in 0..<k { u[i * k + a] = z[i * k + (k - 1 - a)] } }
            var vt = [Double](repeating: 0, count: d * k)
            cblas_dgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, d32, Int32(k), n32, 1, xc, d32, u, Int32(k), 0, &vt, Int32(k))
            for a in 0..<k {
                let sigma = lambda[a].squareRoot()
                // A zero singular value has no defined axis; it stays a zero vector.
                let scale = sigma > 1e-12 * max(1, lambda[0].squareRoot()) ? 1 / sigma : 0
                for j in 0..<d { components[a * d + j] = vt[j * k + a] * scale }
                for i in 0..<n { coords[i * k + a] = u[i * k + a] * sigma }
            }
        }
        for a in 0..<k {
            var best = 0.0
            for j in 0..<d where abs(components[a * d + j]) > abs(best) { best = components[a * d + j] }
            if best < 0 {
                for j in 0..<d { components[a * d + j] = -components[a * d + j] }
                for i in 0..<n { coords[i * k + a] = -coords[i * k + a] }
            }
        }
        let denom = Double(max(1, n - 1))
        return PCAResult(
            rows: n, dims: d, k: k, coords: coords, components: components,
            explainedVariance: lambda.map { $0 / denom }, mean: mean)
    }
}
