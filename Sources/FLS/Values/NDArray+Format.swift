// numpy's array2string for the default print options (precision 8, line
// width 75, summarise beyond 1000 elements with 3 edge items), so FLS prints
// arrays exactly as a numpy user expects to see them.

/// The offsets of the elements an array's text shows: all of them, or the
/// leading and trailing edge items of each long axis of a summarised array
/// (numpy formats only those, and takes the column widths over them).
/// Visited in place, never collected.
struct ShownElements {
    let shape: [Int]
    let strides: [Int]
    let summarise: Bool
    let edgeItems: Int
    /// Explicit offsets to show instead (front ends that lay out a few
    /// elements themselves).
    var offsets: [Int]? = nil

    /// Calls `body` with each shown offset; Ctrl-C stops it.
    func forEachOffset(_ body: (Int) throws -> Void) throws {
        if let offsets {
            for offset in offsets { try body(offset) }
            return
        }
        var visited = 0
        func collect(_ axis: Int, _ base: Int) throws {
            if axis == shape.count {
                visited += 1
                if visited & 4095 == 0 { try Interrupt.check() }
                try body(base)
                return
            }
            let n = shape[axis]
            if summarise && n > 2 * edgeItems {
                for i in 0..<edgeItems { try collect(axis + 1, base + i * strides[axis]) }
                for i in (n - edgeItems)..<n { try collect(axis + 1, base + i * strides[axis]) }
            } else {
                for i in 0..<n { try collect(axis + 1, base + i * strides[axis]) }
            }
        }
        try collect(0, 0)
    }
}

/// Formats single elements so that a whole array lines up. Elements are
/// read in place (a u8 array is not widened to 64 bits to be printed).
struct ElementFormatter {
    let format: (Int) -> String

    init(_ a: NDArray, shown: ShownElements) throws {
        switch a.storage {
        case .bool(let v):
            format = { v[$0] ? " true" : "false" }
        case .str(let v):
            format = { pythonQuoted(v[$0]) }
        case .u8(let v): format = try ElementFormatter.integers(shown) { Int64(v[$0]) }
        case .i32(let v): format = try ElementFormatter.integers(shown) { Int64(v[$0]) }
        case .i64(let v): format = try ElementFormatter.integers(shown) { v[$0] }
        case .f32(let v):
            let f = try FloatFormat(single: true, shown: shown) { Double(v[$0]) }
            format = { f.text(Double(v[$0])) }
        case .f64(let v):
            let f = try FloatFormat(single: false, shown: shown) { v[$0] }
            format = { f.text(v[$0]) }
        }
    }

    static func integers(_ shown: ShownElements, _ value: @escaping (Int) -> Int64) throws -> (Int) -> String {
        var width = 0
        try shown.forEachOffset { i in width = max(width, decimalWidth(value(i))) }
        return { i in
            let s = String(value(i))
            return String(repeating: " ", count: max(0, width - s.count)) + s
        }
    }

