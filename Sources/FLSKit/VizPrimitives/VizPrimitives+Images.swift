// montage, embedding_plot, save_png and save_svg: pictures made of images,
// and writing any picture value to a file.

import FLS

extension VizPrimitives {
    static var montage: Primitive {
        Primitive(
            "montage", family: family, params: [Param("images"), Param("cols", .int(8)), Param("labels", .null)],
            summary: "Tile images on a grid into one u8[H,W,3] picture.",
            doc: """
                `images` is a `u8[N,H,W,3]` array (what `read_images` gives) or a list of equally sized \
                `u8[H,W,3]` images. They are laid out row by row, `cols` per row, with a 2-pixel white \
                gap; `labels` (one string or number per image) adds a caption under each tile. The result \
                is an ordinary image array: it shows as a picture, and `save_png` or `save_image` write it.
                """,
            examples: [
                Example("montage(astype(zeros([3, 4, 5, 3]), \"u8\"), cols=2) |> shape", "i64[3] [14 16  3]")
            ]
        ) { args, _ in
            let stack = try args.imageStack(0)
            let cols = try args.int(1, in: 1...1_000_000)
            var labels: [String]?
            if !args.isNull(2) {
                labels = try args.pointLabels(2, count: stack.count).texts
            }
            let image = try running("montage") { try Montage.make(stack, columns: cols, labels: labels) }
            return imageValue(image)
        }
    }

    static var embeddingPlot: Primitive {
        Primitive(
            "embedding_plot", family: family,
            params: [Param("coords"), Param("images"), Param("labels", .null), Param("size", .int(1600))],
            summary: "Draw each point of a 2-d embedding as its image thumbnail, framed by label.",
            doc: """
                `coords` is `[n, 2]` (from `tsne` or `pca(x).coords`) and `images` the `n` matching crops \
                (`u8[n,H,W,3]`). The picture is `size` x `size` pixels (200 to 8192), scaled to fit with the \
                same scale on both axes. With `labels` (one string or integer per point, e.g. the person id) \
                each thumbnail gets a frame in its label's colour and a legend lists the labels. The result \
                is a `u8[size,size,3]` image array, like TensorBoard's projector view of the kit.
                """,
            examples: [
                Example(
                    """
                    crops = astype(full([4, 8, 8, 3], 200), "u8")
                    embedding_plot(randn([4, 2]), crops, labels=[0, 0, 1, 1], size=200) |> shape
                    """, "i64[3] [200 200   3]")
            ]
        ) { args, _ in
            let (coords, rows, cols) = try args.matrix(0)
            guard cols == 2 else {
                throw args.pictureError(0, saying: "must be an [n, 2] array, got [\(rows), \(cols)]")
            }
            let images = try args.imageStack(1)
            guard images.count == rows else {
                throw args.pictureError(
                    1, saying: "must hold one image per point: got \(images.count) images for \(rows) points")
            }
            let size = try args.int(3, in: 200...8192)
            let image: RGBImage = try running("embedding_plot") {
                if args.isNull(2) { return try EmbeddingPlot.render(coords: coords, images: images, size: size) }
                switch try args.pointLabels(2, count: rows) {
                case .integers(let v):
                    return try EmbeddingPlot.render(coords: coords, images: images, integerLabels: v, size: size)
                case let other:
                    return try EmbeddingPlot.render(coords: coords, images: images, labels: other.texts, size: size)
                }
            }
            return imageValue(image)
        }
    }

