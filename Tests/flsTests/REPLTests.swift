// The REPL through a real pseudo-terminal: typing, continuation lines,
// completion, history across sessions, Ctrl-C, errors and recovery.

import Foundation
import XCTest

final class REPLTests: XCTestCase {
    var historyFile = ""

    override func setUp() {
        historyFile = NSTemporaryDirectory() + "fls-history-\(getpid())-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: historyFile)
    }

    func start() throws -> PseudoTerminal {
        let t = try PseudoTerminal(environment: ["FLS_HISTORY": historyFile])
        t.waitForPrompt(1)
        t.waitForRawMode()
        return t
    }

    func testTypingShowsValuesAndStartsQuickly() throws {
        let started = Date()
        let t = try start()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "the prompt took too long")
        t.send("1 + 2\r")
        t.expect("\n3\n")
        t.send("[1.5, 2]\r")
        t.expect("f64[2] [1.5 2. ]")
    }

    func testContinuationPromptForOpenBlocks() throws {
        let t = try start()
        t.send("fn double(x) {\r")
        t.expect("...> ")
        t.send("x * 2\r")
        t.send("}\r")
        t.waitForPrompt(2)
        t.send("double(21)\r")
        t.expect("42")
    }

    func testCompletesFieldsAndNames() throws {
        let t = try start()
        t.send("rec = {person: 1, video_id: 2}\r")
        t.waitForPrompt(2)
        t.send("rec.vi\t\r")
        t.expect("rec.video_id")
        t.expect("\n2\n")
        t.send("argso\t([3, 1, 2])\r")
        t.expect("[1 2 0]")
    }

    func testErrorsKeepTheSession() throws {
        let t = try start()
        t.send("kept = 5\r")
        t.waitForPrompt(2)
        t.send("kept + undefined_thing\r")
        t.expect("error: name 'undefined_thing' is not defined")
        t.send("kept * 2\r")
        t.expect("10")
    }

    func testCtrlCInterruptsLongLoopAndKeepsVariables() throws {
        let t = try start()
        t.send("count = 0\r")
        t.waitForPrompt(2)
        t.send("while true { count += 1 }\r")
        Thread.sleep(forTimeInterval: 0.7)
        t.send("\u{3}")
        t.expect("interrupted")
        t.waitForPrompt(3)
        t.send("count > 0\r")
        t.expect("true")
    }

    func testCtrlCStopsALongDisplay() throws {
        // Axes of length 2 are never summarised: 2^26 elements print whole,
        // hundreds of megabytes of text that Ctrl-C must be able to stop.
        let t = try start()
        t.send("x = zeros([" + Array(repeating: "2", count: 26).joined(separator: ", ") + "], dtype=\"u8\")\r")
        t.waitForPrompt(2)
        t.send("x\r")
        Thread.sleep(forTimeInterval: 1.5)
        t.send("\u{3}")
        t.expect("interrupted")
        t.waitForPrompt(3)
        t.send("len(x) + 40\r")
        t.expect("42")
    }

    func testCtrlCClearsTheLineAndCtrlDQuits() throws {
        let t = try start()
        t.send("this is not finished")
        t.send("\u{3}")
        t.waitForPrompt(2)
        t.send("7 * 6\r")
        t.expect("42")
        t.waitForPrompt(3)
        t.send("\u{4}")
        XCTAssertEqual(t.waitForExit(), 0)
    }

    func testHistoryIsKeptAcrossSessions() throws {
        do {
            let first = try start()
            first.send("marker_value = 41\r")
            first.waitForPrompt(2)
            first.send(":quit\r")
            XCTAssertEqual(first.waitForExit(), 0)
        }
        let second = try start()
        second.send("\u{1B}[A")
        second.expect("marker_value = 41")
        second.send("\r")
        second.waitForPrompt(2)
        second.send("marker_value + 1\r")
        second.expect("42")
    }
}
