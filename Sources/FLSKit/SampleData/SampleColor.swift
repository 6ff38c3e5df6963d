// Colours of the generated crops, as floats so blending and shading stay exact until the final rounding.

/// An SampleColor colour with components in 0...255.
struct SampleColor {
    var r: Float
    var g: Float
    var b: Float

    init(_ r: Float, _ g: Float, _ b: Float) {
        self.r = r
        self.g = g
        self.b = b
    }

    func scaled(_ k: Float) -> SampleColor { SampleColor(r * k, g * k, b * k) }

    func mixed(with other: SampleColor, _ t: Float) -> SampleColor {
        SampleColor(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }
}

extension SampleColor {
    /// A colour from hue (0..<6), saturation (0...1) and value (0...255).
    static func hsv(hue: Double, saturation: Double, value: Double) -> SampleColor {
        let sector = Int(hue) % 6
        let f = hue - Double(Int(hue))
        let p = value * (1 - saturation)
        let q = value * (1 - saturation * f)
        let t = value * (1 - saturation * (1 - f))
        let (r, g, b): (Double, Double, Double)
        switch sector {
        case 0: (r, g, b) = (value, t, p)
        case 1: (r, g, b) = (q, value, p)
        case 2: (r, g, b) = (p, value, t)
        case 3: (r, g, b) = (p, q, value)
        case 4: (r, g, b) = (t, p, value)
        default: (r, g, b) = (value, p, q)
        }
        return SampleColor(Float(r), Float(g), Float(b))
    }
}
