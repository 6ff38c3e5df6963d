// `submit` from FLS code against a real board on loopback, as 04_submit does.

import FLS
import FLSKit
import FLSLeaderboard
import Foundation
import XCTest

final class SubmitPrimitiveTests: BoardTestCase {
    /// Runs FLS code on a plain thread (the client blocks while it waits for
    /// the server) and returns what it printed, the last value and any error.
    func runFLS(_ code: String, directory: String = NSTemporaryDirectory()) async -> (
        output: String, value: Value?, error: String?
    ) {
        await withCheckedContinuation { continuation in
            Thread {
                let host = CapturingHost()
                let interpreter = Session.makeInterpreter(host: host, directory: directory)
                do {
                    let outcome = try interpreter.run(SourceFile(name: "submit.fls", text: code))
                    continuation.resume(returning: (host.output, outcome.value, nil))
                } catch {
                    continuation.resume(returning: (host.output, nil, DiagnosticRenderer.render(error)))
                }
            }.start()
        }
    }

    func testSubmitFromFLSPrintsAndReturnsTheReply() async throws {
        let truth = try writeTruth([0, 1, 2, -1], persons: 5)
        let server = try await start(config(truth: truth))
        let saved = directory.appendingPathComponent("sub.json").path
        let url = "http://127.0.0.1:\(server.port)/orcam/api"
        let result = await runFLS(
            """
            ranking = [[0, 1, 2, 3, 4], [1, 0, 2, 3, 4], [4, 3, 2, 1, 0], [0, 1, 2, 3, 4]]
            r = submit("owls", ranking, url="\(url)", save="\(saved)")
            r.rank
            """)
        XCTAssertNil(result.error)
        XCTAssertTrue(result.output.contains("\"member\""), result.output)
        guard case .int(let rank)? = result.value else { return XCTFail("rank is \(String(describing: result.value))") }
        XCTAssertEqual(rank, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: saved), "the submission was not saved first")
    }

    func testWrongShapeIsCaughtLocally() async throws {
        let result = await runFLS("submit(\"owls\", [1, 2, 3], url=\"http://127.0.0.1:9/orcam/api\")")
        XCTAssertTrue(
            result.error?.contains("'ranking' must be an integer array [n, 5]") ?? false, result.error ?? "no error")
    }

    func testServerDownSaysWhereTheSubmissionIs() async throws {
        let saved = directory.appendingPathComponent("kept.json").path
        let result = await runFLS(
            "submit(\"owls\", [[0, 1, 2, 3, 4]], url=\"http://127.0.0.1:9/orcam/api\", save=\"\(saved)\")")
        XCTAssertTrue(result.error?.contains(saved) ?? false, result.error ?? "no error")
        XCTAssertTrue(FileManager.default.fileExists(atPath: saved))
    }

    func testRejectedSubmissionIsAnErrorAndIsSavedInTheProjectsSubmissionsFolder() async throws {
        let truth = try writeTruth([0, 1, 2, -1], persons: 5)
        let server = try await start(config(truth: truth))
        let url = "http://127.0.0.1:\(server.port)/orcam/api"
        let project = directory.appendingPathComponent("project")
        let notebooks = project.appendingPathComponent("Notebooks")
        try FileManager.default.createDirectory(at: notebooks, withIntermediateDirectories: true)
        let result = await runFLS(
            """
            r = submit("owls", [[0, 1, 2, 3, 4]], url="\(url)")
            print("not reached")
            """, directory: notebooks.path)
        let error = try XCTUnwrap(result.error, "a rejected submission must stop the program")
        XCTAssertTrue(error.contains("rejected the submission: Expected 4 rows"), error)
        XCTAssertFalse(result.output.contains("not reached"))
        let folder = project.appendingPathComponent("submissions").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(files.count, 1, "\(files)")
        XCTAssertTrue(files[0].hasPrefix("submission-owls-"), files[0])
        XCTAssertTrue(error.contains("saved at "), error)
    }
}
