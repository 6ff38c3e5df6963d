// load_image and save_image against Pillow's JPEGs and Pillow's decoded pixels.

import FLS
import Foundation
import XCTest

@testable import FLSKit

final class DataImageTests: XCTestCase {
    private func pixels(_ code: String) throws -> (shape: [Int], bytes: [UInt8])? {
        guard case .array(let a) = try DataTest.value(code), case .u8(let p) = a.storage else { return nil }
        return (a.shape, p.array)
    }

    func testLoadImageGivesPillowsPixels() throws {
        for (name, shape) in [("baseline_420_64", [64, 64, 3]), ("gray_64", [64, 64, 3])] {
            let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: DataTest.fixture("jpeg/\(name).rgb"))))
            let got = try pixels("load_image(\(DataTest.literal(DataTest.fixture("jpeg/\(name).jpg"))))")
            XCTAssertEqual(got?.shape, shape, name)
            XCTAssertEqual(got?.bytes, expected, name)
        }
    }

    func testSaveImageWritesAJPEGThatLoadsBack() throws {
        let folder = try DataTest.scratchFolder()
        let file = DataTest.literal(folder + "/flat.jpg")
        // A flat colour survives JPEG exactly; a gray image is expanded to RGB.
        XCTAssertEqual(
            try DataTest.show(
                "save_image(\(file), full([8, 16, 3], 200) |> astype(\"u8\"))\nx = load_image(\(file))\nprint(shape(x))\nall(x == 200)"
            ),
            "[ 8 16  3]\ntrue")
        XCTAssertEqual(
            try DataTest.show("save_image(\(file), astype(full([4, 4], 90), \"u8\"))\nall(load_image(\(file)) == 90)"),
            "true")
        assertDataError("save_image(\(file), zeros([4, 4, 3]))", contains: "must be a u8[H,W,3]")
        assertDataError(
            "save_image(\(file), astype(zeros([4, 4, 3]), \"u8\"), quality=0)",
            contains: "quality must be between 1 and 100")
        assertDataError("save_image(\(file), astype(zeros([0, 4, 3]), \"u8\"))", contains: "1 to 65535 pixels")
    }

    func testBadImageFilesAreErrorsNamingThem() {
        let png = DataTest.fixture("jpeg/not_jpeg.png")
        assertDataError("load_image(\(DataTest.literal(png)))", contains: png + " is not a JPEG image")
        assertDataError("load_image(\"no/such.jpg\")", contains: "cannot open no/such.jpg")
        assertDataError("load_image(\(DataTest.literal(DataTest.fixtures.path)))", contains: "not a regular file")
    }
}
