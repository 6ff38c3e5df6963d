// Nearest neighbours by cosine similarity in chunks of query rows, so the
// full query x gallery matrix never exists; voting over the neighbours'
// labels; fusion of several score matrices; nan-aware group means.

import CBLAS
import Dispatch
import FLS
import Foundation

/// Rows of a float matrix as f32 without copying f32 input.
struct FloatRows {
    let values: [Float]
    let rows: Int
    let cols: Int

    init(_ args: Arguments, _ i: Int) throws {
        let name = args.primitive.name, param = args.primitive.params[i].name
        guard let a = try args.values[i].asArray(), a.dtype != .str else {
            throw RuntimeError("\(name): argument '\(param)' must be a numeric array, got \(args.values[i].kindName)")
        }
        guard a.ndim == 2 else {
            throw RuntimeError(
                "\(name): argument '\(param)' must be 2-d (one row per sample), got shape \(formatShape(a.shape))")
        }
        rows = a.shape[0]
        cols = a.shape[1]
        if case .f32(let v) = a.storage { values = v.array } else { values = a.storage.doubles.map { Float($0) } }
    }

    /// Each row's Euclidean length.
    func norms() -> [Float] {
        var out = [Float](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            for i in 0..<rows { out[i] = cblas_snrm2(Int32(cols), base + i * cols, 1) }
        }
        return out
    }
}

/// Chunked cosine k-nearest-neighbour search.
enum NeighbourSearch {
    /// Similarity entries computed at once: 16M floats (64 MB) whatever the sizes.
    static let chunkElements = 1 << 24

    /// The k most similar gallery rows of every query row, most similar first
    /// (ties: the lower gallery index first).
    static func search(query q: FloatRows, gallery g: FloatRows, k: Int) throws -> (indices: [Int64], scores: [Float]) {
        let nq = q.rows, ng = g.rows, d = q.cols
        var indices = [Int64](repeating: 0, count: nq * k)
        var scores = [Float](repeating: 0, count: nq * k)
        if nq == 0 || k == 0 { return (indices, scores) }
        let qn = q.norms(), gn = g.norms()
        let chunk = max(1, min(nq, chunkElements / max(ng, 1)))
        var sims = [Float](repeating: 0, count: chunk * ng)
        let d32 = try Linalg.blasInt(d, "a matrix"), ng32 = try Linalg.blasInt(ng, "a matrix")
        var start = 0
        while start < nq {
            try Interrupt.check()
            let m = min(chunk, nq - start)
            q.values.withUnsafeBufferPointer { qp in
                g.values.withUnsafeBufferPointer { gp in
                    sims.withUnsafeMutableBufferPointer { sp in
                        guard let qb = qp.baseAddress, let gb = gp.baseAddress, let sb = sp.baseAddress else { return }
                        cblas_sgemm(
                            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), ng32, d32, 1,
                            qb + start * d, d32, gb, d32, 0, sb, ng32)
                    }
                }
            }
            sims.withUnsafeMutableBufferPointer { sp in
                indices.withUnsafeMutableBufferPointer { ip in
                    scores.withUnsafeMutableBufferPointer { op in
                        let sb = sp, ib = ip, ob = op
                        let parts = min(m, 8)
                        guard let simBase = sb.baseAddress else { return }
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            var bestS = [Float](repeating: 0, count: k)
                            var bestJ = [Int64](repeating: 0, count: k)
                            for r in (m * part / parts)..<(m * (part + 1) / parts) {
                                let i = start + r
                                let row = simBase + r * ng
                                let qi = qn[i]
                                var filled = 0
                                for j in 0..<ng {
                                    let denom = qi * gn[j]
                                    let v: Float = denom > 0 ? row[j] / denom : 0
                                    if filled == k && v <= bestS[k - 1] { continue }
                                    var pos = filled == k ? k - 1 : filled
                                    if filled < k { filled += 1 }
                                    while pos > 0 && bestS[pos - 1] < v {
                                        bestS[pos] = bestS[pos - 1]; bestJ[pos] = bestJ[pos - 1]; pos -= 1
                                    }
                                    bestS[pos] = v; bestJ[pos] = Int64(j)
                                }
                                for t in 0..<k { ib[i * k + t] = bestJ[t]; ob[i * k + t] = bestS[t] }
                            }
                        }
                    }
                }
            }
            start += m
        }
        return (indices, scores)
    }
}

