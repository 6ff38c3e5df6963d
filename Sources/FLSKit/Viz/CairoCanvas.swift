import CCairo

/// A cairo drawing context over an image surface or an SVG stream, with the
/// few drawing helpers the pictures need.
final class CairoCanvas {
    let surface: OpaquePointer
    let cr: OpaquePointer
    let width: Int
    let height: Int
    /// Receives the bytes of SVG output; nil for image surfaces.
    private let sink: ByteSink?

    /// Cairo's image surfaces are limited to 32767 pixels a side; we stay well inside.
    static let maxSide = 16384

    private init(surface: OpaquePointer, width: Int, height: Int, sink: ByteSink?) throws {
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw VizError("Could not create a \(width)x\(height) drawing surface (out of memory?).")
        }
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw VizError("Could not create a cairo drawing context.")
        }
        self.surface = surface
        self.cr = cr
        self.width = width
        self.height = height
        self.sink = sink
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    static func checkSize(_ width: Int, _ height: Int) throws {
        guard width >= 1, height >= 1, width <= maxSide, height <= maxSide else {
            throw VizError("A picture must be between 1 and \(maxSide) pixels a side, got \(width)x\(height).")
        }
    }

    /// A white RGB image canvas.
    static func image(width: Int, height: Int) throws -> CairoCanvas {
        try checkSize(width, height)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw VizError("Could not create a \(width)x\(height) image surface.")
        }
        let canvas = try CairoCanvas(surface: surface, width: width, height: height, sink: nil)
        canvas.fillBackground()
        return canvas
    }

    /// An SVG canvas whose document is returned by `finishSVG()`.
    static func svg(width: Int, height: Int) throws -> CairoCanvas {
        try checkSize(width, height)
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_svg_surface_create_for_stream(byteSinkWrite, closure, Double(width), Double(height))
        else {
            throw VizError("Could not create an SVG surface.")
        }
        let canvas = try CairoCanvas(surface: surface, width: width, height: height, sink: sink)
        canvas.fillBackground()
        return canvas
    }

    private func fillBackground() {
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
    }

    // MARK: Output

    /// Finishes an SVG canvas and returns the document text.
    func finishSVG() throws -> String {
        guard let sink else { throw VizError("This canvas is not an SVG canvas.") }
        cairo_surface_finish(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw VizError("Cairo failed while writing the SVG document.")
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// Encodes an image canvas as PNG.
    func pngBytes() throws -> [UInt8] {
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, byteSinkWrite, closure)
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw VizError("Cairo failed to encode the PNG (status \(status.rawValue)).")
        }
        return sink.bytes
    }

    /// Copies an image canvas out as RGB bytes.
    func rgbImage() throws -> RGBImage {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw VizError("This canvas has no pixel buffer.")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var out = [UInt8](repeating: 0, count: width * height * 3)
        out.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                var o = y * width * 3
                for x in 0..<width {
                    let p = row[x]
                    dst[o] = UInt8(truncatingIfNeeded: p >> 16)
                    dst[o + 1] = UInt8(truncatingIfNeeded: p >> 8)
                    dst[o + 2] = UInt8(truncatingIfNeeded: p)
                    o += 3
                }
            }
        }
        return try RGBImage(width: width, height: height, pixels: out)
    }

    /// Copies an RGB tile (tileW x tileH pixels starting at `source[offset]`) into an
    /// image canvas at (x, y), clipping at the edges. Writes pixels directly, which is
    /// far faster than painting a cairo pattern per tile.
    func blit(_ source: UnsafeBufferPointer<UInt8>, offset: Int, tileWidth: Int, tileHeight: Int, x: Int, y: Int) {
        guard let data = cairo_image_surface_get_data(surface) else { return }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let x0 = max(0, x), x1 = min(width, x + tileWidth)
        let y0 = max(0, y), y1 = min(height, y + tileHeight)
        guard x0 < x1, y0 < y1 else { return }
        for py in y0..<y1 {
            let row = UnsafeMutableRawPointer(data + py * stride).assumingMemoryBound(to: UInt32.self)
            var s = offset + ((py - y) * tileWidth + (x0 - x)) * 3
            for px in x0..<x1 {
                row[px] = UInt32(source[s]) << 16 | UInt32(source[s + 1]) << 8 | UInt32(source[s + 2])
                s += 3
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    // MARK: Drawing helpers

    func setColor(_ c: RGB, alpha: Double = 1) {
        cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha)
    }

    func font(size: Double, bold: Bool = false) {
        cairo_select_font_face(
            cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
            bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// Advance width of `text` in the current font.
    func textWidth(_ text: String) -> Double {
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, text, &ext)
        return ext.x_advance
    }

    /// Ascent of the current font, used to place text by its visual centre.
    func fontAscent() -> Double {
        var ext = cairo_font_extents_t()
        cairo_font_extents(cr, &ext)
        return ext.ascent
    }

    enum Align { case left, center, right }

    /// Draws `text` with its baseline-left corner chosen so that it is aligned
    /// horizontally by `align` at x and centred vertically on y.
    func text(_ text: String, x: Double, y: Double, align: Align = .left, angle: Double = 0) {
        let w = textWidth(text)
        let capHeight = fontAscent() * 0.72
        cairo_save(cr)
        cairo_translate(cr, x, y)
        if angle != 0 { cairo_rotate(cr, angle) }
        let dx: Double
        switch align {
        case .left: dx = 0
        case .center: dx = -w / 2
        case .right: dx = -w
        }
        cairo_move_to(cr, dx, capHeight / 2)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }

    /// Shortens `text` with an ellipsis until it fits in `maxWidth`.
    func fitted(_ text: String, maxWidth: Double) -> String {
        if textWidth(text) <= maxWidth { return text }
        var chars = Array(text)
        while !chars.isEmpty {
            chars.removeLast()
            let candidate = String(chars) + "…"
            if textWidth(candidate) <= maxWidth { return candidate }
        }
        return ""
    }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
    }

    func fillRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
        cairo_rectangle(cr, x, y, w, h)
        cairo_fill(cr)
    }

    func strokeRect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
        cairo_rectangle(cr, x, y, w, h)
        cairo_stroke(cr)
    }

    func fillCircle(_ x: Double, _ y: Double, _ r: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, r, 0, 2 * Double.pi)
        cairo_fill(cr)
    }
}

/// Collects the bytes cairo writes to a stream.
final class ByteSink {
    var bytes: [UInt8] = []
}

/// Cairo's stream callback: appends the chunk to the ByteSink passed as closure.
let byteSinkWrite: cairo_write_func_t = { closure, data, length in
    guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    if let data, length > 0 {
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    }
    return CAIRO_STATUS_SUCCESS
}

/// Encodes RGB bytes (height x width x 3, row-major) as a PNG file through cairo.
public func encodePNG(rgb: [UInt8], width: Int, height: Int) throws -> [UInt8] {
    let expected = try checkedProduct([width, height, 3], what: "A PNG image")
    guard rgb.count == expected else {
        throw VizError("A \(width)x\(height) RGB image needs \(expected) bytes, got \(rgb.count).")
    }
    let canvas = try CairoCanvas.image(width: width, height: height)
    rgb.withUnsafeBufferPointer { src in
        canvas.blit(src, offset: 0, tileWidth: width, tileHeight: height, x: 0, y: 0)
    }
    return try canvas.pngBytes()
}
