import XCTest

@testable import FLSNotebook

final class MarkdownParserTests: XCTestCase {
    private func html(_ markdown: String) -> String {
        HTMLRenderer.markdownToHTML(markdown)
    }

    func testHeadingsAndParagraphs() {
        XCTAssertEqual(
            html("# One\n## Two ##\nText\nmore text"), "<h1>One</h1>\n<h2>Two</h2>\n<p>Text\nmore text</p>\n")
        XCTAssertEqual(html("Title\n=====\n\nSub\n---"), "<h1>Title</h1>\n<h2>Sub</h2>\n")
        XCTAssertEqual(html("#NoSpace"), "<p>#NoSpace</p>\n")
    }

    func testEmphasisStrongAndCode() {
        XCTAssertEqual(
            html("*a* _b_ **c** __d__ ***e***"),
            "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <strong><em>e</em></strong></p>\n")
        XCTAssertEqual(html("*a **b** c*"), "<p><em>a <strong>b</strong> c</em></p>\n")
        XCTAssertEqual(html("snake_case_name and 2 * 3 * 4"), "<p>snake_case_name and 2 * 3 * 4</p>\n")
        XCTAssertEqual(
            html("`a *b* <c>` and ``x ` y``"), "<p><code>a *b* &lt;c&gt;</code> and <code>x ` y</code></p>\n")
        XCTAssertEqual(html("\\*not\\* emphasis"), "<p>*not* emphasis</p>\n")
    }

    func testLinksImagesAndUnsafeSchemes() {
        XCTAssertEqual(
            html("[site](https://a.b/c?d=1&e=2 \"T\")"),
            "<p><a href=\"https://a.b/c?d=1&amp;e=2\" title=\"T\">site</a></p>\n")
        XCTAssertEqual(html("<https://x.org>"), "<p><a href=\"https://x.org\">https://x.org</a></p>\n")
        XCTAssertEqual(html("[bad](javascript:alert(1))"), "<p>bad</p>\n")
        XCTAssertEqual(html("![a \"q\"](pics/x.png)"), "<p><img src=\"pics/x.png\" alt=\"a &quot;q&quot;\"></p>\n")
        XCTAssertEqual(html("[not a link] (x)"), "<p>[not a link] (x)</p>\n")
    }

    func testRawHTMLIsEscaped() {
        XCTAssertEqual(
            html("<script>alert('x')</script> & <b>"),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;</p>\n")
    }

    func testFencedAndIndentedCode() {
        XCTAssertEqual(
            html("```fls\nx = 1 # c\n```"),
            "<pre><code class=\"language-fls\">x = <span class=\"n\">1</span> <span class=\"c\"># c</span></code></pre>\n"
        )
        XCTAssertEqual(html("~~~\n<tag>\n~~~"), "<pre><code>&lt;tag&gt;</code></pre>\n")
        XCTAssertEqual(html("    indented\n    code"), "<pre><code>indented\ncode</code></pre>\n")
        XCTAssertEqual(html("```\nunclosed"), "<pre><code>unclosed</code></pre>\n")
    }

    func testListsNestedListsAndQuotes() {
        XCTAssertEqual(
            html("- a\n- b\n  - c\n- d"), "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul></li>\n<li>d</li>\n</ul>\n")
        XCTAssertEqual(html("3. x\n4. y"), "<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n")
        XCTAssertEqual(html("- one\nlazy"), "<ul>\n<li>one\nlazy</li>\n</ul>\n")
        XCTAssertEqual(
            html("> quoted *text*\n> more"), "<blockquote>\n<p>quoted <em>text</em>\nmore</p>\n</blockquote>\n")
        XCTAssertEqual(html("para\n- item"), "<p>para</p>\n<ul>\n<li>item</li>\n</ul>\n")
        XCTAssertEqual(html("a\n\n---\n\nb"), "<p>a</p>\n<hr>\n<p>b</p>\n")
    }

    func testTables() {
        XCTAssertEqual(
            html("| a | b |\n|:--|--:|\n| 1 | 2 |\n| x\\|y |"),
            "<div class=\"table\"><table>\n<thead><tr><th style=\"text-align:left\">a</th><th style=\"text-align:right\">b</th></tr></thead>\n<tbody>\n<tr><td style=\"text-align:left\">1</td><td style=\"text-align:right\">2</td></tr>\n<tr><td style=\"text-align:left\">x|y</td><td style=\"text-align:right\"></td></tr>\n</tbody>\n</table></div>\n"
        )
        XCTAssertEqual(html("a | b\nnot a delimiter"), "<p>a | b\nnot a delimiter</p>\n")
    }

    func testHardBreaks() {
        XCTAssertEqual(html("a  \nb\\\nc"), "<p>a<br>\nb<br>\nc</p>\n")
    }

    func testHostileInputDoesNotBlowUp() {
        let deepQuotes = String(repeating: ">", count: 5000) + " x"
        XCTAssertFalse(html(deepQuotes).isEmpty)
        let deepLists = (0..<200).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n")
        XCTAssertFalse(html(deepLists).isEmpty)
        let stars = String(repeating: "*a ", count: 3000)
        XCTAssertTrue(html(stars).contains("*a *a"))
        let brackets = String(repeating: "[", count: 3000) + String(repeating: "](x)", count: 10)
        XCTAssertFalse(html(brackets).isEmpty)
    }
}
