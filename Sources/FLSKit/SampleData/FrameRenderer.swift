// Draws one 64x64 crop: the video's background sliding past, then the body
// as soft-edged, shaded tapered capsules painted from far to near, then the
// camera's colour cast, blur and sensor noise. Crude, but a viewer can tell
// people apart by build, hair, skin and clothes, as the challenge intends.
import Foundation

/// One body part: a tapered capsule from (x0, y0) to (x1, y1), in pixels.
struct BodyPart {
    var x0: Float, y0: Float, r0: Float
    var x1: Float, y1: Float, r1: Float
    var colour: SampleColor
    var depth: Double
}

/// Renders frames into SampleColor bytes.
enum FrameRenderer {
    static let size = 64

    /// The crop of one frame, as width*height*3 SampleColor bytes.
    static func render(
        figure: BodyFigure, look: PersonLook, video: VideoSetting, sequence: SequenceSetting,
        frame: Int, random: inout SampleRandom
    ) -> [UInt8] {
        let n = size
        var canvas = [Float](repeating: 0, count: n * n * 3)
        canvas.withUnsafeMutableBufferPointer { pixels in
            paintBackground(pixels, video: video, shift: sequence.scroll * Double(frame))
            for part in parts(figure: figure, look: look, outfit: video.outfit).sorted(by: { $0.depth < $1.depth }) {
                paint(part, into: pixels)
            }
        }
        return finish(canvas, video: video, random: &random)
    }

    /// The body as capsules, in pixels, with their depths.
    static func parts(figure f: BodyFigure, look: PersonLook, outfit: Outfit) -> [BodyPart] {
        let px = Double(size) * f.scale
        var parts: [BodyPart] = []
        parts.reserveCapacity(20)
        func capsule(
            _ a: (x: Double, y: Double, depth: Double), _ b: (x: Double, y: Double, depth: Double),
            _ ra: Double, _ rb: Double, _ colour: SampleColor, depthBias: Double = 0
        ) {
            parts.append(
                BodyPart(
                    x0: Float(a.x * Double(size)), y0: Float(a.y * Double(size)), r0: Float(ra * px),
                    x1: Float(b.x * Double(size)), y1: Float(b.y * Double(size)), r1: Float(rb * px),
                    colour: colour, depth: (a.depth + b.depth) / 2 + depthBias))
        }
        func point(_ i: Int) -> (x: Double, y: Double, depth: Double) { (f.x[i], f.y[i], f.depth[i]) }

        // Legs and shoes.
        for side in 0..<2 {
            let hip = point(11 + side), knee = point(13 + side), ankle = point(15 + side)
            capsule(hip, knee, look.legThickness, look.legThickness * 0.85, outfit.trousers)
            capsule(
                knee, ankle, look.legThickness * 0.8, look.legThickness * 0.65,
                outfit.shorts ? look.skin : outfit.trousers)
            let toe = f.project(f.body[15 + side], plus: 0, 0.015, 0.06)
            capsule(ankle, toe, look.legThickness * 0.6, look.legThickness * 0.55, outfit.shoes, depthBias: 0.001)
        }
        // Torso: shirt from the shoulders down, trousers at the waist.
        let shoulderMid = f.project(
            ((f.body[5].0 + f.body[6].0) / 2, (f.body[5].1 + f.body[6].1) / 2, (f.body[5].2 + f.body[6].2) / 2))
        let hipMid = f.project(
            ((f.body[11].0 + f.body[12].0) / 2, (f.body[11].1 + f.body[12].1) / 2, (f.body[11].2 + f.body[12].2) / 2))
        let c = abs(cos(f.view)), s = abs(sin(f.view))
        let shoulderRadius = look.shoulderHalfWidth * c + look.bodyDepth * s + look.armThickness * 0.3
        let hipRadius = look.hipHalfWidth * c + look.bodyDepth * 0.9 * s + look.legThickness * 0.7
        let torsoDrop = 0.25 * look.torso / max(1e-6, abs(shoulderMid.y - hipMid.y) / f.scale)
        let chest = (
            x: shoulderMid.x + (hipMid.x - shoulderMid.x) * torsoDrop,
            y: shoulderMid.y + (hipMid.y - shoulderMid.y) * torsoDrop, depth: shoulderMid.depth
        )
        capsule(chest, hipMid, shoulderRadius, hipRadius * 0.95, outfit.shirt, depthBias: -0.0005)
        capsule(shoulderMid, chest, shoulderRadius * 0.75, shoulderRadius, outfit.shirt, depthBias: -0.0005)
        let belt = (x: hipMid.x, y: hipMid.y - 0.04 * f.scale, depth: hipMid.depth)
        capsule(belt, hipMid, hipRadius, hipRadius, outfit.trousers, depthBias: -0.0004)
        // Arms and hands.
        for side in 0..<2 {
            let shoulder = point(5 + side), elbow = point(7 + side), wrist = point(9 + side)
            capsule(shoulder, elbow, look.armThickness * 1.1, look.armThickness, outfit.shirt)
            capsule(
                elbow, wrist, look.armThickness * 0.9, look.armThickness * 0.8,
                outfit.longSleeves ? outfit.shirt : look.skin)
            capsule(wrist, wrist, look.armThickness * 0.9, look.armThickness * 0.9, look.skin, depthBias: 0.001)
        }
        // Neck, hair and head. The face shows when the body turns towards the camera.
        let r = look.headRadius
        let head = (x: f.headX, y: f.headY, depth: f.headDepth)
        capsule(shoulderMid, head, r * 0.4, r * 0.4, look.skin, depthBias: -0.002)
        if look.hairStyle == 1 || look.hairStyle == 2 {
            let length = look.hairStyle == 2 ? 1.9 * r : 0.8 * r
            let back0 = f.project(f.headBody, plus: 0, 0, -0.35 * r)
            let back1 = f.project(f.headBody, plus: 0, length, -0.5 * r)
            capsule(back0, back1, r * 0.95, r * 0.8, look.hair)
        }
        let facing = cos(f.view)
        if look.hairStyle == 3 {
            capsule(head, head, r, r, look.skin)
        } else {
            let crown = (x: head.x, y: head.y - 0.12 * r * f.scale, depth: head.depth)
            capsule(crown, crown, r * 1.02, r * 1.02, look.hair)
            if facing > -0.35 {
                let face = f.project(f.headBody, plus: 0, 0.12 * r, 0.5 * r)
                let faceRadius = r * (0.6 + 0.25 * max(0, facing))
                capsule(face, face, faceRadius, faceRadius, look.skin.scaled(0.97), depthBias: r)
            }
        }
        return parts
    }

