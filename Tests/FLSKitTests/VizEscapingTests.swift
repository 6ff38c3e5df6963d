import XCTest

@testable import FLSKit

/// SVG titles are markup: escaping walks Unicode scalars, so a "prepend"
/// scalar (U+0D4E) cannot hide a `<` inside one character.
final class VizEscapingTests: XCTestCase {
    func testXMLEscapeSeesALessThanBehindAPrependScalar() {
        XCTAssertEqual(xmlEscaped("\u{0D4E}<script\u{0D4E}>&"), "\u{0D4E}&lt;script\u{0D4E}&gt;&amp;")
    }
}