    /// Characters in the decimal text of `n`, without making the text.
    static func decimalWidth(_ n: Int64) -> Int {
        var m = n.magnitude
        var w = n < 0 ? 2 : 1
        while m >= 10 { m /= 10; w += 1 }
        return w
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

    /// Takes the layout over the shown elements, read with `value` in two
    /// passes (ranges first, then digits), so nothing is collected.
    init(single: Bool, shown: ShownElements, value: (Int) -> Double) throws {
        func values(_ body: (Double) -> Void) throws { try shown.forEachOffset { body(value($0)) } }
        self.single = single
        var total = 0, finiteCount = 0
        var maxV = -Double.infinity, minV = Double.infinity
        var negInf = false
        try values { x in
            total += 1
            if x.isFinite {
                finiteCount += 1
                if x != 0 { maxV = Swift.max(maxV, x.magnitude); minV = Swift.min(minV, x.magnitude) }
            } else if x.isInfinite && x < 0 {
                negInf = true
            }
        }
        if minV <= maxV {
            // numpy 2.2+ cuts over at 10^min(8, decimal precision of the
            // dtype): 1e6 for f32, 1e8 for f64.
            // The tests are numpy's, made in the dtype's own precision: an
            // f32 0.0001 is not below 0.0001 there.
            if single {
                let mx = Float(maxV), mn = Float(minV)
                exponential = mx >= 1e6 || mn < Float(0.0001) || mx / mn > 1000
            } else {
                exponential = maxV >= 1e8 || minV < 0.0001 || maxV / minV > 1000
            }
        }
        if finiteCount == 0 {
            padLeft = 0; padRight = 0
        } else if exponential {
            var fracMax = 0, intMax = 0, expMax = 0
            try values { x in
                guard x.isFinite else { return }
                let (first, rest, e) = DecimalDigits(x, single: single).scientific(precision: 8, value: x)
                fracMax = Swift.max(fracMax, rest.count)
                intMax = Swift.max(intMax, first.count + (x.sign == .minus ? 1 : 0))
                expMax = Swift.max(expMax, Swift.max(2, String(e.magnitude).count))
            }
            precision = fracMax
            minDigits = fracMax
            expSize = expMax
            padLeft = intMax
            padRight = expSize + 2 + precision
        } else {
            var intMax = 0, fracMax = 0
            try values { x in
                guard x.isFinite else { return }
                let (i, f) = DecimalDigits(x, single: single).positional(precision: 8, value: x)
                intMax = Swift.max(intMax, i.count + (x.sign == .minus ? 1 : 0))
                fracMax = Swift.max(fracMax, f.count)
            }
            padLeft = intMax
            padRight = fracMax
        }
        if finiteCount != total {
            let offset = padRight + 1
            padLeft = Swift.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset)
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
            return String(repeating: " ", count: max(0, padLeft - intPart.count)) + intPart + "." + frac
                + exponentText(e, digits: expSize)
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
            if Character(c) == quote {
                out += "\\" + String(quote)
            } else if c.value < 32 || c.value == 127 {
                let h = String(c.value, radix: 16)
                out += "\\x" + (h.count < 2 ? "0" + h : h)
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }
    out.append(quote)
    return out
}

extension NDArray {
    /// numpy's `str(array)` (array2string with the default options).
    ///
    /// An empty array prints as `[]` whatever its extents (numpy does the
    /// same), so a shape like (2^62, 0) costs nothing. Otherwise the text is
    /// checked against the memory gatekeeper before it is built (an array
    /// whose axes are all short is printed whole, as numpy prints it, and
    /// that can be gigabytes), and Ctrl-C stops the formatting.
    func arrayText(lineWidth: Int = 75, threshold: Int = 1000, edgeItems: Int = 3) throws -> String {
        if ndim == 0 {
            let one = ShownElements(shape: [], strides: [], summarise: false, edgeItems: 0)
            return try ElementFormatter(self, shown: one).format(0)
        }
        if count == 0 {
            // numpy prints an empty array as [] nested to its depth.
            return "[]"
        }
        let summarise = count > threshold
        let strides = contiguousStrides(shape)
        // How many elements are printed: every extent, or the edge items of
        // the long axes of a summarised array.
        var shownCount = 1
        for n in shape {
            let (product, overflow) = shownCount.multipliedReportingOverflow(
                by: summarise && n > 2 * edgeItems ? 2 * edgeItems : n)
            if overflow { throw Limits.tooLargeString(Int.max) }
            shownCount = product
        }
        // Each element takes at least two characters (itself and a space).
        try Limits.checkString(count: shownCount, of: 2)
        let shown = ShownElements(shape: shape, strides: strides, summarise: summarise, edgeItems: edgeItems)
        let formatter = try ElementFormatter(self, shown: shown)
        // Now the widths are known: one element's text and its separator,
        // plus the brackets and line breaks around each row.
        let sample = formatter.format(0).utf8.count
        try Limits.checkString(count: shownCount, of: sample + ndim + 2)
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

        func recurse(_ axis: Int, _ base: Int, _ hanging: String, _ width: Int) throws -> String {
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
                try Interrupt.check()
                let elemWidth = width - 1
                var line = hanging
                for i in 0..<leading {
                    extend(
                        &s, &line, try recurse(axis + 1, base + i * strides[axis], nextHanging, nextWidth), elemWidth,
                        hanging)
                    line += separator
                }
                if summary {
                    extend(&s, &line, "...", elemWidth, hanging)
                    line += separator
                }
                var i = trailing
                while i > 1 {
                    extend(
                        &s, &line, try recurse(axis + 1, base + (n - i) * strides[axis], nextHanging, nextWidth),
                        elemWidth, hanging)
                    line += separator
                    i -= 1
                }
                if n > 0 {
                    extend(
                        &s, &line, try recurse(axis + 1, base + (n - 1) * strides[axis], nextHanging, nextWidth),
                        elemWidth, hanging)
                }
                s += line
            } else {
                let lineSep = "" + String(repeating: "\n", count: left - 1)
                for i in 0..<leading {
                    s += hanging + (try recurse(axis + 1, base + i * strides[axis], nextHanging, nextWidth)) + lineSep
                }
                if summary { s += hanging + "..." + lineSep }
                var i = trailing
                while i > 1 {
                    s +=
                        hanging + (try recurse(axis + 1, base + (n - i) * strides[axis], nextHanging, nextWidth))
                        + lineSep
                    i -= 1
                }
                if n > 0 {
                    s += hanging + (try recurse(axis + 1, base + (n - 1) * strides[axis], nextHanging, nextWidth))
                }
            }
            return "[" + String(s.dropFirst(hanging.count)) + "]"
        }
        return try recurse(0, 0, " ", lineWidth)
    }
}
