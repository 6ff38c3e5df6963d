// What makes a person recognisable without a face: body proportions, build,
// gait, hair, skin tone and a few favourite outfits. Everything is drawn
// from the person's own random stream, so the same identity looks the same
// in the training and the evaluation files.

/// A person's lasting appearance and way of walking.
struct PersonLook {
    // Body proportions, in units of body height.
    var headRadius: Double
    var neck: Double
    var shoulderHalfWidth: Double
    var torso: Double
    var hipHalfWidth: Double
    var upperArm: Double
    var forearm: Double
    var thigh: Double
    var shin: Double
    var armThickness: Double
    var legThickness: Double
    var bodyDepth: Double

    // Gait.
    var gaitPeriod: Double
    var stride: Double
    var armSwing: Double
    var bounce: Double
    var lean: Double

    // Colours.
    var skin: SampleColor
    var hair: SampleColor
    /// 0 short, 1 medium (to the jaw), 2 long (past the shoulders), 3 shaved.
    var hairStyle: Int
    var outfits: [Outfit]

    /// The identity's look; the same for any split.
    init(seed: UInt64, person: Int) {
        var rng = SampleRandom(seed: seed, .person, person)
        let build = rng.uniform(0.8, 1.25)
        headRadius = rng.uniform(0.055, 0.072)
        neck = rng.uniform(0.025, 0.05)
        shoulderHalfWidth = rng.uniform(0.08, 0.105) * build
        torso = rng.uniform(0.25, 0.31)
        hipHalfWidth = rng.uniform(0.05, 0.07) * (0.6 + 0.4 * build)
        upperArm = rng.uniform(0.14, 0.18)
        forearm = rng.uniform(0.12, 0.16)
        thigh = rng.uniform(0.2, 0.25)
        shin = rng.uniform(0.19, 0.24)
        armThickness = rng.uniform(0.022, 0.03) * build
        legThickness = rng.uniform(0.03, 0.042) * build
        bodyDepth = rng.uniform(0.05, 0.07) * build
        gaitPeriod = rng.uniform(16, 30)
        stride = rng.uniform(0.25, 0.5)
        armSwing = rng.uniform(0.12, 0.45)
        bounce = rng.uniform(0.003, 0.012)
        lean = rng.uniform(-0.06, 0.1)
        let tone = Float(rng.uniform(0, 1))
        skin = SampleColor(250, 215, 190).mixed(with: SampleColor(95, 60, 40), tone)
        hair = rng.pick([
            SampleColor(20, 16, 14), SampleColor(55, 35, 25), SampleColor(110, 75, 45), SampleColor(215, 180, 110),
            SampleColor(160, 155, 150), SampleColor(150, 70, 35), SampleColor(35, 30, 30),
        ])
        let style = rng.uniform()
        hairStyle = style < 0.45 ? 0 : style < 0.7 ? 1 : style < 0.93 ? 2 : 3
        outfits = (0..<3).map { k in
            var outfitRandom = SampleRandom(seed: seed, .outfit, person, k)
            return Outfit(&outfitRandom)
        }
    }
}