extension Learn {
    static var knn: Primitive {
        Primitive(
            "knn", family: family, params: [Param("query"), Param("gallery"), Param("k", .int(10))],
            summary: "The k gallery rows most similar (cosine) to each query row, computed in chunks.",
            doc: """
                Returns `{indices, scores}`: `i64[nq, k]` gallery row numbers and `f32[nq, k]` cosine \
                similarities, most similar first (ties: lower index first). Rows need not be \
                normalised; a zero row has similarity 0 to everything. The query x gallery \
                similarities are computed 64 MB at a time with BLAS, so frames x frames never has to fit \
                in memory; f32 inputs are used in place (other dtypes are converted to f32). \
                `knn_vote(nn, labels)` turns the neighbours into per-class scores.
                """,
            examples: [
                Example(
                    """
                    nn = knn([[1, 0], [0, 1]], [[1, 0.1], [0.1, 1], [1, 0], [-1, 0]], k=2)
                    print(nn.indices)
                    round(nn.scores * 1000) / 1000
                    """, "[[2 0]\n [1 0]]\nf32[2,2]\n[[1.    0.995]\n [0.995 0.1  ]]")
            ]
        ) { args, _ in
            let q = try FloatRows(args, 0), g = try FloatRows(args, 1)
            guard q.cols == g.cols else {
                throw RuntimeError("knn: query rows have \(q.cols) columns, gallery rows \(g.cols)")
            }
            let k = try args.int(2, in: 1...max(1, g.rows))
            let r = try NeighbourSearch.search(query: q, gallery: g, k: k)
            return .record(
                Record([
                    ("indices", .array(NDArray(shape: [q.rows, k], storage: .i64(r.indices)))),
                    ("scores", .array(NDArray(shape: [q.rows, k], storage: .f32(r.scores)))),
                ]))
        }
    }

    static var knnVote: Primitive {
        Primitive(
            "knn_vote", family: family,
            params: [Param("neighbours"), Param("labels"), Param("classes", .null), Param("weighted", .bool(false))],
            summary: "Per-class votes of each query row's nearest neighbours.",
            doc: """
                `neighbours` is the record from `knn`; `labels` gives the class (an integer from 0) of \
                every gallery row. Returns `f64[nq, classes]`: for each query row, how many of its \
                neighbours carry each label, or with `weighted=true` the sum of their similarities. \
                `classes` defaults to `max(labels) + 1`. Average the rows of one video with \
                `mean_by(votes, video)`, then `top(..., 5)` ranks the classes.
                """,
            examples: [
                Example(
                    """
                    nn = knn([[1, 0]], [[1, 0.1], [0.9, 0.5], [0, 1]], k=2)
                    print(knn_vote(nn, [2, 0, 1]))
                    round(knn_vote(nn, [2, 0, 1], weighted=true) * 100) / 100
                    """, "[[1. 0. 1.]]\nf64[1,3] [[0.87 0.   1.  ]]")
            ]
        ) { args, _ in
            guard case .record(let nn) = args[0], let ia = try nn["indices"]?.asArray(),
                let sa = try nn["scores"]?.asArray(),
                ia.ndim == 2, sa.shape == ia.shape, let idx = ia.storage.integerValues
            else {
                throw RuntimeError(
                    "knn_vote: argument 'neighbours' must be the record knn returns ({indices, scores})",
                    hint: "nn = knn(query, gallery, k=10); knn_vote(nn, labels)")
            }
            let labelsArray = try args.array(1)
            guard labelsArray.ndim == 1, let labels = labelsArray.storage.integerValues else {
                throw RuntimeError("knn_vote: 'labels' must be a 1-d integer array, one class per gallery row")
            }
            guard labels.allSatisfy({ $0 >= 0 }) else { throw RuntimeError("knn_vote: 'labels' must be 0 or more") }
            let top = Int(labels.max() ?? -1) + 1
            let classes = args.isNull(2) ? top : try args.int(2, in: 1...10_000_000)
            guard classes >= top else {
                throw RuntimeError("knn_vote: 'classes' is \(classes) but a label is \(top - 1)")
            }
            let weighted = try args.bool(3)
            let nq = ia.shape[0], k = ia.shape[1]
            _ = try Limits.elementCount([nq, classes], .f64)
            let sims = sa.storage.doubles
            var out = [Double](repeating: 0, count: nq * classes)
            for i in 0..<nq {
                for t in 0..<k {
                    let j = Int(idx[i * k + t])
                    guard j >= 0, j < labels.count else {
                        throw RuntimeError(
                            "knn_vote: neighbour \(j) has no label (labels has \(labels.count) entries)",
                            hint: "give one label per gallery row")
                    }
                    out[i * classes + Int(labels[j])] += weighted ? sims[i * k + t] : 1
                }
            }
            return .array(NDArray(shape: [nq, classes], storage: .f64(out)))
        }
    }

