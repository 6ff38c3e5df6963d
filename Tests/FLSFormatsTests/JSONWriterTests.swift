// The JSON writer's choices that other formats rely on: nbformat's
// one-space indent, and escapes that keep the text safe inside JavaScript.

import FLSFormats
import XCTest

final class JSONWriterTests: XCTestCase {
    func testIndentWidthIsAnOption() {
        let value = JSONValue.object([("a", .array([.int(1)])), ("b", .object([]))])
        XCTAssertEqual(JSON.serialize(value, pretty: true, indent: 1), "{\n \"a\": [\n  1\n ],\n \"b\": {}\n}")
        XCTAssertEqual(JSON.serialize(value, pretty: true), "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}")
    }

    func testLineSeparatorsAndDeleteAreEscaped() throws {
        let text = "a\u{2028}b\u{2029}c\u{7F}d\u{2014}e"
        let written = JSON.serialize(.string(text))
        XCTAssertEqual(written, "\"a\\u2028b\\u2029c\\u007fd\u{2014}e\"")
        XCTAssertEqual(try JSON.parse(text: written), .string(text))
    }
}
