import Dispatch
import Foundation

/// Settings of a t-SNE run; the defaults follow scikit-learn's `TSNE`.
public struct TSNEOptions {
    /// Output dimensions; only 2 is supported (the quad tree is two-dimensional).
    public var dims = 2
    /// Effective number of neighbours each point's affinities are calibrated to.
    public var perplexity = 30.0
    /// Seed of the random initialisation (used when `initialization` is `.random`).
    public var seed: UInt64 = 0
    /// Total gradient-descent iterations, early exaggeration included.
    public var iterations = 1000
    /// Iterations run with exaggerated affinities and momentum 0.5.
    public var exaggerationIterations = 250
    /// Factor applied to the affinities during the first phase.
    public var earlyExaggeration = 12.0
    /// Step size; nil means scikit-learn's "auto": max(n / exaggeration / 4, 50).
    public var learningRate: Double? = nil
    /// Barnes-Hut accuracy: a cell is summarised when width / distance < theta.
    public var theta = 0.5
    /// Up to this many points the exact O(n²) gradient is used, Barnes-Hut above.
    /// Measured on 2048-d signatures: exact is 2x faster at 500 points, even at
    /// 800, 2x slower at 1,200, with the same trustworthiness to 0.0002.
    public var exactThreshold = 800
    /// Inputs with more columns than this and more than `pcaMinRows` rows are
    /// first reduced to this many dimensions by PCA.
    public var pcaDims = 50
    /// Below this many rows the neighbours are found in the full input space:
    /// exact distances by GEMM are cheap there, and on 2048-d signatures keeping
    /// every dimension measurably improves trustworthiness (0.9955 against 0.9925
    /// for 500 points). Above it the reduction keeps the O(n² d) search affordable.
    public var pcaMinRows = 5000
    /// How the embedding starts.
    public var initialization: Initialization = .pca
    /// Calibrate the exact path's affinities over all pairs (scikit-learn's
    /// method="exact") instead of the nearest 3 * perplexity neighbours.
    public var allPairAffinities = false

    /// Starting positions of the embedding.
    public enum Initialization {
        /// The first principal components, scaled to a standard deviation of 1e-4 (deterministic).
        case pca
        /// Gaussian noise of standard deviation 1e-4 drawn from `seed`.
        case random
    }

    /// Default settings.
    public init() {}
}

