import XCTest

@testable import FLSNotebook

final class HTMLRendererTests: XCTestCase {
    private func renderSample() throws -> String {
        let notebook = try Fixtures.sampleNotebook()
        let kernel = ScriptedKernel(outputs: try Fixtures.sampleOutputs())
        return HTMLRenderer().render(notebook: notebook, results: NotebookRunner.runAll(notebook, kernel: kernel))
    }

    func testDocumentIsSelfContainedAndPhoneReady() throws {
        let html = try renderSample()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        XCTAssertTrue(html.contains("<title>Exploring the pose data</title>"))
        XCTAssertTrue(html.contains("max-width: 52rem"))
        XCTAssertTrue(html.contains("overflow-x: auto"))
        // Nothing is fetched and nothing runs: no scripts, no external URLs outside the prose's own link.
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("@import"))
        XCTAssertFalse(html.contains("url("))
        XCTAssertTrue(html.hasSuffix("</body>\n</html>\n"))
    }

    func testProseHeadingsListsTablesAndEscaping() throws {
        let html = try renderSample()
        XCTAssertTrue(html.contains("<h1>Exploring the <em>pose</em> data</h1>"))
        XCTAssertTrue(html.contains("<h2>A picture</h2>"))
        XCTAssertTrue(html.contains("<strong>17 keypoints</strong>"))
        XCTAssertTrue(html.contains("<a href=\"https://cocodataset.org/#keypoints-2020\">the COCO site</a>"))
        XCTAssertTrue(html.contains("<code>&lt;= 0</code> are &lt;b&gt;not&lt;/b&gt; real &amp; must"))
        XCTAssertFalse(html.contains("<b>not</b>"))
        XCTAssertTrue(
            html.contains(
                "<ul>\n<li>load the file</li>\n<li>filter the points\nwith <code>filter_keypoints</code></li>\n</ul>"))
        XCTAssertTrue(html.contains("<ol>\n<li>count them</li>\n<li>plot them</li>\n</ol>"))
        XCTAssertTrue(html.contains("<blockquote>\n<p>Values are normalised"))
        XCTAssertTrue(html.contains("<td style=\"text-align:right\">0</td>"))
    }

    func testCodeCellsAreHighlightedWithSpans() throws {
        let html = try renderSample()
        XCTAssertTrue(
            html.contains("<span class=\"in\">In&nbsp;[1]:</span> <span class=\"title\">Load the data</span>"))
        XCTAssertTrue(html.contains("pose = read_pose(<span class=\"s\">&quot;data/pose.pkl&quot;</span>)"))
        XCTAssertTrue(
            html.contains(
                "mean(kp[<span class=\"n\">0</span>, <span class=\"s\">&quot;x&quot;</span>])  <span class=\"c\"># an error: arrays are not indexed by name</span>"
            ))
        XCTAssertEqual(html.components(separatedBy: "<section class=\"cell code\"").count - 1, 3)
    }

    func testOutputsTextValueErrorAndImage() throws {
        let html = try renderSample()
        XCTAssertTrue(html.contains("<pre class=\"output stream\">1032 frames, 0.71 mean score</pre>"))
        XCTAssertTrue(html.contains("<span class=\"out\">Out[1]:</span><pre>[1032, 17, 2]</pre>"))
        XCTAssertTrue(
            html.contains(
                "<pre class=\"output error\" role=\"alert\">sample.fls:30:9: error: An array cannot be indexed by a string.\n  mean(kp[0, &quot;x&quot;])  # an error\n          ^\nhint:"
            ))
        let png = try Fixtures.bytes("dot.png")
        let dataURI = "data:image/png;base64," + Data(png).base64EncodedString()
        XCTAssertTrue(
            html.contains(
                "<img src=\"\(dataURI)\" alt=\"first crop &lt;64x64&gt;\" width=\"8\" height=\"8\" style=\"width:32px\">"
            ))
        XCTAssertTrue(html.contains("<figcaption>first crop &lt;64x64&gt;</figcaption>"))
    }

    func testCellsThatDidNotRunHaveNoOutputs() throws {
        let html = HTMLRenderer(title: "T & U").render(notebook: try Fixtures.sampleNotebook(), results: [])
        XCTAssertTrue(html.contains("<title>T &amp; U</title>"))
        XCTAssertFalse(html.contains("class=\"outputs\""))
    }

    func testBase64MatchesFoundation() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            XCTAssertEqual(Base64.encode(bytes), Data(bytes).base64EncodedString())
        }
    }
}
