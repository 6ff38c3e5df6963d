// k-reciprocal re-ranking (Zhong, Zheng, Cao and Li, "Re-ranking Person
// Re-identification with k-reciprocal Encoding", CVPR 2017) of a query x
// gallery cosine similarity. The queries and the gallery are ranked as one
// set of rows; each row is encoded by the Gaussian-weighted vector of its
// expanded k-reciprocal neighbours, and the Jaccard distance between those
// vectors is blended with the original distance. See docs/learning.md.

import FLS
import Foundation

/// The re-ranking computation on plain matrices.
enum Rerank {
    /// How many nearest rows each row keeps: k1 + 1, at most all rows.
    static func depth(_ k1: Int, _ n: Int) -> Int { min(k1, n - 1) + 1 }

    /// Re-ranked similarities `1 - ((1 - lambda) * jaccard + lambda * (2 - 2 * qg))`, `[nq, ng]` row-major.
    /// `qg`, `qq` and `gg` are cosine similarities (query x gallery, query x query, gallery x gallery).
    static func similarities(qg: Matrix, qq: Matrix, gg: Matrix, k1 wanted: Int, k2: Int, lambda: Double) throws
        -> [Double]
    {
        let nq = qg.rows, ng = qg.cols, n = nq + ng
        if nq == 0 || ng == 0 { return [] }
        // Past 2n every neighbour list (k1 + 1 and k1 / 2 + 1 rows) already holds all rows.
        let k1 = min(wanted, 2 * n)
        _ = try Limits.elementCount([n, depth(k1, n)], .i64)

        // Original distance between rows i and j of queries-then-gallery: d = 2 - 2 cos,
        // read from the three inputs (no [n, n] copy).
        func dist(_ i: Int, _ j: Int) -> Double {
            switch (i < nq, j < nq) {
            case (true, true): return 2 - 2 * qq.values[i * nq + j]
            case (true, false): return 2 - 2 * qg.values[i * ng + j - nq]
            case (false, true): return 2 - 2 * qg.values[j * ng + i - nq]
            case (false, false): return 2 - 2 * gg.values[(i - nq) * ng + j - nq]
            }
        }

        // Each row's nearest rows (itself normally first), by distance then index.
        let depth = Rerank.depth(k1, n)
        var nearest = [Int](repeating: 0, count: n * depth)
        var best = SmallestK(capacity: depth)
        for i in 0..<n {
            if i & 63 == 0 { try Interrupt.check() }
            best.removeAll()
            for j in 0..<n { best.offer(dist(i, j), j) }
            for t in 0..<depth { nearest[i * depth + t] = best.indices[t] }
        }

        /// The first `m` of row `i`'s nearest rows.
        func first(_ i: Int, _ m: Int) -> ArraySlice<Int> { nearest[(i * depth)..<(i * depth + min(m, depth))] }

        /// R(i, k): rows among i's k + 1 nearest that have i among their k + 1 nearest.
        func reciprocal(_ i: Int, _ k: Int) -> [Int] {
            first(i, k + 1).filter { first($0, k + 1).contains(i) }
        }

        // Gaussian-kernel weights over each row's expanded k-reciprocal set, summing to 1.
        let half = k1 / 2
        var halfSets = [[Int]?](repeating: nil, count: n)
        var weights: [[(Int, Double)]] = []
        weights.reserveCapacity(n)
        for p in 0..<n {
            if p & 63 == 0 { try Interrupt.check() }
            let r = reciprocal(p, k1)
            let inR = Set(r)
            var expanded = inR
            for q in r {
                let rq: [Int]
                if let cached = halfSets[q] { rq = cached } else { rq = reciprocal(q, half); halfSets[q] = rq }
                let overlap = rq.reduce(0) { $0 + (inR.contains($1) ? 1 : 0) }
                if 3 * overlap >= 2 * rq.count { expanded.formUnion(rq) }
            }
            let members = expanded.sorted()
            var w = members.map { Foundation.exp(-dist(p, $0)) }
            let total = w.reduce(0, +)
            if total > 0 { w = w.map { $0 / total } }
            weights.append(Array(zip(members, w)))
        }

        // Local query expansion: the mean weight vector of each row's k2 nearest rows.
        var expandedWeights: [[(Int, Double)]] = []
        expandedWeights.reserveCapacity(n)
        var scratch = [Double](repeating: 0, count: n)
        var touched = [Bool](repeating: false, count: n)
        for p in 0..<n {
            let rows = first(p, k2)
            var columns: [Int] = []
            for r in rows {
                for (c, v) in weights[r] {
                    if !touched[c] { touched[c] = true; columns.append(c) }
                    scratch[c] += v
                }
            }
            let scale = 1 / Double(rows.count)
            columns.sort()
            expandedWeights.append(columns.map { ($0, scratch[$0] * scale) })
            for c in columns { scratch[c] = 0; touched[c] = false }
        }

        // Jaccard distance between query and gallery vectors through an inverted
        // index of the gallery's non-zero weights: sum(min) / sum(max), where
        // sum(max) = sum(a) + sum(b) - sum(min).
        var byColumn = [[(Int, Double)]](repeating: [], count: n)
        var gallerySums = [Double](repeating: 0, count: ng)
        for j in 0..<ng {
            for (c, v) in expandedWeights[nq + j] { byColumn[c].append((j, v)); gallerySums[j] += v }
        }
        var out = [Double](repeating: 0, count: nq * ng)
        var minSums = [Double](repeating: 0, count: ng)
        for i in 0..<nq {
            try Interrupt.check()
            for j in 0..<ng { minSums[j] = 0 }
            var querySum = 0.0
            for (c, v) in expandedWeights[i] {
                querySum += v
                for (j, w) in byColumn[c] { minSums[j] += Swift.min(v, w) }
            }
            for j in 0..<ng {
                let maxSum = querySum + gallerySums[j] - minSums[j]
                let jaccard = maxSum > 0 ? 1 - minSums[j] / maxSum : 1
                let final = (1 - lambda) * jaccard + lambda * dist(i, nq + j)
                out[i * ng + j] = 1 - final
            }
        }
        return out
    }
}

