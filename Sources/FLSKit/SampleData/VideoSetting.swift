// What changes from one video to the next: clothes, place, light and camera
// quality, from a stream keyed by the person and video numbers.

/// A rectangle of scenery behind the person, in crop units.
struct SceneryBlock {
    var x0: Double
    var x1: Double
    var y0: Double
    var y1: Double
    var colour: SampleColor
}

/// The clothes, background, light and camera of one video.
struct VideoSetting {
    /// Which of the person's outfits (0..<3), or -1 for clothes seen only in this video.
    var outfitIndex: Int
    var outfit: Outfit
    var wall: SampleColor
    var floor: SampleColor
    var horizon: Double
    var blocks: [SceneryBlock]
    /// Per-channel colour cast of the camera and light.
    var gain: SampleColor
    var noise: Float
    /// How much the crop is blurred (0 sharp, 1 a full 3x3 box blur), as upscaled video is.
    var blur: Float
    var margin: Double

    init(seed: UInt64, person: Int, video: Int, look: PersonLook) {
        var rng = SampleRandom(seed: seed, .video, person, video)
        if rng.chance(0.3) {
            outfitIndex = -1
            var fresh = SampleRandom(seed: seed, .outfit, person, 1000 + video)
            outfit = Outfit(&fresh)
        } else {
            outfitIndex = rng.int(0...2)
            outfit = look.outfits[outfitIndex]
        }
        let indoor = rng.chance(0.5)
        wall =
            indoor
            ? SampleColor.hsv(hue: rng.uniform(0, 6), saturation: rng.uniform(0.05, 0.35), value: rng.uniform(120, 235))
            : SampleColor.hsv(hue: rng.uniform(3, 4.2), saturation: rng.uniform(0.1, 0.5), value: rng.uniform(150, 250))
        floor =
            indoor
            ? SampleColor.hsv(hue: rng.uniform(0, 1.2), saturation: rng.uniform(0.1, 0.5), value: rng.uniform(60, 170))
            : SampleColor.hsv(
                hue: rng.uniform(1.5, 2.4), saturation: rng.uniform(0.1, 0.6), value: rng.uniform(60, 150))
        horizon = rng.uniform(0.55, 0.85)
        blocks = (0..<rng.int(1...4)).map { _ in
            let x = rng.uniform(-0.3, 1.1)
            let top = rng.uniform(0.0, 0.6)
            return SceneryBlock(
                x0: x, x1: x + rng.uniform(0.08, 0.5), y0: top, y1: top + rng.uniform(0.2, 0.9),
                colour: Outfit.clothColour(&rng).mixed(with: SampleColor(128, 128, 128), 0.4))
        }
        let warmth = Float(rng.uniform(-0.1, 0.1))
        let brightness = Float(rng.uniform(0.75, 1.15))
        gain = SampleColor(
            (1 + warmth) * brightness, brightness * Float(rng.uniform(0.95, 1.05)), (1 - warmth) * brightness)
        noise = Float(rng.uniform(2, 7))
        blur = rng.chance(0.6) ? Float(rng.uniform(0.2, 0.9)) : 0
        margin = rng.uniform(0.02, 0.06)
    }
}