    static var fuse: Primitive {
        Primitive(
            "fuse", family: family,
            params: [Param("scores"), Param("weights", .null), Param("normalize", .string("zscore"))],
            summary: "Combine several score matrices of the same shape into one, row by row.",
            doc: """
                `scores` is a list of `[n, classes]` arrays (similarities, votes, classifier scores). \
                Each row of each is first brought to a common scale: `"zscore"` (minus the row's \
                mean, divided by its standard deviation), `"minmax"` (to 0..1), `"rank"` (the best \
                class gets `classes - 1`, the worst 0; ties share the lower rank) or `"none"`; then the \
                matrices are summed with `weights` (default all 1). Higher is better; `top(fused, 5)` \
                ranks the classes.
                """,
            examples: [
                Example(
                    "fuse(list([[1, 2, 3]], [[30, 20, 10]]), weights=[2, 1])",
                    "f64[1,3] [[-1.22474487  0.          1.22474487]]"),
                Example("fuse(list([[1, 2, 3]], [[0, 9, 5]]), normalize=\"rank\")", "f64[1,3] [[0. 3. 3.]]"),
            ]
        ) { args, _ in
            let items = try args.list(0)
            guard !items.isEmpty else { throw RuntimeError("fuse: 'scores' is an empty list") }
            var mats: [NDArray] = []
            for (t, item) in items.enumerated() {
                guard let a = try item.asArray(), a.dtype != .str, a.ndim == 2 else {
                    throw RuntimeError("fuse: item \(t) of 'scores' must be a 2-d numeric array, got \(item.kindName)")
                }
                guard a.shape == (mats.first?.shape ?? a.shape) else {
                    throw RuntimeError(
                        "fuse: item \(t) has shape \(formatShape(a.shape)), item 0 \(formatShape(mats[0].shape))")
                }
                mats.append(a)
            }
            var weights = [Double](repeating: 1, count: mats.count)
            if !args.isNull(1) {
                weights = try args.array(1).storage.doubles
                guard weights.count == mats.count else {
                    throw RuntimeError("fuse: \(weights.count) weights for \(mats.count) score matrices")
                }
            }
            let mode = try args.string(2)
            guard ["zscore", "minmax", "rank", "none"].contains(mode) else {
                throw RuntimeError(
                    "fuse: 'normalize' must be \"zscore\", \"minmax\", \"rank\" or \"none\", got \"\(mode)\"")
            }
            let n = mats[0].shape[0], c = mats[0].shape[1]
            var out = [Double](repeating: 0, count: n * c)
            for (t, a) in mats.enumerated() {
                let v = a.storage.doubles
                for i in 0..<n {
                    let row = Array(v[(i * c)..<((i + 1) * c)])
                    let scaled = normalizeRow(row, mode: mode)
                    for j in 0..<c { out[i * c + j] += weights[t] * scaled[j] }
                }
            }
            return .array(NDArray(shape: [n, c], storage: .f64(out)))
        }
    }

    static func normalizeRow(_ row: [Double], mode: String) -> [Double] {
        let c = Double(row.count)
        switch mode {
        case "zscore":
            let mean = row.reduce(0, +) / c
            let sd = (row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / c).squareRoot()
            return row.map { sd > 0 ? ($0 - mean) / sd : 0 }
        case "minmax":
            let lo = row.min() ?? 0, hi = row.max() ?? 0
            return row.map { hi > lo ? ($0 - lo) / (hi - lo) : 0 }
        case "rank":
            // Rank = number of entries strictly below: ties share the lower rank.
            let sorted = row.sorted()
            return row.map { v in
                var lo = 0, hi = sorted.count
                while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < v { lo = mid + 1 } else { hi = mid } }
                return Double(lo)
            }
        default:
            return row
        }
    }

    static var nanmeanBy: Primitive {
        Primitive(
            "nanmean_by", family: family, params: [Param("x"), Param("keys")],
            summary: "Like mean_by, ignoring NaN: one row per sorted unique key.",
            doc: """
                For every group of rows with equal `keys` (sorted as `unique` sorts them) and every \
                column, the mean of the values that are not NaN, as f64; NaN where a group has none \
                (numpy's `nanmean` per group). Use it on pose features after `filter_keypoints`, where \
                missing points are NaN.
                """,
            examples: [
                Example(
                    "x = [[1.0, 0.0], [3.0, 4.0], [5.0, 0.0]]\nx[x == 0] = 0.0 / 0.0  # NaN where a value is missing\nnanmean_by(x, [7, 7, 2])",
                    "f64[2,2]\n[[ 5. nan]\n [ 2.  4.]]")
            ]
        ) { args, _ in
            let keys = try Groups.keys(args, 1)
            let x = try Groups.rows(args, x: 0, keys: keys)
            guard x.dtype != .str else { throw RuntimeError("nanmean_by: 'x' must be numeric, got str") }
            let r = x.rowLayout.rowSize, n = x.rowLayout.rows, g = keys.groupCount
            let shape = [g] + x.shape.dropFirst()
            _ = try Limits.elementCount(shape, .f64)
            let v = x.storage.doubles
            var sums = [Double](repeating: 0, count: g * r)
            var counts = [Double](repeating: 0, count: g * r)
            for i in 0..<n {
                if i & 4095 == 0 { try Interrupt.check() }
                let base = keys.codes[i] * r
                for j in 0..<r where !v[i * r + j].isNaN { sums[base + j] += v[i * r + j]; counts[base + j] += 1 }
            }
            for t in 0..<(g * r) { sums[t] = counts[t] > 0 ? sums[t] / counts[t] : .nan }
            return .array(NDArray(shape: shape, storage: .f64(sums)))
        }
    }
}
