// Notebooks/04_submit.fls end to end: sample data, a real board on
// loopback, and the notebook's submission scored by it.

import FLS
import FLSKit
import FLSLeaderboard
import FLSNotebook
import Foundation
import XCTest

final class SubmitNotebookTests: BoardTestCase {
    func testSubmitNotebookIsScoredByTheBoard() async throws {
        let workspace = directory.path
        let data = workspace + "/sample-data/tiny"
        _ = try SampleData.generate(to: data, scale: .tiny, seed: 0, progress: nil)
        let server = try await start(config(truth: data + "/eval_truth.json"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let text = try XCTUnwrap(readTextFile(root + "/Notebooks/04_submit.fls"))
        let url = "http://127.0.0.1:\(server.port)/orcam/api"

        let (status, output, errors) = await withCheckedContinuation { continuation in
            Thread {
                setenv("FLS_LEADERBOARD_URL", url, 1)
                setenv("FLS_SUBMISSIONS", workspace + "/submissions", 1)
                let previous = FileManager.default.currentDirectoryPath
                FileManager.default.changeCurrentDirectoryPath(workspace)
                let host = CapturingHost()
                let interpreter = Session.makeInterpreter(host: host, directory: root + "/Notebooks")
                let status = NotebookScript.run(
                    text: text, name: "04_submit.fls", interpreter: interpreter, host: host, color: false)
                FileManager.default.changeCurrentDirectoryPath(previous)
                unsetenv("FLS_LEADERBOARD_URL")
                unsetenv("FLS_SUBMISSIONS")
                continuation.resume(returning: (status, host.output, host.errors))
            }.start()
        }
        XCTAssertEqual(status, 0, errors)
        XCTAssertTrue(output.contains("my-team: score"), output)
        XCTAssertTrue(output.contains("rank 1"), output)
        let saved = try FileManager.default.contentsOfDirectory(atPath: workspace + "/submissions").filter {
            $0.hasPrefix("submission-my-team")
        }
        XCTAssertEqual(saved.count, 1, "the submission was not saved in FLS_SUBMISSIONS")
        XCTAssertTrue(
            try FileManager.default.contentsOfDirectory(atPath: workspace).filter { $0.hasPrefix("submission-") }
                .isEmpty,
            "nothing is left in the current folder")
    }
}
