import XCTest

@testable import FLSKit

final class VizEmbeddingPlotTests: XCTestCase {
    func testThumbnailsLandAtTheirCoordinatesWithLabelFrames() throws {
        // Two solid 32 px images at opposite corners of the embedding.
        var px = [UInt8](repeating: 0, count: 2 * 32 * 32 * 3)
        for i in 0..<(32 * 32) { px[i * 3] = 200 }  // image 0: red
        for i in (32 * 32)..<(2 * 32 * 32) { px[i * 3 + 2] = 200 }  // image 1: blue
        let images = try ImageStack(pixels: px, count: 2, height: 32, width: 32)
        let picture = try EmbeddingPlot.render(
            coords: [0, 0, 10, 10], images: images, labels: ["b", "a"],
            size: 400, thumbnail: 32)
        XCTAssertEqual(picture.width, 400)
        XCTAssertEqual(picture.height, 400)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] {
            let o = (y * 400 + x) * 3
            return Array(picture.pixels[o..<(o + 3)])
        }
        // Find the red and blue tiles: the point at (0, 0) is bottom-left and (10, 10) top-right.
        var red: (Int, Int)?, blue: (Int, Int)?
        for y in 0..<400 {
            for x in 0..<400 {
                let p = pixel(x, y)
                if p == [200, 0, 0] && red == nil { red = (x, y) }
                if p == [0, 0, 200] && blue == nil { blue = (x, y) }
            }
        }
        let r = try XCTUnwrap(red), b = try XCTUnwrap(blue)
        XCTAssertLessThan(r.0, b.0, "x grows to the right")
        XCTAssertGreaterThan(r.1, b.1, "y grows upwards")
        // Frame colours follow the sorted labels: "a" (image 1) gets palette colour 0.
        let frameOfBlue = pixel(b.0 - 1, b.1 + 10)
        XCTAssertEqual(frameOfBlue, [0, 114, 178])
        let frameOfRed = pixel(r.0 - 1, r.1 + 10)
        XCTAssertEqual(frameOfRed, [230, 159, 0])
    }

    func testBadInputIsAnError() throws {
        let images = try ImageStack(pixels: [UInt8](repeating: 0, count: 3 * 4 * 4 * 3), count: 3, height: 4, width: 4)
        XCTAssertThrowsError(try EmbeddingPlot.render(coords: [0, 0, 1, 1], images: images)) { error in
            XCTAssertEqual(
                (error as? VizError)?.message, "embedding_plot needs [3, 2] coordinates for 3 images, got 4 values.")
        }
        XCTAssertThrowsError(try EmbeddingPlot.render(coords: [0, 0, 1, 1, 2, 2], images: images, labels: ["a"]))
        XCTAssertThrowsError(try EmbeddingPlot.render(coords: [0, 0, 1, 1, 2, 2], images: images, size: 50))
        XCTAssertThrowsError(try EmbeddingPlot.render(coords: [.nan, 0, .nan, 1, .nan, 2], images: images))
    }
}
