import CCairo

/// Tiles images on a grid with a thin white gap, optionally captioned.
public enum Montage {
    /// Gap between tiles and around the border, in pixels.
    public static let gap = 2

    /// Lays out `images` row by row, `columns` per row (fewer when there are
    /// fewer images), with a `gap`-pixel white border between tiles. With
    /// `labels`, each tile gets a caption strip under it, shortened with an
    /// ellipsis to the tile's width.
    public static func make(_ images: ImageStack, columns: Int = 8, labels: [String]? = nil) throws -> RGBImage {
        guard images.count > 0 else { throw VizError("montage needs at least one image.") }
        guard columns >= 1 else { throw VizError("montage needs at least one column, got \(columns).") }
        if let labels, labels.count != images.count {
            throw VizError("montage needs one label per image, got \(labels.count) labels for \(images.count) images.")
        }
        let cols = min(columns, images.count)
        let rows = (images.count + cols - 1) / cols
        let captionH = labels == nil ? 0 : max(12, min(18, images.width / 5))
        let cellW = images.width + gap
        let cellH = images.height + captionH + gap
        let width = try checkedProduct([cols, cellW], what: "The montage") + gap
        let height = try checkedProduct([rows, cellH], what: "The montage") + gap
        guard width <= CairoCanvas.maxSide, height <= CairoCanvas.maxSide else {
            throw VizError(
                "The montage would be \(width)x\(height) pixels, over the \(CairoCanvas.maxSide)-pixel limit; use fewer images or more columns."
            )
        }
        let canvas = try CairoCanvas.image(width: width, height: height)
        images.pixels.withUnsafeBufferPointer { src in
            for i in 0..<images.count {
                let x = gap + (i % cols) * cellW, y = gap + (i / cols) * cellH
                canvas.blit(
                    src, offset: images.offset(of: i), tileWidth: images.width, tileHeight: images.height, x: x, y: y)
            }
        }
        if let labels {
            canvas.font(size: Double(captionH) * 0.72)
            canvas.setColor(.text)
            for (i, label) in labels.enumerated() {
                let x = gap + (i % cols) * cellW, y = gap + (i / cols) * cellH + images.height
                let text = canvas.fitted(label, maxWidth: Double(images.width - 2))
                canvas.text(
                    text, x: Double(x) + Double(images.width) / 2, y: Double(y) + Double(captionH) / 2, align: .center)
            }
        }
        return try canvas.rgbImage()
    }
}
