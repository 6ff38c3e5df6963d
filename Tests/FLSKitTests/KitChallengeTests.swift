// train_test_split against the Python reference, and evaluate's numbers,
// printed lines and errors.

import FLS
import Foundation
import XCTest

@testable import FLSKit

final class KitChallengeTests: XCTestCase {
    struct SplitCase: Decodable {
        var person: [Int64]
        var video: [Int64]
        var ratio: Double
        var train: [Int64]
        var test: [Int64]
    }

    func testSplitMatchesTheReference() throws {
        let data = try Data(contentsOf: KitTest.fixtures.appendingPathComponent("split_cases.json"))
        let cases = try JSONDecoder().decode([SplitCase].self, from: data)
        XCTAssertEqual(cases.count, 12)
        for (i, c) in cases.enumerated() {
            let s = Challenge.split(person: c.person, video: c.video, ratio: c.ratio)
            XCTAssertEqual(s.train, c.train, "case \(i)")
            XCTAssertEqual(s.test, c.test, "case \(i)")
        }
    }

    func testSplitEdgeCases() {
        assertShows("train_test_split([], []).train", "i64[0] []")
        assertShows("train_test_split([0, 0, 0], [4, 5, 6], ratio=1.0).test", "i64[0] []")
        assertShows("train_test_split([0, 0, 0], [4, 5, 6], ratio=0).train", "i64[1] [0]")
        assertError("train_test_split([0, 0], [1])", contains: "'person' has 2 ids but 'video' has 1")
        assertError("train_test_split([0.5], [1])", contains: "'person' must hold integer ids, got f64")
        assertError("train_test_split([[0]], [[1]])", contains: "'person' must be a 1-d array of ids")
        assertError("train_test_split([0], [1], ratio=\"half\")", contains: "'ratio' must be a number")
    }

    func testEvaluatePrintsTheKitsLinesAndReturnsPercentages() throws {
        let host = CapturingHost()
        let interpreter = Interpreter(host: host, table: KitTest.table())
        let outcome = try interpreter.run(
            SourceFile(
                name: "e.fls",
                text: """
                    evaluate([[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [9, 9, 9, 9, 9]], [0, 1, 2])
                    """))
        // Row 0 hits at 0 (100), row 1 at 3 (70), row 2 misses: 170 / 3.
        XCTAssertEqual(host.output, "top 1 accuracy 33.33%\ntop 5 accuracy 66.67%\nmean score: 56.67\n")
        guard case .record(let r)? = outcome.value else { return XCTFail() }
        XCTAssertEqual(r["top1"]?.asDouble(), 1.0 / 3.0 * 100)
        XCTAssertEqual(r["top5"]?.asDouble(), 2.0 / 3.0 * 100)
        XCTAssertEqual(r["score"]?.asDouble(), 170.0 / 3.0)
    }

    func testEvaluateAcceptsFewerColumns() {
        assertShows(
            "evaluate([[3], [1]], [3, 2]).score",
            "top 1 accuracy 50.00%\ntop 5 accuracy 50.00%\nmean score: 50.00\n50.0")
    }

    func testEvaluateErrors() {
        assertError("evaluate([1, 2, 3, 4, 5], [1])", contains: "'ranking' must be [n, 5]")
        assertError("evaluate([[1, 2, 3, 4, 5, 6]], [1])", contains: "got shape [1, 6]")
        assertError("evaluate([[1, 2, 3, 4, 5]], [1, 2])", contains: "'ranking' has 1 rows but 'labels' has 2")
        assertError(
            "evaluate([[1.0, 2, 3, 4, 5]], [1])", contains: "'ranking' must hold integer person indices, got f64")
        assertError("evaluate([[1, 2, 3, 4, 5]], [\"p\"])", contains: "'labels' must hold integer ids, got str")
        assertError("evaluate([[1, 2, 3, 4, 5]][0:0], [])", contains: "there are no rows to score")
    }
}
