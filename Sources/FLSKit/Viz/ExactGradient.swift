import CBLAS
import Foundation

/// The exact t-SNE gradient, O(n²) per iteration, in f32 over rows of the
/// dense affinity matrix. One pass per row gathers both halves of
/// dC/dy_i = 4 Σ_j (p_ij - w_ij / Z) w_ij (y_i - y_j) with w_ij = 1 / (1 + |y_i - y_j|²),
/// plus the row's share of Z, so Z is only needed when combining them.
final class ExactGradient: GradientKernel {
    private let p: [Float]
    private let n: Int
    private(set) var grad: [Double]
    private var xs: [Float], ys: [Float]
    private var attract: [Double], repulse: [Double], rowZ: [Double]

    init(affinities: Affinities, count: Int) {
        p = affinities.dense
        n = count
        grad = [Double](repeating: 0, count: 2 * count)
        xs = [Float](repeating: 0, count: count)
        ys = [Float](repeating: 0, count: count)
        attract = [Double](repeating: 0, count: 2 * count)
        repulse = [Double](repeating: 0, count: 2 * count)
        rowZ = [Double](repeating: 0, count: count)
    }

    @_optimize(speed)
    func compute(_ y: [Double], exaggeration: Double, wantKL: Bool) -> Double {
        let n = self.n
        for i in 0..<n { xs[i] = Float(y[2 * i]); ys[i] = Float(y[2 * i + 1]) }
        xs.withUnsafeBufferPointer { xb in
            ys.withUnsafeBufferPointer { yb in
                p.withUnsafeBufferPointer { pb in
                    attract.withUnsafeMutableBufferPointer { ab in
                        repulse.withUnsafeMutableBufferPointer { rb in
                            rowZ.withUnsafeMutableBufferPointer { zb in
                                guard let xp = xb.baseAddress, let yp = yb.baseAddress, let pp = pb.baseAddress else {
                                    return
                                }
                                parallelChunks(n) { _, range in
                                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 5 * n)
                                    defer { scratch.deallocate() }
                                    for i in range {
                                        let r = ExactGradient.row(
                                            i, n: n, xs: xp, ys: yp, p: pp + i * n, scratch: scratch)
                                        ab[2 * i] = r.ax; ab[2 * i + 1] = r.ay
                                        rb[2 * i] = r.bx; rb[2 * i + 1] = r.by
                                        zb[i] = r.z
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // The loop counted w_ii = 1 for every row; Z excludes the diagonal.
        var z = 0.0
        for i in 0..<n { z += rowZ[i] }
        z -= Double(n)
        let invZ = 1 / max(z, Double.leastNormalMagnitude)
        for t in 0..<(2 * n) { grad[t] = 4 * (exaggeration * attract[t] - repulse[t] * invZ) }
        return wantKL ? kl(z: z) : 0
    }

    /// One row of the gradient. The element-wise part is a plain loop the
    /// compiler vectorises; the five reductions go to BLAS (`sdot`, `sasum`),
    /// because Swift will not reorder floating-point sums by itself. Unlike
    /// SIMD types, this stays reasonably fast in unoptimised (debug) builds.
    @_optimize(speed)
    static func row(
        _ i: Int, n: Int, xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, p: UnsafePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) -> (ax: Double, ay: Double, bx: Double, by: Double, z: Double) {
        let dxs = scratch, dys = scratch + n, ws = scratch + 2 * n, pws = scratch + 3 * n, w2s = scratch + 4 * n
        let xi = xs[i], yi = ys[i]
        for j in 0..<n {
            let dx = xi - xs[j], dy = yi - ys[j]
            let w = 1 / (1 + dx * dx + dy * dy)
            dxs[j] = dx; dys[j] = dy; ws[j] = w
            pws[j] = p[j] * w
            w2s[j] = w * w
        }
        let n32 = Int32(n)
        return (
            Double(cblas_sdot(n32, pws, 1, dxs, 1)), Double(cblas_sdot(n32, pws, 1, dys, 1)),
            Double(cblas_sdot(n32, w2s, 1, dxs, 1)), Double(cblas_sdot(n32, w2s, 1, dys, 1)),
            Double(cblas_sasum(n32, ws, 1))
        )
    }

    /// KL(P || Q) = Σ p_ij log(p_ij / q_ij) over i != j.
    @_optimize(speed)
    private func kl(z: Double) -> Double {
        var total = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let pij = Double(p[i * n + j])
                guard pij > 0 else { continue }
                let dx = Double(xs[i] - xs[j]), dy = Double(ys[i] - ys[j])
                let q = max(1 / (1 + dx * dx + dy * dy) / z, Double.ulpOfOne)
                total += pij * log(pij / q)
            }
        }
        return total
    }
}
