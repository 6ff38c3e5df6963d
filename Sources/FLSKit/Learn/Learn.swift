// The "Learn" family: models fitted on training rows that a second call
// applies to new rows. Every fit_ primitive returns a record whose `model`
// field names its kind; `transform(m, x)`, `predict_scores(m, x)` and
// `predict(m, x)` apply any model that supports them. See docs/learning.md.

import FLS
import Foundation

/// Learning primitives.
enum Learn {
    static let family = "Learn"

    static var primitives: [Primitive] {
        [
            fitStandardize, fitPCA, fitLDA, fitLogistic, transform, predictScores, predict, knn, knnVote, rerank, fuse,
            nanmeanBy, limbFeatures, drawSkeleton,
        ]
    }

    static func vector(_ v: [Double]) -> Value { .array(NDArray(shape: [v.count], storage: .f64(v))) }

    static var fitStandardize: Primitive {
        Primitive(
            "fit_standardize", family: family,
            params: [Param("x"), Param("with_mean", .bool(true)), Param("with_std", .bool(true))],
            summary: "Learn column means and spreads; transform(m, x) centres and scales new rows.",
            doc: """
                Like scikit-learn's `StandardScaler`: `mean` is each column's mean over the rows of `x`, \
                `scale` its standard deviation (ddof 0; a constant column gets 1). `transform(m, x2)` \
                returns `(x2 - mean) / scale` as f64. `with_mean=false` keeps the rows uncentred, \
                `with_std=false` skips the scaling (centring only). Fit on training rows only.
                """,
            examples: [
                Example(
                    "m = fit_standardize([[1, 10], [3, 10]])\nprint(m.mean, m.scale)\ntransform(m, [[5, 12]])",
                    "[ 2. 10.] [1. 1.]\nf64[1,2] [[3. 2.]]")
            ]
        ) { args, _ in
            // f32 rows (signatures) are read in place with f64 sums, not converted:
            // full-scale training signatures are over a gigabyte.
            guard let a = try args.values[0].asArray(), a.dtype != .str, a.ndim == 2 else {
                throw RuntimeError(
                    "fit_standardize: argument 'x' must be a 2-d numeric array (one row per sample), got \(args[0].kindName)"
                )
            }
            guard a.shape[0] >= 1 else { throw RuntimeError("fit_standardize: 'x' has no rows") }
            let withMean = try args.bool(1), withStd = try args.bool(2)
            let n = a.shape[0], d = a.shape[1]
            var mean = [Double](repeating: 0, count: d)
            var sq = [Double](repeating: 0, count: d)
            func moments<T: BinaryFloatingPoint>(_ v: UnsafeBufferPointer<T>) {
                for i in 0..<n { for j in 0..<d { mean[j] += Double(v[i * d + j]) } }
                for j in 0..<d { mean[j] /= Double(n) }
                if withStd {
                    for i in 0..<n { for j in 0..<d { let t = Double(v[i * d + j]) - mean[j]; sq[j] += t * t } }
                }
            }
            switch a.storage {
            case .f32(let v): v.withUnsafeBufferPointer { moments($0) }
            default: a.storage.doubles.withUnsafeBufferPointer { moments($0) }
            }
            let finite = mean.allSatisfy { $0.isFinite } && sq.allSatisfy { $0.isFinite }
            guard finite else {
                throw RuntimeError(
                    "fit_standardize: argument 'x' contains NaN or infinite values",
                    hint: "drop those rows or replace the values first")
            }
            var scale = [Double](repeating: 1, count: d)
            if withStd {
                for j in 0..<d {
                    let s = (sq[j] / Double(n)).squareRoot()
                    scale[j] = s > 0 ? s : 1
                }
            }
            return .record(
                Record([
                    ("model", .string("standardize")),
                    ("mean", vector(withMean ? mean : [Double](repeating: 0, count: d))),
                    ("scale", vector(scale)),
                ]))
        }
    }

