// Body-shape features from COCO keypoints: limb lengths per frame and the
// same lengths divided by the torso, which cancels the crop's scale.

import FLS

/// The limbs `limb_features` measures, as COCO keypoint index pairs.
enum Limbs {
    static let pairs: [(name: String, a: Int, b: Int)] = [
        ("shoulders", 5, 6), ("hips", 11, 12),
        ("left_upper_arm", 5, 7), ("left_forearm", 7, 9), ("right_upper_arm", 6, 8), ("right_forearm", 8, 10),
        ("left_torso", 5, 11), ("right_torso", 6, 12),
        ("left_thigh", 11, 13), ("left_shin", 13, 15), ("right_thigh", 12, 14), ("right_shin", 14, 16),
        ("eyes", 1, 2), ("ears", 3, 4),
    ]

    /// [n, limbs] lengths and ratios to the torso (the mean of the two torso
    /// sides that are present); NaN where a keypoint (or the torso) is missing.
    static func measure(_ kp: [Double], frames n: Int) -> (lengths: [Double], ratios: [Double]) {
        let l = pairs.count
        var lengths = [Double](repeating: .nan, count: n * l)
        var ratios = [Double](repeating: .nan, count: n * l)
        for f in 0..<n {
            let base = f * 34
            for (t, p) in pairs.enumerated() {
                let dx = kp[base + 2 * p.a] - kp[base + 2 * p.b], dy = kp[base + 2 * p.a + 1] - kp[base + 2 * p.b + 1]
                lengths[f * l + t] = (dx * dx + dy * dy).squareRoot()  // NaN stays NaN
            }
            let left = lengths[f * l + 6], right = lengths[f * l + 7]
            let torso: Double
            switch (left.isNaN, right.isNaN) {
            case (false, false): torso = (left + right) / 2
            case (false, true): torso = left
            case (true, false): torso = right
            default: torso = .nan
            }
            guard torso > 1e-9 else { continue }
            for t in 0..<l { ratios[f * l + t] = lengths[f * l + t] / torso }
        }
        return (lengths, ratios)
    }
}

extension Learn {
    static var limbFeatures: Primitive {
        Primitive(
            "limb_features", family: "Pose", params: [Param("keypoints")],
            summary: "Per-frame limb lengths and their ratios to the torso, from COCO keypoints.",
            doc: """
                `keypoints` is `[n, 17, 2]` (x, y in COCO order), usually after `filter_keypoints` so \
                that missed points are NaN. Returns `{names, lengths, ratios}`: `names` the 14 limbs \
                (shoulders, hips, upper arms, forearms, torso sides, thighs, shins, eyes, ears), \
                `lengths` `f64[n, 14]` the distance between the limb's two keypoints and `ratios` the \
                lengths divided by the torso (the mean of the left and right shoulder-to-hip sides \
                present), which does not depend on how large the person is in the crop. A limb with a \
                missing keypoint is NaN; so is every ratio of a frame without a torso. Average per \
                video or person with `nanmean_by`.
                """,
            examples: [
                Example(
                    """
                    kp = zeros([1, 17, 2])
                    kp[0, 5] = [0.4, 0.3]
                    kp[0, 6] = [0.6, 0.3]
                    kp[0, 11] = [0.4, 0.7]
                    kp[0, 12] = [0.6, 0.7]
                    f = limb_features(kp)
                    print(f.names[0:2], f.lengths[0, 0:2])
                    round(f.ratios[0, 0:2] * 100) / 100
                    """, "['shoulders' 'hips'] [0.2 0.2]\nf64[2] [0.5 0.5]")
            ]
        ) { args, _ in
            let a = try args.array(0)
            guard a.dtype != .str, a.ndim == 3, a.shape[1] == 17, a.shape[2] == 2 else {
                throw RuntimeError(
                    "limb_features: 'keypoints' must be [n, 17, 2] (COCO x, y per keypoint), got shape \(formatShape(a.shape))",
                    hint: "pose.keypoints from read_pose has this shape")
            }
            let n = a.shape[0]
            let (lengths, ratios) = Limbs.measure(a.storage.doubles, frames: n)
            let l = Limbs.pairs.count
            return .record(
                Record([
                    ("names", .array(NDArray(shape: [l], storage: .str(Limbs.pairs.map { $0.name })))),
                    ("lengths", .array(NDArray(shape: [n, l], storage: .f64(lengths)))),
                    ("ratios", .array(NDArray(shape: [n, l], storage: .f64(ratios)))),
                ]))
        }
    }
}
