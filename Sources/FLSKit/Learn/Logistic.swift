// Multinomial logistic regression with an L2 penalty, fitted by L-BFGS, as
// scikit-learn's LogisticRegression(C=..., solver="lbfgs") for more than two
// classes: minimise mean cross-entropy + ||W||² / (2 C n) (the intercept is
// not penalised). No Debian package ships a maintained L-BFGS for C callers
// with this objective's needs, so the two-loop recursion is written here
// (Nocedal and Wright, Algorithm 7.4) with a backtracking Armijo line search;
// the products go to BLAS.

import CBLAS
import FLS
import Foundation

/// The multinomial objective over fixed training rows.
struct LogisticObjective {
    let x: Matrix
    let codes: [Int]
    let classes: Int
    let penalty: Double  // 1 / (C n)

    var parameterCount: Int { classes * (x.cols + 1) }

    /// Loss and gradient at θ = [W (classes x d) row-major, b (classes)].
    func evaluate(_ theta: [Double], gradient: inout [Double]) throws -> Double {
        let n = x.rows, d = x.cols, k = classes
        let w = Matrix(rows: k, cols: d, values: Array(theta[0..<(k * d)]))
        var z = try Matrix.product(x, w, transposeB: true)
        var loss = 0.0
        for i in 0..<n {
            var top = -Double.infinity
            for c in 0..<k { z[i, c] += theta[k * d + c]; top = max(top, z[i, c]) }
            let y = codes[i]
            let own = z[i, y]
            var sum = 0.0
            for c in 0..<k { let e = exp(z[i, c] - top); z[i, c] = e; sum += e }
            // -log softmax(z)[y], computed without forming the probability.
            loss += log(sum) + top - own
            for c in 0..<k { z[i, c] /= sum }
            z[i, y] -= 1
        }
        loss /= Double(n)
        let gw = try Matrix.product(z, x, transposeA: true)
        var norm2 = 0.0
        for t in 0..<(k * d) {
            gradient[t] = gw.values[t] / Double(n) + penalty * theta[t]
            norm2 += theta[t] * theta[t]
        }
        for c in 0..<k {
            var s = 0.0
            for i in 0..<n { s += z[i, c] }
            gradient[k * d + c] = s / Double(n)
        }
        return loss + 0.5 * penalty * norm2
    }
}

/// Limited-memory BFGS with a backtracking line search.
enum LBFGS {
    /// Minimises `f` from `theta`; returns the iterations used.
    static func minimize(
        _ theta: inout [Double], memory m: Int = 10, maxIterations: Int, tolerance: Double,
        _ f: ([Double], inout [Double]) throws -> Double
    ) throws -> Int {
        let p = theta.count
        var g = [Double](repeating: 0, count: p)
        var fx = try f(theta, &g)
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        var iteration = 0
        while iteration < maxIterations {
            if g.reduce(0, { max($0, abs($1)) }) <= tolerance { break }
            try Interrupt.check()
            iteration += 1
            // Two-loop recursion: direction = -H g.
            var q = g
            var alpha = [Double](repeating: 0, count: s.count)
            for t in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[t] = rho[t] * dot(s[t], q)
                axpy(-alpha[t], y[t], &q)
            }
            if let ls = s.last, let ly = y.last {
                let gamma = dot(ls, ly) / max(dot(ly, ly), 1e-300)
                for t in 0..<p { q[t] *= gamma }
            } else {
                let norm = dot(g, g).squareRoot()
                for t in 0..<p { q[t] /= max(norm, 1) }
            }
            for t in 0..<s.count {
                let beta = rho[t] * dot(y[t], q)
                axpy(alpha[t] - beta, s[t], &q)
            }
            var direction = q.map { -$0 }
            var slope = dot(g, direction)
            if slope >= 0 {
                // Not a descent direction (curvature lost): restart from steepest descent.
                s.removeAll(); y.removeAll(); rho.removeAll()
                direction = g.map { -$0 }
                slope = dot(g, direction)
            }
            var step = 1.0
            var next = theta
            var gNext = g
            var fNext = fx
            var accepted = false
            for _ in 0..<40 {
                for t in 0..<p { next[t] = theta[t] + step * direction[t] }
                fNext = try f(next, &gNext)
                if fNext <= fx + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            if !accepted { break }
            var sk = [Double](repeating: 0, count: p), yk = sk
            for t in 0..<p { sk[t] = next[t] - theta[t]; yk[t] = gNext[t] - g[t] }
            let sy = dot(sk, yk)
            if sy > 1e-12 * dot(yk, yk) {
                if s.count == m { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
                s.append(sk); y.append(yk); rho.append(1 / sy)
            }
            let decrease = fx - fNext
            theta = next; g = gNext; fx = fNext
            if decrease <= 1e-15 * max(abs(fx), 1) && decrease >= 0 && iteration > 1 { break }
        }
        return iteration
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        cblas_ddot(Int32(a.count), a, 1, b, 1)
    }

    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        cblas_daxpy(Int32(x.count), alpha, x, 1, &y, 1)
    }
}

