// A person's body in one frame: a 3-D stick figure walking in place, turned
// to the sequence's viewing angle, projected and fitted into the crop the
// way a person detector's box would be. The 17 keypoints are in MS-COCO
// order; `DetectedPose` adds the detector's noise and failures on top.
import Foundation

/// The projected figure of one frame, in crop units (x right, y down, 0...1).
struct BodyFigure {
    /// COCO keypoint names, in order.
    static let names = [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
        "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
        "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    ]

    var x = [Double](repeating: 0, count: 17)
    var y = [Double](repeating: 0, count: 17)
    /// Nearness to the camera (larger is nearer), in body units.
    var depth = [Double](repeating: 0, count: 17)
    var headX = 0.0, headY = 0.0, headDepth = 0.0
    /// Crop units per body-height unit.
    var scale = 1.0
    /// The viewing angle (0 faces the camera).
    var view = 0.0
    /// Body-space keypoints (x to the person's left, y down, z forward), in body-height units.
    var body = [(Double, Double, Double)](repeating: (0, 0, 0), count: 17)
    /// The head centre in body space.
    var headBody = (0.0, 0.0, 0.0)
    private var cosView = 1.0, sinView = 0.0
    private var offsetX = 0.5, offsetY = 0.0, centre = 0.0, top = 0.0

    /// The figure of frame `frame` of a sequence.
    init(look: PersonLook, video: VideoSetting, sequence: SequenceSetting, frame: Int, random: inout SampleRandom) {
        view = sequence.view
        let phase = sequence.phase + 2 * Double.pi * Double(frame) / look.gaitPeriod
        let swing = look.stride * sequence.motion
        let bounce = look.bounce * sequence.motion * cos(2 * phase)
        var points = [(Double, Double, Double)](repeating: (0, 0, 0), count: 17)

        // Legs: the thigh swings about the hip; the knee bends while the leg moves forward.
        for (side, sign) in [(0, 1.0), (1, -1.0)] {
            let legPhase = phase + Double(side) * Double.pi
            let thighAngle = swing * sin(legPhase)
            let bend = 1.1 * swing * max(0, cos(legPhase)) + 0.03
            let hip = (sign * look.hipHalfWidth, bounce, 0.0)
            let knee = (hip.0 * 0.9, hip.1 + look.thigh * cos(thighAngle), look.thigh * sin(thighAngle))
            let shinAngle = thighAngle - bend
            let ankle = (hip.0 * 0.85, knee.1 + look.shin * cos(shinAngle), knee.2 + look.shin * sin(shinAngle))
            points[11 + side] = hip
            points[13 + side] = knee
            points[15 + side] = ankle
        }
        // Arms swing against the legs on the same side.
        let shoulderY = -look.torso + bounce
        let shoulderZ = look.lean * look.torso
        for (side, sign) in [(0, 1.0), (1, -1.0)] {
            let armAngle = -look.armSwing * sequence.motion * sin(phase + Double(side) * Double.pi)
            let shoulder = (sign * look.shoulderHalfWidth, shoulderY, shoulderZ)
            let elbow = (
                shoulder.0 + sign * 0.12 * look.upperArm, shoulder.1 + look.upperArm * cos(armAngle),
                shoulder.2 + look.upperArm * sin(armAngle)
            )
            let forearmAngle = armAngle + 0.25 + 0.25 * sequence.motion
            let wrist = (
                elbow.0 + sign * 0.05 * look.forearm, elbow.1 + look.forearm * cos(forearmAngle),
                elbow.2 + look.forearm * sin(forearmAngle)
            )
            points[5 + side] = shoulder
            points[7 + side] = elbow
            points[9 + side] = wrist
        }
        // The head and the face's keypoints.
        let r = look.headRadius
        let head = (0.0, shoulderY - look.neck - r, shoulderZ * 1.15)
        points[0] = (head.0, head.1 + 0.2 * r, head.2 + 0.95 * r)
        points[1] = (head.0 + 0.35 * r, head.1 - 0.1 * r, head.2 + 0.85 * r)
        points[2] = (head.0 - 0.35 * r, head.1 - 0.1 * r, head.2 + 0.85 * r)
        points[3] = (head.0 + 0.95 * r, head.1, head.2 - 0.05 * r)
        points[4] = (head.0 - 0.95 * r, head.1, head.2 - 0.05 * r)

        // Rotate to the viewing angle, then fit the detector's box around the body.
        let c = cos(view), s = sin(view)
        func rotate(_ p: (Double, Double, Double)) -> (Double, Double, Double) {
            (p.0 * c + p.2 * s, p.1, -p.0 * s + p.2 * c)
        }
        let rotated = points.map(rotate)
        let headRotated = rotate(head)
        var minX = headRotated.0 - r, maxX = headRotated.0 + r
        for p in rotated {
            minX = min(minX, p.0 - look.legThickness)
            maxX = max(maxX, p.0 + look.legThickness)
        }
        let top = headRotated.1 - 1.15 * r
        let bottom = max(rotated[15].1, rotated[16].1) + 0.03
        let margin = video.margin
        let jitterScale = 1 + 0.012 * random.normal()
        let scale = (1 - 2 * margin) / (bottom - top) * jitterScale
        let centre = (minX + maxX) / 2
        let offsetX = 0.5 + sequence.driftX * Double(frame) + 0.006 * random.normal()
        let offsetY = margin + sequence.driftY * Double(frame) + 0.005 * random.normal()
        self.scale = scale
        self.cosView = c
        self.sinView = s
        self.offsetX = offsetX
        self.offsetY = offsetY
        self.centre = centre
        self.top = top
        body = points
        headBody = head
        for i in 0..<17 {
            let p = project(points[i])
            x[i] = p.x
            y[i] = p.y
            depth[i] = p.depth
        }
        let h = project(head)
        headX = h.x
        headY = h.y
        headDepth = h.depth
    }

    /// Rotates a body-space point to the view and maps it into the crop.
    func project(_ p: (Double, Double, Double)) -> (x: Double, y: Double, depth: Double) {
        let qx = p.0 * cosView + p.2 * sinView
        let qz = -p.0 * sinView + p.2 * cosView
        return (offsetX + (qx - centre) * scale, offsetY + (p.1 - top) * scale, qz)
    }

    /// A point given relative to body-space point `p`, projected.
    func project(_ p: (Double, Double, Double), plus dx: Double, _ dy: Double, _ dz: Double) -> (
        x: Double, y: Double, depth: Double
    ) {
        project((p.0 + dx, p.1 + dy, p.2 + dz))
    }
}
