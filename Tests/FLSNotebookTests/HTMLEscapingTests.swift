import XCTest

@testable import FLSNotebook

/// Escaping must work on Unicode scalars: a "prepend" scalar (U+0D4E) fuses
/// with the `<` after it into one character (grapheme cluster).
final class HTMLEscapingTests: XCTestCase {
    func testEscapeSeesALessThanBehindAPrependScalar() {
        XCTAssertEqual(HTMLRenderer.escape("\u{0D4E}<meta\u{0D4E}>"), "\u{0D4E}&lt;meta\u{0D4E}&gt;")
    }

    func testMarkdownTextCannotSmuggleATag() {
        let html = HTMLRenderer.markdownToHTML(
            "Hi \u{0D4E}<meta http-equiv=refresh content=0;url=https://evil.example/ \u{0D4E}>")
        XCTAssertFalse(html.contains("<meta"), html)
        XCTAssertTrue(html.contains("&lt;meta"), html)
    }

    func testLinkSchemeIsCheckedScalarByScalar() {
        // A prepend scalar before the colon hid it from a character-wise search,
        // so the URL passed as "relative" and went out as an href.
        let html = HTMLRenderer.markdownToHTML("[x](javascript\u{0D4E}:alert(1))")
        XCTAssertFalse(html.contains("href"), html)
        XCTAssertNil(HTMLRenderer.safeURL("javascript\u{0D4E}:alert(1)", image: false))
        XCTAssertEqual(HTMLRenderer.safeURL("https://example.org/a", image: false), "https://example.org/a")
        XCTAssertEqual(HTMLRenderer.safeURL("notes/a.html", image: false), "notes/a.html")
    }
}
