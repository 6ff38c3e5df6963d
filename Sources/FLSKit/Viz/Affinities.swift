import CBLAS
import Foundation

/// The joint probabilities P of t-SNE: dense for the exact gradient, or sparse
/// over each point's nearest neighbours for Barnes-Hut. Both sum to 1 over all
/// ordered pairs (i, j), i != j, and are symmetric.
struct Affinities {
    /// Dense [n, n] probabilities (exact mode), else empty.
    var dense: [Float] = []
    /// CSR row starts (n + 1 entries), column indices and values (sparse mode).
    var rowStart: [Int] = []
    var columns: [Int32] = []
    var values: [Double] = []

    /// Squared Euclidean distances from rows `range` to all n rows, via one GEMM:
    /// |a - b|² = |a|² + |b|² - 2 a·b, clamped at zero against rounding.
    @_optimize(speed)
    static func squaredDistances(
        _ x: UnsafePointer<Double>, rows n: Int, cols d: Int, norms: [Double],
        range: Range<Int>, into out: UnsafeMutablePointer<Double>
    ) {
        let m = range.count
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d), -2,
            x + range.lowerBound * d, Int32(d), x, Int32(d), 0, out, Int32(n))
        for r in 0..<m {
            let ni = norms[range.lowerBound + r]
            let row = out + r * n
            for j in 0..<n { row[j] = max(0, row[j] + ni + norms[j]) }
        }
    }

    @_optimize(speed)
    static func rowNorms(_ x: [Double], rows n: Int, cols d: Int) -> [Double] {
        var norms = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var s = 0.0
                for j in 0..<d { s += p[i * d + j] * p[i * d + j] }
                norms[i] = s
            }
        }
        return norms
    }

    /// Conditional probabilities p(j|i) over the given squared distances, with the
    /// Gaussian's precision found by bisection so that the distribution's entropy
    /// is log(perplexity) (scikit-learn's `_binary_search_perplexity`: 100 steps,
    /// tolerance 1e-5 nats).
    @_optimize(speed)
    static func calibrate(
        _ dist: UnsafePointer<Double>, count: Int, perplexity: Double, into p: UnsafeMutablePointer<Double>
    ) {
        let target = log(perplexity)
        var beta = 1.0, lo = -Double.infinity, hi = Double.infinity
        for _ in 0..<100 {
            var sum = 0.0
            for j in 0..<count { let v = exp(-dist[j] * beta); p[j] = v; sum += v }
            if sum == 0 { sum = 1e-8 }
            var weighted = 0.0
            for j in 0..<count { p[j] /= sum; weighted += dist[j] * p[j] }
            let entropy = log(sum) + beta * weighted
            let diff = entropy - target
            if abs(diff) <= 1e-5 { break }
            if diff > 0 {
                lo = beta
                beta = hi == .infinity ? beta * 2 : (beta + hi) / 2
            } else {
                hi = beta
                beta = lo == -.infinity ? beta / 2 : (beta + lo) / 2
            }
        }
    }

    /// Dense affinities from all pairwise distances (exact t-SNE).
    @_optimize(speed)
    static func dense(_ x: [Double], rows n: Int, cols d: Int, perplexity: Double) -> Affinities {
        let norms = rowNorms(x, rows: n, cols: d)
        var cond = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xp in
            cond.withUnsafeMutableBufferPointer { cp in
                guard let xb = xp.baseAddress, let cb = cp.baseAddress else { return }
                parallelChunks(n) { _, range in
                    guard !range.isEmpty else { return }
                    var dist = [Double](repeating: 0, count: range.count * n)
                    var others = [Double](repeating: 0, count: n - 1)
                    var prob = [Double](repeating: 0, count: n - 1)
                    dist.withUnsafeMutableBufferPointer { db in
                        guard let dbase = db.baseAddress else { return }
                        squaredDistances(xb, rows: n, cols: d, norms: norms, range: range, into: dbase)
                        for (r, i) in range.enumerated() {
                            var k = 0
                            for j in 0..<n where j != i { others[k] = db[r * n + j]; k += 1 }
                            calibrate(others, count: n - 1, perplexity: perplexity, into: &prob)
                            k = 0
                            for j in 0..<n where j != i { cb[i * n + j] = prob[k]; k += 1 }
                        }
                    }
                }
            }
        }
        var total = 0.0
        for i in 0..<n { for j in 0..<n { total += cond[i * n + j] } }
        total *= 2
        let eps = Double.ulpOfOne
        var p = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                p[i * n + j] = Float(max((cond[i * n + j] + cond[j * n + i]) / max(total, eps), eps))
            }
        }
        return Affinities(dense: p)
    }

    /// The sparse affinities as a dense [n, n] matrix (zero off the neighbour graph),
    /// for the exact gradient on small inputs.
    func densified(count n: Int) -> Affinities {
        var p = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for t in rowStart[i]..<rowStart[i + 1] { p[i * n + Int(columns[t])] = Float(values[t]) }
        }
        return Affinities(dense: p)
    }

    /// Sparse affinities over the 3 * perplexity nearest neighbours (Barnes-Hut t-SNE),
    /// found exactly with blocks of GEMM distances.
    @_optimize(speed)
    static func sparse(_ x: [Double], rows n: Int, cols d: Int, perplexity: Double) -> Affinities {
        let k = min(n - 1, Int(3 * perplexity + 1))
        let norms = rowNorms(x, rows: n, cols: d)
        var neighbours = [Int32](repeating: 0, count: n * k)
        var cond = [Double](repeating: 0, count: n * k)
        x.withUnsafeBufferPointer { xp in
            neighbours.withUnsafeMutableBufferPointer { nb in
                cond.withUnsafeMutableBufferPointer { cp in
                    guard let xb = xp.baseAddress else { return }
                    let block = 128
                    let blocks = (n + block - 1) / block
                    parallelChunks(blocks, chunks: blocks) { b, _ in
                        let range = (b * block)..<min(n, (b + 1) * block)
                        var dist = [Double](repeating: 0, count: range.count * n)
                        var best = SmallestK(capacity: k)
                        var prob = [Double](repeating: 0, count: k)
                        dist.withUnsafeMutableBufferPointer { db in
                            guard let dbase = db.baseAddress else { return }
                            squaredDistances(xb, rows: n, cols: d, norms: norms, range: range, into: dbase)
                            for (r, i) in range.enumerated() {
                                // Keep the k smallest in a sorted list; ties go to the lower index.
                                best.removeAll()
                                for j in 0..<n where j != i { best.offer(db[r * n + j], j) }
                                calibrate(best.keys, count: k, perplexity: perplexity, into: &prob)
                                for t in 0..<k { nb[i * k + t] = Int32(best.indices[t]); cp[i * k + t] = prob[t] }
                            }
                        }
                    }
                }
            }
        }
        // Symmetrise: P = (C + Cᵀ) / sum, as a CSR matrix with sorted columns.
        var entries = [(Int32, Double)]()
        var perRow = [[(Int32, Double)]](repeating: [], count: n)
        for i in 0..<n {
            for t in 0..<k {
                let j = Int(neighbours[i * k + t]), v = cond[i * k + t]
                perRow[i].append((Int32(j), v))
                perRow[j].append((Int32(i), v))
            }
        }
        var rowStart = [Int](repeating: 0, count: n + 1)
        var columns: [Int32] = []
        var values: [Double] = []
        columns.reserveCapacity(2 * n * k)
        values.reserveCapacity(2 * n * k)
        var total = 0.0
        for i in 0..<n {
            entries = perRow[i].sorted { $0.0 < $1.0 }
            var t = 0
            while t < entries.count {
                let j = entries[t].0
                var v = 0.0
                while t < entries.count && entries[t].0 == j { v += entries[t].1; t += 1 }
                columns.append(j); values.append(v); total += v
            }
            rowStart[i + 1] = columns.count
        }
        let scale = 1 / max(total, Double.ulpOfOne)
        for t in 0..<values.count { values[t] *= scale }
        return Affinities(rowStart: rowStart, columns: columns, values: values)
    }
}
