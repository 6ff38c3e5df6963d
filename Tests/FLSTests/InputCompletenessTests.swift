// The REPL asks for another line while the input is unfinished: open
// brackets (a comprehension spanning lines), or a line that ends in an
// operator or in `in` / `not`.

import FLS
import XCTest

final class InputCompletenessTests: XCTestCase {
    func testComprehensionsContinueWhileTheirBracketIsOpen() {
        XCTAssertTrue(InputCompleteness.needsMoreInput("squares = [x * x"))
        XCTAssertTrue(InputCompleteness.needsMoreInput("squares = [x * x\n  for x in range(5)"))
        XCTAssertTrue(InputCompleteness.needsMoreInput("squares = [x * x for x in"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("squares = [x * x for x in range(5) if x > 1]"))
    }

    func testMembershipContinuesAfterInOrNot() {
        XCTAssertTrue(InputCompleteness.needsMoreInput("found = 3 in"))
        XCTAssertTrue(InputCompleteness.needsMoreInput("missing = 3 not"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("missing = 3 not in xs"))
    }

    func testEllipsisAndNewAxisIndicesAreComplete() {
        XCTAssertFalse(InputCompleteness.needsMoreInput("x[..., 0]"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("x[:, null]"))
        XCTAssertTrue(InputCompleteness.needsMoreInput("x[...,"))
    }

    func testPythonHabitsAreCompleteSoTheirHintShows() {
        XCTAssertFalse(InputCompleteness.needsMoreInput("def f(x):"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("import numpy as np"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("print x"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("n++"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("n--"))
        XCTAssertFalse(InputCompleteness.needsMoreInput("global total"))
        // A sign at the end still continues the line (`a = b +` then `+c`).
        XCTAssertTrue(InputCompleteness.needsMoreInput("a = b +"))
        XCTAssertTrue(InputCompleteness.needsMoreInput("a = b + -"))
    }
}
