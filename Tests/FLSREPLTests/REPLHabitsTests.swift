// IPython habits in the session: `_` is the last value shown, `:timeit`
// reports a mean and a spread, `:help` is short and lists the commands first.

import FLS
import FLSREPL
import Foundation
import XCTest

final class REPLHabitsTests: XCTestCase {
    func session() -> (REPLSession, CapturingHost) {
        let host = CapturingHost()
        return (REPLSession(host: host, color: false, directory: NSTemporaryDirectory()), host)
    }

    func testUnderscoreHoldsTheLastValueShown() {
        let (s, host) = session()
        s.handle("6 * 7")
        s.handle("x = 1")  // an assignment shows nothing and leaves _ alone
        s.handle("_ + 1")
        XCTAssertEqual(host.takeOutput(), "42\n43\n")
        s.handle("_")
        XCTAssertEqual(host.takeOutput(), "43\n")
        s.handle("[1, 2] > 1")
        s.handle("_")
        XCTAssertEqual(host.takeOutput(), "bool[2] [false  true]\nbool[2] [false  true]\n")
    }

    func testTimeitReportsMeanAndSpreadAndKeepsState() throws {
        let (s, host) = session()
        s.handle("n = 0")
        s.handle(":timeit n += 1")
        let line = host.takeOutput()
        let pattern = try NSRegularExpression(
            pattern:
                #"^[0-9.]+ (ns|µs|ms|s) ± [0-9.]+ (ns|µs|ms|s) per loop \(mean ± std\. dev\. of [1-7] runs?, [0-9]+ loops? each\)\n$"#
        )
        XCTAssertNotNil(pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), line)
        // The statement really ran every time: n counts the calls.
        s.handle("n > 100")
        XCTAssertEqual(host.takeOutput(), "true\n")
    }

    func testTimeitErrorsAreShownOnce() {
        let (s, host) = session()
        s.handle(":timeit undefined_name + 1")
        XCTAssertTrue(host.errors.contains("name 'undefined_name' is not defined"), host.errors)
        XCTAssertEqual(host.errors.components(separatedBy: "is not defined").count, 2, host.errors)
        s.handle(":timeit")
        XCTAssertTrue(host.errors.contains(":timeit needs an expression"), host.errors)
    }

    func testHelpListsCommandsFirstAndFamiliesAsAShortIndex() {
        let (s, host) = session()
        s.handle(":help")
        let text = host.takeOutput()
        XCTAssertTrue(text.hasPrefix("Commands:\n  :help"), text)
        XCTAssertTrue(text.contains(":timeit expr"))
        XCTAssertNotNil(
            text.range(of: #"\n  Challenge +evaluate submit train_test_split\n"#, options: .regularExpression), text)
        XCTAssertLessThan(text.split(separator: "\n").count, 45, "the help must fit a screen")
        s.handle(":help challenge")
        XCTAssertTrue(host.takeOutput().hasPrefix("Challenge (help(\"name\") for details):\n  evaluate"))
    }
}