/// t-distributed stochastic neighbour embedding (van der Maaten and Hinton, 2008),
/// with the exact gradient for small inputs and Barnes-Hut for larger ones.
public enum TSNE {
    /// Embeds the rows of a row-major [rows, cols] f32 matrix; returns [rows, 2] coordinates.
    public static func embed(
        _ x: [Float], rows: Int, cols: Int, options: TSNEOptions = TSNEOptions(),
        progress: ((Int, Double) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws -> [Double] {
        try embed(
            x.map(Double.init), rows: rows, cols: cols, options: options, progress: progress, shouldStop: shouldStop)
    }

    /// Embeds the rows of a row-major [rows, cols] matrix; returns [rows, 2] coordinates.
    ///
    /// `progress(iteration, kl)` is called every 50 iterations with the current
    /// Kullback-Leibler divergence; `shouldStop` is polled every iteration and,
    /// when it returns true, the run ends with an "interrupted" error.
    public static func embed(
        _ x: [Double], rows n: Int, cols d: Int, options: TSNEOptions = TSNEOptions(),
        progress: ((Int, Double) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) throws -> [Double] {
        let count = try checkedProduct([n, d], what: "The t-SNE input")
        guard x.count == count, d >= 1 else {
            throw VizError("tsne expected \(count) values for a [\(n), \(d)] matrix, got \(x.count).")
        }
        guard options.dims == 2 else { throw VizError("tsne supports dims = 2 only, got \(options.dims).") }
        guard options.perplexity > 0, options.perplexity.isFinite else {
            throw VizError("tsne needs a positive perplexity, got \(options.perplexity).")
        }
        guard n >= 4, Double(n) > options.perplexity else {
            throw VizError(
                "tsne needs more points (\(n)) than the perplexity (\(options.perplexity)); lower the perplexity.")
        }
        guard n <= 10_000_000 else {
            throw VizError("tsne handles at most 10,000,000 points, got \(n).")
        }
        guard options.iterations >= 0, options.exaggerationIterations >= 0, options.theta >= 0 else {
            throw VizError("tsne needs non-negative iteration counts and theta.")
        }
        guard x.allSatisfy({ $0.isFinite }) else {
            throw VizError("tsne input contains NaN or infinite values; filter them first.")
        }

        // Reduce wide inputs with PCA first: distances change little and every
        // later step gets much cheaper.
        var clock = StageClock()
        var data = x
        var dims = d
        if d > options.pcaDims && options.pcaDims >= 1 && n > options.pcaMinRows {
            data = try PCA.fit(x, rows: n, cols: d, k: options.pcaDims).coords
            dims = options.pcaDims
        }
        clock.lap("pca")

        // The dense path holds n² affinities, so it is capped whatever the option says.
        let exact = n <= min(options.exactThreshold, 10_000)
        // Affinities are calibrated over each point's 3 * perplexity nearest
        // neighbours at every size, as scikit-learn's default (Barnes-Hut) TSNE
        // does; the exact gradient then runs over that sparse P made dense.
        // Calibrating over all n - 1 points instead (scikit-learn's "exact"
        // method) spreads each point's mass over far points and gave visibly
        // worse maps: trustworthiness 0.86 against 0.93 on 185 sample-data
        // signatures (scikit-learn: exact 0.86-0.89, Barnes-Hut 0.92-0.93).
        let sparse =
            options.allPairAffinities && exact
            ? Affinities.dense(data, rows: n, cols: dims, perplexity: options.perplexity)
            : Affinities.sparse(data, rows: n, cols: dims, perplexity: options.perplexity)
        let affinities = exact && !options.allPairAffinities ? sparse.densified(count: n) : sparse

        clock.lap("affinities")
        var y = try initialPositions(data, rows: n, cols: dims, options: options)
        clock.lap("init")
        let learningRate = options.learningRate ?? max(Double(n) / options.earlyExaggeration / 4, 50)
        var optimizer = Optimizer(count: n * 2, learningRate: learningRate)
        let gradient: GradientKernel =
            exact
            ? ExactGradient(affinities: affinities, count: n)
            : BarnesHutGradient(affinities: affinities, count: n, theta: options.theta)

        var stage1 = min(options.exaggerationIterations, options.iterations)
        var bestKL = Double.infinity
        var bestIteration = 0
        for iteration in 0..<options.iterations {
            if let shouldStop, shouldStop() { throw VizError("tsne was interrupted.") }
            let exploring = iteration < stage1
            if iteration == stage1 {
                // scikit-learn restarts the optimiser's momentum and gains for phase two.
                optimizer = Optimizer(count: n * 2, learningRate: learningRate)
                bestKL = .infinity
                bestIteration = iteration
            }
            let check = (iteration + 1) % 50 == 0 || iteration == options.iterations - 1
            let kl = gradient.compute(
                y, exaggeration: exploring ? options.earlyExaggeration : 1,
                wantKL: check || progress != nil && (iteration + 1) % 50 == 0)
            let gradNorm = optimizer.step(&y, gradient: gradient.grad, momentum: exploring ? 0.5 : 0.8)
            if check {
                progress?(iteration + 1, kl)
                // scikit-learn's stopping rules: a vanishing gradient, or no
                // improvement of the divergence for 300 iterations.
                // A vanishing gradient ends the exaggerated phase early, as in
                // scikit-learn. On well-separated clusters (equal-sized groups of
                // 16, like the kit's 16 frames per person) exaggeration pulls the
                // whole map together until the gradient vanishes; continuing the
                // phase then shrank it to ~1e-7 and the same test stopped phase two
                // at its first check: the map collapsed to a point. Phase two,
                // without exaggeration, spreads it out again.
                if gradNorm <= 1e-7 {
                    if exploring { stage1 = iteration + 1; continue } else { break }
                }
                if kl < bestKL {
                    bestKL = kl; bestIteration = iteration
                } else if iteration - bestIteration > 300 {
                    if !exploring { break }
                }
            }
        }
        clock.lap("optimise")
        return y
    }

    /// The map's spread (the larger standard deviation of its two axes) when it
    /// is too small to show anything (under 1e-3, where real maps spread over
    /// units to tens), else nil.
    public static func degenerateSpread(_ y: [Double], rows n: Int) -> Double? {
        guard n >= 2 else { return nil }
        var spread = 0.0
        for axis in 0..<2 {
            var mean = 0.0, sq = 0.0
            for i in 0..<n { mean += y[2 * i + axis] }
            mean /= Double(n)
            for i in 0..<n { sq += (y[2 * i + axis] - mean) * (y[2 * i + axis] - mean) }
            spread = max(spread, (sq / Double(n)).squareRoot())
        }
        return spread < 1e-3 || !spread.isFinite ? spread : nil
    }

    static func initialPositions(_ data: [Double], rows n: Int, cols d: Int, options: TSNEOptions) throws -> [Double] {
        var y = [Double](repeating: 0, count: n * 2)
        switch options.initialization {
        case .pca:
            let k = min(2, d)
            let coords = try PCA.randomizedCoords(data, rows: n, cols: d, k: k, seed: options.seed)
            var mean = 0.0, sq = 0.0
            for i in 0..<n { mean += coords[i * k] }
            mean /= Double(n)
            for i in 0..<n { sq += (coords[i * k] - mean) * (coords[i * k] - mean) }
            let std = (sq / Double(n)).squareRoot()
            let scale = std > 0 ? 1e-4 / std : 0
            for i in 0..<n {
                y[2 * i] = coords[i * k] * scale
                y[2 * i + 1] = k > 1 ? coords[i * k + 1] * scale : 0
            }
            if std > 0 { return y }
            fallthrough
        case .random:
            var rng = SplitMix64(seed: options.seed)
            for i in 0..<(n * 2) { y[i] = 1e-4 * rng.nextGaussian() }
        }
        return y
    }
}

/// Gradient descent with momentum and per-parameter gains (Jacobs' delta-bar-delta),
/// exactly as scikit-learn's `_gradient_descent`.
struct Optimizer {
    var update: [Double]
    var gains: [Double]
    let learningRate: Double

    init(count: Int, learningRate: Double) {
        update = [Double](repeating: 0, count: count)
        gains = [Double](repeating: 1, count: count)
        self.learningRate = learningRate
    }

    /// Moves `y` one step; returns the norm of the gain-scaled gradient.
    @_optimize(speed)
    mutating func step(_ y: inout [Double], gradient: [Double], momentum: Double) -> Double {
        var norm = 0.0
        let lr = learningRate
        y.withUnsafeMutableBufferPointer { p in
            update.withUnsafeMutableBufferPointer { u in
                gains.withUnsafeMutableBufferPointer { g in
                    gradient.withUnsafeBufferPointer { grad in
                        for i in 0..<p.count {
                            let gi = grad[i]
                            var gain = g[i]
                            gain = (u[i] * gi < 0) ? gain + 0.2 : gain * 0.8
                            gain = max(gain, 0.01)
                            g[i] = gain
                            // scikit-learn measures the gradient after the gains.
                            norm += (gain * gi) * (gain * gi)
                            u[i] = momentum * u[i] - lr * gain * gi
                            p[i] += u[i]
                        }
                    }
                }
            }
        }
        return norm.squareRoot()
    }
}

/// A gradient of the t-SNE objective for 2-D positions.
protocol GradientKernel: AnyObject {
    /// The last computed gradient, [n, 2].
    var grad: [Double] { get }
    /// Computes the gradient at `y`; returns the KL divergence when `wantKL`, else 0.
    func compute(_ y: [Double], exaggeration: Double, wantKL: Bool) -> Double
}

/// Splits 0..<n into `chunks` contiguous ranges run in parallel. The split does not
/// depend on the number of cores, so reductions done per chunk and then summed in
/// chunk order give the same result on every machine.
func parallelChunks(_ n: Int, chunks: Int = 16, _ body: (Int, Range<Int>) -> Void) {
    let c = max(1, min(chunks, n))
    DispatchQueue.concurrentPerform(iterations: c) { k in
        body(k, (n * k / c)..<(n * (k + 1) / c))
    }
}

/// A small deterministic generator (SplitMix64) so seeds give the same numbers everywhere.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw (Box-Muller).
    mutating func nextGaussian() -> Double {
        let u = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
        let v = Double(next() >> 11) / 9_007_199_254_740_992
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// Prints stage timings to stderr when FLS_TSNE_TIMING is set (benchmarking aid).
struct StageClock {
    private var last = Date()
    private let enabled = ProcessInfo.processInfo.environment["FLS_TSNE_TIMING"] != nil

    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(
            Data("tsne \(name): \(String(format: "%.3f", now.timeIntervalSince(last))) s\n".utf8))
        last = now
    }
}
