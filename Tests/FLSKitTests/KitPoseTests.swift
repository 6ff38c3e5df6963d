// COCO_KEYPOINTS and filter_keypoints.

import FLS
import XCTest

@testable import FLSKit

final class KitPoseTests: XCTestCase {
    func testKeypointNamesAreCocoOrder() {
        XCTAssertEqual(Pose.keypointNames.count, 17)
        assertShows("COCO_KEYPOINTS[-1]", "\"right_ankle\"")
        assertShows("COCO_KEYPOINTS[11]", "\"left_hip\"")
    }

    func testFilterKeepsShapeAndDtypeAndMasksLowScores() throws {
        // [2 frames, 3 points, 2]: f32 in, f32 out; the score 0 and the
        // negative score are filtered, a nan score is not (nan <= 0 is false).
        let kp = NDArray(shape: [2, 3, 2], storage: .f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))
        let scores = NDArray(shape: [2, 3], storage: .f32([0.5, 0, .nan, -1, 0.1, 0.2]))
        let table = KitTest.table()
        let host = CapturingHost()
        let interpreter = Interpreter(host: host, table: table)
        guard let p = table["filter_keypoints"], let impl = p.implementation else { return XCTFail() }
        var args = Arguments(primitive: p, values: [.array(kp), .array(scores), .int(0)])
        guard case .array(let out) = try impl(&args, interpreter), case .f32(let v) = out.storage else {
            return XCTFail("expected an f32 array")
        }
        XCTAssertEqual(out.shape, [2, 3, 2])
        let nanAt = v.indices.filter { v[$0].isNaN }
        XCTAssertEqual(nanAt, [2, 3, 6, 7])
        XCTAssertEqual(v[0], 1)
        XCTAssertEqual(v[4], 5)
    }

    func testThresholdAndIntegerKeypoints() {
        assertShows(
            "filter_keypoints([[1, 2], [3, 4]], [0.2, 0.7], threshold=0.5)", "f64[2,2]\n[[nan nan]\n [ 3.  4.]]")
    }

    func testShapeAndTypeErrors() {
        assertError("filter_keypoints([[1.0, 2.0, 3.0]], [1.0])", contains: "last axis of 2")
        assertError(
            "filter_keypoints([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0, 1.0])", contains: "'scores' must have shape [2]")
        assertError("filter_keypoints([[1.0, 2.0]], [\"x\"])", contains: "'scores' must be numeric")
        assertError("filter_keypoints([[\"a\", \"b\"]], [1.0])", contains: "'keypoints' must be numeric")
        assertError("filter_keypoints(1.0, 1.0)", contains: "last axis of 2")
    }
}
