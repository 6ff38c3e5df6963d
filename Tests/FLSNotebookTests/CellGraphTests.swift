// Which cells depend on which: the rules docs/notebooks.md states.

import FLSNotebook
import XCTest

final class CellGraphTests: XCTestCase {
    func graph(_ cells: [String]) -> CellGraph {
        let text = cells.map { "# %%\n" + $0 + "\n" }.joined(separator: "\n")
        return CellGraph(notebook: NotebookParser.parse(text), fileName: "t.fls")
    }

    func testReadersDependOnTheNearestDefinitionAbove() {
        let g = graph(["x = 1", "y = 2", "z = x + y", "x = 10", "w = x"])
        XCTAssertEqual(g.dependencies(of: 2), [0, 1])
        XCTAssertEqual(g.dependencies(of: 4), [3], "the second definition wins below it")
        XCTAssertEqual(g.prerequisites(of: 2), [0, 1])
        XCTAssertEqual(g.inputs(of: 2).map(\.name), ["x", "y"])
    }

    func testPrimitivesAndLocalsAreNotInputs() {
        let g = graph(["n = 3", "fn f(a) {\n    t = a * n\n    t + 1\n}", "total = sum(range(f(2)))"])
        XCTAssertEqual(g.dependencies(of: 1), [0], "a function's free names are read where it is defined")
        XCTAssertEqual(g.dependencies(of: 2), [1])
        XCTAssertEqual(g.prerequisites(of: 2), [0, 1])
    }

    func testEditingTheFirstOfTwoDefinitionsRerunsTheSecond() {
        let g = graph(["x = 1", "a = x", "x = 2", "b = x", "c = 5"])
        XCTAssertEqual(g.affected(by: [0]), [0, 1, 2, 3])
        XCTAssertEqual(g.affected(by: [2]), [2, 3])
        XCTAssertEqual(g.affected(by: [4]), [4])
    }

    func testAChangeInPlaceRerunsTheCellThatMadeTheValue() {
        let g = graph(["x = zeros(3)", "x[0] = 5", "y = x + 1", "z = 2"])
        XCTAssertEqual(g.dependencies(of: 2), [1], "readers below a change in place depend on it")
        XCTAssertEqual(g.dependencies(of: 1), [0])
        XCTAssertEqual(g.affected(by: [1]), [0, 1, 2], "the change starts again from a fresh x")
        XCTAssertEqual(g.affected(by: [0]), [0, 1, 2])
        let plus = graph(["n = 1", "n += 1", "m = n"])
        XCTAssertEqual(plus.affected(by: [1]), [0, 1, 2])
    }

    func testAnAccumulatorACellMakesItselfIsNotAChangeInPlace() {
        let g = graph([
            "total = 100", "total = 0\nfor v in [1, 2] {\n    total += v\n}\nparts = [0, 0]\nparts[1] = total",
            "t = total",
        ])
        XCTAssertEqual(g.dependencies(of: 1), [], "cell 2 makes its own total and parts")
        XCTAssertEqual(g.affected(by: [1]), [1, 2])
        XCTAssertEqual(g.dependencies(of: 2), [1])
    }

    func testNamesDefinedOnlyLaterAreReported() {
        let g = graph(["print(total)", "total = 3"])
        XCTAssertEqual(g.definedOnlyLater(for: 0).map(\.name), ["total"])
        XCTAssertEqual(g.definedOnlyLater(for: 0).map(\.at), [1])
    }

    func testSyntaxErrorsAreKeptPerCell() {
        let g = graph(["x = 1", "y = (", "z = x"])
        XCTAssertNil(g.nodes[0].syntaxError)
        XCTAssertNotNil(g.nodes[1].syntaxError)
        XCTAssertEqual(g.dependencies(of: 2), [0])
    }
}
