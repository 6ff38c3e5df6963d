import CCairo

extension CairoCanvas {
    /// Draws image `index` of `images` scaled into the square (x, y, side, side)
    /// with cairo's GOOD filter, which box-filters when shrinking.
    func drawTile(_ images: ImageStack, index: Int, x: Double, y: Double, width: Double, height: Double) {
        guard let tile = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(images.width), Int32(images.height))
        else { return }
        defer { cairo_surface_destroy(tile) }
        guard cairo_surface_status(tile) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(tile) else {
            return
        }
        let stride = Int(cairo_image_surface_get_stride(tile))
        images.pixels.withUnsafeBufferPointer { src in
            var s = images.offset(of: index)
            for py in 0..<images.height {
                let row = UnsafeMutableRawPointer(data + py * stride).assumingMemoryBound(to: UInt32.self)
                for px in 0..<images.width {
                    row[px] = UInt32(src[s]) << 16 | UInt32(src[s + 1]) << 8 | UInt32(src[s + 2])
                    s += 3
                }
            }
        }
        cairo_surface_mark_dirty(tile)
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, width / Double(images.width), height / Double(images.height))
        cairo_set_source_surface(cr, tile, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
        cairo_rectangle(cr, 0, 0, Double(images.width), Double(images.height))
        cairo_fill(cr)
        cairo_restore(cr)
    }
}
