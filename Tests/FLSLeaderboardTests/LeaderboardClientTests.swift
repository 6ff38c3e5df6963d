import FLSKit
import FLSLeaderboard
import Foundation
import Hummingbird
import XCTest

/// The submit client against a real board, a stopped one and a server that answers garbage.
final class LeaderboardClientTests: BoardTestCase {
    let labels = [4, 2, -1, 0]

    /// `submit` is synchronous (it blocks on a semaphore), so tests call it off the cooperative pool.
    func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    func testSubmitSavesACopyAndReturnsTheReply() async throws {
        var config = config(truth: try writeTruth(labels, persons: 6))
        config.publicFraction = 1
        let server = try await start(config)
        let url = "http://127.0.0.1:\(server.port)/orcam/api"
        let predictions = [[4, 0, 1, 2, 3], [0, 2, 1, 3, 4], [0, 1, 2, 3, 4], [1, 2, 3, 4, 5]]
        let folder = directory.path
        let receipt = try await blocking {
            try LeaderboardClient.send(team: " The \"Quotes\" ", predictions: predictions, url: url, savePath: folder)
        }
        // Row 0 hits at position 0 (100), row 1 at 1 (90), row 3 misses: (100 + 90 + 0) / 3.
        XCTAssertEqual(receipt.member, "The \"Quotes\"")
        XCTAssertEqual(receipt.score, 190.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(receipt.rank, 1)
        XCTAssertTrue(receipt.reply.contains("\"member\""))
        let name = (receipt.savedPath as NSString).lastPathComponent
        XCTAssertTrue(name.hasPrefix("submission-The__Quotes_-") && name.hasSuffix(".json"), name)
        let saved =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: receipt.savedPath)))
            as? [String: Any]
        XCTAssertEqual(saved?["submitter"] as? String, "The \"Quotes\"")
        XCTAssertEqual(saved?["predictions"] as? [[Int]], predictions)

        // The brief's tuple form, with an explicit file; a second copy never overwrites the first.
        let file = directory.appendingPathComponent("mine.json").path
        let tuple = try await blocking {
            try LeaderboardClient.submit(team: "tuple", predictions: predictions, url: url, savePath: file)
        }
        XCTAssertEqual(tuple.rank, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
        let again = try await blocking {
            try LeaderboardClient.send(team: " The \"Quotes\" ", predictions: predictions, url: url, savePath: folder)
        }
        XCTAssertNotEqual(again.savedPath, receipt.savedPath)
    }

    func testRejectedShapeIsAnErrorWithTheBoardsReasonAndTheFileKept() async throws {
        let server = try await start(config(truth: try writeTruth(labels, persons: 6)))
        let url = "http://127.0.0.1:\(server.port)/orcam/api"
        let folder = directory.path
        do {
            _ = try await blocking {
                try LeaderboardClient.submit(team: "short", predictions: [[0, 1, 2, 3, 4]], url: url, savePath: folder)
            }
            XCTFail("a rejected submission must be an error")
        } catch let failure as LeaderboardClient.Failure {
            XCTAssertTrue(failure.message.contains("rejected the submission: Expected 4 rows"), failure.message)
            let saved = try XCTUnwrap(failure.savedPath)
            XCTAssertTrue(failure.message.contains("saved at \(saved)"), failure.message)
            XCTAssertTrue(FileManager.default.fileExists(atPath: saved))
        }
    }

    func testLocalValidationSendsNothing() async throws {
        let cases: [(String, [[Int]], String)] = [
            ("team", [[0, 1, 2, 3]], "Row 0 of the predictions has 4 entries"),
            ("team", [[0, 1, 2, 3, -1]], "negative index -1"),
            ("team", [[0, 1, 2, 3, 3]], "repeats a person index"),
            ("team", [], "no predictions"),
            ("   ", [[0, 1, 2, 3, 4]], "1 to 64 characters"),
            ("tab\u{1}", [[0, 1, 2, 3, 4]], "control characters"),
        ]
        let folder = directory.path
        for (team, predictions, message) in cases {
            XCTAssertThrowsError(
                try LeaderboardClient.submit(
                    team: team, predictions: predictions, url: "http://127.0.0.1:9/orcam/api", savePath: folder)
            ) { error in
                XCTAssertTrue("\(error)".contains(message), "\"\(error)\" should contain \"\(message)\"")
            }
        }
        XCTAssertThrowsError(
            try LeaderboardClient.submit(team: "t", predictions: [[0, 1, 2, 3, 4]], url: "ftp://x/y", savePath: folder)
        ) { error in
            XCTAssertTrue("\(error)".contains("is not an http(s) URL"), "\(error)")
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: folder), [], "nothing saved for invalid input")
    }

    func testServerDownStillSavesAndSaysWhere() async throws {
        // Start and stop a board to get a loopback port with nothing listening.
        let server = try await start(config(truth: try writeTruth(labels, persons: 6)))
        let port = server.port
        await server.stop()
        let file = directory.appendingPathComponent("offline.json").path
        let started = Date()
        do {
            _ = try await blocking {
                try LeaderboardClient.submit(
                    team: "offline", predictions: [[0, 1, 2, 3, 4]], url: "http://127.0.0.1:\(port)/orcam/api",
                    savePath: file)
            }
            XCTFail("a stopped server must give an error")
        } catch let failure as LeaderboardClient.Failure {
            XCTAssertTrue(failure.message.contains("Cannot reach the leaderboard"), failure.message)
            XCTAssertTrue(failure.message.contains("your submission is saved at \(file)"), failure.message)
            XCTAssertEqual(failure.savedPath, file)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 12)
        let saved =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        XCTAssertEqual(saved?["submitter"] as? String, "offline")
    }

    func testGarbageAndRefusalsAreClearErrors() async throws {
        // A web server that is not a leaderboard: 200 with HTML, and a 404.
        let router = Router()
        router.post("/orcam/api") { _, _ in "<html>hello</html>" }
        let started = StartedPort()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { started.set($0.localAddress?.port ?? 0) })
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        let port = try await started.get()
        let folder = directory.path
        do {
            _ = try await blocking {
                try LeaderboardClient.submit(
                    team: "g", predictions: [[0, 1, 2, 3, 4]], url: "http://127.0.0.1:\(port)/orcam/api",
                    savePath: folder)
            }
            XCTFail("garbage must give an error")
        } catch {
            XCTAssertTrue(
                "\(error)".contains("did not answer like a leaderboard (got \"<html>hello</html>\")"), "\(error)")
            XCTAssertTrue("\(error)".contains("your submission is saved at \(folder)/submission-g-"), "\(error)")
        }
        do {
            _ = try await blocking {
                try LeaderboardClient.submit(
                    team: "g", predictions: [[0, 1, 2, 3, 4]], url: "http://127.0.0.1:\(port)/elsewhere",
                    savePath: folder)
            }
            XCTFail("a 404 must give an error")
        } catch {
            XCTAssertTrue("\(error)".contains("refused the submission: HTTP status 404"), "\(error)")
        }

        // A real board's refusal carries the board's reason.
        var config = config(truth: try writeTruth(labels, persons: 6))
        config.submissionsPerWindow = 1
        let board = try await start(config)
        let url = "http://127.0.0.1:\(board.port)/orcam/api"
        let rows = [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]
        _ = try await blocking {
            try LeaderboardClient.submit(team: "limited", predictions: rows, url: url, savePath: folder)
        }
        do {
            _ = try await blocking {
                try LeaderboardClient.submit(
                    team: "limited", predictions: [[0, 1, 2, 3, 4]], url: url, savePath: folder)
            }
            XCTFail("the second submission in the window must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("has reached the submission limit"), "\(error)")
            XCTAssertTrue("\(error)".contains("(retry after "), "\(error)")
        }
    }

    func testEnvironmentURLIsUsedWhenNoneIsGiven() async throws {
        let server = try await start(config(truth: try writeTruth(labels, persons: 6)))
        setenv("FLS_LEADERBOARD_URL", "http://127.0.0.1:\(server.port)/orcam/api", 1)
        defer { unsetenv("FLS_LEADERBOARD_URL") }
        let folder = directory.path
        let result = try await blocking {
            try LeaderboardClient.submit(
                team: "env", predictions: Array(repeating: [0, 1, 2, 3, 4], count: 4), url: nil, savePath: folder)
        }
        XCTAssertEqual(result.member, "env")
    }
}

