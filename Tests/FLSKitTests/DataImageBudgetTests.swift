// Decoded images are asked of the memory gatekeeper before decoding, from
// the size their JPEG headers declare: twelve members each declaring
// 16384x16384 in a 40 KB tar (Tests/Fixtures/limits/make_fixtures.sh) are
// one clear error, not a 9.66 GB allocation. The cap is lowered to 512 MiB
// here (`Limits.maxArrayBytes`) so that the test asks nothing of the machine.

import FLS
import XCTest

@testable import FLSKit

final class DataImageBudgetTests: XCTestCase {
    override func setUp() { Limits.maxArrayBytes = 512 << 20 }
    override func tearDown() { Limits.maxArrayBytes = nil }

    func testBatchOfDeclaredHugeImagesIsRefusedBeforeDecoding() throws {
        let tar = try DataTest.scratchCopy("limits/declared_huge.tar")
        let open = "a = load_tar(\(DataTest.literal(tar)))\n"
        XCTAssertEqual(
            DataTest.errorMessage(open + "read_images(a, range(12))"),
            "an array of shape [12, 16384, 16384, 3] and dtype u8 is too large to allocate")
        XCTAssertEqual(
            DataTest.errorMessage(open + "read_images(a, a.paths)"),
            "an array of shape [12, 16384, 16384, 3] and dtype u8 is too large to allocate")
        XCTAssertEqual(
            DataTest.errorMessage(open + "a[0]"),
            "an array of shape [16384, 16384, 3] and dtype u8 is too large to allocate")
        // An empty selection decodes nothing.
        XCTAssertEqual(try DataTest.show(open + "shape(read_images(a, range(0)))"), "i64[4] [0 0 0 3]")
    }

    func testSingleDeclaredHugeImageIsRefusedBeforeDecoding() {
        XCTAssertEqual(
            DataTest.errorMessage("load_image(\(DataTest.literal(DataTest.fixture("limits/declared_huge.jpg"))))"),
            "an array of shape [16384, 16384, 3] and dtype u8 is too large to allocate")
    }

    func testImagesWithinTheBudgetStillDecode() throws {
        let jpeg = DataTest.fixture("jpeg/baseline_420_64.jpg")
        XCTAssertEqual(try DataTest.show("shape(load_image(\(DataTest.literal(jpeg))))"), "i64[3] [64 64  3]")
    }
}
