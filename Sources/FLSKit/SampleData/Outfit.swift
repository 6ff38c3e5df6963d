// Clothes: what changes most between a person's videos, yet recurs.

/// One set of clothes.
struct Outfit {
    var shirt: SampleColor
    var trousers: SampleColor
    var shoes: SampleColor
    var longSleeves: Bool
    var shorts: Bool

    init(_ rng: inout SampleRandom) {
        shirt = Outfit.clothColour(&rng)
        trousers = rng.chance(0.4) ? rng.pick(Outfit.trouserColours) : Outfit.clothColour(&rng).scaled(0.8)
        shoes = rng.pick(Outfit.shoeColours)
        longSleeves = rng.chance(0.55)
        shorts = rng.chance(0.15)
    }

    /// Plain dark, light or saturated colours, as clothes tend to be.
    static func clothColour(_ rng: inout SampleRandom) -> SampleColor {
        if rng.chance(0.3) {
            let v = Float(rng.pick([25.0, 45, 120, 200, 235] as [Double]))
            return SampleColor(v, v, v * Float(rng.uniform(0.95, 1.08)))
        }
        let hue = rng.uniform(0, 6)
        let saturation = rng.uniform(0.35, 0.9)
        let value = rng.uniform(70, 230)
        return SampleColor.hsv(hue: hue, saturation: saturation, value: value)
    }

    static let trouserColours = [
        SampleColor(40, 55, 95), SampleColor(60, 80, 120), SampleColor(30, 30, 34), SampleColor(95, 85, 70),
        SampleColor(150, 140, 115), SampleColor(70, 70, 75),
    ]
    static let shoeColours = [
        SampleColor(20, 20, 22), SampleColor(230, 230, 230), SampleColor(90, 60, 40), SampleColor(50, 50, 60),
    ]
}
