// The command line around sessions: help for subcommands, notebooks that
// find their data from any folder, and `--cell N` with its dependencies.

import Foundation
import XCTest

final class SessionCommandTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "fls-sessions-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/project/Notebooks", withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func testHelpShowsASubcommandsHelpAndListsFamilies() throws {
        let step = try Binary.run(["help", "step"])
        XCTAssertEqual(step.status, 0, step.stderr)
        XCTAssertTrue(step.stdout.contains("USAGE: fls step"), step.stdout)
        XCTAssertTrue(step.stdout.contains("--section"), step.stdout)
        let serve = try Binary.run(["help", "leaderboard", "serve"])
        XCTAssertTrue(serve.stdout.contains("--truth"), serve.stdout)
        let all = try Binary.run(["help"])
        XCTAssertTrue(all.stdout.contains("  watch "), all.stdout)
        XCTAssertNotNil(
            all.stdout.range(of: #"\n  Challenge +evaluate submit train_test_split"#, options: .regularExpression),
            all.stdout)
        let family = try Binary.run(["help", "groups"])
        XCTAssertTrue(family.stdout.hasPrefix("Groups (help(\"name\") for details):\n  count_by"), family.stdout)
    }

    func testNotebooksFindTheProjectsDataFromAnyFolderOrSayHowToMakeIt() throws {
        let notebook = dir + "/project/Notebooks/look.fls"
        try """
        # %%
        data = data_folder(["signatures.pkl"])
        shape(read_signatures(data + "/signatures.pkl").signatures)
        """.write(toFile: notebook, atomically: true, encoding: .utf8)
        let missing = try Binary.run([notebook], directory: NSTemporaryDirectory())
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no data found: looked for sample-data/tiny"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("make sample data with `fls sample-data "), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("/project/sample-data/tiny`"), missing.stderr)

        let made = try Binary.run(["sample-data", dir + "/project/sample-data/tiny"])
        XCTAssertEqual(made.status, 0, made.stderr)
        for folder in [NSTemporaryDirectory(), dir + "/project/Notebooks", dir + "/project"] {
            let r = try Binary.run([notebook], environment: ["FLS_DATA": ""], directory: folder)
            XCTAssertEqual(r.status, 0, "from \(folder): \(r.stderr)")
            XCTAssertEqual(r.stdout, "[cell 1]\ni64[2] [ 218 2048]\n")
        }
        let wrong = try Binary.run([notebook], environment: ["FLS_DATA": dir])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("but it has no signatures.pkl"), wrong.stderr)
    }

    func testCellRunsTheCellsItDependsOnFirst() throws {
        let notebook = dir + "/deps.fls"
        try """
        # %% [markdown]
        # # Prose does not count

        # %%
        a = 2

        # %%
        print("unrelated")

        # %%
        b = a * 10
        b

        # %%
        a * 100 + b
        """.write(toFile: notebook, atomically: true, encoding: .utf8)
        let r = try Binary.run(["run", notebook, "--cell", "4"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[cell 3]\n20\n[cell 4]\n220\n")
        XCTAssertTrue(r.stderr.contains("running cells 1, 3 first for a, b"), r.stderr)
        XCTAssertFalse(r.stdout.contains("unrelated"))

        let later = dir + "/later.fls"
        try "# %%\nprint(total)\n\n# %%\ntotal = 3\n".write(toFile: later, atomically: true, encoding: .utf8)
        let bad = try Binary.run(["run", later, "--cell", "1"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("cell 1 reads 'total', which only cell 2 defines, after it"), bad.stderr)
        let none = try Binary.run(["run", later, "--cell", "3"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("has 2 code cells"), none.stderr)
    }
}
