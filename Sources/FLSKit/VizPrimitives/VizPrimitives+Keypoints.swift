// plot_keypoints: COCO poses as a plot in image coordinates (y down, equal
// aspect), one colour per keypoint, bones as lines, a legend naming them.

import FLS

extension VizPrimitives {
    /// At most this many frames in one keypoint plot (each is 17 dots and 16 bones).
    static let maxKeypointFrames = 100_000

    static var plotKeypoints: Primitive {
        Primitive(
            "plot_keypoints", family: family,
            params: [Param("keypoints"), Param("scores", .null), Param("threshold", .int(0)), Param("aspect", .int(1))]
                + labelParams(),
            summary: "COCO poses as a plot: image coordinates (y down), equal aspect, one colour per keypoint.",
            doc: """
                `keypoints` is one frame `[17, 2]` or several `[N, 17, 2]` of x, y in the crop (0..1, as \
                `pose.keypoints`), in `COCO_KEYPOINTS` order. The plot has y pointing down as in the \
                picture and the same scale on both axes, so a pose looks as it does over its crop (the \
                crop is the dashed frame); `aspect` is the crop's height / width (2 for a 64 x 128 crop) \
                to draw y that much longer. Each of the 17 keypoints has its own colour, the same as in \
                `draw_skeleton`, named in the legend; bones are grey lines. A nan point (from \
                `filter_keypoints`) and its bones are skipped; with `scores` (`[17]` or `[N, 17]`), points \
                scored `<= threshold` are skipped too. Several frames are drawn over each other, fainter. 
                """ + labelDoc,
            examples: [
                Example(
                    "kp = rand([17, 2])\nscores = ones(17)\nscores[3] = 0\nplot_keypoints(kp, scores, title=\"one frame\")",
                    "<plot keypoints \"one frame\": 1 frame, 16 points> (a picture: view it in a colour terminal, or with fls render)"
                ),
                Example(
                    "kp = full([17, 2], 0.5)\nkp[3] = [nan, nan]\nplot_keypoints(stack([kp, kp + 0.1]))",
                    "<plot keypoints: 2 frames, 32 points> (a picture: view it in a colour terminal, or with fls render)"
                ),
            ]
        ) { args, _ in
            let kp = try args.array(0)
            guard kp.dtype != .str, kp.ndim == 2 || kp.ndim == 3, kp.shape.suffix(2) == [17, 2] else {
                throw args.pictureError(
                    0,
                    saying:
                        "must be [17, 2] (one frame) or [N, 17, 2] (N frames) of COCO x, y, got shape \(formatShape(kp.shape))",
                    hint: "pose.keypoints[i] is one frame, pose.keypoints[0:10] ten")
            }
            let frameCount = kp.ndim == 3 ? kp.shape[0] : 1
            guard frameCount >= 1 else { throw args.pictureError(0, saying: "has no frames to plot") }
            guard frameCount <= maxKeypointFrames else {
                throw args.pictureError(
                    0,
                    saying:
                        "has \(groupedDigits(frameCount)) frames; a plot draws at most \(groupedDigits(maxKeypointFrames))",
                    hint: "plot a slice, e.g. keypoints[0:1000]")
            }
            var values = kp.storage.doubles
            if !args.isNull(1) {
                let sc = try args.array(1)
                guard sc.shape == Array(kp.shape.dropLast()), let scores = Pose.scoreValues(sc) else {
                    throw args.pictureError(
                        1,
                        saying:
                            "must be numeric with shape \(formatShape(Array(kp.shape.dropLast()))) (one score per keypoint), got \(sc.dtype) \(formatShape(sc.shape))"
                    )
                }
                Pose.filter(&values, scores: scores, threshold: try args.double(2))
            }
            let aspect = try args.double(3)
            guard aspect >= 0.01 && aspect <= 100 else {
                throw args.pictureError(
                    3, saying: "must be between 0.01 and 100 (the crop's height / width), got \(aspect)")
            }
            let frames = (0..<frameCount).map { Array(values[($0 * 34)..<($0 * 34 + 34)]) }
            let plot = try running("plot_keypoints") { try Plot.keypoints(frames, aspect: aspect) }
            return try plotValue(plot, args, labelsFrom: 4)
        }
    }
}
