// Notebook 05 runs clean on generated data, beats the baseline by at least
// 10 points on its own split, and writes the submission JSON.

import FLS
import FLSKit
import FLSNotebook
import Foundation
import XCTest

final class BeyondNotebookTests: XCTestCase {
    /// The last "mean score: X" of a block of output.
    private func scores(_ text: String) -> [Double] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("mean score: ") else { return nil }
            return Double(line.dropFirst("mean score: ".count))
        }
    }

    func testBeyondRunsCleanAndBeatsTheBaseline() throws {
        let path = NotebookTests.root + "/Notebooks/05_beyond.fls"
        let text = try XCTUnwrap(readTextFile(path), "cannot read \(path)")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(NotebookTests.workspace))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let host = CapturingHost()
        let interpreter = Session.makeInterpreter(host: host, directory: NotebookTests.root + "/Notebooks")
        let status = NotebookScript.run(
            text: text, name: "05_beyond.fls", interpreter: interpreter, host: host, color: false)
        let r = (status: status, output: host.output, errors: host.errors)
        XCTAssertEqual(r.status, 0, r.errors)
        let all = scores(r.output)
        let baseline = try XCTUnwrap(all.first, r.output)
        let best = try XCTUnwrap(all.last, r.output)
        XCTAssertGreaterThanOrEqual(best - baseline, 10, r.output)
        let json = try ProjectFolders.outputFolder(from: NotebookTests.root + "/Notebooks") + "/submission-beyond.json"
        let data = try XCTUnwrap(FileManager.default.contents(atPath: json), "no \(json)")
        let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object")
        let rows = try XCTUnwrap(body["predictions"] as? [[Int]], "no predictions")
        XCTAssertEqual(body["submitter"] as? String, "my-team")
        XCTAssertFalse(rows.isEmpty)
        XCTAssertTrue(rows.allSatisfy { $0.count == 5 })
    }
}