extension Learn {
    static var rerank: Primitive {
        Primitive(
            "rerank", family: family,
            params: [
                Param("q_g"), Param("q_q"), Param("g_g"), Param("k1", .int(20)), Param("k2", .int(6)),
                Param("lambda", .float(0.3)),
            ],
            summary: "k-reciprocal re-ranking (Zhong et al., 2017) of query x gallery cosine similarities.",
            doc: """
                Takes cosine similarities, as `cosine` gives them: `q_g` is `[nq, ng]` (query x gallery), \
                `q_q` is `[nq, nq]` and `g_g` is `[ng, ng]`; f32 or f64. Queries and gallery are ranked \
                as one set with the distance `d = 2 - 2 * cos` (the squared distance of unit rows). \
                For every row `p`, `R(p, k)` holds the rows among its `k + 1` nearest (itself included) \
                that have `p` among theirs; `R(p, k1)` is expanded with each `R(q, k1 / 2)` (integer \
                division) of its members `q` that shares at least 2/3 of its rows with `R(p, k1)`. \
                The row is encoded as weights `exp(-d(p, r))` over that set, scaled to sum 1, then \
                averaged over its `k2` nearest rows (itself included; `k2=1` skips this). The Jaccard \
                distance of a query and a gallery encoding is `1 - sum(min) / sum(max)`, and the \
                final distance `(1 - lambda) * jaccard + lambda * d`. Returns `f64[nq, ng]` \
                similarities `1 - final`, higher is better: read `top(rerank(...), 5)` as you read \
                `top(q_g, 5)`. `lambda=1` gives `2 * q_g - 1`: the original order. \
                Needs `1 <= k2 <= k1`; the lists stop at `nq + ng` rows. Memory and time grow with \
                `(nq + ng)^2`: re-rank per-person or per-video means rather than every frame.
                """,
            examples: [
                Example(
                    """
                    q = [[1, 0], [0, 1]]
                    g = [[1, 0.2], [0.9, -0.3], [0.1, 1], [-0.2, 1], [0.7, 0.7]]
                    r = rerank(cosine(q, g), cosine(q, q), cosine(g, g), k1=2, k2=1)
                    print(top(r, 2))
                    round(r * 100) / 100
                    """,
                    "[[0 1]\n [2 3]]\nf64[2,5]\n[[ 0.94  0.89 -0.24 -0.42  0.12]\n [-0.18 -0.49  0.98  0.96  0.12]]")
            ]
        ) { args, _ in
            let qg = try learnMatrix(args, 0), qq = try learnMatrix(args, 1), gg = try learnMatrix(args, 2)
            guard qq.rows == qg.rows, qq.cols == qg.rows else {
                throw RuntimeError(
                    "rerank: 'q_q' must be [\(qg.rows), \(qg.rows)] (query x query) for a q_g of [\(qg.rows), \(qg.cols)], got [\(qq.rows), \(qq.cols)]"
                )
            }
            guard gg.rows == qg.cols, gg.cols == qg.cols else {
                throw RuntimeError(
                    "rerank: 'g_g' must be [\(qg.cols), \(qg.cols)] (gallery x gallery) for a q_g of [\(qg.rows), \(qg.cols)], got [\(gg.rows), \(gg.cols)]"
                )
            }
            let k1 = try args.int(3), k2 = try args.int(4), lambda = try args.double(5)
            guard k1 >= 1 else { throw RuntimeError("rerank: 'k1' must be at least 1, got \(k1)") }
            guard k2 >= 1, k2 <= k1 else {
                throw RuntimeError("rerank: 'k2' must be between 1 and k1 (\(k1)), got \(k2)")
            }
            guard lambda >= 0, lambda <= 1 else {
                throw RuntimeError("rerank: 'lambda' must be between 0 and 1, got \(lambda)")
            }
            let out = try Rerank.similarities(qg: qg, qq: qq, gg: gg, k1: k1, k2: k2, lambda: lambda)
            return .array(NDArray(shape: [qg.rows, qg.cols], storage: .f64(out)))
        }
    }
}
