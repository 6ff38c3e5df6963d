import XCTest

@testable import FLSNotebook

/// Random inputs built from the characters that matter to the parsers: nothing may crash,
/// round trips must hold, and HTML must contain only the tags the converter writes.
final class RobustnessTests: XCTestCase {
    private static let alphabet: [String] = [
        "#", "# ", "# %%", " ", "%", "\n", "\r\n", "\r", "*", "_", "`", "```", "[", "]", "(", ")", "<", ">", "|", "-",
        "1.", "!", "\\", "~", "f\"", "\"", "'", "{", "}", ":", "é", "漢", "\t", "=", "a", "fn", "x", "0", "e\u{301}",
        "http://x", "javascript:", "\u{1B}",
    ]

    private static let allowedTags: Set<String> = [
        "p", "em", "strong", "code", "pre", "a", "img", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
        "blockquote", "hr", "div", "table", "thead", "tbody", "tr", "th", "td", "span",
    ]

    /// A deterministic generator, so a failure can be reproduced from its iteration number.
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func testRandomInputs() {
        var generator = Generator(state: 42)
        let terminal = TerminalRenderer(width: 24, color: true)
        for iteration in 0..<1500 {
            let length = generator.next(40)
            let text = (0..<length).map { _ in Self.alphabet[generator.next(Self.alphabet.count)] }.joined()

            let notebook = NotebookParser.parse(text)
            XCTAssertEqual(NotebookPrinter.print(notebook), text, "iteration \(iteration)")
            XCTAssertEqual(FLSHighlighter.tokens(text).map(\.text).joined(), text, "iteration \(iteration)")

            let html = HTMLRenderer.markdownToHTML(text)
            XCTAssertEqual(unexpectedTags(html), [], "iteration \(iteration): \(text.debugDescription)")
            XCTAssertFalse(html.lowercased().contains("href=\"javascript"), "iteration \(iteration)")
            XCTAssertFalse(terminal.renderMarkdown(text).contains("\u{1B}]"), "iteration \(iteration)")

            let results = notebook.codeCellIndices.map {
                CellResult(cellIndex: $0, outputs: [.text(text), .value(text), .error(message: text, rendered: text)])
            }
            _ = terminal.render(notebook: notebook, results: results)
            _ = HTMLRenderer().render(notebook: notebook, results: results)
            _ = MarkdownRenderer(assetsFolder: "x_files").render(notebook: notebook, results: results)
            _ = IpynbRenderer().render(notebook: notebook, results: results)
        }
    }

    /// The names of tags in the HTML that the converter never writes (so came from the input unescaped).
    private func unexpectedTags(_ html: String) -> [String] {
        var found: [String] = []
        let characters = Array(html)
        for (index, character) in characters.enumerated() where character == "<" {
            var j = index + 1
            if j < characters.count && characters[j] == "/" { j += 1 }
            var name = ""
            while j < characters.count, characters[j].isLetter || characters[j].isNumber {
                name.append(characters[j])
                j += 1
            }
            if !Self.allowedTags.contains(name) { found.append(name) }
        }
        return found
    }
}
