/// How well an embedding keeps local neighbourhoods, as scikit-learn's
/// `sklearn.manifold.trustworthiness` (Venna and Kaski, 2001).
public enum Trustworthiness {
    /// T(k) = 1 - 2 / (n k (2n - 3k - 1)) Σ_i Σ_{j in U_k(i)} (r(i, j) - k), where
    /// U_k(i) are the k nearest neighbours of i in the embedding that are not
    /// among its k nearest in the input, and r(i, j) is j's rank by input distance
    /// to i. 1 means every embedded neighbourhood is a true one.
    @_optimize(speed)
    public static func score(
        _ x: [Double], rows n: Int, cols d: Int,
        embedding e: [Double], embeddingCols de: Int, k: Int = 5
    ) throws -> Double {
        let xCount = try checkedProduct([n, d], what: "The trustworthiness input")
        let eCount = try checkedProduct([n, de], what: "The embedding")
        guard x.count == xCount, e.count == eCount, d >= 1, de >= 1 else {
            throw VizError("trustworthiness needs a [n, d] input and a [n, k] embedding with the same n.")
        }
        guard k >= 1, 2 * k < n else {
            throw VizError("trustworthiness needs 1 <= k < n / 2, got k = \(k) for n = \(n).")
        }
        let norms = Affinities.rowNorms(x, rows: n, cols: d)
        let block = 128
        let blocks = (n + block - 1) / block
        var partial = [Double](repeating: 0, count: blocks)
        x.withUnsafeBufferPointer { xp in
            e.withUnsafeBufferPointer { ep in
                partial.withUnsafeMutableBufferPointer { pp in
                    guard let xb = xp.baseAddress else { return }
                    parallelChunks(blocks, chunks: blocks) { b, _ in
                        let range = (b * block)..<min(n, (b + 1) * block)
                        var dist = [Double](repeating: 0, count: range.count * n)
                        var near = SmallestK(capacity: k)
                        var sum = 0.0
                        dist.withUnsafeMutableBufferPointer { db in
                            guard let dbase = db.baseAddress else { return }
                            Affinities.squaredDistances(xb, rows: n, cols: d, norms: norms, range: range, into: dbase)
                            for (r, i) in range.enumerated() {
                                // The k nearest embedded neighbours of i (ties: lower index).
                                near.removeAll()
                                for j in 0..<n where j != i {
                                    var s = 0.0
                                    for c in 0..<de { let t = ep[i * de + c] - ep[j * de + c]; s += t * t }
                                    near.offer(s, j)
                                }
                                // Rank of each in the input space: 1 + how many points are closer
                                // (ties broken by index, like a stable argsort).
                                let row = r * n
                                for t in 0..<k {
                                    let j = near.indices[t], dj = db[row + j]
                                    var rank = 1
                                    for m in 0..<n where m != i {
                                        let dm = db[row + m]
                                        if dm < dj || (dm == dj && m < j) { rank += 1 }
                                    }
                                    if rank > k { sum += Double(rank - k) }
                                }
                            }
                        }
                        pp[b] = sum
                    }
                }
            }
        }
        var total = 0.0
        for v in partial { total += v }
        let nd = Double(n), kd = Double(k)
        return 1 - total * (2 / (nd * kd * (2 * nd - 3 * kd - 1)))
    }
}
