// The project's notebooks run clean on generated sample data, and the
// baseline notebook reproduces the Python/numpy reference exactly.

import FLS
import FLSKit
import FLSNotebook
import Foundation
import XCTest

final class NotebookTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A scratch folder holding `sample-data/tiny`, made once for all tests.
    static let workspace: String = {
        let dir = NSTemporaryDirectory() + "fls-notebooks-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try? SampleData.generate(to: dir + "/sample-data/tiny", scale: .tiny, seed: 0, progress: nil)
        return dir
    }()

    /// Runs a notebook from the repository with the workspace as the current
    /// folder (notebooks find their data at `sample-data/tiny`).
    func run(_ name: String) throws -> (status: Int32, output: String, errors: String, interpreter: Interpreter) {
        let path = Self.root + "/Notebooks/" + name
        let text = try XCTUnwrap(readTextFile(path), "cannot read \(path)")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(Self.workspace))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let host = CapturingHost()
        let interpreter = Session.makeInterpreter(host: host, directory: Self.root + "/Notebooks")
        let status = NotebookScript.run(text: text, name: name, interpreter: interpreter, host: host, color: false)
        return (status, host.output, host.errors, interpreter)
    }

    func testTourRunsClean() throws {
        let r = try run("00_tour.fls")
        XCTAssertEqual(r.status, 0, r.errors)
    }

    func testExploreRunsClean() throws {
        let r = try run("01_explore.fls")
        XCTAssertEqual(r.status, 0, r.errors)
    }

    func testVisualizeRunsClean() throws {
        guard FileManager.default.fileExists(atPath: Self.root + "/Notebooks/03_visualize.fls") else {
            throw XCTSkip("03_visualize.fls is not written yet")
        }
        let r = try run("03_visualize.fls")
        XCTAssertEqual(r.status, 0, r.errors)
    }

    /// Same ranking rows and the same three numbers as the numpy reference.
    func testBaselineMatchesThePythonReference() throws {
        let r = try run("02_baseline.fls")
        XCTAssertEqual(r.status, 0, r.errors)
        XCTAssertTrue(r.output.contains("top 1 accuracy"), r.output)

        let reference = Self.workspace + "/reference.json"
        let script = Self.root + "/Benchmarks/baseline_reference.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, Self.workspace + "/sample-data/tiny/signatures.pkl", "--out", reference,
        ]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        do { try process.run() } catch { throw XCTSkip("python3 is not available") }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("the reference needs python3 with numpy") }

        let data = try Data(contentsOf: URL(fileURLWithPath: reference))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let expectedRows = try XCTUnwrap(json["ranking"] as? [[Int]])
        guard case .array(let ranking)? = r.interpreter.globals["ranking"] else { return XCTFail("no ranking") }
        XCTAssertEqual(ranking.shape, [expectedRows.count, 5])
        XCTAssertEqual(ranking.intElements(), expectedRows.flatMap { $0 })

        func printed(_ label: String, _ value: Double, suffix: String) -> String {
            label + String(format: "%.2f", value) + suffix
        }
        let top1 = try XCTUnwrap(json["top1"] as? Double), top5 = try XCTUnwrap(json["top5"] as? Double)
        let score = try XCTUnwrap(json["score"] as? Double)
        XCTAssertTrue(r.output.contains(printed("top 1 accuracy ", top1, suffix: "%")), r.output)
        XCTAssertTrue(r.output.contains(printed("top 5 accuracy ", top5, suffix: "%")), r.output)
        XCTAssertTrue(r.output.contains(printed("mean score: ", score, suffix: "")), r.output)
    }

    /// `use baseline` gives the same numbers as the notebook's steps.
    func testStdlibBaselineModule() throws {
        let host = CapturingHost()
        let interpreter = Session.makeInterpreter(host: host, directory: Self.workspace)
        _ = try interpreter.run(
            SourceFile(
                name: "t.fls",
                text: """
                    use baseline
                    run("\(Self.workspace)/sample-data/tiny/signatures.pkl")
                    """))
        let notebook = try run("02_baseline.fls")
        let lines = host.output.split(separator: "\n").suffix(3)
        XCTAssertEqual(lines.count, 3)
        for line in lines { XCTAssertTrue(notebook.output.contains(line), "\(line) not in the notebook's output") }
    }
}
