// numpy's array2string for the default print options (precision 8, line
// width 75, summarise beyond 1000 elements with 3 edge items), so FLS prints
// arrays exactly as a numpy user expects to see them.

/// Formats single elements so that a whole array lines up.
struct ElementFormatter {
    let format: (Int) -> String

    init(_ a: NDArray, shown: [Int]) {
        switch a.storage {
        case .bool(let v):
            format = { v[$0] ? " true" : "false" }
        case .str(let v):
            format = { pythonQuoted(v[$0]) }
        case .u8, .i32, .i64:
            let v = a.storage.int64s
            var width = 0
            for i in shown { width = max(width, String(v[i]).count) }
            format = { i in
                let s = String(v[i])
                return String(repeating: " ", count: max(0, width - s.count)) + s
            }
        case .f32, .f64:
            let v = a.storage.doubles
            let f = FloatFormat(shown.map { v[$0] }, single: a.dtype == .f32)
            format = { f.text(v[$0]) }
        }
    }
}

/// numpy's FloatingFormat in "maxprec" mode with precision 8.
struct FloatFormat {
    let single: Bool
    var exponential = false
    var padLeft = 0
    var padRight = 0
    var precision = 8
    var minDigits = 0
    var expSize = -1

    init(_ values: [Double], single: Bool) {
        self.single = single
        let finite = values.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map { $0.magnitude }
        if let maxV = nonZero.max(), let minV = nonZero.min() {
            // numpy 2.2+ cuts over at 10^min(8, decimal precision of the
            // dtype): 1e6 for f32, 1e8 for f64.
            let cutoff = single ? 1e6 : 1e8
            exponential = maxV >= cutoff || minV < 0.0001 || maxV / minV > 1000
        }
        if finite.isEmpty {
            padLeft = 0; padRight = 0
        } else if exponential {
            var fracMax = 0, intMax = 0, expMax = 0
            for x in finite {
                let (first, rest, e) = DecimalDigits(x, single: single).scientific(precision: 8, value: x)
                fracMax = max(fracMax, rest.count)
                intMax = max(intMax, first.count + (x.sign == .minus ? 1 : 0))
                expMax = max(expMax, max(2, String(e.magnitude).count))
            }
            precision = fracMax
            minDigits = fracMax
            expSize = expMax
            padLeft = intMax
            padRight = expSize + 2 + precision
        } else {
            var intMax = 0, fracMax = 0
            for x in finite {
                let (i, f) = DecimalDigits(x, single: single).positional(precision: 8, value: x)
                intMax = max(intMax, i.count + (x.sign == .minus ? 1 : 0))
                fracMax = max(fracMax, f.count)
            }
            padLeft = intMax
            padRight = fracMax
        }
        if finite.count != values.count {
            let negInf = values.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset)
        }
    }

    func text(_ x: Double) -> String {
        if !x.isFinite {
            let s = x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf")
            return String(repeating: " ", count: max(0, padLeft + padRight + 1 - s.count)) + s
        }
        let sign = x.sign == .minus ? "-" : ""
        let d = DecimalDigits(x, single: single)
        if exponential {
            let (first, rest, e) = d.scientific(precision: precision, minDigits: minDigits, value: x)
            let intPart = sign + first
            let frac = rest + String(repeating: "0", count: max(0, minDigits - rest.count))
            return String(repeating: " ", count: max(0, padLeft - intPart.count)) + intPart + "." + frac + exponentText(e, digits: expSize)
        }
        let (i, f) = d.positional(precision: precision, value: x)
        let intPart = sign + i
        return String(repeating: " ", count: max(0, padLeft - intPart.count)) + intPart + "." + f
            + String(repeating: " ", count: max(0, padRight - f.count))
    }
}

/// Python's repr of a string: single quotes unless the text holds one.
func pythonQuoted(_ s: String) -> String {
    let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for c in s.unicodeScalars {
        switch c {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if Character(c) == quote { out += "\\" + String(quote) } else if c.value < 32 || c.value == 127 {
                let h = String(c.value, radix: 16)
                out += "\\x" + (h.count < 2 ? "0" + h : h)
            } else { out.unicodeScalars.append(c) }
        }
    }
    out.append(quote)
    return out
}

extension NDArray {
    /// numpy's `str(array)` (array2string with the default options).
    func arrayText(lineWidth: Int = 75, threshold: Int = 1000, edgeItems: Int = 3) -> String {
        if ndim == 0 {
            return ElementFormatter(self, shown: [0]).format(0)
        }
        let summarise = count > threshold
        let strides = contiguousStrides(shape)
        // The elements printed decide the widths, as numpy formats only the
        // leading and trailing edge items of a summarised array.
        var shown: [Int] = []
        func collect(_ axis: Int, _ base: Int) {
            if axis == ndim { shown.append(base); return }
            let n = shape[axis]
            if summarise && n > 2 * edgeItems {
                for i in 0..<edgeItems { collect(axis + 1, base + i * strides[axis]) }
                for i in (n - edgeItems)..<n { collect(axis + 1, base + i * strides[axis]) }
            } else {
                for i in 0..<n { collect(axis + 1, base + i * strides[axis]) }
            }
        }
        collect(0, 0)
        let formatter = ElementFormatter(self, shown: shown)
        let separator = " "

        func extend(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ prefix: String) {
            var wrap = line.count + word.count > width
            if line.count <= prefix.count { wrap = false }
            if wrap {
                while line.last == " " { line.removeLast() }
                s += line + "\n"
                line = prefix
            }
            line += word
        }

        func recurse(_ axis: Int, _ base: Int, _ hanging: String, _ width: Int) -> String {
            if axis == ndim { return formatter.format(base) }
            let nextHanging = hanging + " "
            let nextWidth = width - 1
            let n = shape[axis]
            let summary = summarise && 2 * edgeItems < n
            let leading = summary ? edgeItems : 0
            let trailing = summary ? edgeItems : n
            var s = ""
            let left = ndim - axis
            if left == 1 {
                let elemWidth = width - 1
                var line = hanging
                for i in 0..<leading {
                    extend(&s, &line, recurse(axis + 1, base + i * strides[axis], nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                }
                if summary {
                    extend(&s, &line, "...", elemWidth, hanging)
                    line += separator
                }
                var i = trailing
                while i > 1 {
                    extend(&s, &line, recurse(axis + 1, base + (n - i) * strides[axis], nextHanging, nextWidth), elemWidth, hanging)
                    line += separator
                    i -= 1
                }
                if n > 0 {
                    extend(&s, &line, recurse(axis + 1, base + (n - 1) * strides[axis], nextHanging, nextWidth), elemWidth, hanging)
                }
                s += line
            } else {
                let lineSep = "" + String(repeating: "\n", count: left - 1)
                for i in 0..<leading {
                    s += hanging + recurse(axis + 1, base + i * strides[axis], nextHanging, nextWidth) + lineSep
                }
                if summary { s += hanging + "..." + lineSep }
                var i = trailing
                while i > 1 {
                    s += hanging + recurse(axis + 1, base + (n - i) * strides[axis], nextHanging, nextWidth) + lineSep
                    i -= 1
                }
                if n > 0 { s += hanging + recurse(axis + 1, base + (n - 1) * strides[axis], nextHanging, nextWidth) }
            }
            return "[" + String(s.dropFirst(hanging.count)) + "]"
        }
        if count == 0 {
            // numpy prints an empty array as [] nested to its depth.
            return "[]"
        }
        return recurse(0, 0, " ", lineWidth)
    }
}
