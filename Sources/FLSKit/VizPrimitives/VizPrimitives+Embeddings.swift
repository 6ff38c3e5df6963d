// pca, tsne and projector: low-dimensional views of the signatures, and
// the files TensorBoard's embedding projector reads.

import FLS

extension VizPrimitives {
    static var pca: Primitive {
        Primitive(
            "pca", family: family, params: [Param("x"), Param("k", .int(2))],
            summary: "Principal component analysis: {coords, components, explained}.",
            doc: """
                `x` is `[n, d]`, one row per point. The rows are centred and projected on the `k` \
                directions of largest variance: `coords` is `f64[n, k]`, `components` the unit axes \
                `f64[k, d]` (each signed so its largest entry is positive, as scikit-learn does) and \
                `explained` the variance along each axis `f64[k]`, largest first (scikit-learn's \
                `explained_variance_`). `k` is at most `min(n, d)`.
                """,
            examples: [
                Example(
                    "pca([[0, 0], [2, 0], [4, 0]], k=1)",
                    "coords: f64[3,1]\n  [[-2.]\n   [ 0.]\n   [ 2.]]\ncomponents: f64[1,2] [[1. 0.]]\nexplained: f64[1] [4.]"
                )
            ]
        ) { args, _ in
            let x = try args.numericArray(0)
            guard x.ndim == 2 else { throw args.pictureError(0, "a 2-d numeric array (one row per point)") }
            let rows = x.shape[0], cols = x.shape[1]
            guard rows >= 1, cols >= 1 else {
                throw args.pictureError(0, saying: "is empty; pca needs at least one row and one column")
            }
            let k = try args.int(1, in: 1...max(1, min(rows, cols)))
            let result: PCAResult = try running("pca") {
                if case .f32(let v) = x.storage { return try PCA.fit(v.array, rows: rows, cols: cols, k: k) }
                if x.dtype != .f64 { _ = try Limits.elementCount(x.shape, .f64) }
                return try PCA.fit(x.storage.doubles, rows: rows, cols: cols, k: k)
            }
            return .record(
                Record([
                    ("coords", .array(NDArray(shape: [rows, k], storage: .f64(result.coords)))),
                    ("components", .array(NDArray(shape: [k, cols], storage: .f64(result.components)))),
                    ("explained", .array(NDArray(shape: [k], storage: .f64(result.explainedVariance)))),
                ]))
        }
    }

