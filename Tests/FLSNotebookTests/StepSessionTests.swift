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

    func testRunBackRunQuit() throws {
        let (output, kernel) = try drive(["\n", "\n", "b", "", "q"])
        XCTAssertEqual(kernel.log, ["run 1", "run 2", "reset", "run 1", "run 2"])
        // The replay after `b` is silent: cell 1's printed text appears once, cell 2's error twice (two real runs).
        XCTAssertEqual(output.components(separatedBy: "1032 frames, 0.71 mean score").count - 1, 1)
        XCTAssertEqual(output.components(separatedBy: "error: An array cannot be indexed").count - 1, 2)
        XCTAssertEqual(output.components(separatedBy: "In [2]:").count - 1, 2, "going back shows cell 2 again")
        XCTAssertEqual(
            output.components(separatedBy: "\n").filter { $0.hasPrefix("cell ") },
            [
                "cell 2/5 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 3/5 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 5/5 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 3/5 \u{2014} Enter: run  b: back  r: REPL  q: quit",
                "cell 5/5 \u{2014} Enter: run  b: back  r: REPL  q: quit",
            ])
    }

    func testTheOpeningShowsProseThenTheFirstCodeCell() throws {
        let (output, kernel) = try drive(["q"])
        XCTAssertEqual(kernel.log, [])
        XCTAssertEqual(output, """
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
            cell 2/5 \u{2014} Enter: run  b: back  r: REPL  q: quit

            """)
    }

    func testProseBetweenCodeCellsIsShownWhenReached() throws {
        let (output, _) = try drive(["", "", "q"])
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
        XCTAssertEqual(output.components(separatedBy: "In [1]:").count - 1, 1, "keys that change nothing do not reprint the cell")
        for line in output.split(separator: "\n") {
            XCTAssertLessThanOrEqual(TextWrapper.displayWidth(String(line)), 80, String(line))
        }
    }

    func testRunningToTheEndThenBackFromTheEnd() throws {
        let (output, kernel) = try drive(["", "", "", "b", "", ""])
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
        // Going back from the end replays cells 1 and 2; cell 2 fails, and the user is told so.
        let (output, _) = try drive(["", "", "", "b", "q"])
        XCTAssertTrue(output.contains("Replaying cell 3 failed: An array cannot be indexed by a string.\n"))
    }

    func testStatusLineIsStyledOnlyWithColour() throws {
        let (output, _) = try drive(["q"], color: true)
        XCTAssertTrue(output.contains("\u{1B}[1;2mcell 2/5 \u{2014} Enter: run  b: back  r: REPL  q: quit\u{1B}[0m\n"))
    }
}
