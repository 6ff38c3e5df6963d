import CCairo

/// A picture of a 2-D embedding with each point drawn as its image thumbnail,
/// framed in its label's colour, like TensorBoard's projector view of the kit.
public enum EmbeddingPlot {
    /// Draws thumbnails of `images` at `coords` ([n, 2], scaled to fit with
    /// margins, same scale on both axes) on a `size` x `size` white canvas.
    /// Labels pick each frame's colour (sorted by name; pass integer labels
    /// through `integerLabels` to sort them numerically) and fill a legend of
    /// at most 20 entries. `thumbnail` is the tile side in pixels; by default it
    /// shrinks as the number of points grows.
    public static func render(
        coords: [Double], images: ImageStack, labels: [String]? = nil,
        size: Int = 1600, thumbnail: Int? = nil
    ) throws -> RGBImage {
        let n = images.count
        guard coords.count == n * 2 else {
            throw VizError("embedding_plot needs [\(n), 2] coordinates for \(n) images, got \(coords.count) values.")
        }
        guard n > 0 else { throw VizError("embedding_plot needs at least one point.") }
        if let labels, labels.count != n {
            throw VizError("embedding_plot needs one label per image, got \(labels.count) labels for \(n) images.")
        }
        guard size >= 200 && size <= 8192 else {
            throw VizError("embedding_plot size must be between 200 and 8192 pixels, got \(size).")
        }
        let s = Double(size) / 1600
        let canvas = try CairoCanvas.image(width: size, height: size)

        var codes = [Int](repeating: 0, count: n)
        var names: [String] = []
        if let labels {
            names = Array(Set(labels)).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            codes = labels.map { index[$0] ?? 0 }
        }
        return try draw(canvas, coords: coords, images: images, codes: codes, names: names, s: s, thumbnail: thumbnail)
    }

    /// The same picture for integer labels, ordered numerically in the legend.
    public static func render(
        coords: [Double], images: ImageStack, integerLabels: [Int64],
        size: Int = 1600, thumbnail: Int? = nil
    ) throws -> RGBImage {
        guard integerLabels.count == images.count else {
            throw VizError(
                "embedding_plot needs one label per image, got \(integerLabels.count) labels for \(images.count) images."
            )
        }
        guard size >= 200 && size <= 8192 else {
            throw VizError("embedding_plot size must be between 200 and 8192 pixels, got \(size).")
        }
        guard coords.count == images.count * 2, images.count > 0 else {
            throw VizError(
                "embedding_plot needs [\(images.count), 2] coordinates for \(images.count) images, got \(coords.count) values."
            )
        }
        let values = Array(Set(integerLabels)).sorted()
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let canvas = try CairoCanvas.image(width: size, height: size)
        return try draw(
            canvas, coords: coords, images: images, codes: integerLabels.map { index[$0] ?? 0 },
            names: values.map { String($0) }, s: Double(size) / 1600, thumbnail: thumbnail)
    }

    private static func draw(
        _ c: CairoCanvas, coords: [Double], images: ImageStack, codes: [Int], names: [String],
        s: Double, thumbnail: Int?
    ) throws -> RGBImage {
        let n = images.count
        let size = Double(c.width)
        // Tiles shrink with the number of points so that clusters stay readable.
        let auto = (size / Double(n).squareRoot() * 0.9).rounded()
        let tile = Double(thumbnail ?? Int(max(16 * s, min(auto, 48 * s, Double(max(images.width, images.height))))))
        guard tile >= 4 && tile <= size / 2 else {
            throw VizError(
                "embedding_plot thumbnail size must be between 4 and \(Int(size / 2)) pixels, got \(Int(tile)).")
        }
        let tileW = tile * Double(images.width) / Double(max(images.width, images.height))
        let tileH = tile * Double(images.height) / Double(max(images.width, images.height))

        // Legend width first: it takes a column on the right.
        let legendFont = max(10, 14 * s)
        c.font(size: legendFont)
        let legendEntries = names.count > 1 ? capped(names) : []
        let legendW =
            legendEntries.isEmpty
            ? 0 : min(size * 0.22, (legendEntries.map { c.textWidth($0) }.max() ?? 0) + 44 * legendFont / 14)
        let margin = 24 * s + tile / 2
        let areaX0 = margin, areaX1 = size - legendW - margin - (legendW > 0 ? 12 * s : 0)
        let areaY0 = margin, areaY1 = size - margin

        guard let (minX, maxX) = finiteRange(stride(from: 0, to: 2 * n, by: 2).map { coords[$0] }),
            let (minY, maxY) = finiteRange(stride(from: 1, to: 2 * n, by: 2).map { coords[$0] })
        else {
            throw VizError("embedding_plot coordinates have no finite values.")
        }
        let spanX = max(maxX - minX, 1e-12), spanY = max(maxY - minY, 1e-12)
        let scale = min((areaX1 - areaX0) / spanX, (areaY1 - areaY0) / spanY)
        let offX = areaX0 + ((areaX1 - areaX0) - spanX * scale) / 2
        let offY = areaY0 + ((areaY1 - areaY0) - spanY * scale) / 2
        let frame = max(1.5, 2.5 * s)

        for i in 0..<n {
            let px = coords[2 * i], py = coords[2 * i + 1]
            guard px.isFinite && py.isFinite else { continue }
            // Screen y grows downwards; flip so the picture matches a plot's orientation.
            let cx = offX + (px - minX) * scale, cy = offY + (maxY - py) * scale
            let x = (cx - tileW / 2).rounded(), y = (cy - tileH / 2).rounded()
            c.drawTile(images, index: i, x: x, y: y, width: tileW, height: tileH)
            if !names.isEmpty {
                c.setColor(Palette.category(codes[i]))
                cairo_set_line_width(c.cr, frame)
                c.strokeRect(x - frame / 2, y - frame / 2, tileW + frame, tileH + frame)
            }
        }

        if !legendEntries.isEmpty {
            // Legend metrics follow its font, which has a floor for small canvases.
            let ls = legendFont / 14
            let x = size - legendW - 12 * ls, y = 24 * ls
            let rowH = legendFont * 1.6
            c.setColor(.white, alpha: 0.92)
            c.fillRect(x, y, legendW, Double(legendEntries.count) * rowH + 10 * ls)
            c.setColor(.grid)
            cairo_set_line_width(c.cr, 1)
            c.strokeRect(x.rounded() + 0.5, y.rounded() + 0.5, legendW, Double(legendEntries.count) * rowH + 10 * ls)
            for (k, entry) in legendEntries.enumerated() {
                let cy = y + 5 * ls + rowH * (Double(k) + 0.5)
                let isMore = names.count > Plot.maxLegendEntries && k == legendEntries.count - 1
                if !isMore {
                    c.setColor(Palette.category(k))
                    cairo_set_line_width(c.cr, 2.5 * ls)
                    c.strokeRect(x + 10 * ls, cy - 6 * ls, 12 * ls, 12 * ls)
                }
                c.setColor(.text)
                c.font(size: legendFont)
                c.text(c.fitted(entry, maxWidth: legendW - 40 * ls), x: x + 32 * ls, y: cy)
            }
        }
        return try c.rgbImage()
    }

    static func capped(_ names: [String]) -> [String] {
        if names.count <= Plot.maxLegendEntries { return names }
        return Array(names.prefix(Plot.maxLegendEntries)) + ["… \(names.count - Plot.maxLegendEntries) more"]
    }
}