    static var savePNG: Primitive {
        Primitive(
            "save_png", family: family,
            params: [Param("path"), Param("value"), Param("width", .int(800)), Param("height", .int(500))],
            summary: "Write a picture (an image array, a stack of images or a plot) as a PNG file.",
            doc: """
                `value` is a `u8[H,W,3]` image (or `u8[H,W]` gray), a `u8[N,H,W,3]` stack (saved as a \
                montage, 8 per row), a plot from `hist`, `scatter`, `line`, `bar` or `plot_keypoints`, or any other picture \
                value. `width` and `height` (16 to 8192) set a plot's size in pixels; images keep their own size. PNG is \
                lossless, so saved images read back exactly. Returns `{path, width, height}` of the file \
                written.
                """,
            examples: [
                Example(
                    "save_png(\"hist.png\", hist([1, 2, 2, 3]), width=400, height=300)",
                    "path: \"hist.png\"\nwidth: 400\nheight: 300"),
                Example("save_png(\"dot.png\", astype(zeros([2, 3, 3]), \"u8\")).width", "3"),
            ]
        ) { args, _ in
            let path = try args.string(0)
            let width = try args.int(2, in: 16...8192)
            let height = try args.int(3, in: 16...8192)
            let image: RGBImage = try running("save_png") {
                switch args[1] {
                case .handle(let h as PlotHandle):
                    return try h.plot.renderImage(width: width, height: height)
                case .handle(let h as PictureProvider):
                    return try h.renderImage()
                case .array(let a):
                    return try pictureImage(a, args)
                default:
                    throw args.pictureError(1, "an image array, a stack of images or a plot")
                }
            }
            let bytes = try running("save_png") { try image.pngData() }
            try DataFile.writeAll(path, bytes)
            return savedRecord(path, image.width, image.height)
        }
    }

    static var saveSVG: Primitive {
        Primitive(
            "save_svg", family: family,
            params: [Param("path"), Param("plot"), Param("width", .int(800)), Param("height", .int(500))],
            summary: "Write a plot as an SVG file (vector graphics for papers and slides).",
            doc: """
                `plot` comes from `hist`, `scatter`, `line`, `bar` or `plot_keypoints`; `width` and `height` (16 to 8192) are the size in \
                points. Text is drawn as outlines, so the file looks the same everywhere; the title and \
                axis labels are also stored as the document's `<title>` and `<desc>`. Images have no \
                vector form: save them with `save_png`. Returns `{path, width, height}`.
                """,
            examples: [
                Example("save_svg(\"bars.svg\", bar([\"a\", \"b\"], [3, 5], title=\"votes\")).path", "\"bars.svg\"")
            ]
        ) { args, _ in
            let path = try args.string(0)
            guard case .handle(let h as PlotHandle) = args[1] else {
                throw args.pictureError(
                    1, "a plot from hist, scatter, line, bar or plot_keypoints",
                    hint: "image arrays have no vector form: use save_png")
            }
            let width = try args.int(2, in: 16...8192)
            let height = try args.int(3, in: 16...8192)
            let svg = try running("save_svg") { try h.plot.renderSVG(width: width, height: height) }
            try DataFile.writeAll(path, Array(svg.utf8))
            return savedRecord(path, width, height)
        }
    }

    /// The pixels of an image array argument of `save_png`: one RGB or gray
    /// image, or a stack laid out as a montage.
    private static func pictureImage(_ a: NDArray, _ args: Arguments) throws -> RGBImage {
        let expected = "a u8[H,W,3] or u8[H,W] image, a u8[N,H,W,3] stack or a plot"
        guard case .u8(let pixelBuffer) = a.storage else {
            throw args.pictureError(1, expected, hint: "convert with astype(clip(x, 0, 255), \"u8\")")
        }
        let pixels = pixelBuffer.array
        switch a.ndim {
        case 2:
            var rgb = [UInt8](repeating: 0, count: pixels.count * 3)
            rgb.withUnsafeMutableBufferPointer { out in
                pixels.withUnsafeBufferPointer { gray in
                    for i in 0..<gray.count {
                        out[3 * i] = gray[i]
                        out[3 * i + 1] = gray[i]
                        out[3 * i + 2] = gray[i]
                    }
                }
            }
            return try RGBImage(width: a.shape[1], height: a.shape[0], pixels: rgb)
        case 3 where a.shape[2] == 3:
            return try RGBImage(width: a.shape[1], height: a.shape[0], pixels: pixels)
        case 4 where a.shape[3] == 3 && a.shape[0] > 0:
            let stack = try ImageStack(pixels: pixels, count: a.shape[0], height: a.shape[1], width: a.shape[2])
            return try Montage.make(stack, columns: min(a.shape[0], 8))
        default:
            throw args.pictureError(1, expected)
        }
    }

    private static func savedRecord(_ path: String, _ width: Int, _ height: Int) -> Value {
        .record(Record([("path", .string(path)), ("width", .int(Int64(width))), ("height", .int(Int64(height)))]))
    }
}
