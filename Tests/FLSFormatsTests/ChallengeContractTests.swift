// The challenge contract: both truth layouts, the submission body both ways,
// and the scoring rule.

import FLSFormats
import XCTest

final class ChallengeContractTests: XCTestCase {
    func testScoringRuleIsHundredMinusTenPerPosition() {
        XCTAssertEqual(ChallengeContract.positionPoints, [100, 90, 80, 70, 60])
        XCTAssertEqual(ChallengeContract.guessesPerRow, 5)
    }

    func testOurTruthLayoutRoundTrips() throws {
        let truth = ChallengeTruth(labels: [12, -1, 0, 57], persons: 101)
        XCTAssertEqual(
            truth.fileText,
            #"{"format":"fls-leaderboard-truth","version":1,"sequences":4,"persons":101,"labels":[12,-1,0,57]}"# + "\n")
        let back = try ChallengeTruth.parse(bytes: Array(truth.fileText.utf8), name: "t.json")
        XCTAssertEqual(back.labels, [12, -1, 0, 57])
        XCTAssertEqual(back.persons, 101)
    }

    func testTheKitsLayoutIsOrderedBySequenceNumber() throws {
        let text = #"{"seq_0010": 4, "seq_0002": -1, "seq_0000": 93, "seq_0001": 5, "seq_0001": 6}"#
        let truth = try ChallengeTruth.parse(bytes: Array(text.utf8), name: "kit.json")
        XCTAssertEqual(truth.names, ["seq_0000", "seq_0001", "seq_0002", "seq_0010"])
        XCTAssertEqual(truth.labels, [93, 6, -1, 4], "a repeated name keeps its last value")
        XCTAssertNil(truth.persons)
    }

    func testTruthFilesThatAreNeitherLayoutAreRefused() {
        let cases: [(String, String)] = [
            (#"{"seq_0000": "a"}"#, "not the kit's mapping"),
            (#"[1, 2]"#, "must be an object"),
            (#"{"seq_0000": -2}"#, "has label -2 for sequence seq_0000"),
            (#"{}"#, "not the kit's mapping"),
            ("nope", "not valid truth JSON"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try ChallengeTruth.parse(bytes: Array(text.utf8), name: "t.json")) { error in
                XCTAssertTrue("\(error)".contains(message), "\"\(error)\" should contain \"\(message)\"")
            }
        }
    }

    func testSubmissionBodyIsTheKitsAndReadsBack() throws {
        let body = ChallengeSubmission.body(team: "The \"Owls\"\n", predictions: [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])
        XCTAssertEqual(
            String(decoding: body, as: UTF8.self),
            #"{"submitter":"The \"Owls\"\n","predictions":[[0,1,2,3,4],[5,6,7,8,9]]}"# + "\n")
        let request = try ChallengeSubmission.decode(body)
        XCTAssertEqual(request.submitter, "The \"Owls\"\n")
        guard case .rows(let rows) = request.predictions, case .cells(let cells) = rows[1] else { return XCTFail() }
        XCTAssertEqual(cells, [.integer(5), .integer(6), .integer(7), .integer(8), .integer(9)])
    }

    func testRepeatedKeysKeepTheLastValueAsPythonAndJavaScriptDo() throws {
        let text =
            #"{"submitter": "a", "predictions": 3, "submitter": "b", "predictions": [[1, 2.0, true, "x", null]]}"#
        let request = try ChallengeSubmission.decode(Array(text.utf8))
        XCTAssertEqual(request.submitter, "b")
        guard case .rows(let rows) = request.predictions, case .cells(let cells) = rows[0] else { return XCTFail() }
        XCTAssertEqual(
            cells, [.integer(1), .integer(2), .other("a boolean"), .other("the string \"x\""), .other("null")])
    }

    func testMissingAndWrongFieldsAreReported() throws {
        let missing = try ChallengeSubmission.decode(Array(#"{"predictions": [[1]]}"#.utf8))
        XCTAssertNil(missing.submitter)
        XCTAssertFalse(missing.hasSubmitter)
        let wrong = try ChallengeSubmission.decode(Array(#"{"submitter": 5, "predictions": {}}"#.utf8))
        XCTAssertTrue(wrong.hasSubmitter)
        XCTAssertNil(wrong.submitter)
        guard case .notArray = wrong.predictions else { return XCTFail() }
        XCTAssertThrowsError(try ChallengeSubmission.decode(Array("[1]".utf8)))
    }
}
