// `fls watch` through a real pseudo-terminal while the notebook is edited
// on disk: each save re-runs exactly the changed cells and their
// dependents; a syntax error keeps the last good state.

import Foundation
import XCTest

final class WatchTests: XCTestCase {
    func notebook(base: String, other: String) -> String {
        """
        # %% [markdown]
        # # Watching

        # %% Load
        base = \(base)
        print("ran load")

        # %% Double
        doubled = base * 2
        print(f"ran double {doubled}")

        # %% Other
        other = \(other)
        print("ran other")

        # %% Sum
        print(f"ran sum {doubled + other}")

        """
    }

    func save(_ text: String, to file: String) throws {
        // Editors often save by writing a new file and renaming it over the old one.
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    }

    func testSavesRerunChangedCellsAndDependentsOnly() throws {
        let dir = NSTemporaryDirectory() + "fls-watch-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/watched.fls"
        try save(notebook(base: "10", other: "5"), to: file)
        let t = try PseudoTerminal(arguments: ["watch", file, "--render", dir + "/page.html"])
        t.expect("ran sum 25")
        t.expect("ran cells 1, 2, 3, 4")
        t.expect("waiting for changes")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/page.html"))

        // Cell 1 changes: cells 2 and 4 read what it defines; cell 3 does not.
        try save(notebook(base: "20", other: "5"), to: file)
        t.expect("ran sum 45")
        t.expect("ran cells 1, 2, 4 (changed: 1; depending on them: 2, 4)")
        t.expect("skipped as unchanged: 3")
        XCTAssertEqual(t.count("ran other"), 1, "cell 3 must not run again")
        XCTAssertEqual(t.count("ran load"), 2)

        // A syntax error runs nothing and keeps the state.
        try save(notebook(base: "20", other: "(5"), to: file)
        t.expect("[cell 3] syntax error: nothing ran")
        XCTAssertEqual(t.count("ran load"), 2)

        // Fixed: only cell 3 and the cell that reads `other`.
        try save(notebook(base: "20", other: "7"), to: file)
        t.expect("ran sum 47")
        t.expect("ran cells 3, 4 (changed: 3; depending on them: 4)")
        t.expect("skipped as unchanged: 1, 2")
        // The page is written after the summary, before the next wait.
        let deadline = Date().addingTimeInterval(20)
        while t.count("waiting for changes") < 4 && Date() < deadline { t.pump(0.05) }
        XCTAssertEqual(t.count("ran load"), 2)
        XCTAssertEqual(t.count("ran double"), 2)
        let page = try String(contentsOfFile: dir + "/page.html", encoding: .utf8)
        XCTAssertTrue(page.contains("ran sum 47"), "the rendered page follows the saves")
        XCTAssertTrue(page.contains("ran double 40"), "skipped cells keep their outputs on the page")

        // Ctrl-C while waiting quits.
        kill(t.pid, SIGINT)
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
