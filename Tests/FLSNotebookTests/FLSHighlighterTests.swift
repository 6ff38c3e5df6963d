import XCTest

@testable import FLSNotebook

final class FLSHighlighterTests: XCTestCase {
    private func kinds(_ source: String) -> [String] {
        FLSHighlighter.tokens(source).filter { $0.kind != .plain }.map { "\($0.kind.rawValue):\($0.text)" }
    }

    func testKeywordsStringsNumbersComments() {
        XCTAssertEqual(
            kinds("fn f(x, k = 5) { if not x { return null } }  # done"),
            ["keyword:fn", "number:5", "keyword:if", "keyword:not", "keyword:return", "keyword:null", "comment:# done"])
        XCTAssertEqual(kinds("x = 1_000 + 3.5e-3 - 2E10"), ["number:1_000", "number:3.5e-3", "number:2E10"])
        XCTAssertEqual(kinds("s = 'it\\'s' + \"a # b\""), ["string:'it\\'s'", "string:\"a # b\""])
    }

    func testKeywordsAreWholeWordsOnly() {
        XCTAssertEqual(kinds("format = info; iff = fnord; for_each = 1"), ["number:1"])
        XCTAssertEqual(kinds("for p in people { break }"), ["keyword:for", "keyword:in", "keyword:break"])
    }

    func testFStringInterpolationsAreCode() {
        XCTAssertEqual(
            kinds("f\"top 1 {acc * 100:.2f}% {{x}}\""),
            ["string:f\"top 1 {", "number:100", "string::.2f}% {{x}}\""])
        // An identifier ending in f before a quote is not an f-string prefix.
        XCTAssertEqual(kinds("elf\"x\""), ["string:\"x\""])
    }

    func testUnterminatedStringsStopAtTheLineEnd() {
        XCTAssertEqual(kinds("s = \"open\nfor x"), ["string:\"open", "keyword:for"])
        XCTAssertEqual(kinds("f\"{1 +"), ["string:f\"{", "number:1"])
    }

    func testTokensRebuildTheSourceExactly() {
        let sources = [
            "", "#", "\"", "f\"", "f\"{", "f\"{}}\"", "1e", "1.", "x.5", "a\\", "'\\", "é = \"ü\" # ∑\n",
            "f'{x:{w}}' + f\"{r[\"k\"]}\"", "\u{1F600} = 1",
        ]
        for source in sources {
            XCTAssertEqual(FLSHighlighter.tokens(source).map(\.text).joined(), source, source.debugDescription)
        }
    }
}
