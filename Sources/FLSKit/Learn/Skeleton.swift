// draw_skeleton: a crop with its COCO pose drawn over it, through cairo.

import CCairo
import FLS

extension Learn {
    /// The COCO skeleton's bones (keypoint index pairs): face, arms, torso, legs.
    static let bones: [(Int, Int)] = [
        (0, 1), (0, 2), (1, 3), (2, 4), (5, 6), (5, 7), (7, 9), (6, 8), (8, 10),
        (5, 11), (6, 12), (11, 12), (11, 13), (13, 15), (12, 14), (14, 16),
    ]

    static var drawSkeleton: Primitive {
        Primitive(
            "draw_skeleton", family: "Pose", params: [Param("image"), Param("keypoints")],
            summary: "Draw a COCO pose (bones and the 17 keypoints) over a crop: u8[H,W,3] in, same out.",
            doc: """
                `keypoints` is `[17, 2]`, x and y normalised to the crop (0..1, y down) as in \
                `pose.keypoints[i]`; a NaN point (from `filter_keypoints`) and its bones are not drawn. \
                Bones are white with a dark edge; each keypoint is a dot in its own colour, the same \
                17 colours for the same keypoints in every picture (nose first, COCO order). Returns a \
                new `u8[H, W, 3]` image; `montage` several to compare frames.
                """,
            examples: [
                Example(
                    """
                    kp = full([17, 2], 0.5)
                    kp[0] = [0.5, 0.1]
                    out = draw_skeleton(zeros([64, 64, 3], "u8"), kp)
                    print(shape(out), dtype(out))
                    sum(out[6, 32]) > 0
                    """, "[64 64  3] u8\ntrue")
            ]
        ) { args, _ in
            let img = try args.array(0)
            guard img.dtype == .u8, img.ndim == 3, img.shape[2] == 3, img.shape[0] >= 1, img.shape[1] >= 1,
                case .u8(let pixels) = img.storage
            else {
                throw RuntimeError(
                    "draw_skeleton: 'image' must be one u8[H, W, 3] crop, got \(args[0].kindName)",
                    hint: "images[path] or read_images(...)[i] gives one")
            }
            let kpa = try args.array(1)
            guard kpa.dtype != .str, kpa.shape == [17, 2] else {
                throw RuntimeError(
                    "draw_skeleton: 'keypoints' must be [17, 2] (one frame's COCO x, y), got shape \(formatShape(kpa.shape))",
                    hint: "pass pose.keypoints[i] for frame i")
            }
            let kp = kpa.storage.doubles
            let h = img.shape[0], w = img.shape[1]
            let canvas = try VizPrimitives.running("draw_skeleton") { try CairoCanvas.image(width: w, height: h) }
            pixels.withUnsafeBufferPointer { canvas.blit($0, offset: 0, tileWidth: w, tileHeight: h, x: 0, y: 0) }
            let scale = Double(min(w, h))
            func point(_ j: Int) -> (Double, Double)? {
                let x = kp[2 * j] * Double(w), y = kp[2 * j + 1] * Double(h)
                return x.isFinite && y.isFinite ? (x, y) : nil
            }
            cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_ROUND)
            for (width, colour) in [(max(1.5, scale / 24), RGB(0.1, 0.1, 0.1)), (max(0.8, scale / 48), RGB(1, 1, 1))] {
                cairo_set_line_width(canvas.cr, width)
                canvas.setColor(colour)
                for (a, b) in bones {
                    guard let p = point(a), let q = point(b) else { continue }
                    canvas.line(p.0, p.1, q.0, q.1)
                }
            }
            let radius = max(1.2, scale / 32)
            for j in 0..<17 {
                guard let p = point(j) else { continue }
                canvas.setColor(RGB(0.1, 0.1, 0.1))
                canvas.fillCircle(p.0, p.1, radius + 0.8)
                canvas.setColor(Palette.category(j))
                canvas.fillCircle(p.0, p.1, radius)
            }
            let out = try VizPrimitives.running("draw_skeleton") { try canvas.rgbImage() }
            return .array(NDArray(shape: [h, w, 3], storage: .u8(out.pixels)))
        }
    }
}
