import CBLAS

extension PCA {
    /// Approximate top-k principal coordinates of a row-major [rows, cols] matrix by
    /// randomized subspace iteration (Halko, Martinsson and Tropp, 2011): k + 8
    /// seeded random directions, four power iterations, then an exact PCA of the
    /// small projected problem. Costs a few GEMMs instead of an eigensolver on a
    /// large Gram matrix; used where only the leading axes' shape matters (t-SNE's
    /// starting positions). Returns [rows, k] coordinates.
    static func randomizedCoords(_ x: [Double], rows n: Int, cols d: Int, k: Int, seed: UInt64) throws -> [Double] {
        let l = min(k + 8, n, d)
        if l <= k || n <= 64 || d <= 64 {
            return try fit(x, rows: n, cols: d, k: k).coords
        }
        var xc = x
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += xc[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<d { xc[i * d + j] -= mean[j] } }
        var rng = SplitMix64(seed: seed)
        var omega = (0..<(d * l)).map { _ in rng.nextGaussian() }
        var q = [Double](repeating: 0, count: n * l)
        let n32 = Int32(n), d32 = Int32(d), l32 = Int32(l)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n32, l32, d32, 1, xc, d32, omega, l32, 0, &q, l32)
        for _ in 0..<4 {
            orthonormalizeColumns(&q, rows: n, cols: l)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d32, l32, n32, 1, xc, d32, q, l32, 0, &omega, l32)
            orthonormalizeColumns(&omega, rows: d, cols: l)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n32, l32, d32, 1, xc, d32, omega, l32, 0, &q, l32)
        }
        // q = Xc Ω now spans the leading left singular space; PCA of the small
        // [n, l] matrix gives the same leading coordinates as PCA of Xc.
        return try fit(q, rows: n, cols: l, k: k).coords
    }

    /// Modified Gram-Schmidt on the columns of a row-major [rows, cols] matrix.
    private static func orthonormalizeColumns(_ a: inout [Double], rows: Int, cols: Int) {
        a.withUnsafeMutableBufferPointer { p in
            for c in 0..<cols {
                for prev in 0..<c {
                    var dot = 0.0
                    for r in 0..<rows { dot += p[r * cols + c] * p[r * cols + prev] }
                    for r in 0..<rows { p[r * cols + c] -= dot * p[r * cols + prev] }
                }
                var norm = 0.0
                for r in 0..<rows { norm += p[r * cols + c] * p[r * cols + c] }
                norm = norm.squareRoot()
                let inv = norm > 0 ? 1 / norm : 0
                for r in 0..<rows { p[r * cols + c] *= inv }
            }
        }
    }
}
