/// How a histogram's bins are chosen: a count of equal bins over the data's
/// range, or explicit edges.
public enum HistogramBins {
    case count(Int)
    case edges([Double])
}

/// Bin edges and counts computed with numpy's `np.histogram` rules.
public struct Histogram: Equatable {
    /// `counts.count + 1` increasing edges.
    public let edges: [Double]
    /// Number of values in each bin; bin i holds edges[i] <= v < edges[i+1],
    /// the last bin also holds its right edge.
    public let counts: [Double]

    /// Bins `values` like numpy: for a count, edges span [min, max] of the
    /// finite values (widened by 0.5 each side when they are equal, [0, 1]
    /// when there are none). Unlike numpy, NaN and infinite values are skipped
    /// rather than rejected, because filtered keypoints are NaN.
    public init(_ values: [Double], bins: HistogramBins) throws {
        switch bins {
        case .count(let n):
            guard n >= 1 && n <= 1_000_000 else {
                throw VizError("A histogram needs between 1 and 1,000,000 bins, got \(n).")
            }
            var (lo, hi) = finiteRange(values) ?? (0, 1)
            if lo == hi { lo -= 0.5; hi += 0.5 }
            var edges = [Double](repeating: 0, count: n + 1)
            // numpy's linspace: lo + i * step, with the last edge exactly hi.
            let step = (hi - lo) / Double(n)
            for i in 0...n { edges[i] = lo + Double(i) * step }
            edges[n] = hi
            // A range too wide for a double (hi - lo overflows) or too narrow
            // for n distinct edges (1e17 +- 0.5 is 1e17) gives edges that are
            // not finite or not increasing: numpy refuses it with this message.
            for i in 0..<n where !(edges[i].isFinite && edges[i] < edges[i + 1]) {
                throw VizError("Too many bins for data range. Cannot create \(n) finite-sized bins.")
            }
            var counts = [Double](repeating: 0, count: n)
            let norm = Double(n) / (hi - lo)
            for v in values where v.isFinite && v >= lo && v <= hi {
                // numpy computes the bin arithmetically, then corrects it against
                // the edges so that rounding never puts a value in a wrong bin.
                // The edges are finite and increasing, so the position is a
                // finite number in [0, n]; clamping before the conversion keeps
                // Int() from ever seeing anything else.
                let position = Swift.max(0, Swift.min((v - lo) * norm, Double(n - 1)))
                var i = position.isFinite ? Int(position) : 0
                if v < edges[i] { i -= 1 } else if i != n - 1 && v >= edges[i + 1] { i += 1 }
                counts[max(0, min(n - 1, i))] += 1
            }
            self.edges = edges
            self.counts = counts
        case .edges(let edges):
            guard edges.count >= 2 else {
                throw VizError("Histogram edges need at least two values, got \(edges.count).")
            }
            guard edges.allSatisfy({ $0.isFinite }) else {
                throw VizError("Histogram edges must be finite numbers.")
            }
            for i in 1..<edges.count where edges[i] < edges[i - 1] {
                throw VizError("Histogram edges must increase monotonically (edge \(i) is smaller than edge \(i - 1)).")
            }
            let n = edges.count - 1
            var counts = [Double](repeating: 0, count: n)
            let first = edges[0], last = edges[n]
            for v in values where v.isFinite && v >= first && v <= last {
                if v == last { counts[n - 1] += 1; continue }
                // Largest i with edges[i] <= v, found by bisection.
                var a = 0, b = n
                while b - a > 1 {
                    let m = (a + b) / 2
                    if edges[m] <= v { a = m } else { b = m }
                }
                counts[a] += 1
            }
            self.edges = edges
            self.counts = counts
        }
    }
}