    static var tsne: Primitive {
        Primitive(
            "tsne", family: family,
            params: [
                Param("x"), Param("dims", .int(2)), Param("perplexity", .float(30)), Param("seed", .int(0)),
                Param("iterations", .int(1000)),
            ],
            summary: "t-SNE: a 2-d map of the rows of x that keeps neighbours together.",
            doc: """
                Returns `f64[n, 2]` coordinates for the `n` rows of `x` (`[n, d]`, e.g. L2-normalised \
                signatures), following scikit-learn's `TSNE` (PCA initialisation, early exaggeration 12, \
                learning rate "auto"): the exact gradient up to 800 points, Barnes-Hut above. \
                `perplexity` is roughly the number of neighbours each point keeps close; it must be \
                smaller than `n`. The same `x` and `seed` give the same map. Progress is shown on a \
                terminal; Ctrl-C stops the run. Only `dims=2` is supported.
                """,
            examples: [
                Example(
                    """
                    x = concat(list(randn([10, 3]), randn([10, 3]) + 20))
                    e = tsne(x, perplexity=5)
                    print(e.shape, e.dtype)
                    gap = mean(e[:10], axis=0) - mean(e[10:], axis=0)
                    sqrt(sum(gap ** 2)) > 20
                    """, "[20  2] f64\ntrue")
            ]
        ) { args, ctx in
            let (x, rows, cols) = try args.matrix(0)
            guard try args.int(1) == 2 else {
                throw args.pictureError(1, saying: "must be 2: tsne makes 2-d maps only")
            }
            let perplexity = try args.double(2)
            guard perplexity > 0, perplexity.isFinite else {
                throw args.pictureError(2, saying: "must be a positive number, got \(printText(args[2]))")
            }
            guard rows >= 4 else { throw args.pictureError(0, saying: "needs at least 4 rows, got \(rows)") }
            guard Double(rows) > perplexity else {
                throw args.pictureError(
                    2, saying: "must be smaller than the number of points (\(rows)), got \(printText(args[2]))",
                    hint: "a perplexity of about a third of the points works for small inputs")
            }
            // Each point keeps 3 * perplexity + 1 neighbours (with distances,
            // twice once symmetrised): a perplexity near the number of points
            // makes that quadratic, so the gatekeeper is asked first.
            let neighbours = min(rows - 1, Int(3 * perplexity + 1))
            try Limits.checkItems(
                rows, bytesEach: min(neighbours, Int.max / 128) * 40 + 64, what: "t-SNE neighbour lists")
            let seed = try args.int(3, in: 0...Int.max)
            let iterations = try args.int(4, in: 1...1_000_000)
            var options = TSNEOptions()
            options.perplexity = perplexity
            options.seed = UInt64(seed)
            options.iterations = iterations
            let host = ctx.host
            let drawing = host.showsProgress
            if drawing { host.writeError("\rtsne: \(groupedDigits(rows)) points, computing neighbours") }
            let progress: ((Int, Double) -> Void)? =
                drawing
                ? { iteration, kl in
                    host.writeError("\rtsne: iteration \(iteration)/\(iterations), KL divergence \(formatKL(kl))   ")
                } : nil
            defer { if drawing { host.writeError("\n") } }
            do {
                let coords = try TSNE.embed(
                    x, rows: rows, cols: cols, options: options, progress: progress,
                    shouldStop: { Interrupt.requested })
                if let spread = TSNE.degenerateSpread(coords, rows: rows) {
                    host.writeError(
                        "warning: tsne: the map collapsed: every point lies within \(String(format: "%.1e", spread)) "
                            + "of the others, so it shows nothing. Check for many identical rows, or try a smaller "
                            + "perplexity or another seed.\n")
                }
                return .array(NDArray(shape: [rows, 2], storage: .f64(coords)))
            } catch let error as VizError {
                if Interrupt.requested {
                    try Interrupt.check()
                }
                throw RuntimeError(phrased(error.message, for: "tsne"))
            }
        }
    }

    static var trustworthiness: Primitive {
        Primitive(
            "trustworthiness", family: family, params: [Param("x"), Param("embedding"), Param("k", .int(5))],
            summary: "How well a low-dimensional map keeps each point's nearest neighbours (1 is perfect).",
            doc: """
                scikit-learn's `sklearn.manifold.trustworthiness(x, embedding, n_neighbors=k)`: penalises \
                points that are among a point's `k` nearest in `embedding` but not in `x` (Euclidean \
                distances), by how far down the true ranking they are. 1 means every neighbourhood in the \
                map is a real one; random maps score about 0.5. Use it to compare t-SNE settings. \
                Needs `k < n / 2`.
                """,
            examples: [
                Example(
                    "x = [[0, 0], [1, 0], [2, 0], [3, 0], [10, 0], [11, 0]]\ntrustworthiness(x, x[:, 0:1], k=2)", "1.0")
            ]
        ) { args, _ in
            let (x, rows, cols) = try args.matrix(0)
            let (e, erows, ecols) = try args.matrix(1)
            guard erows == rows else {
                throw args.pictureError(1, saying: "must have one row per row of x (\(rows)), got \(erows)")
            }
            let k = try args.int(2, in: 1...max(1, (rows - 1) / 2))
            let score = try running("trustworthiness") {
                try Trustworthiness.score(x, rows: rows, cols: cols, embedding: e, embeddingCols: ecols, k: k)
            }
            return .float(score)
        }
    }

