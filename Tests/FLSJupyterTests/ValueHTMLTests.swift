import FLS
import FLSKit
import XCTest

@testable import FLSJupyter

final class ValueHTMLTests: XCTestCase {
    func value(_ code: String) throws -> Value {
        let interpreter = Session.makeInterpreter(host: CapturingHost())
        defer { interpreter.close() }
        return try interpreter.run(SourceFile(name: "<test>", text: code)).value ?? .null
    }

    func testMatrixIsATableWithNumpysNumbers() throws {
        let html = try XCTUnwrap(ValueHTML.html(for: value("[[1.5, 2.0], [3.0, 4.25]]")))
        XCTAssertTrue(html.contains("f64[2,2]"))
        XCTAssertEqual(html.components(separatedBy: "<td").count - 1, 4)
        XCTAssertTrue(html.contains(">1.5 </td>") || html.contains(">1.5</td>"), html)
        XCTAssertTrue(html.contains(">4.25</td>"), html)
    }

    func testLongAxesAreElided() throws {
        let html = try XCTUnwrap(ValueHTML.html(for: value("reshape(range(10000), [100, 100])")))
        // 10 + 10 rows and columns of numbers, one elided row and column.
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 1 + 21)
        XCTAssertTrue(html.contains(">9999</td>"))
        XCTAssertTrue(html.contains("⋮"))
        XCTAssertFalse(html.contains(">5050</td>"))
    }

    func testRecordsEscapeTheirText() throws {
        let html = try XCTUnwrap(ValueHTML.html(for: value("{name: \"<script>\", n: 1}")))
        XCTAssertTrue(html.contains("&lt;script&gt;"))
        XCTAssertFalse(html.contains("<script>"))
    }

    func testScalarsAndStringsHaveNoHTML() throws {
        XCTAssertNil(ValueHTML.html(for: try value("42")))
        XCTAssertNil(ValueHTML.html(for: try value("\"text\"")))
    }
}

extension ValueHTMLTests {
    func testVectorIsOneRowUnderItsIndices() throws {
        let html = try XCTUnwrap(ValueHTML.html(for: value("[218, 2048]")))
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 2)
        XCTAssertEqual(html.components(separatedBy: "<th ").count - 1, 2)
        XCTAssertTrue(html.contains(">2048</td>"))
    }
}
