import Foundation

/// Axis ticks on a 1-2-5 grid, with labels formatted to the step's precision.
struct NiceTicks {
    let values: [Double]
    let step: Double
    let labels: [String]

    /// Ticks covering [lo, hi] with about `target` intervals.
    init(lo: Double, hi: Double, target: Int) {
        let span = hi - lo
        let raw = span / Double(max(1, target))
        let step = NiceTicks.niceStep(raw > 0 && raw.isFinite ? raw : 1)
        var values: [Double] = []
        let first = (lo / step).rounded(.up)
        let last = (hi / step).rounded(.down)
        if first.isFinite && last.isFinite && last - first < 1000 {
            var k = first
            while k <= last {
                // Snap near-zero ticks to exactly zero so "-0" never appears.
                let v = k * step
                values.append(abs(v) < step * 1e-9 ? 0 : v)
                k += 1
            }
        }
        self.values = values
        self.step = step
        self.labels = values.map { NiceTicks.format($0, step: step) }
    }

    /// The smallest of 1, 2, 5 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        let nice: Double
        if fraction <= 1 {
            nice = 1
        } else if fraction <= 2 {
            nice = 2
        } else if fraction <= 5 {
            nice = 5
        } else {
            nice = 10
        }
        return nice * magnitude
    }

    /// Formats a tick value with just enough decimals for the step; very large or
    /// very small values use scientific notation.
    static func format(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        let mag = abs(v)
        if mag >= 1e6 || step < 1e-4 || !step.isFinite || !mag.isFinite {
            return String(format: "%.3g", v)
        }
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        return String(format: "%.\(decimals)f", v)
    }
}

/// A linear map from a data interval to a pixel interval.
struct LinearScale {
    let d0: Double, d1: Double, p0: Double, p1: Double

    func callAsFunction(_ v: Double) -> Double {
        let span = d1 - d0
        return span == 0 ? (p0 + p1) / 2 : p0 + (v - d0) / span * (p1 - p0)
    }
}

/// Finite minimum and maximum of a series, nil when it has no finite value.
func finiteRange(_ values: [Double]) -> (Double, Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for v in values where v.isFinite {
        if v < lo { lo = v }
        if v > hi { hi = v }
    }
    return lo <= hi ? (lo, hi) : nil
}
