import XCTest

@testable import FLSKit

final class VizMontageTests: XCTestCase {
    /// `count` solid-colour images of h x w; image i has colour (i, 10 + i, 20 + i).
    func solidStack(count: Int, height: Int, width: Int) throws -> ImageStack {
        var px = [UInt8]()
        for i in 0..<count {
            for _ in 0..<(height * width) { px += [UInt8(i), UInt8(10 + i), UInt8(20 + i)] }
        }
        return try ImageStack(pixels: px, count: count, height: height, width: width)
    }

    func pixel(_ image: RGBImage, _ x: Int, _ y: Int) -> [UInt8] {
        let o = (y * image.width + x) * 3
        return Array(image.pixels[o..<(o + 3)])
    }

    func testTilesAreLaidOutRowByRowWithAWhiteGap() throws {
        let stack = try solidStack(count: 10, height: 4, width: 5)
        let m = try Montage.make(stack, columns: 4)
        // 4 columns of (5 + 2) plus the border gap; 3 rows of (4 + 2) plus the gap.
        XCTAssertEqual(m.width, 30)
        XCTAssertEqual(m.height, 20)
        for i in 0..<10 {
            let x = 2 + (i % 4) * 7, y = 2 + (i / 4) * 6
            XCTAssertEqual(pixel(m, x, y), [UInt8(i), UInt8(10 + i), UInt8(20 + i)], "tile \(i) top-left")
            XCTAssertEqual(pixel(m, x + 4, y + 3), [UInt8(i), UInt8(10 + i), UInt8(20 + i)], "tile \(i) bottom-right")
        }
        XCTAssertEqual(pixel(m, 0, 0), [255, 255, 255])
        XCTAssertEqual(pixel(m, 7, 2), [255, 255, 255], "gap between tiles 0 and 1")
        XCTAssertEqual(pixel(m, 2 + 3 * 7, 2 + 2 * 6), [255, 255, 255], "empty last cell")
    }

    func testFewerImagesThanColumnsGiveOneShortRow() throws {
        let m = try Montage.make(try solidStack(count: 3, height: 8, width: 8), columns: 8)
        XCTAssertEqual(m.width, 3 * 10 + 2)
        XCTAssertEqual(m.height, 12)
    }

    func testLabelsAddACaptionStripWithText() throws {
        let stack = try solidStack(count: 2, height: 64, width: 64)
        let plain = try Montage.make(stack, columns: 2)
        let captioned = try Montage.make(stack, columns: 2, labels: ["person_0000", "person_0001"])
        XCTAssertEqual(captioned.width, plain.width)
        XCTAssertGreaterThan(captioned.height, plain.height)
        // The strip under the first tile holds dark text pixels.
        let stripTop = 2 + 64
        var dark = 0
        for y in stripTop..<(captioned.height - 2) {
            for x in 2..<66 where pixel(captioned, x, y).allSatisfy({ $0 < 128 }) { dark += 1 }
        }
        XCTAssertGreaterThan(dark, 20)
        XCTAssertThrowsError(try Montage.make(stack, labels: ["only one"])) { error in
            XCTAssertEqual(
                (error as? VizError)?.message, "montage needs one label per image, got 1 labels for 2 images.")
        }
    }

    func testStackAndMontageRejectBadInput() throws {
        XCTAssertThrowsError(try ImageStack(pixels: [1, 2, 3], count: 2, height: 1, width: 1)) { error in
            XCTAssertEqual((error as? VizError)?.message, "An image stack of shape [2, 1, 1, 3] needs 6 bytes, got 3.")
        }
        XCTAssertThrowsError(try ImageStack(pixels: [], count: Int.max, height: 2, width: 2))
        let stack = try solidStack(count: 1, height: 2, width: 2)
        XCTAssertThrowsError(try Montage.make(stack, columns: 0))
        let huge = try ImageStack(
            pixels: [UInt8](repeating: 0, count: 3 * 1 * 9000 * 3), count: 3, height: 1, width: 9000)
        XCTAssertThrowsError(try Montage.make(huge, columns: 3))
    }

    func testEncodePNGRoundTripsThroughPillow() throws {
        var rgb = [UInt8]()
        for y in 0..<7 { for x in 0..<5 { rgb += [UInt8(x * 50), UInt8(y * 30), UInt8((x + y) * 10)] } }
        let png = try encodePNG(rgb: rgb, width: 5, height: 7)
        XCTAssertEqual(VizFixtures.pngSize(png)?.0, 5)
        XCTAssertEqual(VizFixtures.pngSize(png)?.1, 7)
        let (w, h, _, decoded) = try VizFixtures.decodeWithPillow(png)
        XCTAssertEqual([w, h], [5, 7])
        XCTAssertEqual(decoded, rgb)
        XCTAssertThrowsError(try encodePNG(rgb: rgb, width: 5, height: 8))
    }
}
