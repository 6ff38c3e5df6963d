// The parser's limits that a golden script cannot pin down exactly.

import XCTest

@testable import FLS

final class ParserTests: XCTestCase {
    func testReportsAtMostTheLimitOfSyntaxErrors() {
        let text = (0..<(Limits.maxReportedParseErrors + 5)).map { "x\($0) = )" }.joined(separator: "\n")
        XCTAssertThrowsError(try Parser.parse(SourceFile(name: "many.fls", text: text))) { error in
            guard let failure = error as? ParseFailure else { return XCTFail("not a ParseFailure: \(error)") }
            XCTAssertEqual(failure.diagnostics.count, Limits.maxReportedParseErrors)
        }
    }

    /// An error inside a function body skips the rest of that body: its
    /// closing brace is not reported as a second, made-up error, and an
    /// error after the function still is.
    func testAnErrorInABodySkipsToTheEndOfTheBody() {
        let text = """
            fn f(x) {
                global total
                y = x + 1
                if y > 2 { y = 0 }
            }
            z = ]
            w = 1
            """
        XCTAssertThrowsError(try Parser.parse(SourceFile(name: "body.fls", text: text))) { error in
            guard let failure = error as? ParseFailure else { return XCTFail("not a ParseFailure: \(error)") }
            XCTAssertEqual(
                failure.diagnostics.map(\.message),
                ["'global' is Python: FLS has no scope declarations", "expect an expression, found ']'"])
        }
    }

    /// A block's `{` on the line after its header is one error: the block
    /// is still read as a block, not as a record literal that makes up a
    /// second error, and an error after it is still found.
    func testABraceOnItsOwnLineIsOneError() {
        let text = """
            if true
            {
                print(1)
            }
            z = ]
            """
        XCTAssertThrowsError(try Parser.parse(SourceFile(name: "brace.fls", text: text))) { error in
            guard let failure = error as? ParseFailure else { return XCTFail("not a ParseFailure: \(error)") }
            XCTAssertEqual(
                failure.diagnostics.map(\.message),
                ["expect '{' to open the if body", "expect an expression, found ']'"])
        }
    }

    func testConstantsReadAsFloatLiterals() throws {
        let stmts = try Parser.parse(SourceFile(name: "c.fls", text: "pi + r.pi"))
        guard case .expression(let e) = stmts[0].kind, case .binary(_, let l, let r) = e.kind,
            case .float(let v) = l.kind, case .field(_, let name) = r.kind
        else { return XCTFail("unexpected tree") }
        XCTAssertEqual(v, Double.pi)
        XCTAssertEqual(name, "pi")
    }
}