extension Learn {
    static var fitLogistic: Primitive {
        Primitive(
            "fit_logistic", family: family,
            params: [
                Param("x"), Param("y"), Param("C", .float(1)), Param("max_iter", .int(100)), Param("tol", .float(1e-4)),
            ],
            summary: "Multinomial logistic regression with an L2 penalty; predict_scores(m, x) scores new rows.",
            doc: """
                Like scikit-learn's `LogisticRegression(C=C, max_iter=max_iter, tol=tol)` on three or \
                more classes (multinomial, lbfgs): minimises the mean cross-entropy plus \
                `sum(coef ** 2) / (2 * C * n)`; the intercept is not penalised. Smaller `C` means a \
                stronger penalty. The record holds `classes`, `coef` (`f64[classes, d]`), `intercept` \
                and `iterations`; it stops when the largest gradient entry is below `tol` or after \
                `max_iter` L-BFGS steps. Standardise or L2-normalise the rows first. \
                `predict_scores(m, x2)` gives the per-class log-odds, `predict(m, x2)` the best class.
                """,
            examples: [
                Example(
                    """
                    x = [[0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5], [0, 9], [1, 9], [0, 8]]
                    m = fit_logistic(x, [0, 0, 0, 1, 1, 1, 2, 2, 2])
                    predict(m, [[1, 1], [6, 6], [0, 10]])
                    """, "i64[3] [0 1 2]")
            ]
        ) { args, _ in
            let x = try learnMatrix(args, 0)
            let labels = try ClassLabels(args, 1, rows: x.rows)
            let c = try args.double(2)
            guard c > 0, c.isFinite else { throw RuntimeError("fit_logistic: 'C' must be a positive number, got \(c)") }
            let maxIter = try args.int(3, in: 0...100_000)
            let tol = try args.double(4)
            guard tol >= 0 else { throw RuntimeError("fit_logistic: 'tol' must not be negative") }
            let objective = LogisticObjective(
                x: x, codes: labels.codes, classes: labels.count, penalty: 1 / (c * Double(x.rows)))
            var theta = [Double](repeating: 0, count: objective.parameterCount)
            let used = try LBFGS.minimize(&theta, maxIterations: maxIter, tolerance: tol) { t, g in
                try objective.evaluate(t, gradient: &g)
            }
            let k = labels.count, d = x.cols
            return .record(
                Record([
                    ("model", .string("logistic")),
                    ("classes", .array(labels.classes)),
                    ("coef", .array(NDArray(shape: [k, d], storage: .f64(Array(theta[0..<(k * d)]))))),
                    ("intercept", vector(Array(theta[(k * d)...]))),
                    ("iterations", .int(Int64(used))),
                ]))
        }
    }
}
