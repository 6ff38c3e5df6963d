import XCTest

@testable import FLSNotebook

final class NotebookParserTests: XCTestCase {
    /// Files of many shapes; each must print back to exactly the same text.
    static let roundTripShapes: [String] = [
        "",
        "\n",
        "\n\n\n",
        "x = 1",
        "x = 1\n",
        "x = 1\n\n\n",
        "# %%",
        "# %%\n",
        "# %%\n# %%\n# %%",
        "# %%\nx = 1\n\n# %%\ny = 2\n",
        "# %%\nx = 1\n# %%\ny = 2",
        "print(1)\n\n# %% Second\nprint(2)\n",
        "\n\n# %%\nx\n",
        "# fls-notebook: 1\n",
        "# fls-notebook: 1\n\n# %% [markdown]\n# # Title\n#\n# Text\n\n# %%\nx = 1\n",
        "# fls-notebook: 1\nx = 1\n",
        "# fls-notebook: 1\n\n\nx = 1\n# %%\n",
        "# %% [markdown]\n# a\n#\n#   indented\nnot prefixed\n",
        "# %% [md]\n# short tag\n",
        "# %% [markdown] tags=[\"x\"]\n# tagged\n",
        "# %% Load the data tags=[\"setup\"] hide=true\nload()\n",
        "# %% [raw]\nverbatim\n",
        "#%% not a marker\n# %%not a marker either\n# %%\tmarker with tab\n",
        "   # %% indented is not a marker\n",
        "# %%\n\n\n   \n\t\n# %%\n",
        "x = 1\r\ny = 2\r\n",
        "# %%\r\nx = 1\r\n\r\n# %% [markdown]\r\n# hi\r\n",
        "a\nb\r\nc\n\r\n",
        "\r\n\r\n",
        "\u{FEFF}# %%\nx\n",
        "\u{FEFF}",
        "\u{FEFF}\n",
        "lone\rcarriage\rreturns\r",
        "# %% Ünïcödé títle 🎉\ns = \"日本語\"\n",
        "    \n  # %%  \n",
        "# fls-notebook: 2",
        "# fls-notebook: x\n# %%\n",
    ]

    func testEveryShapeRoundTrips() {
        for text in Self.roundTripShapes {
            let notebook = NotebookParser.parse(text)
            XCTAssertEqual(NotebookPrinter.print(notebook), text, "round trip of \(text.debugDescription)")
            XCTAssertEqual(NotebookPrinter.bytes(notebook), Array(text.utf8))
        }
    }

