// Multi-class Fisher linear discriminant analysis, as scikit-learn's
// LinearDiscriminantAnalysis(solver="svd"): the same scalings (up to the sign
// of each axis), coefficients, intercepts and explained variance ratios.

import FLS
import Foundation

/// A fitted LDA: what `transform` and `predict_scores` need.
struct LDAModel {
    var classes: NDArray
    var priors: [Double]
    var means: Matrix  // [classes, d]
    var xbar: [Double]  // [d], prior-weighted mean of the class means
    var scalings: Matrix  // [d, rank]
    var coef: Matrix  // [classes, d]
    var intercept: [Double]  // [classes]
    var explainedRatio: [Double]
    var components: Int

    /// Thin SVD pieces of `m` (singular values descending, right singular vectors
    /// as columns), from the eigen-decomposition of the smaller Gram matrix.
    static func rightSingular(_ m: Matrix) throws -> (s: [Double], v: Matrix) {
        if m.rows >= m.cols {
            let e = try m.gram().symmetricEigen()
            return (e.values.map { max($0, 0).squareRoot() }, e.vectors)
        }
        // m mᵀ = U S² Uᵀ; V = mᵀ U / S (zero singular values give zero columns).
        var t = Matrix(zeros: m.cols, m.rows)
        for i in 0..<m.rows { for j in 0..<m.cols { t[j, i] = m[i, j] } }
        let e = try t.gram().symmetricEigen()
        let s = e.values.map { max($0, 0).squareRoot() }
        var v = try Matrix.product(m, e.vectors, transposeA: true)
        let top = s.first ?? 0
        for c in 0..<v.cols {
            let scale = s[c] > 1e-12 * max(top, 1e-300) ? 1 / s[c] : 0
            for r in 0..<v.rows { v[r, c] *= scale }
        }
        return (s, v)
    }

    /// Fits on rows `x` with integer class codes `codes` (0..<classCount).
    static func fit(_ x: Matrix, codes: [Int], classCount: Int, classes: NDArray, components: Int?, tol: Double = 1e-4)
        throws -> LDAModel
    {
        let n = x.rows, d = x.cols, k = classCount
        var counts = [Double](repeating: 0, count: k)
        var means = Matrix(zeros: k, d)
        for i in 0..<n {
            counts[codes[i]] += 1
            for j in 0..<d { means[codes[i], j] += x[i, j] }
        }
        for c in 0..<k { for j in 0..<d { means[c, j] /= counts[c] } }
        let priors = counts.map { $0 / Double(n) }
        var xbar = [Double](repeating: 0, count: d)
        for c in 0..<k { for j in 0..<d { xbar[j] += priors[c] * means[c, j] } }

        // Within-class part: centred rows scaled by each column's spread.
        var xc = x
        var std = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { let v = x[i, j] - means[codes[i], j]; xc[i, j] = v } }
        var colMean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { colMean[j] += xc[i, j] } }
        for j in 0..<d { colMean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<d { let v = xc[i, j] - colMean[j]; std[j] += v * v } }
        for j in 0..<d { std[j] = (std[j] / Double(n)).squareRoot(); if std[j] == 0 { std[j] = 1 } }
        let fac = 1 / Double(n)  // scikit-learn 1.9 scales by 1/n (older releases: 1/(n - classes))
        let root = fac.squareRoot()
        for i in 0..<n { for j in 0..<d { xc[i, j] = root * xc[i, j] / std[j] } }
        try Interrupt.check()
        let (s1, v1) = try rightSingular(xc)
        let rank1 = s1.filter { $0 > tol }.count
        guard rank1 >= 1 else { throw RuntimeError("fit_lda: the rows do not vary within their classes") }
        var scal1 = Matrix(zeros: d, rank1)
        for j in 0..<d { for a in 0..<rank1 { scal1[j, a] = v1[j, a] / std[j] / s1[a] } }

        // Between-class part, in the whitened space.
        let fac2 = k == 1 ? 1.0 : 1 / Double(k - 1)
        var between = Matrix(zeros: k, d)
        for c in 0..<k {
            let w = (Double(n) * priors[c] * fac2).squareRoot()
            for j in 0..<d { between[c, j] = w * (means[c, j] - xbar[j]) }
        }
        let projected = try Matrix.product(between, scal1)
        let (s2, v2) = try rightSingular(projected)
        let maxComponents = min(k - 1, d)
        let total = s2.reduce(0) { $0 + $1 * $1 }
        let ratio = total > 0 ? Array(s2.map { $0 * $0 / total }.prefix(maxComponents)) : []
        let rank2 = max(1, s2.filter { $0 > tol * (s2.first ?? 0) }.count)
        var v2r = Matrix(zeros: v2.rows, rank2)
        for r in 0..<v2.rows { for c in 0..<rank2 { v2r[r, c] = v2[r, c] } }
        var scalings = try Matrix.product(scal1, v2r)
        // Each axis is signed so its largest-magnitude entry is positive.
        for c in 0..<scalings.cols {
            var best = 0.0
            for r in 0..<d where abs(scalings[r, c]) > abs(best) { best = scalings[r, c] }
            if best < 0 { for r in 0..<d { scalings[r, c] = -scalings[r, c] } }
        }
        let centredMeans = means.minusRow(xbar)
        let coef0 = try Matrix.product(centredMeans, scalings)
        var intercept = [Double](repeating: 0, count: k)
        for c in 0..<k {
            var sq = 0.0
            for a in 0..<coef0.cols { sq += coef0[c, a] * coef0[c, a] }
            intercept[c] = -0.5 * sq + log(priors[c])
        }
        let coef = try Matrix.product(coef0, scalings, transposeB: true)
        for c in 0..<k {
            var dot = 0.0
            for j in 0..<d { dot += xbar[j] * coef[c, j] }
            intercept[c] -= dot
        }
        let kept = min(components ?? maxComponents, maxComponents, scalings.cols)
        return LDAModel(
            classes: classes, priors: priors, means: means, xbar: xbar, scalings: scalings, coef: coef,
            intercept: intercept, explainedRatio: ratio, components: kept)
    }
}
