// `{x:.Nf}` against CPython: every case of Tests/Fixtures/format/fixed_point.json
// (made by make_fixed_point.py beside it) formatted the way an f-string
// formats it, and by the exact digit path alone where it applies.

import Foundation
import XCTest

@testable import FLS

final class FormatTests: XCTestCase {
    struct Case: Decodable {
        let bits: String
        let expect: [String]
    }
    struct Cases: Decodable {
        let precisions: [Int]
        let values: [Case]
    }

    func loadCases() throws -> Cases {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/format/fixed_point.json")
        return try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
    }

    func testFixedPointMatchesCPython() throws {
        let cases = try loadCases()
        XCTAssertGreaterThanOrEqual(cases.values.count, 400)
        var failures = 0
        var exact = 0
        let span = SourceSpan(file: SourceFile(name: "t.fls", text: "x"), start: 0, end: 1)
        for c in cases.values {
            guard let pattern = UInt64(c.bits, radix: 16) else {
                XCTFail("bad bits \(c.bits)")
                continue
            }
            let x = Double(bitPattern: pattern)
            for (p, expected) in zip(cases.precisions, c.expect) {
                let got = try formatValue(.float(x), spec: ".\(p)f", span: span)
                if got != expected {
                    failures += 1
                    if failures <= 10 { XCTFail("\(x) .\(p)f: got \(got), CPython \(expected)") }
                }
                if let digits = fixedPoint(x, p) {
                    exact += 1
                    XCTAssertEqual(digits, expected, "fixedPoint(\(x), \(p))")
                }
            }
        }
        XCTAssertEqual(failures, 0)
        // Most cases take the exact path; the rest (2^53 and up, 20 digits) take printf.
        XCTAssertGreaterThan(exact, cases.values.count * cases.precisions.count / 2)
    }
}
