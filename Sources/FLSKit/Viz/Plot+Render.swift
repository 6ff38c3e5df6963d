import CCairo

extension Plot {
    /// Renders the plot as a PNG file of `width` x `height` pixels.
    public func renderPNG(width: Int = 800, height: Int = 500) throws -> [UInt8] {
        let canvas = try CairoCanvas.image(width: width, height: height)
        try draw(on: canvas)
        return try canvas.pngBytes()
    }

    /// Renders the plot as an RGB picture.
    public func renderImage(width: Int = 800, height: Int = 500) throws -> RGBImage {
        let canvas = try CairoCanvas.image(width: width, height: height)
        try draw(on: canvas)
        return try canvas.rgbImage()
    }

    /// Renders the plot as an SVG document. Cairo draws text as glyph outlines,
    /// so the title and axis labels are also written as the document's
    /// `<title>` and `<desc>` for search, accessibility and tests.
    public func renderSVG(width: Int = 800, height: Int = 500) throws -> String {
        let canvas = try CairoCanvas.svg(width: width, height: height)
        try draw(on: canvas)
        var svg = try canvas.finishSVG()
        var meta = ""
        if !title.isEmpty { meta += "<title>\(xmlEscaped(title))</title>\n" }
        let desc = [xLabel.isEmpty ? nil : "x: \(xLabel)", yLabel.isEmpty ? nil : "y: \(yLabel)"]
            .compactMap { $0 }.joined(separator: "; ")
        if !desc.isEmpty { meta += "<desc>\(xmlEscaped(desc))</desc>\n" }
        if !meta.isEmpty, let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].range(of: ">") {
            svg.insert(contentsOf: "\n" + meta, at: close.upperBound)
        }
        return svg
    }

    // MARK: Layout

    /// Data limits of the plot area: x, y.
    private func dataLimits() -> (Double, Double, Double, Double) {
        func padded(_ r: (Double, Double)?) -> (Double, Double) {
            guard let (lo, hi) = r else { return (0, 1) }
            if lo == hi { let d = lo == 0 ? 0.5 : abs(lo) * 0.1; return (lo - d, hi + d) }
            let pad = (hi - lo) * 0.05
            return (lo - pad, hi + pad)
        }
        switch content {
        case .histogram(let h):
            let top = (h.counts.max() ?? 1) * 1.05
            return (h.edges[0], h.edges[h.edges.count - 1], 0, top > 0 ? top : 1)
        case .scatter(let x, let y, _):
            let xr = padded(finiteRange(x)), yr = padded(finiteRange(y))
            return (xr.0, xr.1, yr.0, yr.1)
        case .lines(let series):
            let xr = padded(finiteRange(series.flatMap { $0.x }))
            let yr = padded(finiteRange(series.flatMap { $0.y }))
            return (xr.0, xr.1, yr.0, yr.1)
        case .bars(let labels, let values):
            let (lo, hi) = finiteRange(values) ?? (0, 1)
            var y0 = min(0, lo), y1 = max(0, hi)
            if y0 == y1 { y1 = 1 }
            let pad = (y1 - y0) * 0.05
            if y1 > 0 { y1 += pad }
            if y0 < 0 { y0 -= pad }
            return (-0.5, Double(labels.count) - 0.5, y0, y1)
        case .keypoints(let frames, _):
            // The crop (0..1 both ways) and every finite point, with a small margin.
            let xs = frames.flatMap { f in stride(from: 0, to: f.count, by: 2).map { f[$0] } }
            let ys = frames.flatMap { f in stride(from: 1, to: f.count, by: 2).map { f[$0] } }
            let (xl, xh) = finiteRange(xs + [0, 1]) ?? (0, 1)
            let (yl, yh) = finiteRange(ys + [0, 1]) ?? (0, 1)
            let pad = max(xh - xl, yh - yl) * 0.04
            return (xl - pad, xh + pad, yl - pad, yh + pad)
        }
    }

    /// The crop rectangle is drawn when every point lies near it (normalised keypoints).
    private var showsCrop: Bool {
        guard case .keypoints(let frames, _) = content else { return false }
        return frames.allSatisfy { $0.allSatisfy { !$0.isFinite || ($0 >= -0.5 && $0 <= 1.5) } }
    }

    /// Draws the plot and returns its data-to-pixel scales (for tests of the layout).
    @discardableResult
    func draw(on c: CairoCanvas) throws -> (x: LinearScale, y: LinearScale) {
        let width = Double(c.width), height = Double(c.height)
        let s = max(0.9, min(2.5, min(width / 800, height / 500)))
        let tickFont = 11 * s, labelFont = 12.5 * s, titleFont = 15 * s, legendFont = 11 * s
        let tickLen = 5 * s
        let (x0, x1, y0, y1) = dataLimits()

        // Right margin: legend or colour bar.
        let legend = legendEntries
        var right = 18 * s
        c.font(size: legendFont)
        if !legend.isEmpty {
            let textW = legend.map { c.textWidth($0) }.max() ?? 0
            right = min(width * 0.35, textW + 34 * s) + 14 * s
        }
        var colorTicks: NiceTicks?
        if case .scatter(_, _, .values(let v)) = content {
            let (lo, hi) = finiteRange(v) ?? (0, 1)
            let ticks = NiceTicks(lo: lo, hi: hi, target: 5)
            c.font(size: tickFont)
            right = 30 * s + (ticks.labels.map { c.textWidth($0) }.max() ?? 0) + 18 * s
            colorTicks = ticks
        }

        let top = title.isEmpty ? 16 * s : 20 * s + titleFont + 8 * s

        // Bottom margin: x tick labels (maybe rotated bar labels) and the x label.
        c.font(size: tickFont)
        let tickTextH = tickFont * 1.1
        var barLabelAngle = 0.0
        var barLabelStride = 1
        var barLabels: [String] = []
        var bottomTicks = tickLen + 6 * s + tickTextH
        if case .bars(let labels, _) = content {
            let approxW = width - 80 * s - right
            let slot = approxW / Double(max(1, labels.count))
            barLabels = labels.map { c.fitted($0, maxWidth: 110 * s) }
            let maxW = barLabels.map { c.textWidth($0) }.max() ?? 0
            if maxW > slot * 0.92 {
                barLabelAngle = -Double.pi / 4
                // A slot of no width (a plot narrower than its margins) labels one bar in all.
                let stride = slot > 0 ? (tickTextH * 1.5 / slot).rounded(.up) : Double(labels.count)
                barLabelStride = max(1, Int(min(stride, Double(max(1, labels.count)))))
                bottomTicks = tickLen + 6 * s + maxW * 0.72 + tickTextH
            }
        }
        let bottom = bottomTicks + (xLabel.isEmpty ? 10 * s : 12 * s + labelFont + 8 * s)

        // Y ticks first: their widest label sets the left margin.
        let plotHGuess = height - top - bottom
        let yTicks = NiceTicks(lo: y0, hi: y1, target: max(2, Int(plotHGuess / (48 * s))))
        c.font(size: tickFont)
        let yTickW = yTicks.labels.map { c.textWidth($0) }.max() ?? 0
        let leftMargin = 12 * s + (yLabel.isEmpty ? 0 : labelFont + 10 * s) + yTickW + tickLen + 5 * s

        var left = leftMargin
        var pw = width - left - right, ph = height - top - bottom
        guard pw >= 20, ph >= 20 else {
            throw VizError("The picture is too small for its labels; use a larger width and height.")
        }
        if case .keypoints(_, let aspect) = content {
            // Equal aspect: the same pixels per unit on both axes (y times the crop's
            // aspect); the plot area narrows or shortens around the data to keep it.
            let dx = x1 - x0, dy = (y1 - y0) * aspect
            let k = min(pw / dx, ph / dy)
            left += (pw - k * dx) / 2
            pw = k * dx
            ph = k * dy
        }
        let sx = LinearScale(d0: x0, d1: x1, p0: left, p1: left + pw)
        let sy =
            yPointsDown
            ? LinearScale(d0: y0, d1: y1, p0: top, p1: top + ph)
            : LinearScale(d0: y0, d1: y1, p0: top + ph, p1: top)
        let crisp = { (v: Double) -> Double in v.rounded(.down) + 0.5 }

        var xTicks: NiceTicks?
        if case .bars = content {
        } else {
            c.font(size: tickFont)
            // Leave room for the widest label so x tick labels never touch.
            var target = max(2, Int(pw / (80 * s)))
            var ticks = NiceTicks(lo: x0, hi: x1, target: target)
            while target > 2 {
                let widest = ticks.labels.map { c.textWidth($0) }.max() ?? 0
                let spacing = ticks.values.count > 1 ? abs(sx(ticks.values[1]) - sx(ticks.values[0])) : pw
                if widest + 10 * s <= spacing { break }
                target -= 1
                ticks = NiceTicks(lo: x0, hi: x1, target: target)
            }
            xTicks = ticks
        }

        // Grid.
        let cr = c.cr
        cairo_set_line_width(cr, 1)
        c.setColor(.grid)
        for v in yTicks.values { let y = crisp(sy(v)); c.line(left, y, left + pw, y) }
        for v in xTicks?.values ?? [] { let x = crisp(sx(v)); c.line(x, top, x, top + ph) }

        // Data, clipped to the plot area.
        cairo_save(cr)
        cairo_rectangle(cr, left, top, pw, ph)
        cairo_clip(cr)
        drawData(c, sx: sx, sy: sy, s: s)
        cairo_restore(cr)

        // A zero line separates negative bars from positive ones.
        if case .bars = content, y0 < 0, y1 > 0 {
            c.setColor(.axis)
            cairo_set_line_width(cr, 1)
            c.line(left, crisp(sy(0)), left + pw, crisp(sy(0)))
        }

        // Axes, ticks and tick labels.
        c.setColor(.axis)
        cairo_set_line_width(cr, 1)
        c.line(crisp(left), top, crisp(left), crisp(top + ph))
        c.line(crisp(left), crisp(top + ph), left + pw, crisp(top + ph))
        c.font(size: tickFont)
        for (v, label) in zip(yTicks.values, yTicks.labels) {
            let y = crisp(sy(v))
            c.setColor(.axis); c.line(left - tickLen, y, left, y)
            c.setColor(.text); c.text(label, x: left - tickLen - 4 * s, y: y, align: .right)
        }
        let tickLabelY = top + ph + tickLen + 4 * s + tickTextH / 2
        if let xTicks {
            for (v, label) in zip(xTicks.values, xTicks.labels) {
                let x = crisp(sx(v))
                c.setColor(.axis); c.line(x, top + ph, x, top + ph + tickLen)
                c.setColor(.text); c.text(label, x: x, y: tickLabelY, align: .center)
            }
        } else {
            for (i, label) in barLabels.enumerated() where i % barLabelStride == 0 {
                let x = crisp(sx(Double(i)))
                c.setColor(.axis); c.line(x, top + ph, x, top + ph + tickLen)
                c.setColor(.text)
                if barLabelAngle == 0 {
                    c.text(label, x: x, y: tickLabelY, align: .center)
                } else {
                    c.text(label, x: x + 3 * s, y: top + ph + tickLen + 5 * s, align: .right, angle: barLabelAngle)
                }
            }
        }

        // Axis labels and title.
        c.setColor(.text)
        if !xLabel.isEmpty {
            c.font(size: labelFont)
            c.text(
                c.fitted(xLabel, maxWidth: pw), x: left + pw / 2, y: top + ph + bottom - 10 * s - labelFont / 2,
                align: .center)
        }
        if !yLabel.isEmpty {
            c.font(size: labelFont)
            c.text(
                c.fitted(yLabel, maxWidth: ph), x: left - leftMargin + 12 * s + labelFont / 2, y: top + ph / 2,
                align: .center, angle: -Double.pi / 2)
        }
        if !title.isEmpty {
            c.font(size: titleFont, bold: true)
            c.text(
                c.fitted(title, maxWidth: width - 20 * s), x: left + pw / 2, y: 16 * s + titleFont / 2, align: .center)
        }

        if !legend.isEmpty {
            drawLegend(
                c, entries: legend, x: left + pw + 14 * s, y: top, maxWidth: right - 14 * s,
                maxHeight: height - top - 4 * s, s: s, font: legendFont)
        }
        if let colorTicks {
            drawColorBar(c, ticks: colorTicks, x: left + pw + 14 * s, y: top, h: ph, s: s, font: tickFont)
        }
        return (sx, sy)
    }

    private func drawData(_ c: CairoCanvas, sx: LinearScale, sy: LinearScale, s: Double) {
        let cr = c.cr
        switch content {
        case .histogram(let h):
            c.setColor(Palette.category(0), alpha: 0.9)
            let base = sy(0)
            for i in 0..<h.counts.count where h.counts[i] > 0 {
                // A half-pixel inset each side keeps neighbouring bars visually apart.
                let a = sx(h.edges[i]), b = sx(h.edges[i + 1])
                let inset = min(0.5, (b - a) / 4)
                let y = sy(h.counts[i])
                c.fillRect(a + inset, y, max(0.5, b - a - 2 * inset), base - y)
            }
        case .scatter(let x, let y, let colors):
            let n = x.count
            let radius = (n <= 200 ? 3.5 : n <= 2000 ? 2.6 : n <= 20000 ? 1.8 : 1.2) * s
            let alpha = n <= 2000 ? 0.85 : 0.6
            var lo = 0.0, span = 1.0
            if case .values(let v) = colors, let r = finiteRange(v) {
                lo = r.0
                span = r.1 - r.0
            }
            for i in 0..<n where x[i].isFinite && y[i].isFinite {
                switch colors {
                case .single: c.setColor(Palette.category(0), alpha: alpha)
                case .categories(let codes, _): c.setColor(Palette.category(codes[i]), alpha: alpha)
                case .values(let v): c.setColor(Palette.viridis(span > 0 ? (v[i] - lo) / span : 0.5), alpha: alpha)
                }
                c.fillCircle(sx(x[i]), sy(y[i]), radius)
            }
        case .lines(let series):
            cairo_set_line_width(cr, 2 * s)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
            for (k, series) in series.enumerated() {
                c.setColor(Palette.category(k))
                var penDown = false
                for i in 0..<series.x.count {
                    let (xv, yv) = (series.x[i], series.y[i])
                    guard xv.isFinite && yv.isFinite else { penDown = false; continue }
                    if penDown { cairo_line_to(cr, sx(xv), sy(yv)) } else { cairo_move_to(cr, sx(xv), sy(yv)) }
                    penDown = true
                }
                cairo_stroke(cr)
            }
        case .keypoints(let frames, _):
            drawKeypoints(c, frames: frames, sx: sx, sy: sy, s: s)
        case .bars(let labels, let values):
            c.setColor(Palette.category(0), alpha: 0.9)
            let slot = abs(sx(1) - sx(0))
            let base = sy(0)
            for i in 0..<labels.count where values[i].isFinite {
                let cx = sx(Double(i)), y = sy(values[i])
                c.fillRect(cx - slot * 0.4, min(y, base), slot * 0.8, abs(base - y))
            }
        }
    }

    /// Bones as grey lines under the 17 keypoints, each in its own colour with a
    /// dark edge; many frames are drawn fainter and smaller so that they overlay.
    private func drawKeypoints(_ c: CairoCanvas, frames: [[Double]], sx: LinearScale, sy: LinearScale, s: Double) {
        let cr = c.cr
        if showsCrop {
            let (a, b) = (sx(0), sx(1)), (t, u) = (sy(0), sy(1))
            c.setColor(RGB(hex: 0xAAAAAA))
            cairo_set_line_width(cr, 1)
            let dash: [Double] = [4 * s, 3 * s]
            cairo_set_dash(cr, dash, 2, 0)
            c.strokeRect(min(a, b), min(t, u), abs(b - a), abs(u - t))
            cairo_set_dash(cr, nil, 0, 0)
        }
        let n = frames.count
        // Many frames overlay: bones fade faster than dots so the joints' clouds stay visible.
        let alpha = n == 1 ? 1 : max(0.1, min(0.8, 8 / Double(n)))
        let boneAlpha = n == 1 ? 1 : max(0.02, min(0.5, 3 / Double(n)))
        let radius = (n == 1 ? 5 : n <= 20 ? 3.5 : 2.2) * s
        func point(_ f: [Double], _ j: Int) -> (Double, Double)? {
            let x = f[2 * j], y = f[2 * j + 1]
            return x.isFinite && y.isFinite ? (sx(x), sy(y)) : nil
        }
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_width(cr, (n == 1 ? 2.5 : 1.5) * s)
        c.setColor(RGB(hex: 0x888888), alpha: boneAlpha)
        for f in frames {
            for (a, b) in Learn.bones {
                guard let p = point(f, a), let q = point(f, b) else { continue }
                c.line(p.0, p.1, q.0, q.1)
            }
        }
        for f in frames {
            for j in 0..<Plot.keypointCount {
                guard let p = point(f, j) else { continue }
                if n == 1 {
                    c.setColor(RGB(hex: 0x222222))
                    c.fillCircle(p.0, p.1, radius + 1.2 * s)
                }
                c.setColor(Palette.category(j), alpha: alpha)
                c.fillCircle(p.0, p.1, radius)
            }
        }
    }

    private func drawLegend(
        _ c: CairoCanvas, entries: [String], x: Double, y: Double, maxWidth: Double,
        maxHeight: Double, s: Double, font requested: Double
    ) {
        let isLine: Bool
        if case .lines = content { isLine = true } else { isLine = false }
        // Rows (and their text) shrink so that every entry fits a short picture.
        let rowH = max(1, min(requested * 1.55, (maxHeight - 8 * s) / Double(max(1, entries.count))))
        let font = min(requested, rowH / 1.3)
        c.font(size: font)
        let markerW = isLine ? 18 * s : 10 * s
        let textMax = maxWidth - markerW - 14 * s
        let shown = entries.map { c.fitted($0, maxWidth: textMax) }
        let boxW = (shown.map { c.textWidth($0) }.max() ?? 0) + markerW + 14 * s
        let boxH = Double(shown.count) * rowH + 8 * s
        c.setColor(.white, alpha: 0.9)
        c.fillRect(x, y, boxW, boxH)
        c.setColor(.grid)
        cairo_set_line_width(c.cr, 1)
        c.strokeRect(x.rounded(.down) + 0.5, y.rounded(.down) + 0.5, boxW, boxH)
        let capped = entries.count > Plot.maxLegendEntries
        for (i, text) in shown.enumerated() {
            let cy = y + 4 * s + rowH * (Double(i) + 0.5)
            let isMore = capped && i == shown.count - 1
            if !isMore {
                c.setColor(Palette.category(i))
                if isLine {
                    cairo_set_line_width(c.cr, 2 * s)
                    c.line(x + 6 * s, cy, x + 6 * s + markerW, cy)
                } else {
                    c.fillCircle(x + 6 * s + markerW / 2, cy, min(4 * s, rowH * 0.4))
                }
            }
            c.setColor(.text)
            c.text(text, x: x + 10 * s + markerW, y: cy)
        }
    }

    private func drawColorBar(
        _ c: CairoCanvas, ticks: NiceTicks, x: Double, y: Double, h: Double, s: Double, font: Double
    ) {
        guard case .scatter(_, _, .values(let v)) = content else { return }
        let (lo, hi) = finiteRange(v) ?? (0, 1)
        let w = 14 * s
        guard let pattern = cairo_pattern_create_linear(0, y + h, 0, y) else { return }
        for (i, stop) in Palette.viridisStops.enumerated() {
            cairo_pattern_add_color_stop_rgb(
                pattern, Double(i) / Double(Palette.viridisStops.count - 1), stop.r, stop.g, stop.b)
        }
        cairo_set_source(c.cr, pattern)
        c.fillRect(x, y, w, h)
        cairo_pattern_destroy(pattern)
        let scale = LinearScale(d0: lo, d1: hi, p0: y + h, p1: y)
        c.font(size: font)
        cairo_set_line_width(c.cr, 1)
        for (t, label) in zip(ticks.values, ticks.labels) where t >= lo && t <= hi {
            let ty = scale(t).rounded(.down) + 0.5
            c.setColor(.axis); c.line(x + w, ty, x + w + 4 * s, ty)
            c.setColor(.text); c.text(label, x: x + w + 7 * s, y: ty)
        }
    }
}

/// Escapes the five XML special characters. Walks Unicode scalars: a
/// grapheme cluster can hide a `<` behind a "prepend" scalar (U+0D4E).
func xmlEscaped(_ s: String) -> String {
    var out = ""
    for ch in s.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}
