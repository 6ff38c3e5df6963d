import Foundation
import XCTest

@testable import FLSLeaderboard

/// Scoring and the public/private split against the numpy reference in
/// Tests/Fixtures/leaderboard (made by make_fixtures.py).
final class SubmissionScorerTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/leaderboard")

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Self.fixtures.appendingPathComponent(name))
    }

    func testScoresAndSplitMatchTheNumpyReference() throws {
        let truthData = try fixture("truth.json")
        let submission = try SubmissionRequest(json: try fixture("submission.json"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: try fixture("expected.json")) as? [String: Any])
        let cases = try XCTUnwrap(expected["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for item in cases {
            let fraction = try XCTUnwrap(item["public_fraction"] as? Double)
            let seed = UInt64(try XCTUnwrap(item["seed"] as? Int))
            let truth = try LeaderboardTruth.parse(truthData, name: "truth.json", publicFraction: fraction, seed: seed)
            let publicIndices = truth.isPublic.enumerated().filter { $0.element }.map { $0.offset }
            XCTAssertEqual(
                publicIndices, item["public_indices"] as? [Int], "split for fraction \(fraction), seed \(seed)")
            let outcome = SubmissionScorer(truth: truth).score(submission.predictions)
            XCTAssertNil(outcome.rejection)
            XCTAssertEqual(outcome.publicScore, try XCTUnwrap(item["public_score"] as? Double), accuracy: 1e-9)
            XCTAssertEqual(outcome.privateScore, try XCTUnwrap(item["private_score"] as? Double), accuracy: 1e-9)
        }
    }

    func testPositionsEarnOneHundredDownToSixty() throws {
        let truth = try LeaderboardTruth.parse(
            Data(#"{"format":"fls-leaderboard-truth","version":1,"sequences":5,"labels":[3,3,3,3,3]}"#.utf8),
            name: "t", publicFraction: 1, seed: 0)
        for position in 0..<5 {
            var row = [10, 11, 12, 13]
            row.insert(3, at: position)
            let rows = Array(repeating: SubmissionRequest.Row.cells(row.map { .integer($0) }), count: 5)
            let outcome = SubmissionScorer(truth: truth).score(.rows(rows))
            XCTAssertEqual(outcome.publicScore, Double(100 - 10 * position))
        }
    }

    func testIntegralNumbersCountAsIntegers() throws {
        let body = #"{"submitter":"x","predictions":[[1.0, 2, 3, 4, 5], [1, 2, 3, 4, 5.5], [true, 1, 2, 3, 4]]}"#
        let request = try SubmissionRequest(json: Data(body.utf8))
        guard case .rows(let rows) = request.predictions, rows.count == 3,
            case .cells(let first) = rows[0], case .cells(let second) = rows[1], case .cells(let third) = rows[2]
        else { return XCTFail("three rows of cells expected") }
        guard case .integer(1) = first[0] else { return XCTFail("1.0 is the integer 1") }
        guard case .other(let what) = second[4] else { return XCTFail("5.5 is not an integer") }
        XCTAssertEqual(what, "the number 5.5")
        guard case .other("a boolean") = third[0] else { return XCTFail("true is not an integer") }
    }

    func testSplitIsDeterministicAndSkipsUnscoredSequences() {
        let labels = (0..<1000).map { $0 % 7 == 0 ? -1 : $0 % 50 }
        let a = LeaderboardTruth.split(labels: labels, publicFraction: 0.5, seed: 42)
        let b = LeaderboardTruth.split(labels: labels, publicFraction: 0.5, seed: 42)
        let c = LeaderboardTruth.split(labels: labels, publicFraction: 0.5, seed: 43)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        let scored = labels.filter { $0 >= 0 }.count
        XCTAssertEqual(a.filter { $0 }.count, Int((0.5 * Double(scored)).rounded()))
        XCTAssertFalse(zip(labels, a).contains { $0.0 < 0 && $0.1 }, "unscored sequences are never public")
    }

    func testTruthFilesAreChecked() {
        let cases: [(String, String)] = [
            (#"{"format":"other","version":1,"sequences":1,"labels":[0]}"#, "does not say \"format\""),
            (#"{"format":"fls-leaderboard-truth","version":2,"sequences":1,"labels":[0]}"#, "has version 2"),
            (
                #"{"format":"fls-leaderboard-truth","version":1,"sequences":2,"labels":[0]}"#,
                "says 2 sequences but lists 1"
            ),
            (#"{"format":"fls-leaderboard-truth","version":1,"sequences":1,"labels":[-2]}"#, "has label -2"),
            (#"{"format":"fls-leaderboard-truth","version":1,"sequences":1,"labels":[0.5]}"#, "not valid truth JSON"),
            (
                #"{"format":"fls-leaderboard-truth","version":1,"sequences":1,"labels":[5],"persons":5}"#,
                "only 5 persons"
            ),
            (#"{"format":"fls-leaderboard-truth","version":1,"sequences":0,"labels":[]}"#, "lists no sequences"),
            ("not json", "not valid truth JSON"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(
                try LeaderboardTruth.parse(Data(text.utf8), name: "t.json", publicFraction: 0.5, seed: 0)
            ) { error in
                XCTAssertTrue("\(error)".contains(message), "\"\(error)\" should contain \"\(message)\"")
            }
        }
    }

    func testPageEscapesAndFormatsScores() {
        XCTAssertEqual(LeaderboardPage.escape(#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        XCTAssertEqual(LeaderboardPage.formatScore(40.0909), "40.09")
        XCTAssertEqual(LeaderboardPage.formatScore(7.0), "7.00")
        XCTAssertEqual(LeaderboardPage.formatScore(100), "100.00")
    }

    func testRateLimiterSlidesItsWindow() {
        let limiter = RateLimiter(limit: 2, window: 60)
        XCTAssertNil(limiter.admit("a", now: 0))
        XCTAssertNil(limiter.admit("a", now: 10))
        XCTAssertEqual(limiter.admit("a", now: 20), 40)
        XCTAssertNil(limiter.admit("b", now: 20))
        XCTAssertNil(limiter.admit("a", now: 61))
        XCTAssertNotNil(limiter.admit("a", now: 62))
        XCTAssertNil(RateLimiter(limit: 0, window: 60).admit("a", now: 0), "0 turns the limit off")
    }
}