    func testFixtureFilesRoundTripByteForByte() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.folder.path).filter {
            $0.hasSuffix(".fls")
        }
        XCTAssertGreaterThanOrEqual(names.count, 5)
        for name in names.sorted() {
            let bytes = try Fixtures.bytes(name)
            let notebook = try NotebookParser.parse(bytes: bytes)
            XCTAssertEqual(NotebookPrinter.bytes(notebook), bytes, name)
        }
    }

    func testGeneratedRoundTripsOverMixedPieces() {
        // Every combination of a few pieces, so separators, endings and markers meet in all orders.
        let pieces = ["# %%", "# %% [markdown]", "# text", "#", "", "x = 1", "# %% Title", "  "]
        let endings = ["\n", "\r\n"]
        var count = 0
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for ending in endings {
                        for final in ["", ending] {
                            let text = a + ending + b + ending + c + final
                            XCTAssertEqual(NotebookPrinter.print(NotebookParser.parse(text)), text)
                            count += 1
                        }
                    }
                }
            }
        }
        XCTAssertEqual(count, 2048)
    }

    func testCellsKindsTitlesAndLines() throws {
        let notebook = try Fixtures.sampleNotebook()
        XCTAssertEqual(notebook.formatVersion, 1)
        XCTAssertEqual(notebook.cells.map(\.kind), [.markdown, .code, .code, .markdown, .code])
        XCTAssertEqual(notebook.cells.map(\.line), [3, 24, 29, 33, 42])
        XCTAssertEqual(notebook.cells.map(\.title), ["", "Load the data", "", "", "Draw"])
        XCTAssertEqual(notebook.codeCellIndices, [1, 2, 4])
        XCTAssertEqual(notebook.cells[2].sourceLine, 30)
        XCTAssertEqual(
            notebook.cells[2].source,
            "kp = filter_keypoints(pose.keypoints, pose.scores)\nmean(kp[0, \"x\"])  # an error: arrays are not indexed by name"
        )
        XCTAssertTrue(notebook.cells[0].markdown.hasPrefix("# Exploring the *pose* data\n\nEach frame"))
    }

    func testTextBeforeFirstMarkerIsACodeCell() {
        let notebook = NotebookParser.parse("x = 1\n\n# %% [markdown]\n# Hi\n")
        XCTAssertEqual(notebook.cells.count, 2)
        XCTAssertNil(notebook.cells[0].marker)
        XCTAssertEqual(notebook.cells[0].kind, .code)
        XCTAssertEqual(notebook.cells[0].source, "x = 1")
        XCTAssertEqual(notebook.cells[0].line, 1)
        XCTAssertEqual(notebook.cells[0].sourceLine, 1)
        XCTAssertEqual(notebook.cells[1].markdown, "Hi")
    }

    func testFileWithoutMarkersIsOneCodeCell() {
        let notebook = NotebookParser.parse("a = 1\nb = 2\na + b\n")
        XCTAssertEqual(notebook.cells.count, 1)
        XCTAssertEqual(notebook.cells[0].kind, .code)
        XCTAssertEqual(notebook.cells[0].source, "a = 1\nb = 2\na + b")
    }

    func testHeaderAndBlankLinesDoNotMakeACell() {
        let notebook = NotebookParser.parse("# fls-notebook: 1\n\n# %%\nx\n")
        XCTAssertEqual(notebook.formatVersion, 1)
        XCTAssertEqual(notebook.cells.count, 1)
        XCTAssertEqual(notebook.cells[0].line, 3)
        // A header followed by code keeps the code as the first cell, numbered from line 2.
        let withCode = NotebookParser.parse("# fls-notebook: 1\nx = 1\n")
        XCTAssertEqual(withCode.cells.count, 1)
        XCTAssertEqual(withCode.cells[0].line, 2)
        XCTAssertEqual(withCode.cells[0].source, "x = 1")
        XCTAssertNil(NotebookParser.parse("# fls-notebook: x\n").formatVersion)
    }

    func testMarkdownPrefixesAndMetadata() {
        let notebook = NotebookParser.parse(
            "# %% [markdown] tags=[\"x\"]\n# # Head\n#\n#  two spaces\n# %% [md]\n# short\n")
        XCTAssertEqual(notebook.cells[0].kind, .markdown)
        XCTAssertEqual(notebook.cells[0].markdown, "# Head\n\n two spaces")
        XCTAssertEqual(notebook.cells[0].metadata, "tags=[\"x\"]")
        XCTAssertEqual(notebook.cells[0].title, "")
        XCTAssertEqual(notebook.cells[1].kind, .markdown)
        let titled = NotebookParser.parse("# %% Load the data tags=[\"setup\"]\nx\n")
        XCTAssertEqual(titled.cells[0].title, "Load the data")
        XCTAssertEqual(titled.cells[0].metadata, "tags=[\"setup\"]")
    }

    func testMarkersMustBeExact() {
        let notebook = NotebookParser.parse("#%% no\n # %% no\n# %%% no\n# %%\ty\n")
        XCTAssertEqual(notebook.cells.count, 2)
        XCTAssertEqual(notebook.cells[1].line, 4)
    }

    func testCRLFIsNotPartOfTheSource() {
        let notebook = NotebookParser.parse("# %%\r\nx = 1\r\ny = 2\r\n\r\n# %% [markdown]\r\n# hi\r\n")
        XCTAssertEqual(notebook.cells[0].source, "x = 1\ny = 2")
        XCTAssertEqual(notebook.cells[1].markdown, "hi")
    }

    func testInvalidUTF8IsAClearError() {
        XCTAssertThrowsError(try NotebookParser.parse(bytes: [0x78, 0x20, 0x3D, 0xFF, 0x0A])) { error in
            XCTAssertEqual(
                (error as? NotebookParser.ParseError)?.message,
                "The notebook is not valid UTF-8 text (bad byte at offset 3); save it as UTF-8.")
        }
        XCTAssertThrowsError(try NotebookParser.parse(bytes: [0xE6, 0x97]))  // A character cut short at the end.
    }

    func testEditingSourceKeepsSeparatorsAndEndings() {
        var notebook = NotebookParser.parse("# %%\r\nx = 1\r\n\r\n# %%\r\ny\r\n")
        notebook.cells[0].source = "x = 2\nz = 3"
        XCTAssertEqual(NotebookPrinter.print(notebook), "# %%\r\nx = 2\r\nz = 3\r\n\r\n# %%\r\ny\r\n")
    }

    func testNewNotebookFromCells() {
        let notebook = Notebook(newCells: [.markdown("# Title\n\nText"), .code("x = 1", title: "Setup"), .code("x")])
        let text = NotebookPrinter.print(notebook)
        XCTAssertEqual(
            text, "# fls-notebook: 1\n\n# %% [markdown]\n# # Title\n#\n# Text\n\n# %% Setup\nx = 1\n\n# %%\nx\n")
        XCTAssertEqual(NotebookParser.parse(text), notebook)
    }
}
