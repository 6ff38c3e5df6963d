// The board on the challenge contract: the kit's truth layout is served as
// it is, and a submission's repeated keys keep their last value.

import FLSLeaderboard
import Foundation
import XCTest

final class ChallengeContractBoardTests: BoardTestCase {
    func testTheKitsTruthLayoutIsServedInSequenceNumberOrder() async throws {
        // Written out of order, as a Python dict dumped by hand may be; row i is seq_000i.
        let truth = directory.appendingPathComponent("kit_truth.json").path
        try Data(#"{"seq_0002": 7, "seq_0000": 93, "seq_0001": -1, "seq_0003": 0}"#.utf8).write(
            to: URL(fileURLWithPath: truth))
        var settings = config(truth: truth)
        settings.publicFraction = 1
        let server = try await start(settings)
        let perfect = try await submit(
            server,
            [
                "submitter": "kit",
                "predictions": [
                    [93, 1, 2, 3, 4], [0, 1, 2, 3, 4], [7, 1, 2, 3, 4], [0, 1, 2, 3, 4],
                ],
            ])
        XCTAssertEqual(perfect.status, 200)
        XCTAssertEqual(perfect.reply["score"] as? Double, 100)
        let second = try await submit(
            server,
            [
                "submitter": "kit2",
                "predictions": [
                    [1, 93, 2, 3, 4], [0, 1, 2, 3, 4], [1, 2, 3, 4, 7], [1, 2, 3, 4, 5],
                ],
            ])
        // (90 + 60 + 0) / 3 scored sequences
        XCTAssertEqual(second.reply["score"] as? Double, 50)
        let short = try await submit(server, ["submitter": "kit3", "predictions": [[0, 1, 2, 3, 4]]])
        XCTAssertEqual(short.reply["score"] as? Double, -1)
        XCTAssertTrue((short.reply["error"] as? String)?.contains("Expected 4 rows") ?? false, "\(short.reply)")
    }

    func testARepeatedKeyInASubmissionKeepsItsLastValue() async throws {
        let truth = try writeTruth([3, 4], persons: 6)
        var settings = config(truth: truth)
        settings.publicFraction = 1
        let server = try await start(settings)
        let body =
            #"{"submitter": "first", "predictions": [[0, 1, 2, 3, 5], [0, 1, 2, 3, 5]], "submitter": "last", "predictions": [[3, 0, 1, 2, 5], [4, 0, 1, 2, 5]]}"#
        let (status, _, data) = try await http(server, "POST", "/orcam/api", body: Data(body.utf8))
        XCTAssertEqual(status, 200)
        let reply = try json(data)
        XCTAssertEqual(reply["member"] as? String, "last")
        XCTAssertEqual(reply["score"] as? Double, 100)
    }
}
