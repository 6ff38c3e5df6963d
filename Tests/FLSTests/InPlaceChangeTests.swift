// Changes made where a value is: `x[i] += v`, `xs[i] = v`, `r[k] = v` and
// `acc += x` move the container out of its variable while it changes, so
// that it is not copied. A failed change leaves the variable as it was, and
// a copy taken before never sees a change.

import XCTest

@testable import FLS

final class InPlaceChangeTests: XCTestCase {
    /// Runs `source` (which may fail) and returns the variable `name`'s literal text.
    func shown(_ name: String, after source: String) -> String? {
        let interpreter = Interpreter(host: CapturingHost())
        _ = try? runOnLargeStack { try interpreter.run(SourceFile(name: "t.fls", text: source)) }
        return interpreter.globals.variables.first(where: { $0.name == name })?.value.literalText
    }

    func testAFailedElementAssignmentLeavesTheContainerAsItWas() {
        XCTAssertEqual(shown("xs", after: "xs = list(1, 2, 3)\nxs[7] = 1"), shown("xs", after: "xs = list(1, 2, 3)"))
        XCTAssertEqual(
            shown("xs", after: "xs = list(1, \"a\")\nxs[1] += 2"), shown("xs", after: "xs = list(1, \"a\")"))
        XCTAssertEqual(
            shown("r", after: "r = {a: \"s\", b: 2}\nr[\"a\"] += 1"), shown("r", after: "r = {a: \"s\", b: 2}"))
        XCTAssertEqual(shown("x", after: "x = [1.0, 2.0]\nx[5] += 1"), shown("x", after: "x = [1.0, 2.0]"))
        XCTAssertEqual(shown("x", after: "x = [1.0, 2.0]\nx[0] += \"a\""), shown("x", after: "x = [1.0, 2.0]"))
        XCTAssertEqual(shown("r", after: "r = {a: \"s\", b: 2}\nr.a += 1"), shown("r", after: "r = {a: \"s\", b: 2}"))
        XCTAssertEqual(shown("r", after: "r = {a: 1}\nr.z += 1"), shown("r", after: "r = {a: 1}"))
        XCTAssertEqual(shown("r", after: "r = {a: 1}\nr[\"z\"] -= 1"), shown("r", after: "r = {a: 1}"))
        // Inside a function's loop, and the typed path off or on alike.
        let loop = "xs = list(0, 0)\nfn f(xs) { for i in range(3) { xs[i] = i }\nxs }\nys = f(xs)"
        XCTAssertEqual(shown("xs", after: loop), shown("xs", after: "xs = list(0, 0)"))
        XCTAssertNil(shown("ys", after: loop))
    }

    func testACopyTakenBeforeKeepsItsItems() {
        XCTAssertEqual(shown("ys", after: "xs = list(1, 2)\nys = xs\nxs[0] = 5"), shown("ys", after: "ys = list(1, 2)"))
        XCTAssertEqual(
            shown("s", after: "r = {a: 1}\ns = r\nr[\"a\"] = 2\nr[\"b\"] = 3"), shown("s", after: "s = {a: 1}"))
        XCTAssertEqual(shown("y", after: "x = [1.0, 2.0]\ny = x\nx[0] += 1"), shown("y", after: "y = [1.0, 2.0]"))
        XCTAssertEqual(
            shown("y", after: "x = [1.0, 2.0, 3.0]\ny = x\nx += 1"), shown("y", after: "y = [1.0, 2.0, 3.0]"))
        XCTAssertEqual(
            shown("x", after: "x = [1.0, 2.0, 3.0]\ny = x\nx *= 2"), shown("x", after: "x = [2.0, 4.0, 6.0]"))
    }
}
