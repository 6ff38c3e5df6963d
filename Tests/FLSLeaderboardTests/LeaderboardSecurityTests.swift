import Foundation
import XCTest

@testable import FLSLeaderboard

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an attacker tried against the board (issue 17), each kept as a test.
final class LeaderboardSecurityTests: BoardTestCase {
    let labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1]

    func allPublic() throws -> LeaderboardConfig {
        var config = config(truth: try writeTruth(labels, persons: 12))
        config.publicFraction = 1
        return config
    }

    // MARK: the page

    func testPrependScalarCannotSmuggleATagOntoThePage() async throws {
        let server = try await start(try allPublic())
        let names = [
            "\u{0D4E}<meta http-equiv=refresh content=0;url=https://evil.example/ \u{0D4E}>",
            "\u{0D4E}<a href=https://evil.example/\u{0D4E}>x",
            "\u{0D4E}<style\u{0D4E}>body{display:none}",
        ]
        for name in names {
            let reply = try await submit(
                server, ["submitter": name, "predictions": Self.predictions(labels: labels, persons: 12, hits: 1)])
            XCTAssertEqual(reply.status, 200, name)
        }
        let (status, _, data) = try await http(server, "GET", "/")
        XCTAssertEqual(status, 200)
        let page = String(decoding: data, as: UTF8.self)
        // Only the page's own tags may appear: one <meta http-equiv="refresh" content="60">, no link, one <style>.
        XCTAssertFalse(Array(page.utf8).containsSequence(Array("<meta http-equiv=refresh content=0".utf8)))
        XCTAssertFalse(Array(page.utf8).containsSequence(Array("<a href".utf8)))
        XCTAssertEqual(Array(page.utf8).occurrences(of: Array("<style".utf8)), 1)
        XCTAssertTrue(
            page.contains("\u{0D4E}&lt;meta http-equiv=refresh content=0;url=https://evil.example/ \u{0D4E}&gt;"))
    }

    func testEscapeWorksOnScalars() {
        XCTAssertEqual(LeaderboardPage.escape("\u{0D4E}<b\u{0D4E}>&\"'"), "\u{0D4E}&lt;b\u{0D4E}&gt;&amp;&quot;&#39;")
    }

    // MARK: team names

    func testTeamNamesAreCountedInScalarsNotCharacters() throws {
        // "a" with 64 combining overlays (no precomposed form) is one character but 65 scalars.
        let stacked = "a" + String(repeating: "\u{0336}", count: 64)
        XCTAssertEqual(stacked.count, 1)
        XCTAssertThrowsError(try TeamName.validate(stacked)) { error in
            XCTAssertTrue("\(error)".contains("has 65 Unicode characters"), "\(error)")
        }
        let huge = "a" + String(repeating: "\u{0301}", count: 2_000_000)
        let started = Date()
        XCTAssertThrowsError(try TeamName.validate(huge)) { error in
            XCTAssertTrue("\(error)".contains("bytes long"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "refused before any normalisation")
        // NFC first: "e" + combining acute is one scalar "é", so 64 of them fit.
        let accented = String(repeating: "e\u{0301}", count: 64)
        XCTAssertEqual(try TeamName.validate(accented), String(repeating: "\u{E9}", count: 64))
        // Bytes are bounded too: 64 four-byte scalars are 256 bytes (allowed), 65 are not.
        XCTAssertNoThrow(try TeamName.validate(String(repeating: "\u{1F600}", count: 64)))
        XCTAssertThrowsError(try TeamName.validate(String(repeating: "\u{1F600}", count: 65)))
    }

    func testStackedCombiningMarksAreRefusedOverHTTP() async throws {
        let server = try await start(try allPublic())
        let stacked = "a" + String(repeating: "\u{0336}", count: 100)
        let reply = try await submit(
            server, ["submitter": stacked, "predictions": Self.predictions(labels: labels, persons: 12, hits: 1)])
        XCTAssertEqual(reply.status, 400)
        XCTAssertTrue((reply.reply["error"] as? String ?? "").contains("Unicode characters"))
        let rows = entries(try await board(server))
        XCTAssertTrue(rows.isEmpty)
    }

    // MARK: work before the rate limit

    /// A body of `bytes` bytes whose cells are not integers (the costly kind to parse).
    static func heavyBody(team: String, bytes: Int) -> Data {
        var text = #"{"submitter": "\#(team)", "predictions": ["#
        let row = "[0.5, 1.5, 2.5, 3.5, 4.5], "
        text.reserveCapacity(bytes)
        while text.utf8.count + row.utf8.count + 40 < bytes { text += row }
        text += "[0.5, 1.5, 2.5, 3.5, 4.5]]}"
        text += String(repeating: " ", count: max(0, bytes - text.utf8.count))
        return Data(text.utf8)
    }

    func testEightMegabytesOfNonIntegerCellsAreRefusedBeforeParsing() async throws {
        let server = try await start(try allPublic())
        let body = Self.heavyBody(team: "flood", bytes: 8_000_000)
        XCTAssertEqual(body.count, 8_000_000)
        let (status, _, data) = try await http(server, "POST", "/orcam/api", body: body)
        XCTAssertEqual(status, 413, "11 sequences never need 8 MB")
        let message = try json(data)["error"] as? String ?? ""
        XCTAssertTrue(
            message.contains("larger than \(LeaderboardService.bodyLimit(sequences: 11, configured: 8 << 20)) bytes"),
            message)
        let rows = entries(try await board(server))
        XCTAssertTrue(rows.isEmpty, "nothing was parsed or stored")
    }

    func testAddressBudgetIsChargedBeforeParsing() async throws {
        let bodies = try (0..<6).map { i in
            try JSONSerialization.data(withJSONObject: [
                "submitter": "team-\(i)", "predictions": Self.predictions(labels: labels, persons: 12, hits: 1),
            ])
        }
        XCTAssertEqual(Set(bodies.map(\.count)).count, 1)
        var config = try allPublic()
        config.bytesPerAddressWindow = 3 * bodies[0].count + 10
        let server = try await start(config)
        var statuses: [Int] = []
        var retry: String?
        for body in bodies {
            let (status, headers, _) = try await http(server, "POST", "/orcam/api", body: body)
            statuses.append(status)
            if status == 429 { retry = headers["retry-after"] }
        }
        // Fresh team names do not help: the budget belongs to the address.
        XCTAssertEqual(statuses, [200, 200, 200, 429, 429, 429])
        XCTAssertNotNil(retry.flatMap(Int.init))
        let rows = entries(try await board(server))
        XCTAssertEqual(rows.count, 3)
    }

    func testPageStaysResponsiveWhileHeavySubmissionsArrive() async throws {
        // 4,000 sequences allow bodies of about 1 MB; the address may send 2 of them a minute.
        let many = (0..<4_000).map { $0 % 12 }
        var config = config(truth: try writeTruth(many, persons: 12))
        config.submissionsPerWindow = 0
        config.bytesPerAddressWindow = 2_100_000
        let server = try await start(config)
        let body = Self.heavyBody(team: "heavy", bytes: 1_000_000)
        let posts = Task {
            await withTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        // A client giving up on its own heavy request is fine (-1).
                        (try? await self.http(server, "POST", "/orcam/api", body: body).status) ?? -1
                    }
                }
                var statuses: [Int] = []
                for await status in group { statuses.append(status) }
                return statuses
            }
        }
        var slowest = 0.0
        for _ in 0..<10 {
            let started = Date()
            let (status, _, _) = try await http(server, "GET", "/")
            XCTAssertEqual(status, 200)
            slowest = max(slowest, Date().timeIntervalSince(started))
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let statuses = await posts.value
        XCTAssertTrue(statuses.allSatisfy { [200, 429, 503, -1].contains($0) }, "\(statuses)")
        XCTAssertEqual(
            statuses.filter { $0 == 429 }.count, 6, "the address budget stops the flood before parsing: \(statuses)")
        XCTAssertLessThan(slowest, 2.5, "GET / must not wait for the parsing of other clients' bodies")
    }

    // MARK: connections

    func testSilentConnectionsAreClosedAfterTheIdleTimeout() async throws {
        var config = try allPublic()
        config.idleTimeoutSeconds = 1
        let server = try await start(config)
        let silent = try XCTUnwrap(RawConnection(port: server.port))
        XCTAssertTrue(silent.closedByServer(within: 6))
    }

    func testSlowHeadersAreCut() async throws {
        var config = try allPublic()
        config.idleTimeoutSeconds = 1
        let server = try await start(config)
        let slow = try XCTUnwrap(RawConnection(port: server.port))
        XCTAssertTrue(slow.send("GET / HTTP/1.1\r\nHost: x\r\n"))
        let started = Date()
        var cut = false
        // One header line every 200 ms, forever (slowloris), for at most 8 s.
        while Date().timeIntervalSince(started) < 8 {
            if !slow.send("X-Slow: \(Int.random(in: 0..<1000))\r\n") || slow.closedByServer(within: 0.2) {
                cut = true
                break
            }
        }
        XCTAssertTrue(cut, "a request head that never ends is cut off")
    }

    func testSlowBodiesAreCut() async throws {
        var config = try allPublic()
        config.requestTimeoutSeconds = 1
        config.idleTimeoutSeconds = 30
        let server = try await start(config)
        let slow = try XCTUnwrap(RawConnection(port: server.port))
        XCTAssertTrue(slow.send("POST /orcam/api HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"))
        let started = Date()
        var cut = false
        while Date().timeIntervalSince(started) < 8 {
            if !slow.send("          ") || slow.closedByServer(within: 0.2) {
                cut = true
                break
            }
        }
        XCTAssertTrue(cut, "a body trickling in forever is cut off")
    }

    func testElevenHundredIdleConnectionsDoNotLockOutTheBoard() async throws {
        try raiseOpenFiles(to: 4096)
        var config = try allPublic()
        config.maxConnections = 200
        let server = try await start(config)
        var idle: [RawConnection] = []
        for _ in 0..<1_100 {
            guard let connection = RawConnection(port: server.port) else { break }
            idle.append(connection)
        }
        XCTAssertEqual(idle.count, 1_100)
        // The board answers a newcomer at once: the longest-idle connections make room.
        let visitor = try XCTUnwrap(RawConnection(port: server.port))
        XCTAssertEqual(visitor.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n", within: 10), 200)
        var closed = 0
        for connection in idle where connection.closedByServer(within: 0.01) { closed += 1 }
        XCTAssertGreaterThanOrEqual(closed, 1_100 - 200, "at most the cap stays open")
        XCTAssertLessThanOrEqual(server.connections.count, 201)
    }

    /// Raises this process's soft open-files limit, or skips when the hard limit is too low.
    func raiseOpenFiles(to wanted: Int) throws {
        var limit = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        guard limit.rlim_max >= rlim_t(wanted) else {
            throw XCTSkip("the hard open-files limit \(limit.rlim_max) is below \(wanted)")
        }
        if limit.rlim_cur < rlim_t(wanted) {
            limit.rlim_cur = rlim_t(wanted)
            XCTAssertEqual(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit), 0)
        }
    }

    // MARK: the admin token

    func testGeneratedAdminTokenGoesToAPrivateFileNotToStandardOutput() async throws {
        let saved = ProcessInfo.processInfo.environment["FLS_ADMIN_TOKEN"]
        unsetenv("FLS_ADMIN_TOKEN")
        defer { if let saved { setenv("FLS_ADMIN_TOKEN", saved, 1) } }
        var config = try allPublic()
        config.adminToken = nil
        let server = try await start(config)
        let path = try XCTUnwrap(server.adminTokenPath)
        XCTAssertEqual(path, config.databasePath + ".admin-token")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let stored = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(stored, server.adminToken)
        XCTAssertEqual(server.adminToken.count, 64)
        let message = server.startupMessage().joined(separator: "\n")
        XCTAssertFalse(message.contains(server.adminToken), message)
        XCTAssertTrue(message.contains(path), message)
        let (status, _, _) = try await http(
            server, "POST", "/admin/final", headers: ["Authorization": "Bearer \(stored)"])
        XCTAssertEqual(status, 200)
        // A restart on the same database keeps the token.
        await server.stop()
        servers.removeAll()
        let again = try await start(config)
        XCTAssertEqual(again.adminToken, stored)
    }

    func testTokenFileOthersCouldReadIsReplaced() async throws {
        let saved = ProcessInfo.processInfo.environment["FLS_ADMIN_TOKEN"]
        unsetenv("FLS_ADMIN_TOKEN")
        defer { if let saved { setenv("FLS_ADMIN_TOKEN", saved, 1) } }
        var config = try allPublic()
        config.adminToken = nil
        let path = LeaderboardServer.adminTokenPath(databasePath: config.databasePath)
        try "known-to-everyone\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o644)
        let server = try await start(config)
        XCTAssertNotEqual(server.adminToken, "known-to-everyone")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }
}

extension Array where Element: Equatable {
    func occurrences(of needle: [Element]) -> Int {
        guard !needle.isEmpty, needle.count <= count else { return 0 }
        return (0...(count - needle.count)).filter { self[$0..<($0 + needle.count)].elementsEqual(needle) }.count
    }

    func containsSequence(_ needle: [Element]) -> Bool { occurrences(of: needle) > 0 }
}
