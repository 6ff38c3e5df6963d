/// A colour with components in 0...1.
struct RGB: Equatable {
    var r: Double, g: Double, b: Double

    init(_ r: Double, _ g: Double, _ b: Double) {
        self.r = r; self.g = g; self.b = b
    }

    init(hex: UInt32) {
        r = Double((hex >> 16) & 0xff) / 255
        g = Double((hex >> 8) & 0xff) / 255
        b = Double(hex & 0xff) / 255
    }

    var bytes: (UInt8, UInt8, UInt8) {
        func q(_ v: Double) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
        return (q(r), q(g), q(b))
    }

    static let black = RGB(0, 0, 0)
    static let white = RGB(1, 1, 1)
    static let axis = RGB(hex: 0x333333)
    static let grid = RGB(hex: 0xE6E6E6)
    static let text = RGB(hex: 0x222222)
}

/// Colour choices shared by every picture.
enum Palette {
    /// Okabe-Ito's colour-blind-safe set (without black and with blue first),
    /// then tab10's brown, grey, purple, red and green, then hues picked to be
    /// as far as possible from all before them. The first eight categories stay
    /// distinguishable for colour-blind readers; all twenty are at least 26
    /// CIELAB units apart (the closest pair is Okabe-Ito's two blues), so the 17
    /// COCO keypoints each get a colour of their own.
    static let categorical: [RGB] = [
        0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xF0E442, 0x000000,
        0x8C564B, 0x7F7F7F, 0x9467BD, 0xD62728, 0x2CA02C, 0x1919E6, 0xE619E5, 0x73730D,
        0x0D0D73, 0xE61990, 0x69164E, 0x195DE6,
    ].map { RGB(hex: $0) }

    /// The colour of category `index`. Beyond the fixed set, hues are spread by the
    /// golden angle so that many categories (e.g. 100 people) remain distinct.
    static func category(_ index: Int) -> RGB {
        if index >= 0 && index < categorical.count { return categorical[index] }
        let k = Double(index - categorical.count)
        let hue = (k * 0.618033988749895).truncatingRemainder(dividingBy: 1)
        let lightness = [0.45, 0.60, 0.35][Int(k) % 3]
        return hsl(hue, 0.65, lightness)
    }

    static func hsl(_ h: Double, _ s: Double, _ l: Double) -> RGB {
        func f(_ n: Double) -> Double {
            let k = (n + h * 12).truncatingRemainder(dividingBy: 12)
            let a = s * min(l, 1 - l)
            return l - a * max(-1, min(k - 3, 9 - k, 1))
        }
        return RGB(f(0), f(8), f(4))
    }

    /// Viridis sampled at nine stops; linear interpolation between them is
    /// visually indistinguishable from the full table at plot sizes.
    static let viridisStops: [RGB] = [
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    ].map { RGB(hex: $0) }

    /// Viridis colour for t in 0...1 (clamped; NaN maps to grey).
    static func viridis(_ t: Double) -> RGB {
        guard t.isFinite else { return RGB(hex: 0xBBBBBB) }
        let x = max(0, min(1, t)) * Double(viridisStops.count - 1)
        let i = min(Int(x), viridisStops.count - 2)
        let f = x - Double(i)
        let a = viridisStops[i], b = viridisStops[i + 1]
        return RGB(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f)
    }
}
