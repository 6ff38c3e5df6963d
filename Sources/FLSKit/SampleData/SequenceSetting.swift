// How one sequence is filmed: the viewing angle, walking or standing, and the
// camera's slow drift while it follows the person.
import Foundation

/// The viewing angle and motion of one sequence.
struct SequenceSetting {
    /// Rotation of the body about the vertical axis: 0 faces the camera, pi shows the back.
    var view: Double
    /// 1 for walking, near 0 for standing.
    var motion: Double
    var phase: Double
    /// How fast the background slides past as the camera follows the person.
    var scroll: Double
    var driftX: Double
    var driftY: Double

    init(seed: UInt64, person: Int, video: Int, sequence: Int) {
        var rng = SampleRandom(seed: seed, .sequence, person, video, sequence)
        let views = [
            0.0, 0.0, Double.pi, Double.pi / 2, -Double.pi / 2, Double.pi / 4, -Double.pi / 4, 3 * Double.pi / 4,
        ]
        view = rng.pick(views) + rng.uniform(-0.25, 0.25)
        motion = rng.chance(0.8) ? rng.uniform(0.7, 1.1) : rng.uniform(0.0, 0.2)
        phase = rng.uniform(0, 2 * Double.pi)
        scroll = motion * sin(view) * rng.uniform(0.01, 0.02)
        driftX = rng.uniform(-0.0015, 0.0015)
        driftY = rng.uniform(-0.001, 0.001)
    }
}
