import XCTest

@testable import FLSNotebook

final class TerminalRendererTests: XCTestCase {
    private let plain = TerminalRenderer(width: 80, color: false)
    private let colored = TerminalRenderer(width: 80, color: true)

    func testColourFollowsNoColorAndTheFlag() throws {
        XCTAssertTrue(TerminalRenderer.colorEnabled(environment: [:], isTerminal: true))
        XCTAssertFalse(TerminalRenderer.colorEnabled(environment: [:], isTerminal: false))
        XCTAssertFalse(TerminalRenderer.colorEnabled(environment: ["NO_COLOR": "1"], isTerminal: true))
        XCTAssertTrue(TerminalRenderer.colorEnabled(environment: ["NO_COLOR": ""], isTerminal: true))
        XCTAssertFalse(TerminalRenderer.colorEnabled(environment: ["TERM": "dumb"], isTerminal: true))
        let notebook = try Fixtures.sampleNotebook()
        XCTAssertFalse(plain.render(notebook: notebook, results: []).contains("\u{1B}["))
        XCTAssertTrue(colored.render(notebook: notebook, results: []).contains("\u{1B}["))
    }

    func testParagraphsAreRewrappedToTheWidth() {
        let words = (1...60).map { "word\($0)" }.joined(separator: " ")
        let lines = plain.renderMarkdown("A " + words + "\nsecond source line.").split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 5)
        for line in lines { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        XCTAssertTrue(lines.last?.hasSuffix("second source line.") ?? false)
        // Styled text wraps at the same places: escape codes take no columns.
        let styled = colored.renderMarkdown("A **" + words + "**")
        XCTAssertTrue(styled.contains("\u{1B}[1m"))
        XCTAssertEqual(stripANSI(styled), plain.renderMarkdown("A " + words))
    }

    func testWideCharactersCountTwoColumns() {
        XCTAssertEqual(TextWrapper.displayWidth("日本"), 4)
        XCTAssertEqual(TextWrapper.displayWidth("e\u{301}"), 1)
        let lines = TerminalRenderer(width: 20, color: false).renderMarkdown(String(repeating: "漢字 ", count: 12)).split(
            separator: "\n")
        for line in lines { XCTAssertLessThanOrEqual(TextWrapper.displayWidth(String(line)), 20) }
    }

    func testMarkdownWithoutColour() {
        let text = plain.renderMarkdown(
            "# Title\n\nSome *emphasis*, **strong**, `code` and [a link](https://x.org).\n\n### Small\n\n- one\n- two\n\n3. three\n\n> quoted\n\n```\nraw code\n```"
        )
        XCTAssertEqual(
            text,
            """
            Title
            =====

            Some *emphasis*, **strong**, `code` and a link <https://x.org>.

            ### Small

            - one
            - two

            3. three

            > quoted

                raw code

            """)
    }

    func testMarkdownWithColour() {
        let text = colored.renderMarkdown("## Head line\n\n*em* and `code`")
        XCTAssertEqual(text, "\u{1B}[1;4mHead line\u{1B}[0m\n\n\u{1B}[3mem\u{1B}[0m and \u{1B}[36mcode\u{1B}[0m\n")
    }

    func testCodeCellAndOutputs() throws {
        let notebook = try Fixtures.sampleNotebook()
        let outputs = try Fixtures.sampleOutputs()
        XCTAssertEqual(
            plain.renderCode(cell: notebook.cells[1], number: 1),
            "In [1]: Load the data\n    pose = read_pose(\"data/pose.pkl\")\n    print(f\"{len(pose.paths)} frames, {mean(pose.scores):.2f} mean score\")\n    shape(pose.keypoints)\n"
        )
        XCTAssertEqual(
            plain.renderOutputs(outputs[1] ?? [], number: 1), "1032 frames, 0.71 mean score\nOut[1]: [1032, 17, 2]\n")
        XCTAssertEqual(plain.renderOutputs(outputs[4] ?? [], number: 3), "[image 8x8: first crop <64x64>]\n")
        XCTAssertEqual(plain.renderOutputs([.value("a\nb")], number: 2), "Out[2]:\na\nb\n")
        let error = colored.renderOutputs(outputs[2] ?? [], number: 2)
        XCTAssertTrue(error.hasPrefix("\u{1B}[31msample.fls:30:9: error:"))
        XCTAssertEqual(error.components(separatedBy: "\u{1B}[31m").count - 1, 4, "each line is coloured on its own")
    }

    func testHighlightingColoursTokens() {
        XCTAssertEqual(
            colored.highlight("if x { 1 } # c"),
            "\u{1B}[1;35mif\u{1B}[0m x { \u{1B}[33m1\u{1B}[0m } \u{1B}[90m# c\u{1B}[0m")
        XCTAssertEqual(plain.highlight("if x { 1 } # c"), "if x { 1 } # c")
    }

    func testEscapeCharactersInNotebookTextAreNeutralised() {
        let text = colored.renderMarkdown("evil \u{1B}]0;title\u{7} text")
        XCTAssertFalse(text.contains("\u{1B}]"))
        XCTAssertTrue(text.contains("\u{241B}]0;title"))
    }

    private func stripANSI(_ text: String) -> String {
        var out = ""
        var inEscape = false
        for character in text {
            if character == "\u{1B}" {
                inEscape = true
            } else if inEscape {
                if character == "m" { inEscape = false }
            } else {
                out.append(character)
            }
        }
        return out
    }
}