    static var fitPCA: Primitive {
        Primitive(
            "fit_pca", family: family, params: [Param("x"), Param("k", .int(2)), Param("whiten", .bool(false))],
            summary: "Learn k principal axes (optionally whitening); transform(m, x) projects new rows.",
            doc: """
                Like scikit-learn's `PCA(n_components=k, whiten=...)`: `mean` (`f64[d]`), `components` \
                (`f64[k, d]`, unit axes, each signed so its largest entry is positive) and `explained` \
                (variance along each axis, ddof 1). `transform(m, x2)` is `(x2 - mean) @ components.T`, \
                divided by `sqrt(explained)` when `whiten=true`, so every output column has unit \
                variance on the training rows. `k` is at most `min(n, d)`.
                """,
            examples: [
                Example(
                    "m = fit_pca([[0, 0], [2, 0], [4, 0], [2, 1]], k=1, whiten=true)\nround(transform(m, [[6, 0]]) * 1000) / 1000",
                    "f64[1,1] [[2.449]]")
            ]
        ) { args, _ in
            let x = try learnMatrix(args, 0)
            guard x.rows >= 2 else { throw RuntimeError("fit_pca: needs at least 2 rows, got \(x.rows)") }
            let k = try args.int(1, in: 1...max(1, min(x.rows, x.cols)))
            let whiten = try args.bool(2)
            let result = try VizPrimitives.running("fit_pca") {
                try PCA.fit(x.values, rows: x.rows, cols: x.cols, k: k)
            }
            if whiten, result.explainedVariance.contains(where: { !($0 > 1e-300) }) {
                throw RuntimeError(
                    "fit_pca: an axis has zero variance, so it cannot be whitened",
                    hint: "keep fewer components (smaller k)")
            }
            return .record(
                Record([
                    ("model", .string("pca")),
                    ("mean", vector(result.mean)),
                    ("components", .array(NDArray(shape: [k, x.cols], storage: .f64(result.components)))),
                    ("explained", vector(result.explainedVariance)),
                    ("whiten", .bool(whiten)),
                ]))
        }
    }

    static var fitLDA: Primitive {
        Primitive(
            "fit_lda", family: family, params: [Param("x"), Param("y"), Param("k", .null)],
            summary: "Fisher linear discriminant analysis: project on the axes that best separate the classes.",
            doc: """
                Like scikit-learn's `LinearDiscriminantAnalysis()` (the SVD solver): `x` is `[n, d]`, `y` \
                one integer or string label per row. The record holds `classes`, `priors`, `means` \
                (per class), `xbar`, `scalings` (`f64[d, r]`, each axis signed so its largest entry is \
                positive), `coef` (`f64[classes, d]`), `intercept`, `explained` (the variance ratio of \
                each discriminant axis) and `k`, the number of axes `transform` keeps (default and at \
                most `classes - 1`). `transform(m, x2)` is `(x2 - xbar) @ scalings[:, :k]`; \
                `predict_scores(m, x2)` is `x2 @ coef.T + intercept` (higher is more likely), one \
                column per class; `predict(m, x2)` the best class. Transformed rows compared by \
                cosine or distance usually separate identities much better than the raw features.
                """,
            examples: [
                Example(
                    """
                    x = [[0, 0], [1, 1], [0, 1], [4, 0], [5, 1], [4, 1]]
                    m = fit_lda(x, [0, 0, 0, 1, 1, 1])
                    print(m.k, m.explained)
                    predict(m, [[0.5, 0.2], [4.4, 0.9]])
                    """, "1 [1.]\ni64[2] [0 1]")
            ]
        ) { args, _ in
            let x = try learnMatrix(args, 0)
            let labels = try ClassLabels(args, 1, rows: x.rows)
            guard x.rows > labels.count else {
                throw RuntimeError("fit_lda: needs more rows (\(x.rows)) than classes (\(labels.count))")
            }
            let k: Int? = args.isNull(2) ? nil : try args.int(2, in: 1...max(1, labels.count - 1))
            let m = try LDAModel.fit(
                x, codes: labels.codes, classCount: labels.count, classes: labels.classes, components: k)
            return .record(
                Record([
                    ("model", .string("lda")),
                    ("classes", .array(m.classes)),
                    ("priors", vector(m.priors)),
                    ("means", .array(m.means.array)),
                    ("xbar", vector(m.xbar)),
                    ("scalings", .array(m.scalings.array)),
                    ("coef", .array(m.coef.array)),
                    ("intercept", vector(m.intercept)),
                    ("explained", vector(m.explainedRatio)),
                    ("k", .int(Int64(m.components))),
                ]))
        }
    }

    static var transform: Primitive {
        Primitive(
            "transform", family: family, params: [Param("model"), Param("x")],
            summary: "Apply a fitted standardize, pca or lda model to new rows.",
            doc: """
                `model` is the record from `fit_standardize`, `fit_pca` or `fit_lda`; `x` has one row per \
                sample and as many columns as the rows the model was fitted on. Returns f64 rows. \
                See each fit_ primitive for the formula.
                """,
            examples: [
                Example("transform(fit_standardize([[0.0], [2.0]]), [[1.0], [4.0]])", "f64[2,1]\n[[0.]\n [3.]]")
            ]
        ) { args, _ in
            let model = try ModelRecord(args, 0)
            let x = try learnMatrix(args, 1)
            return .array(try apply(model, x).array)
        }
    }

