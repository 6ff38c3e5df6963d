// The kit registers the contract's names. (Every example of every
// primitive is run by Tests/ScriptTests/PrimitiveExampleTests.)

import FLS
import XCTest

@testable import FLSKit

final class KitExamplesTests: XCTestCase {
    func testKitRegistersTheContractNames() {
        var table = PrimitiveTable()
        Kit.install(into: &table)
        for name in [
            "enumerate_paths", "dirname", "basename", "COCO_KEYPOINTS", "filter_keypoints", "unique",
            "split_by", "mean_by", "first_by", "count_by", "cosine", "train_test_split", "evaluate",
        ] {
            XCTAssertNotNil(table[name], name)
        }
        XCTAssertEqual(table["filter_keypoints"]?.signature, "filter_keypoints(keypoints, scores, threshold=0)")
        XCTAssertEqual(table["train_test_split"]?.signature, "train_test_split(person, video, ratio=0.5)")
    }
}
