// The "Pose" family: the MS-COCO keypoint names and filtering of keypoints
// the pose detector was not confident about.

import FLS

/// Pose primitives and their kernels.
enum Pose {
    static var primitives: [Primitive] { [cocoKeypoints, filterKeypoints] }

    /// MS-COCO's 17 keypoints, in the order of the pose arrays' axis -2.
    static let keypointNames = [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear",
        "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
        "left_wrist", "right_wrist", "left_hip", "right_hip",
        "left_knee", "right_knee", "left_ankle", "right_ankle",
    ]

    /// Sets both coordinates of every point whose score is `<= threshold` to nan.
    /// `xy` holds two values per score.
    static func filter<T: BinaryFloatingPoint>(
        _ xy: inout some MutableContiguousElements<T>, scores: [Double], threshold: Double
    ) {
        xy.withUnsafeMutableBufferPointer { p in
            for (k, s) in scores.enumerated() where s <= threshold {
                p[2 * k] = .nan
                p[2 * k + 1] = .nan
            }
        }
    }

    /// The scores as doubles (f32 scores widen exactly); nil when not numeric.
    static func scoreValues(_ a: NDArray) -> [Double]? {
        switch a.storage {
        case .f32(let v): return v.map(Double.init)
        case .f64(let v): return v.array
        case .str: return nil
        default: return a.storage.integerValues.map { $0.map(Double.init) }
        }
    }

    static var cocoKeypoints: Primitive {
        Primitive(
            constant: "COCO_KEYPOINTS", family: "Pose",
            value: .array(NDArray(shape: [keypointNames.count], storage: .str(keypointNames))),
            summary: "The 17 MS-COCO keypoint names, in the order of the keypoint arrays.",
            doc: "Index a name to find a keypoint's position: `COCO_KEYPOINTS[5]` is `\"left_shoulder\"`.",
            examples: [
                Example("COCO_KEYPOINTS[0:3]", "str[3] ['nose' 'left_eye' 'right_eye']"),
                Example("COCO_KEYPOINTS[5]", "\"left_shoulder\""),
            ])
    }

    static var filterKeypoints: Primitive {
        Primitive(
            "filter_keypoints", family: "Pose",
            params: [Param("keypoints"), Param("scores"), Param("threshold", .int(0))],
            summary: "Keypoints with every point whose score is <= threshold set to nan.",
            doc: """
                `keypoints` is `[..., 17, 2]` (x, y per point, f64 or f32; integers become f64) and \
                `scores` is `[..., 17]`, one score per point. The result has the keypoints' shape and \
                dtype; both coordinates of a point scored `<= threshold` become nan (in the real data \
                about 15% of points score 0). Use `nanmean` and friends on the result.
                """,
            examples: [
                Example(
                    "filter_keypoints([[0.5, 0.25], [0.75, 0.5]], [0.9, 0.0])",
                    "f64[2,2]\n[[0.5  0.25]\n [ nan  nan]]"),
                Example(
                    "filter_keypoints([[0.5, 0.25], [0.75, 0.5]], [0.9, 0.3], threshold=0.5)[1]",
                    "f64[2] [nan nan]"),
            ]
        ) { args, _ in
            var kp = try args.array(0)
            let sc = try args.array(1)
            let threshold = try args.double(2)
            guard kp.ndim >= 1, kp.shape.last == 2 else {
                throw RuntimeError(
                    "filter_keypoints: 'keypoints' must have a last axis of 2 (x, y), got shape \(formatShape(kp.shape))",
                    hint: "pose keypoints are [frames, 17, 2]")
            }
            guard Array(kp.shape.dropLast()) == sc.shape else {
                throw RuntimeError(
                    "filter_keypoints: 'scores' must have shape \(formatShape(Array(kp.shape.dropLast()))) to match keypoints of shape \(formatShape(kp.shape)), got \(formatShape(sc.shape))",
                    hint: "one score per point: keypoints [N, 17, 2] go with scores [N, 17]")
            }
            guard let scores = scoreValues(sc) else {
                throw RuntimeError("filter_keypoints: 'scores' must be numeric, got \(sc.dtype)")
            }
            if kp.dtype == .str {
                throw RuntimeError("filter_keypoints: 'keypoints' must be numeric, got str")
            }
            if !kp.dtype.isFloat { kp = try kp.astype(.f64) }
            switch kp.storage {
            case .f32(var v):
                filter(&v, scores: scores, threshold: threshold)
                return .array(NDArray(shape: kp.shape, storage: .f32(v)))
            case .f64(var v):
                filter(&v, scores: scores, threshold: threshold)
                return .array(NDArray(shape: kp.shape, storage: .f64(v)))
            default:
                return .array(kp)
            }
        }
    }
}