    static var projector: Primitive {
        Primitive(
            "projector", family: family,
            params: [Param("dir"), Param("vectors"), Param("labels", .null), Param("images", .null)],
            summary: "Write vectors, labels and thumbnails for TensorBoard's embedding projector.",
            doc: """
                Writes `tensors.tsv` (one row per vector), `metadata.tsv`, `projector_config.pbtxt` and, \
                with `images` (`u8[n,H,W,3]`, one per vector), `sprite.png` into the folder `dir` (created \
                if needed). `labels` is one string or number per vector, or a record of such columns \
                (`{person: ids.person, video: ids.video}`); without it the labels are the row numbers. \
                Then run `tensorboard --logdir DIR` (after `pip install tensorboard`) and open \
                http://localhost:6006/#projector to explore the points with PCA, t-SNE or UMAP, coloured \
                and searched by label. Returns a record with the paths written.
                """,
            examples: [
                Example(
                    """
                    out = projector("proj", normalize(randn([6, 4])), labels=["a", "a", "b", "b", "c", "c"])
                    print(out.count, out.dims)
                    basename(out.config)
                    """, "6 4\n\"projector_config.pbtxt\"")
            ]
        ) { args, _ in
            let dir = try args.string(0)
            let v = try args.numericArray(1)
            guard v.ndim == 2 else { throw args.pictureError(1, "a 2-d numeric array (one row per vector)") }
            let rows = v.shape[0], cols = v.shape[1]
            guard rows >= 1, cols >= 1 else { throw args.pictureError(1, saying: "is empty; give at least one vector") }
            let vectors: [Float]
            if case .f32(let f) = v.storage { vectors = f.array } else { vectors = v.storage.doubles.map { Float($0) } }

            var columns: [(name: String, values: [String])]
            switch args[2] {
            case .null:
                columns = [("index", (0..<rows).map { String($0) })]
            case .record(let r):
                guard r.count > 0 else {
                    throw args.pictureError(2, saying: "is an empty record; give at least one column")
                }
                columns = []
                for (name, value) in r.pairs {
                    let column = try projectorColumn(value, name: name, rows: rows, args)
                    columns.append((name, column))
                }
            default:
                columns = [("label", try args.pointLabels(2, count: rows).texts)]
            }
            var images: ImageStack?
            if !args.isNull(3) {
                let stack = try args.imageStack(3)
                guard stack.count == rows else {
                    throw args.pictureError(
                        3, saying: "must hold one image per vector: got \(stack.count) images for \(rows) vectors")
                }
                images = stack
            }
            let out = try running("projector") {
                try Projector.write(
                    dir: dir, vectors: vectors, rows: rows, cols: cols, columns: columns, images: images)
            }
            return .record(
                Record([
                    ("dir", .string(dir)),
                    ("tensors", .string(out.tensors)),
                    ("metadata", .string(out.metadata)),
                    ("config", .string(out.config)),
                    ("sprite", out.sprite.map { .string($0) } ?? .null),
                    ("count", .int(Int64(rows))),
                    ("dims", .int(Int64(cols))),
                ]))
        }
    }

    /// One metadata column of `projector` from a record field.
    private static func projectorColumn(_ value: Value, name: String, rows: Int, _ args: Arguments) throws -> [String] {
        let texts: [String]
        if case .list(let items) = value {
            texts = items.map { printText($0) }
        } else if let a = try? value.asArray(), a.ndim == 1 {
            texts = PointLabels.of(a).texts
        } else {
            throw args.pictureError(2, saying: "field '\(name)' must be a 1-d array or a list, got \(value.kindName)")
        }
        guard texts.count == rows else {
            throw args.pictureError(
                2, saying: "field '\(name)' must have one entry per vector: got \(texts.count) for \(rows) vectors")
        }
        return texts
    }

    /// The divergence with four significant digits, for the progress line.
    private static func formatKL(_ kl: Double) -> String {
        guard kl.isFinite else { return "-" }
        return printText(.float((kl * 10_000).rounded() / 10_000))
    }
}
