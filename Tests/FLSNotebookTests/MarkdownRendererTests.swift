import XCTest

@testable import FLSNotebook

final class MarkdownRendererTests: XCTestCase {
    func testSampleMatchesTheCommittedGolden() throws {
        let notebook = try Fixtures.sampleNotebook()
        let kernel = ScriptedKernel(outputs: try Fixtures.sampleOutputs())
        let rendered = MarkdownRenderer(forOutputPath: "out/sample.md").render(
            notebook: notebook, results: NotebookRunner.runAll(notebook, kernel: kernel))
        XCTAssertEqual(rendered.markdown, try Fixtures.text("sample.expected.md"))
        XCTAssertEqual(
            rendered.assets,
            [MarkdownRenderer.Asset(relativePath: "sample_files/cell5_1.png", bytes: try Fixtures.bytes("dot.png"))])
    }

    func testFencesOutgrowBackticksInTheContent() {
        let notebook = NotebookParser.parse("# %%\nx = \"```\"\n")
        let results = [CellResult(cellIndex: 0, outputs: [.text("````\n")])]
        XCTAssertEqual(
            MarkdownRenderer(assetsFolder: "a_files").render(notebook: notebook, results: results).markdown,
            "````fls\nx = \"```\"\n````\n\n`````\n````\n`````\n")
    }

    func testPicturesAreNumberedPerCell() {
        let notebook = NotebookParser.parse("# %%\nshow(a)\nshow(b)\n# %%\nshow(c)\n")
        let picture = CellOutput.image(png: [1, 2, 3], width: 1, height: 1, alt: "a [b]")
        let results = [
            CellResult(cellIndex: 0, outputs: [picture, picture]),
            CellResult(cellIndex: 1, outputs: [picture]),
        ]
        let rendered = MarkdownRenderer(assetsFolder: "my notes_files").render(notebook: notebook, results: results)
        XCTAssertEqual(
            rendered.assets.map(\.relativePath),
            ["my notes_files/cell1_1.png", "my notes_files/cell1_2.png", "my notes_files/cell2_1.png"])
        XCTAssertTrue(rendered.markdown.contains("![a \\[b\\]](<my notes_files/cell1_2.png>)"))
    }
}
