// What a pose detector reports for a frame: the true keypoints with a little
// noise, and failures where a joint is hidden or hard to see. A failed joint
// gets a score <= 0 and a position that is wrong but plausible (another
// joint's place, or far off), as the real detector's output has; the kit
// filtered them by score.
import Foundation

/// Keypoints and scores of one frame as the detector reports them.
struct DetectedPose {
    /// x, y for each of the 17 keypoints, in crop units.
    var keypoints = [Double](repeating: 0, count: 34)
    var scores = [Float](repeating: 0, count: 17)

    /// The chance that each joint is missed when seen from the front.
    static let missChance: [Double] = [
        0.02, 0.06, 0.06, 0.2, 0.2, 0.005, 0.005, 0.03, 0.03, 0.07, 0.07,
        0.005, 0.005, 0.03, 0.03, 0.3, 0.3,
    ]
    /// Each joint's partner on the other side of the body (the nose is its own).
    static let partner = [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]

    init(figure: BodyFigure, random: inout SampleRandom) {
        let facing = cos(figure.view)
        let side = abs(sin(figure.view))
        for j in 0..<17 {
            var miss = DetectedPose.missChance[j]
            let hidden = figure.depth[j] < figure.depth[DetectedPose.partner[j]] - 1e-9
            if j <= 2 { miss += 0.6 * max(0, -facing) }
            if hidden {
                miss += j <= 4 ? 0.45 * side : j >= 7 && j != 11 && j != 12 ? 0.12 * side : 0
            }
            if random.chance(min(miss, 0.97)) {
                let (x, y) = DetectedPose.misplaced(j, figure: figure, random: &random)
                keypoints[2 * j] = x
                keypoints[2 * j + 1] = y
                scores[j] = Float(max(-4.6, -(abs(random.normal()) * 1.2 + 0.005)))
            } else {
                keypoints[2 * j] = figure.x[j] + 0.008 * random.normal()
                keypoints[2 * j + 1] = figure.y[j] + 0.008 * random.normal()
                scores[j] = Float(min(3.2, max(0.01, 1.55 + 0.5 * random.normal())))
            }
        }
    }

    /// A wrong position for a missed joint: on another joint, or somewhere off.
    static func misplaced(_ j: Int, figure: BodyFigure, random: inout SampleRandom) -> (Double, Double) {
        let clampX = { (v: Double) in min(1.04, max(-0.002, v)) }
        if random.chance(0.55) {
            let other = random.chance(0.6) ? partner[j] : random.int(0...16)
            return (clampX(figure.x[other] + 0.02 * random.normal()), clampX(figure.y[other] + 0.02 * random.normal()))
        }
        return (clampX(figure.x[j] + 0.1 * random.normal()), clampX(figure.y[j] + 0.1 * random.normal()))
    }
}
