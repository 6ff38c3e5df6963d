// `:timeit expr`, after IPython's %timeit: the expression is compiled once,
// then run in loops of n calls, n growing tenfold until one loop takes at
// least 0.2 s; then up to 7 loops are timed (fewer when a loop is slow, so
// the whole takes about 3 s at most) and their per-call mean and standard
// deviation reported.

import FLS

#if canImport(Glibc)
import Glibc
#endif

extension REPLSession {
    /// Times `text` as `:timeit` does and writes `12.3 ms ± 0.4 ms per run (mean ± std. dev. of 7 runs, 10 loops each)`.
    func timeit(_ text: String) {
        let body: () throws -> Value?
        do {
            body = try interpreter.prepare(SourceFile(name: "<repl>", text: text))
        } catch {
            host.writeError(DiagnosticRenderer.render(error, color: color) + "\n")
            return
        }
        do {
            let interpreter = self.interpreter
            let result = try runOnLargeStack { try interpreter.enter { try REPLSession.measure(body) } }
            host.write(REPLSession.timeitLine(result))
        } catch {
            host.writeError(DiagnosticRenderer.render(error, color: color) + "\n")
        }
    }

    struct TimeitResult {
        var perCall: [Double]
        var loops: Int
    }

    /// Runs `body` in timed loops; throws the body's error or an interrupt.
    static func measure(_ body: () throws -> Value?, target: Double = 0.2, budget: Double = 3.0) throws -> TimeitResult
    {
        var loops = 1
        var first = 0.0
        while true {
            let start = MemoryProbe.now()
            for _ in 0..<loops { _ = try body() }
            first = MemoryProbe.now() - start
            if first >= target || loops >= 1_000_000 { break }
            loops *= 10
        }
        try Interrupt.check()
        var perCall = [first / Double(loops)]
        let repeats = max(1, min(7, Int(budget / max(first, 1e-9))))
        while perCall.count < repeats {
            let start = MemoryProbe.now()
            for _ in 0..<loops { _ = try body() }
            perCall.append((MemoryProbe.now() - start) / Double(loops))
            try Interrupt.check()
        }
        return TimeitResult(perCall: perCall, loops: loops)
    }

    static func timeitLine(_ r: TimeitResult) -> String {
        let n = Double(r.perCall.count)
        let mean = r.perCall.reduce(0, +) / n
        let variance = r.perCall.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let spread = variance.squareRoot()
        let runs = r.perCall.count == 1 ? "1 run" : "\(r.perCall.count) runs"
        let loops = r.loops == 1 ? "1 loop each" : "\(r.loops) loops each"
        return "\(significant(mean)) ± \(significant(spread)) per loop (mean ± std. dev. of \(runs), \(loops))\n"
    }
}

extension REPLSession {
    /// Seconds with three significant digits in s, ms, µs or ns (IPython's style).
    static func significant(_ seconds: Double) -> String {
        let units: [(Double, String)] = [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
        for (scale, unit) in units where seconds >= scale || unit == "ns" {
            let x = seconds / scale
            let places = x >= 100 ? 0 : x >= 10 ? 1 : 2
            return formatDecimal(x, places) + " " + unit
        }
        return "0 ns"
    }
}
