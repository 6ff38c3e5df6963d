import XCTest

@testable import FLSNotebook

final class StepSessionTests: XCTestCase {
    /// Runs a session over the sample with scripted keys; returns what it printed and the kernel.
    private func drive(_ keys: [String?], color: Bool = false) throws -> (output: String, kernel: ScriptedKernel) {
        let kernel = ScriptedKernel(outputs: try Fixtures.sampleOutputs())
        var remaining = keys
        var output = ""
        let session = StepSession(
            notebook: try Fixtures.sampleNotebook(), kernel: kernel,
            renderer: TerminalRenderer(width: 80, color: color),
            readKey: { remaining.isEmpty ? nil : remaining.removeFirst() },
            write: { output += $0 })
        session.run()
        XCTAssertTrue(remaining.isEmpty, "the session stopped before reading every key")
        return (output, kernel)
    }

    func testAFailedCellStopsTheWalkAndOffersRetryAndSkip() throws {
        let (output, kernel) = try drive(["\n", "\n", "\n", "s", "b", "q"])
        // Cell 2 fails twice (run, retry), is skipped, then `b` replays cell 1 silently.
        XCTAssertEqual(kernel.log, ["run 1", "run 2", "run 2", "reset", "run 1"])
        XCTAssertEqual(output.components(separatedBy: "error: An array cannot be indexed").count - 1, 2)
        XCTAssertTrue(output.contains("Skipped cell 2.\n"))
        XCTAssertEqual(
            output.components(separatedBy: "\n").filter { $0.hasPrefix("cell ") },
            [
                "cell 1/3 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 2/3 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 2/3 failed \u{2014} Enter: retry  e: edit  s: skip  b: back  r: REPL  q: quit",
                "cell 2/3 failed \u{2014} Enter: retry  e: edit  s: skip  b: back  r: REPL  q: quit",
                "cell 3/3 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 2/3 \u{2014} Enter: run  b: back  r: REPL  q: quit",
            ])
    }

    func testEditingAFailedCellRunsTheEditedSource() throws {
        let kernel = RecordingSourceKernel()
        var keys = ["\n", "\n", "e", "\n", "q"]
        var output = ""
        let session = StepSession(
            notebook: try Fixtures.sampleNotebook(), kernel: kernel,
            renderer: TerminalRenderer(width: 80, color: false),
            readKey: { keys.isEmpty ? nil : keys.removeFirst() },
            write: { output += $0 })
        session.editSource = { _ in "fixed = 1" }
        session.run()
        XCTAssertEqual(kernel.sources.last, "fixed = 1")
        XCTAssertTrue(output.contains("Cell 2 edited for this session; the file is unchanged.\n"))
        XCTAssertTrue(output.contains("cell 3/3 \u{2014} Enter: run"), "after the edited cell ran, the walk goes on")
    }

    func testGoToASectionRunsTheCellsBeforeItSilently() throws {
        let (output, kernel) = try drive(["g", "2", "q"])
        XCTAssertTrue(
            output.contains("Sections:\n  1  Exploring the *pose* data (cell 1)\n  2  A picture (cell 3)\n"), output)
        XCTAssertEqual(kernel.log, ["reset", "run 1", "run 2"])
        XCTAssertTrue(output.contains("Jumped to \"A picture\" (cells 1 to 2 ran silently).\n"))
        XCTAssertTrue(output.hasSuffix("cell 3/3 \u{2014} Enter: run  b: back  r: REPL  q: quit\n"))
    }

    func testSetupCellsRunSilentlyWhenReached() throws {
        let notebook = NotebookParser.parse("# %% Prepare tags=[\"setup\"]\nsecret = 41\n\n# %% Use it\nsecret + 1\n")
        let kernel = ScriptedKernel(outputs: [0: [.text("set-up noise\n")], 1: [.value("42")]])
        var keys = ["", "q"]
        var output = ""
        let session = StepSession(
            notebook: notebook, kernel: kernel, renderer: TerminalRenderer(width: 80, color: false),
            readKey: { keys.isEmpty ? nil : keys.removeFirst() }, write: { output += $0 })
        session.run()
        XCTAssertEqual(kernel.log, ["run 0", "run 1"])
        XCTAssertFalse(output.contains("secret = 41"), "a set-up cell's code is not shown")
        XCTAssertFalse(output.contains("set-up noise"), "nor its output")
        XCTAssertTrue(output.contains("In [2]: Use it"), output)
        XCTAssertTrue(output.contains("Out[2]: 42"), output)
    }

    func testStartingAtASectionByItsHeading() throws {
        let kernel = ScriptedKernel(outputs: try Fixtures.sampleOutputs())
        var keys = ["q"]
        var output = ""
        let session = StepSession(
            notebook: try Fixtures.sampleNotebook(), kernel: kernel,
            renderer: TerminalRenderer(width: 80, color: false),
            readKey: { keys.isEmpty ? nil : keys.removeFirst() }, write: { output += $0 })
        session.run(startingAt: "picture")
        XCTAssertEqual(kernel.log, ["reset", "run 1", "run 2"])
        XCTAssertTrue(output.contains("Jumped to \"A picture\""), output)
        XCTAssertTrue(output.hasSuffix("cell 3/3 \u{2014} Enter: run  b: back  r: REPL  q: quit\n"))
    }

