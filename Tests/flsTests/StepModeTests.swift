// Teaching mode through a real pseudo-terminal, as a teacher drives it:
// Enter runs the next cell, b goes back, r opens the REPL on the notebook's
// state, q quits.

import Foundation
import XCTest

final class StepModeTests: XCTestCase {
    func testStepRunBackREPLAndQuit() throws {
        let dir = NSTemporaryDirectory() + "fls-step-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/lesson.fls"
        try """
        # %% [markdown]
        # # Lesson one
        # We count *apples*.

        # %%
        apples = 40

        # %%
        apples + 2
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let t = try PseudoTerminal(arguments: ["step", file], environment: ["FLS_HISTORY": dir + "/history"])
        t.expect("Lesson one")
        t.expect("apples = 40")
        t.expect("Enter: run")
        t.waitForRawMode()
        t.send("\r")
        t.expect("apples + 2")
        t.waitForRawMode()
        t.send("\r")
        t.expect("42")
        // Back to the second code cell: the first is replayed silently.
        t.waitForRawMode()
        t.send("b")
        t.expect("cell 2/2")
        t.waitForRawMode()
        // The REPL sees the notebook's variables.
        t.send("r")
        t.waitForPrompt(1)
        t.waitForRawMode()
        t.send("apples * 10\r")
        t.expect("400")
        t.send(":quit\r")
        t.expect("Back in the notebook.")
        t.waitForRawMode()
        t.send("q")
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