    /// `transform` for each kind of model that has one.
    static func apply(_ model: ModelRecord, _ x: Matrix) throws -> Matrix {
        switch model.kind {
        case "standardize":
            let mean = try model.vector("mean"), scale = try model.vector("scale")
            try model.check(x, features: mean.count)
            var out = x.minusRow(mean)
            for i in 0..<out.rows { for j in 0..<out.cols { out[i, j] /= scale[j] } }
            return out
        case "pca":
            let mean = try model.vector("mean"), components = try model.matrix("components")
            try model.check(x, features: mean.count)
            var out = try Matrix.product(x.minusRow(mean), components, transposeB: true)
            if model.flag("whiten") {
                let scale = try model.vector("explained").map { 1 / $0.squareRoot() }
                for i in 0..<out.rows { for j in 0..<out.cols { out[i, j] *= scale[j] } }
            }
            return out
        case "lda":
            let xbar = try model.vector("xbar"), scalings = try model.matrix("scalings")
            try model.check(x, features: xbar.count)
            let k = min(Int(try model.vector("k").first ?? 1), scalings.cols)
            return try Matrix.product(x.minusRow(xbar), scalings.leftColumns(max(k, 1)))
        default:
            throw RuntimeError(
                "transform: a \(model.kind) model has no transform",
                hint: model.kind == "logistic" ? "use predict_scores(m, x) for class scores" : nil)
        }
    }

    /// Per-class scores of a classifier: linear scores `x @ coef.T + intercept`.
    static func scores(_ model: ModelRecord, _ x: Matrix) throws -> Matrix {
        guard model.kind == "lda" || model.kind == "logistic" else {
            throw RuntimeError(
                "\(model.primitive): a \(model.kind) model gives no class scores",
                hint: "predict_scores works with fit_lda and fit_logistic models; use transform for \(model.kind)")
        }
        let coef = try model.matrix("coef"), intercept = try model.vector("intercept")
        try model.check(x, features: coef.cols)
        return try Matrix.product(x, coef, transposeB: true).plusRow(intercept)
    }

    static var predictScores: Primitive {
        Primitive(
            "predict_scores", family: family, params: [Param("model"), Param("x")],
            summary: "Per-class scores of new rows from a fitted lda or logistic model.",
            doc: """
                Returns `f64[n, classes]`: `x @ coef.T + intercept`, scikit-learn's `decision_function` \
                (for a logistic model, the log-odds before the softmax: \
                `exp(s - max(s))` normalised to sum 1 gives the probabilities). Column `c` belongs to `model.classes[c]`; `top(scores, 5)` ranks the \
                classes of each row.
                """,
            examples: [
                Example(
                    """
                    m = fit_lda([[0, 0], [1, 1], [0, 1], [4, 0], [5, 1], [4, 1]], [0, 0, 0, 1, 1, 1])
                    s = predict_scores(m, [[0, 0], [5, 0]])
                    s[:, 1] > s[:, 0]
                    """, "bool[2] [false  true]")
            ]
        ) { args, _ in
            let model = try ModelRecord(args, 0)
            let x = try learnMatrix(args, 1)
            return .array(try scores(model, x).array)
        }
    }

    static var predict: Primitive {
        Primitive(
            "predict", family: family, params: [Param("model"), Param("x")],
            summary: "The most likely class of each new row under a fitted lda or logistic model.",
            doc: "`model.classes` at the argmax of `predict_scores(model, x)` for each row (ties: the first class).",
            examples: [
                Example(
                    """
                    m = fit_lda([[0, 0], [1, 1], [0, 1], [4, 0], [5, 1], [4, 1]], ["a", "a", "a", "b", "b", "b"])
                    predict(m, [[0, 0], [5, 0]])
                    """, "str[2] ['a' 'b']")
            ]
        ) { args, _ in
            let model = try ModelRecord(args, 0)
            let x = try learnMatrix(args, 1)
            let s = try scores(model, x)
            var best = [Int](repeating: 0, count: s.rows)
            for i in 0..<s.rows {
                for c in 1..<max(s.cols, 1) where s[i, c] > s[i, best[i]] { best[i] = c }
            }
            let classes = try model.field("classes")
            return .array(NDArray(shape: [s.rows], storage: classes.storage.gatherRows(best, rowSize: 1)))
        }
    }
}