    func testTheOpeningShowsProseThenTheFirstCodeCell() throws {
        let (output, kernel) = try drive(["q"])
        XCTAssertEqual(kernel.log, [])
        XCTAssertEqual(
            output,
            """
            Teaching mode: press ? for the keys.

            Exploring the *pose* data
            =========================

            Each frame has **17 keypoints** in MS-COCO order; see the COCO site
            <https://cocodataset.org/#keypoints-2020>. Points with a score `<= 0` are
            <b>not</b> real & must be filtered out before any mean.

            - load the file
            - filter the points with `filter_keypoints`

            1. count them
            2. plot them

            > Values are normalised to the crop, roughly 0..1.

            name     | index
            ---------+------
            nose     |     0
            left_eye |     1

            In [1]: Load the data
                pose = read_pose("data/pose.pkl")
                print(f"{len(pose.paths)} frames, {mean(pose.scores):.2f} mean score")
                shape(pose.keypoints)
            cell 1/3 \u{2014} Enter: run  b: back  r: REPL  q: quit

            """)
    }

    func testProseBetweenCodeCellsIsShownWhenReached() throws {
        let (output, _) = try drive(["", "", "s", "q"])
        let prose = try XCTUnwrap(output.range(of: "A picture\n---------"))
        let error = try XCTUnwrap(output.range(of: "hint: use an integer"))
        let draw = try XCTUnwrap(output.range(of: "In [3]: Draw"))
        XCTAssertTrue(error.lowerBound < prose.lowerBound && prose.lowerBound < draw.lowerBound)
    }

    func testBackAtTheFirstCellReplREPLHelpAndUnknownKeys() throws {
        let (output, kernel) = try drive(["b", "r", "?", "x", "Q"])
        XCTAssertEqual(kernel.log, ["repl"])
        XCTAssertTrue(output.contains("Already at the first code cell.\n"))
        XCTAssertTrue(output.contains("Back in the notebook.\n"))
        XCTAssertTrue(output.contains("Keys:\n  Enter  run this cell"))
        XCTAssertTrue(output.contains("Unknown key \"x\"; press ? for the keys.\n"))
        XCTAssertEqual(
            output.components(separatedBy: "In [1]:").count - 1, 1, "keys that change nothing do not reprint the cell")
        for line in output.split(separator: "\n") {
            XCTAssertLessThanOrEqual(TextWrapper.displayWidth(String(line)), 80, String(line))
        }
    }

    func testRunningToTheEndThenBackFromTheEnd() throws {
        let (output, kernel) = try drive(["", "", "s", "", "b", "", ""])
        XCTAssertEqual(kernel.ran, [1, 2, 4, 1, 2, 4])
        XCTAssertEqual(kernel.log.filter { $0 == "reset" }.count, 1)
        XCTAssertEqual(output.components(separatedBy: "end of notebook \u{2014} Enter: quit").count - 1, 2)
        XCTAssertTrue(output.hasSuffix("end of notebook \u{2014} Enter: quit  b: back  r: REPL  q: quit\n"))
    }

    func testEndOfInputQuits() throws {
        let (_, kernel) = try drive(["", nil])
        XCTAssertEqual(kernel.ran, [1])
        XCTAssertEqual(StepSession.command(for: "\u{4}"), .quit)
        XCTAssertEqual(StepSession.command(for: " \n"), .run)
        XCTAssertEqual(StepSession.command(for: "B\n"), .back)
    }

    func testReplayFailuresAreReported() throws {
        // Going back from the end replays code cells 1 and 2; cell 2 fails, and the user is told so.
        let (output, _) = try drive(["", "", "s", "", "b", "q"])
        XCTAssertTrue(output.contains("Replaying cell 2 failed: An array cannot be indexed by a string.\n"))
    }

    func testStatusLineIsStyledOnlyWithColour() throws {
        let (output, _) = try drive(["q"], color: true)
        XCTAssertTrue(output.contains("\u{1B}[1;2mcell 1/3 \u{2014} Enter: run  b: back  r: REPL  q: quit\u{1B}[0m\n"))
    }
}

/// A kernel that records the source of every cell it runs and never fails.
final class RecordingSourceKernel: NotebookKernel {
    var sources: [String] = []
    func run(cell: NotebookCell, index: Int) -> CellResult {
        sources.append(cell.source)
        let failed = index == 2 && cell.source != "fixed = 1"
        return CellResult(cellIndex: index, outputs: failed ? [.error(message: "boom", rendered: "boom")] : [])
    }
    func reset() {}
    func openREPL() {}
}
