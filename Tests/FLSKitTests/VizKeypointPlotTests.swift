// plot_keypoints' picture: image coordinates (y down), the same scale on both
// axes, one distinct colour per COCO keypoint, nan points left out.

import XCTest

@testable import FLSKit

final class VizKeypointPlotTests: XCTestCase {
    /// A standing figure in crop coordinates (0..1, y down): head at the top, ankles at the bottom.
    let figure: [Double] = [
        0.50, 0.10, 0.53, 0.08, 0.47, 0.08, 0.56, 0.10, 0.44, 0.10,  // nose, eyes, ears
        0.62, 0.25, 0.38, 0.25, 0.68, 0.42, 0.32, 0.42, 0.70, 0.56, 0.30, 0.56,  // shoulders, elbows, wrists
        0.58, 0.55, 0.42, 0.55, 0.59, 0.74, 0.41, 0.74, 0.60, 0.92, 0.40, 0.92,  // hips, knees, ankles
    ]

    /// CIELAB (D65) of a colour, for perceptual distances.
    private func lab(_ c: RGB) -> (Double, Double, Double) {
        func linear(_ v: Double) -> Double { v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
        let r = linear(c.r), g = linear(c.g), b = linear(c.b)
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// Pixels of exactly `colour` (an opaque, fully covered dot or legend marker).
    private func count(_ colour: RGB, in image: RGBImage) -> Int {
        let (r, g, b) = colour.bytes
        var n = 0
        for i in stride(from: 0, to: image.pixels.count, by: 3)
        where image.pixels[i] == r && image.pixels[i + 1] == g && image.pixels[i + 2] == b {
            n += 1
        }
        return n
    }

    func testTheFirstTwentyCategoryColoursAreClearlyDistinct() {
        // The 17 keypoints (and 17 sorted keypoint names in scatter) must not share a
        // colour: before, category 16 was a red 11 CIELAB units from category 13's.
        var closest = Double.infinity
        for i in 0..<20 {
            for j in (i + 1)..<20 {
                let a = lab(Palette.category(i)), b = lab(Palette.category(j))
                let d = ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) + (a.2 - b.2) * (a.2 - b.2)).squareRoot()
                closest = min(closest, d)
            }
        }
        XCTAssertGreaterThanOrEqual(closest, 25, "two of the first 20 category colours are too alike")
    }

    func testSameScaleOnBothAxesAndYPointsDown() throws {
        let plot = try Plot.keypoints([figure])
        for (w, h) in [(800, 500), (500, 800), (900, 300), (400, 400)] {
            let (sx, sy) = try plot.draw(on: try CairoCanvas.image(width: w, height: h))
            let perX = sx(1) - sx(0), perY = sy(1) - sy(0)
            XCTAssertGreaterThan(perX, 0, "\(w)x\(h): x grows to the right")
            XCTAssertGreaterThan(perY, 0, "\(w)x\(h): y grows downwards, as in the picture")
            XCTAssertEqual(perY, perX, accuracy: 1e-9, "\(w)x\(h): pixels per unit differ between x and y")
            // The plot area fits the picture.
            XCTAssertGreaterThanOrEqual(sx(sx.d0), 0)
            XCTAssertLessThanOrEqual(sx(sx.d1), Double(w))
            XCTAssertLessThanOrEqual(sy(sy.d1), Double(h))
        }
        // The head is drawn above the ankles.
        let (_, sy) = try plot.draw(on: try CairoCanvas.image(width: 800, height: 500))
        XCTAssertLessThan(sy(figure[1]), sy(figure[33]))
    }

    func testAspectStretchesYByTheCropsHeightOverWidth() throws {
        let plot = try Plot.keypoints([figure], aspect: 2)
        let (sx, sy) = try plot.draw(on: try CairoCanvas.image(width: 800, height: 500))
        XCTAssertEqual(sy(1) - sy(0), 2 * (sx(1) - sx(0)), accuracy: 1e-9)
    }

    func testOtherPlotsKeepYUp() throws {
        let plot = try Plot.scatter(x: [0, 1], y: [0, 1])
        let (_, sy) = try plot.draw(on: try CairoCanvas.image(width: 800, height: 500))
        XCTAssertLessThan(sy(1), sy(0))
    }

    func testEachKeypointIsDrawnInItsOwnColourAndNamedInTheLegend() throws {
        let plot = try Plot.keypoints([figure])
        XCTAssertEqual(plot.legendEntries, Pose.keypointNames)
        XCTAssertEqual(plot.legendEntries.first, "nose")
        let image = try plot.renderImage()
        let colours = (0..<17).map { Palette.category($0) }
        XCTAssertEqual(Set(colours.map { "\($0.bytes)" }).count, 17)
        for (j, colour) in colours.enumerated() {
            // A dot of radius 5 and a legend marker of radius 4: well over 40 exact pixels.
            XCTAssertGreaterThan(count(colour, in: image), 40, "keypoint \(j) (\(Pose.keypointNames[j])) is not drawn")
        }
    }

    func testNanPointsAreSkipped() throws {
        var missing = figure
        missing[2 * 10] = .nan  // right_wrist
        missing[2 * 10 + 1] = .nan
        let colour = Palette.category(10)
        let full = count(colour, in: try Plot.keypoints([figure]).renderImage())
        let without = count(colour, in: try Plot.keypoints([missing]).renderImage())
        XCTAssertGreaterThan(without, 0, "the legend still shows right_wrist")
        XCTAssertLessThan(without, full - 40, "a nan point must not be drawn")
        // A frame of nothing but nan draws an empty crop, not an error.
        XCTAssertNoThrow(try Plot.keypoints([[Double](repeating: .nan, count: 34)]).renderImage())
    }

    func testBadShapesAreErrors() {
        XCTAssertThrowsError(try Plot.keypoints([])) { error in
            XCTAssertEqual((error as? VizError)?.message, "plot_keypoints needs at least one frame.")
        }
        XCTAssertThrowsError(try Plot.keypoints([[0, 1, 2]])) { error in
            XCTAssertEqual(
                (error as? VizError)?.message,
                "plot_keypoints frame 0 has 3 numbers, expected 34 (17 keypoints x, y).")
        }
        XCTAssertThrowsError(try Plot.keypoints([figure], aspect: 0))
        XCTAssertThrowsError(try Plot.keypoints([figure], aspect: .nan))
    }
}
