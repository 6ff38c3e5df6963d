// read_pose and read_signatures: the real pose sample reads as Python reads
// it, files written by Python 3 load too, and every malformed table is an
// error naming the file and what is wrong.

import FLS
import Foundation
import XCTest

@testable import FLSKit

final class DataTablesTests: XCTestCase {
    private struct Reference: Decodable {
        struct Row: Decodable {
            let row: Int
            let path: String
            let keypoints: [String]
            let scores: [String]
        }
        let count: Int
        let rows: [Row]
        // swift-format-ignore: AlwaysUseLowerCamelCase
        // (keys of the JSON reference that Python writes)
        let keypoints_sum: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let scores_nonpositive: Int
    }

    private let sample = DataTest.fixture("pickle/pose_sample_person0000.pkl")

    private func reference() throws -> Reference {
        let json = try Data(contentsOf: URL(fileURLWithPath: DataTest.fixture("data/pose_reference.json")))
        return try JSONDecoder().decode(Reference.self, from: json)
    }

    func testReadPoseMatchesPythonOnTheRealSample() throws {
        let ref = try reference()
        guard case .record(let pose) = try DataTest.value("read_pose(\(DataTest.literal(sample)))") else {
            return XCTFail("read_pose did not give a record")
        }
        XCTAssertEqual(pose.keys, ["paths", "keypoints", "scores"])
        guard case .array(let paths)? = pose["paths"], case .str(let p) = paths.storage,
            case .array(let keypoints)? = pose["keypoints"], case .f64(let k) = keypoints.storage,
            case .array(let scores)? = pose["scores"], case .f32(let s) = scores.storage
        else {
            return XCTFail("wrong kinds or dtypes: keypoints must stay f64 and scores f32")
        }
        XCTAssertEqual(paths.shape, [ref.count])
        XCTAssertEqual(keypoints.shape, [1032, 17, 2])
        XCTAssertEqual(scores.shape, [1032, 17])
        for row in ref.rows {
            XCTAssertEqual(p[row.row], row.path)
            XCTAssertEqual(
                Array(k[(row.row * 34)..<(row.row * 34 + 34)]), row.keypoints.compactMap(Double.init),
                "keypoints row \(row.row)")
            XCTAssertEqual(
                Array(s[(row.row * 17)..<(row.row * 17 + 17)]), row.scores.compactMap(Double.init).map(Float.init),
                "scores row \(row.row)")
        }
        XCTAssertEqual(k.reduce(0, +), Double(ref.keypoints_sum) ?? .nan, accuracy: 1e-9)
    }

    func testAScriptFiltersThePoseSampleAsAUserWould() throws {
        let ref = try reference()
        let script = """
            pose = read_pose(\(DataTest.literal(sample)))
            bad = pose.scores <= 0
            print(sum(bad), len(pose.paths), pose.paths[0])
            f"{mean(bad) * 100:.1f}% of points have no score"
            """
        let percent = Double(ref.scores_nonpositive) / Double(1032 * 17) * 100
        XCTAssertEqual(
            try DataTest.show(script),
            "\(ref.scores_nonpositive) 1032 \(ref.rows[0].path)\n\"\(String(format: "%.1f", percent))% of points have no score\""
        )
    }

    func testReadSignaturesLoadsAPython3File() throws {
        let file = DataTest.fixture("data/signatures_p4.pkl")
        let shown = try DataTest.show(
            "s = read_signatures(\(DataTest.literal(file)))\nprint(keys(s))\nprint(shape(s.signatures), dtype(s.signatures), min(s.signatures) >= 0)\ns.paths[2]"
        )
        XCTAssertEqual(
            shown, "['paths' 'signatures']\n[3 8] f32 true\n\"person_0000/video_0000/seq_0000/frame_00002.jpg\"")
    }

    func testFilesWrittenBySavePickleReadBack() throws {
        let folder = try DataTest.scratchFolder()
        let file = DataTest.literal(folder + "/pose.pkl")
        let shown = try DataTest.show(
            """
            save_pickle(\(file), {paths: ["a.jpg", "b.jpg"], keypoints: zeros([2, 17, 2]), scores: astype(ones([2, 17]), "f32")})
            p = read_pose(\(file))
            print(dtype(p.keypoints), dtype(p.scores))
            p.paths
            """)
        XCTAssertEqual(shown, "f64 f32\nstr[2] ['a.jpg' 'b.jpg']")
    }

    func testMalformedTablesAreErrorsNamingTheFileAndTheProblem() {
        func check(_ primitive: String, _ name: String, _ fragments: String...) {
            let path = DataTest.fixture("data/\(name)")
            guard let message = DataTest.errorMessage("\(primitive)(\(DataTest.literal(path)))") else {
                return XCTFail("\(primitive) accepted \(name)")
            }
            XCTAssertTrue(message.hasPrefix(path + ": "), message)
            for f in fragments { XCTAssertTrue(message.contains(f), "\"\(message)\" lacks \"\(f)\"") }
        }
        check("read_pose", "hostile_pose_missing_scores.pkl", "missing the key 'scores'", "paths, keypoints")
        check("read_pose", "hostile_pose_bad_shape.pkl", "'keypoints' has shape (3, 17, 3), expected (N, 17, 2)")
        check("read_pose", "hostile_pose_lengths.pkl", "2 paths but 3 rows of 'keypoints'")
        check("read_pose", "hostile_pose_not_dict.pkl", "expected a dict of paths and arrays, found a list")
        check("read_pose", "hostile_pose_paths_ints.pkl", "paths[0] is an int, expected str")
        check("read_pose", "signatures_p4.pkl", "missing the key 'keypoints'")
        check("read_signatures", "hostile_signatures_1d.pkl", "'signatures' has shape (8,), expected (M, D)")
        check("read_signatures", "hostile_signatures_truncated.pkl", "truncated pickle")
        check("read_signatures", "hostile_pose_bad_shape.pkl", "missing the key 'signatures'")
        assertDataError("read_pose(\"missing/pose.pkl\")", contains: "missing/pose.pkl")
    }
}