    /// The video's background: wall, floor and scenery blocks, shifted as the camera follows.
    static func paintBackground(_ pixels: UnsafeMutableBufferPointer<Float>, video: VideoSetting, shift: Double) {
        let n = size
        for row in 0..<n {
            let v = (Double(row) + 0.5) / Double(n)
            let floorWeight = Float(min(1, max(0, (v - video.horizon) * Double(n) / 2 + 0.5)))
            let shade = Float(0.9 + 0.2 * v)
            let base = video.wall.mixed(with: video.floor, floorWeight).scaled(shade)
            for col in 0..<n {
                let u = (Double(col) + 0.5) / Double(n) + shift
                var colour = base
                for block in video.blocks where v >= block.y0 && v < block.y1 && v < video.horizon + 0.05 {
                    let wrapped = u - (u / 1.6).rounded(.down) * 1.6 - 0.3
                    if wrapped >= block.x0 && wrapped < block.x1 { colour = block.colour.scaled(shade) }
                }
                let i = (row * n + col) * 3
                pixels[i] = colour.r
                pixels[i + 1] = colour.g
                pixels[i + 2] = colour.b
            }
        }
    }

    /// Paints one capsule with a soft edge and a little rounding shade.
    static func paint(_ part: BodyPart, into pixels: UnsafeMutableBufferPointer<Float>) {
        let n = size
        let reach = max(part.r0, part.r1) + 1
        let minX = max(0, Int((min(part.x0, part.x1) - reach).rounded(.down)))
        let maxX = min(n - 1, Int((max(part.x0, part.x1) + reach).rounded(.up)))
        let minY = max(0, Int((min(part.y0, part.y1) - reach).rounded(.down)))
        let maxY = min(n - 1, Int((max(part.y0, part.y1) + reach).rounded(.up)))
        guard minX <= maxX, minY <= maxY else { return }
        let dx = part.x1 - part.x0, dy = part.y1 - part.y0
        let lengthSquared = dx * dx + dy * dy
        for row in minY...maxY {
            let py = Float(row) + 0.5
            for col in minX...maxX {
                let px = Float(col) + 0.5
                var t: Float = 0
                if lengthSquared > 1e-6 {
                    t = min(1, max(0, ((px - part.x0) * dx + (py - part.y0) * dy) / lengthSquared))
                }
                let ex = px - (part.x0 + t * dx), ey = py - (part.y0 + t * dy)
                let distance = (ex * ex + ey * ey).squareRoot()
                let radius = part.r0 + t * (part.r1 - part.r0)
                let alpha = min(1, max(0, radius - distance + 0.5))
                if alpha <= 0 { continue }
                let edge = min(1, distance / max(radius, 0.5))
                let shade = 1.05 - 0.3 * edge * edge
                let i = (row * n + col) * 3
                pixels[i] += alpha * (part.colour.r * shade - pixels[i])
                pixels[i + 1] += alpha * (part.colour.g * shade - pixels[i + 1])
                pixels[i + 2] += alpha * (part.colour.b * shade - pixels[i + 2])
            }
        }
    }

    /// Colour cast, blur and noise, then rounding to bytes.
    static func finish(_ canvas: [Float], video: VideoSetting, random: inout SampleRandom) -> [UInt8] {
        let n = size
        var out = [UInt8](repeating: 0, count: n * n * 3)
        let gains = [video.gain.r, video.gain.g, video.gain.b]
        canvas.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var bits: UInt64 = 0
                var left = 0
                for row in 0..<n {
                    for col in 0..<n {
                        for ch in 0..<3 {
                            let i = (row * n + col) * 3 + ch
                            var value = src[i]
                            if video.blur > 0 {
                                var sum: Float = 0
                                var count: Float = 0
                                for yy in max(0, row - 1)...min(n - 1, row + 1) {
                                    for xx in max(0, col - 1)...min(n - 1, col + 1) {
                                        sum += src[(yy * n + xx) * 3 + ch]
                                        count += 1
                                    }
                                }
                                value += video.blur * (sum / count - value)
                            }
                            if left == 0 {
                                bits = random.next()
                                left = 8
                            }
                            // A byte of randomness gives uniform noise of the video's strength.
                            let noise = (Float(bits & 0xFF) - 127.5) * (video.noise * 1.7 / 127.5)
                            bits >>= 8
                            left -= 1
                            value = value * gains[ch] + noise
                            dst[i] = UInt8(min(255, max(0, value.rounded())))
                        }
                    }
                }
            }
        }
        return out
    }
}
