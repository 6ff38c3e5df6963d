import Foundation

/// The Barnes-Hut t-SNE gradient (van der Maaten, 2014): attractive forces over
/// the sparse neighbour affinities, repulsive forces approximated with a quad
/// tree whose distant cells act as single points.
final class BarnesHutGradient: GradientKernel {
    private let affinities: Affinities
    private let n: Int
    private let theta: Double
    private(set) var grad: [Double]
    private var attract: [Double], repulse: [Double]
    private var chunkZ: [Double]

    init(affinities: Affinities, count: Int, theta: Double) {
        self.affinities = affinities
        n = count
        self.theta = theta
        grad = [Double](repeating: 0, count: 2 * count)
        attract = [Double](repeating: 0, count: 2 * count)
        repulse = [Double](repeating: 0, count: 2 * count)
        chunkZ = [Double](repeating: 0, count: 16)
    }

    @_optimize(speed)
    func compute(_ y: [Double], exaggeration: Double, wantKL: Bool) -> Double {
        let n = self.n
        let tree = QuadTree(y, count: n)
        let theta2 = theta * theta
        for t in 0..<chunkZ.count { chunkZ[t] = 0 }
        y.withUnsafeBufferPointer { yb in
            attract.withUnsafeMutableBufferPointer { ab in
                repulse.withUnsafeMutableBufferPointer { rb in
                    chunkZ.withUnsafeMutableBufferPointer { cz in
                        affinities.rowStart.withUnsafeBufferPointer { rs in
                            affinities.columns.withUnsafeBufferPointer { cols in
                                affinities.values.withUnsafeBufferPointer { vals in
                                    parallelChunks(n, chunks: cz.count) { chunk, range in
                                        var stack = [Int32](repeating: 0, count: 256)
                                        var zsum = 0.0
                                        for i in range {
                                            let xi = yb[2 * i], yi = yb[2 * i + 1]
                                            var fx = 0.0, fy = 0.0
                                            for t in rs[i]..<rs[i + 1] {
                                                let j = Int(cols[t])
                                                let dx = xi - yb[2 * j], dy = yi - yb[2 * j + 1]
                                                let pw = vals[t] / (1 + dx * dx + dy * dy)
                                                fx += pw * dx; fy += pw * dy
                                            }
                                            ab[2 * i] = fx; ab[2 * i + 1] = fy
                                            let r = tree.repulsion(
                                                point: i, x: xi, y: yi, theta2: theta2, stack: &stack)
                                            rb[2 * i] = r.fx; rb[2 * i + 1] = r.fy
                                            zsum += r.z
                                        }
                                        cz[chunk] = zsum
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var z = 0.0
        for t in 0..<chunkZ.count { z += chunkZ[t] }
        let invZ = 1 / max(z, Double.leastNormalMagnitude)
        for t in 0..<(2 * n) { grad[t] = 4 * (exaggeration * attract[t] - repulse[t] * invZ) }
        return wantKL ? kl(y, z: z) : 0
    }

    /// KL(P || Q) over the sparse pairs, with Q normalised by the approximate Z.
    @_optimize(speed)
    private func kl(_ y: [Double], z: Double) -> Double {
        var total = 0.0
        for i in 0..<n {
            for t in affinities.rowStart[i]..<affinities.rowStart[i + 1] {
                let j = Int(affinities.columns[t]), p = affinities.values[t]
                guard p > 0 else { continue }
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = max(1 / (1 + dx * dx + dy * dy) / z, Double.ulpOfOne)
                total += p * log(p / q)
            }
        }
        return total
    }
}