/// Passes the port of a test-only server from its callback to the test.
final class StartedPort: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?

    func set(_ value: Int) {
        lock.lock()
        port = value
        lock.unlock()
    }

    func get() async throws -> Int {
        for _ in 0..<200 {
            if let value = lock.withLock({ port }) { return value }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        throw CancellationError()
    }
}

/// Transport failures that need no board: a peer that hangs up, and one that answers without HTTP.
final class LeaderboardClientTransportTests: XCTestCase {
    func testAHangUpAndANonHTTPAnswerAreClearErrorsAndTheFileIsKept() throws {
        let folder = NSTemporaryDirectory() + "fls-transport-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cases: [([UInt8], String)] = [
            ([], "the connection was closed before a reply"),
            (Array("hello there\r\n\r\n".utf8), "the server's answer was not valid HTTP"),
        ]
        for (answer, reason) in cases {
            let peer = try XCTUnwrap(OneShotPeer(answer: answer))
            let file = folder + "/sent-\(answer.count).json"
            XCTAssertThrowsError(
                try LeaderboardClient.submit(
                    team: "t", predictions: [[0, 1, 2, 3, 4]], url: "http://127.0.0.1:\(peer.port)/orcam/api",
                    savePath: file)
            ) { error in
                let message = "\(error)"
                XCTAssertTrue(
                    message.contains(
                        "Cannot reach the leaderboard at http://127.0.0.1:\(peer.port)/orcam/api: \(reason)"), message)
                XCTAssertTrue(message.contains("your submission is saved at \(file)"), message)
            }
            XCTAssertTrue(FileManager.default.fileExists(atPath: file))
            peer.finish()
        }
    }
}

/// A loopback listener that reads one request, writes `answer` (possibly nothing) and hangs up.
final class OneShotPeer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)

    init?(answer: [UInt8]) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            return nil
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        DispatchQueue.global().async { [done] in
            let connection = accept(fd, nil, nil)
            if connection >= 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                _ = recv(connection, &buffer, buffer.count, 0)
                if !answer.isEmpty { _ = send(connection, answer, answer.count, 0) }
                close(connection)
            }
            done.signal()
        }
    }

    /// Waits for the exchange to end and closes the listener.
    func finish() {
        _ = done.wait(timeout: .now() + 5)
        close(listener)
    }
}
