// The kernel's logo, drawn when the kernelspec is installed: a faceless
// bust (a plain head over shoulders) on a rounded teal square. Shapes are
// sampled 4x4 per pixel for smooth edges; cairo encodes the PNG.

import FLSKit

enum KernelLogo {
    /// The logo as PNG bytes, `size` pixels square.
    static func png(size: Int) throws -> [UInt8] {
        try encodePNG(rgb: pixels(size: size), width: size, height: size)
    }

    /// RGB pixels (on a white background, as the PNG has no alpha).
    static func pixels(size: Int) -> [UInt8] {
        let background: (Double, Double, Double) = (255, 255, 255)
        let tile: (Double, Double, Double) = (31, 111, 139)
        let figure: (Double, Double, Double) = (245, 240, 225)
        let samples = 4
        var out = [UInt8](repeating: 255, count: size * size * 3)
        for py in 0..<size {
            for px in 0..<size {
                var sum = (0.0, 0.0, 0.0)
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        // Coordinates in the unit square, y downwards.
                        let x = (Double(px) + (Double(sx) + 0.5) / Double(samples)) / Double(size)
                        let y = (Double(py) + (Double(sy) + 0.5) / Double(samples)) / Double(size)
                        var color = background
                        if inRoundedSquare(x, y) { color = tile }
                        if inRoundedSquare(x, y) && (inHead(x, y) || inShoulders(x, y)) { color = figure }
                        sum.0 += color.0
                        sum.1 += color.1
                        sum.2 += color.2
                    }
                }
                let n = Double(samples * samples)
                let i = (py * size + px) * 3
                out[i] = UInt8((sum.0 / n).rounded())
                out[i + 1] = UInt8((sum.1 / n).rounded())
                out[i + 2] = UInt8((sum.2 / n).rounded())
            }
        }
        return out
    }

    static func inRoundedSquare(_ x: Double, _ y: Double) -> Bool {
        let r = 0.18
        let cx = min(max(x, r), 1 - r)
        let cy = min(max(y, r), 1 - r)
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r
    }

    static func inHead(_ x: Double, _ y: Double) -> Bool {
        let dx = (x - 0.5) / 0.17, dy = (y - 0.38) / 0.2
        return dx * dx + dy * dy <= 1
    }

    static func inShoulders(_ x: Double, _ y: Double) -> Bool {
        let dx = (x - 0.5) / 0.34, dy = (y - 0.98) / 0.36
        return dx * dx + dy * dy <= 1
    }
}
