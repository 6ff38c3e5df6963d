import FLSLeaderboard
import Foundation
import XCTest

/// End-to-end behaviour of the board over HTTP on loopback.
final class LeaderboardServerTests: BoardTestCase {
    /// Ten scored sequences, all public, so scores are easy to predict: 10 points per hit row at position 0.
    let labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1]

    func allPublic() throws -> LeaderboardConfig {
        var config = config(truth: try writeTruth(labels, persons: 12))
        config.publicFraction = 1
        return config
    }

    func testSubmissionIsScoredAndRankedWithSharedRanks() async throws {
        let server = try await start(try allPublic())
        let best = try await submit(
            server, ["submitter": "alpha", "predictions": Self.predictions(labels: labels, persons: 12, hits: 10)])
        XCTAssertEqual(best.status, 200)
        XCTAssertEqual(best.reply["member"] as? String, "alpha")
        XCTAssertEqual(best.reply["score"] as? Double, 100)
        XCTAssertEqual(best.reply["rank"] as? Int, 1)
        XCTAssertNil(best.reply["error"])

        // Hits at position 2 are worth 80 each: 5 of them over 10 rows is 40.
        let second = try await submit(
            server,
            ["submitter": "beta", "predictions": Self.predictions(labels: labels, persons: 12, hits: 5, position: 2)])
        XCTAssertEqual(second.reply["score"] as? Double, 40)
        XCTAssertEqual(second.reply["rank"] as? Int, 2)
        let tie = try await submit(
            server,
            ["submitter": "gamma", "predictions": Self.predictions(labels: labels, persons: 12, hits: 5, position: 2)])
        XCTAssertEqual(tie.reply["rank"] as? Int, 2, "equal scores share a rank")
        let last = try await submit(
            server, ["submitter": "delta", "predictions": Self.predictions(labels: labels, persons: 12, hits: 1)])
        XCTAssertEqual(last.reply["score"] as? Double, 10)
        XCTAssertEqual(last.reply["rank"] as? Int, 4, "competition ranking skips after a tie (1224)")

        // A worse later submission keeps the team's best on the board.
        let worse = try await submit(
            server, ["submitter": "alpha", "predictions": Self.predictions(labels: labels, persons: 12, hits: 0)])
        XCTAssertEqual(worse.reply["score"] as? Double, 0)
        XCTAssertEqual(worse.reply["rank"] as? Int, 1)

        let rows = entries(try await board(server))
        XCTAssertEqual(rows.map { $0["team"] as? String }, ["alpha", "beta", "gamma", "delta"])
        XCTAssertEqual(rows.map { $0["rank"] as? Int }, [1, 2, 2, 4])
        XCTAssertEqual(rows.map { $0["score"] as? Double }, [100, 40, 40, 10])
        XCTAssertEqual(rows.first?["submissions"] as? Int, 2)
    }

    func testWrongShapesScoreMinusOneWithTheReason() async throws {
        let server = try await start(try allPublic())
        let good = Self.predictions(labels: labels, persons: 12, hits: 3)
        var short = good; short.removeLast()
        var four = good; four[3] = [1, 2, 3, 4]
        var repeated = good; repeated[0] = [1, 1, 2, 3, 4]
        var outOfRange = good; outOfRange[5] = [0, 1, 2, 3, 12]
        var negative = good; negative[5] = [0, 1, 2, 3, -4]
        let cases: [(Any, String)] = [
            (short, "Expected 11 rows"),
            (four, "Row 3 has 4 entries"),
            (repeated, "Row 0 repeats the person index 1"),
            (outOfRange, "Row 5, entry 4 is 12, outside"),
            (negative, "Row 5, entry 4 is -4, outside"),
            (
                good.enumerated().map { $0.offset == 2 ? [0, 1, 2, 3, 4.5] as [Any] : $0.element as [Any] },
                "Row 2, entry 4 is the number 4.5"
            ),
            (
                good.enumerated().map { $0.offset == 7 ? ["a", 1, 2, 3, 4] as [Any] : $0.element as [Any] },
                "Row 7, entry 0 is the string"
            ),
            (good.enumerated().map { $0.offset == 1 ? 5 as Any : $0.element as Any }, "Row 1 is not an array"),
            ("all of them", "\"predictions\" must be an array"),
        ]
        for (predictions, reason) in cases {
            let (status, reply) = try await submit(server, ["submitter": "shapes", "predictions": predictions])
            XCTAssertEqual(status, 200)
            XCTAssertEqual(reply["score"] as? Double, -1, reason)
            XCTAssertEqual(reply["member"] as? String, "shapes")
            XCTAssertEqual(reply["rank"] as? Int, 1, "a team with only rejected submissions still has a place")
            XCTAssertTrue(
                (reply["error"] as? String ?? "").contains(reason),
                "\(reply["error"] ?? "no error") should contain \(reason)")
        }
        let missing = try await submit(server, ["submitter": "nothing"])
        XCTAssertEqual(missing.reply["score"] as? Double, -1)
        XCTAssertTrue((missing.reply["error"] as? String ?? "").contains("no \"predictions\""))

        // Rejections are stored and counted, and never beat a real score.
        _ = try await submit(
            server, ["submitter": "valid", "predictions": Self.predictions(labels: labels, persons: 12, hits: 0)])
        let rows = entries(try await board(server))
        XCTAssertEqual(rows.map { $0["team"] as? String }, ["valid", "shapes", "nothing"])
        XCTAssertEqual(rows[1]["submissions"] as? Int, cases.count)
        XCTAssertEqual(rows[1]["score"] as? Double, -1)
    }

    func testMalformedRequestsAreBadRequests() async throws {
        let server = try await start(try allPublic())
        let good = Self.predictions(labels: labels, persons: 12, hits: 1)
        let bodies: [(Data, String)] = [
            (Data("{\"submitter\": \"x\", \"predictions\": [[".utf8), "not a JSON object"),
            (Data("[1, 2, 3]".utf8), "not a JSON object"),
            (Data("".utf8), "not a JSON object"),
            (try JSONSerialization.data(withJSONObject: ["predictions": good]), "is missing"),
            (try JSONSerialization.data(withJSONObject: ["submitter": 42, "predictions": good]), "must be a string"),
            (try JSONSerialization.data(withJSONObject: ["submitter": "  \t ", "predictions": good]), "is empty"),
            (
                try JSONSerialization.data(withJSONObject: [
                    "submitter": String(repeating: "n", count: 65), "predictions": good,
                ]), "has 65 Unicode characters"
            ),
            (
                try JSONSerialization.data(withJSONObject: ["submitter": "bell\u{7}", "predictions": good]),
                "control character U+7"
            ),
            (
                try JSONSerialization.data(withJSONObject: ["submitter": "evil\u{202E}txt", "predictions": good]),
                "control character U+202E"
            ),
        ]
        for (body, message) in bodies {
            let (status, headers, data) = try await http(server, "POST", "/orcam/api", body: body)
            XCTAssertEqual(status, 400, message)
            XCTAssertEqual(headers["content-type"], "application/json; charset=utf-8")
            XCTAssertTrue((try json(data)["error"] as? String ?? "").contains(message), message)
        }
        // A name of exactly 64 characters, padded with spaces, is fine once trimmed.
        let longest = try await submit(
            server, ["submitter": "  " + String(repeating: "é", count: 64) + " ", "predictions": good])
        XCTAssertEqual(longest.status, 200)
        XCTAssertEqual(longest.reply["member"] as? String, String(repeating: "é", count: 64))
        let stored = entries(try await board(server))
        XCTAssertEqual(stored.count, 1, "bad requests are not stored")
    }

    func testBodiesOverTheLimitAre413() async throws {
        let server = try await start(try allPublic())
        let huge = Data(repeating: UInt8(ascii: " "), count: (8 << 20) + 1)
        let (status, _, data) = try await http(server, "POST", "/orcam/api", body: huge)
        XCTAssertEqual(status, 413)
        // 64 KiB + 256 bytes for each of the 11 rows: what this truth can need.
        XCTAssertTrue((try json(data)["error"] as? String ?? "").contains("larger than 68352 bytes"))
        // The server is still healthy afterwards.
        let after = try await submit(
            server, ["submitter": "after", "predictions": Self.predictions(labels: labels, persons: 12, hits: 1)])
        XCTAssertEqual(after.status, 200)
    }

    func testTeamNamesAreEscapedOnThePage() async throws {
        let server = try await start(try allPublic())
        let name = "<script>alert('x')</script> & \"co\""
        _ = try await submit(
            server, ["submitter": name, "predictions": Self.predictions(labels: labels, persons: 12, hits: 4)])
        let (status, headers, data) = try await http(server, "GET", "/")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(headers["content-type"], "text/html; charset=utf-8")
        let page = String(decoding: data, as: UTF8.self)
        XCTAssertFalse(page.contains("<script"), "no script tag may reach the page")
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"))
        XCTAssertTrue(page.contains("<td class=\"num\">40.00</td>"))
        XCTAssertTrue(page.contains("name=\"viewport\""), "readable on a phone")
        XCTAssertTrue(headers["content-security-policy"]?.contains("default-src 'none'") ?? false)
    }

    func testRateLimitAnswers429WithRetryAfter() async throws {
        var config = try allPublic()
        config.submissionsPerWindow = 3
        let server = try await start(config)
        let body =
            ["submitter": "eager", "predictions": Self.predictions(labels: labels, persons: 12, hits: 2)]
            as [String: Any]
        for _ in 0..<3 {
            let (status, _) = try await submit(server, body)
            XCTAssertEqual(status, 200)
        }
        let (status, headers, data) = try await http(
            server, "POST", "/orcam/api", body: try JSONSerialization.data(withJSONObject: body))
        XCTAssertEqual(status, 429)
        let retry = try XCTUnwrap(headers["retry-after"].flatMap(Int.init))
        XCTAssertTrue((1...60).contains(retry), "Retry-After \(retry)")
        XCTAssertTrue((try json(data)["error"] as? String ?? "").contains("submission limit"))
        // Another team is not affected, and the refused attempt was not stored.
        let other = try await submit(
            server, ["submitter": "calm", "predictions": Self.predictions(labels: labels, persons: 12, hits: 2)])
        XCTAssertEqual(other.status, 200)
        let eager = entries(try await board(server)).first { $0["team"] as? String == "eager" }
        XCTAssertEqual(eager?["submissions"] as? Int, 3)
    }

    func testAdminFinalSwitchNeedsTheToken() async throws {
        // Half public, half private; "split" hits every private row and no public one.
        var config = config(truth: try writeTruth(labels, persons: 12))
        config.publicFraction = 0.5
        let server = try await start(config)
        let isPublic = server.truth.isPublic
        let split = labels.enumerated().map { index, label -> [Int] in
            let hit = label >= 0 && !isPublic[index]
            return Array(((hit ? [label] : []) + (0..<12).filter { $0 != label }).prefix(5))
        }
        let first = try await submit(server, ["submitter": "split", "predictions": split])
        XCTAssertEqual(first.reply["score"] as? Double, 0, "public score")

        for headers in [[:], ["Authorization": "Bearer wrong-token-123"], ["Authorization": Self.adminToken]] {
            let (status, _, data) = try await http(server, "POST", "/admin/final", headers: headers)
            XCTAssertEqual(status, 403)
            XCTAssertNotNil(try json(data)["error"])
        }
        let stillPublic = try await board(server)
        XCTAssertEqual(stillPublic["mode"] as? String, "public")

        let (status, _, data) = try await http(
            server, "POST", "/admin/final", headers: ["Authorization": "Bearer \(Self.adminToken)"])
        XCTAssertEqual(status, 200)
        XCTAssertEqual(try json(data)["mode"] as? String, "final")
        let final = try await board(server)
        XCTAssertEqual(final["mode"] as? String, "final")
        XCTAssertEqual(entries(final).first?["score"] as? Double, 100, "private score shown")
        XCTAssertEqual(entries(final).first?["public_score"] as? Double, 0)
        let page = String(decoding: try await http(server, "GET", "/").body, as: UTF8.self)
        XCTAssertTrue(page.contains("Final leaderboard"))

        // Replies in final mode give the private score.
        let again = try await submit(server, ["submitter": "split", "predictions": split])
        XCTAssertEqual(again.reply["score"] as? Double, 100)

        // The mode survives a restart.
        await server.stop()
        let restarted = try await start(config)
        let afterRestart = try await board(restarted)
        XCTAssertEqual(afterRestart["mode"] as? String, "final")
    }

    func testFinalFlagAtStartAndKaggleStyleFinalScore() async throws {
        var config = config(truth: try writeTruth(labels, persons: 12))
        config.final = true
        let server = try await start(config)
        let atStart = try await board(server)
        XCTAssertEqual(atStart["mode"] as? String, "final")
        // The final board shows the private score of the best public submission,
        // not the best private score: a later submission with a worse public score
        // but a better private one does not count.
        let isPublic = server.truth.isPublic
        func rows(publicHits: Bool, privateHits: Bool) -> [[Int]] {
            labels.enumerated().map { index, label in
                let hit = label >= 0 && (isPublic[index] ? publicHits : privateHits)
                return Array(((hit ? [label] : []) + (0..<12).filter { $0 != label }).prefix(5))
            }
        }
        _ = try await submit(server, ["submitter": "t", "predictions": rows(publicHits: true, privateHits: false)])
        _ = try await submit(server, ["submitter": "t", "predictions": rows(publicHits: false, privateHits: true)])
        let finalBoard = try await board(server)
        let entry = try XCTUnwrap(entries(finalBoard).first)
        XCTAssertEqual(entry["public_score"] as? Double, 100)
        XCTAssertEqual(entry["score"] as? Double, 0)
    }

    func testRestartKeepsTheBoard() async throws {
        let config = try allPublic()
        let server = try await start(config)
        for (team, hits) in [("one", 7), ("two", 3), ("three", 9), ("two", 8)] {
            _ = try await submit(
                server, ["submitter": team, "predictions": Self.predictions(labels: labels, persons: 12, hits: hits)])
        }
        _ = try await submit(server, ["submitter": "bad", "predictions": [[1]]])
        let before = try await board(server)
        await server.stop()

        let restarted = try await start(config)
        let after = try await board(restarted)
        XCTAssertEqual(NSDictionary(dictionary: before), NSDictionary(dictionary: after))
        XCTAssertEqual(entries(after).map { $0["team"] as? String }, ["three", "two", "one", "bad"])
        // And it goes on accepting submissions.
        let more = try await submit(
            restarted, ["submitter": "one", "predictions": Self.predictions(labels: labels, persons: 12, hits: 10)])
        XCTAssertEqual(more.reply["rank"] as? Int, 1)
    }

    func testDatabaseOfAnotherSplitIsRefused() async throws {
        let config = try allPublic()
        let server = try await start(config)
        await server.stop()
        var other = config
        other.seed = 99
        do {
            _ = try await start(other)
            XCTFail("a database made with another seed must be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("created for another truth file"), "\(error)")
        }
    }

    func testStartErrorsAreClear() async throws {
        let missing = config(truth: directory.appendingPathComponent("nope.json").path)
        await assertThrowsMessage(try await start(missing), "Cannot read the truth file")
        var badFraction = try allPublic()
        badFraction.publicFraction = 1.5
        await assertThrowsMessage(try await start(badFraction), "--public-fraction must be between 0 and 1")
        var noFolder = try allPublic()
        noFolder.databasePath = directory.appendingPathComponent("no/such/board.sqlite").path
        await assertThrowsMessage(try await start(noFolder), "does not exist; create it first")
        // A port that is taken is reported, not crashed on.
        let server = try await start(try allPublic())
        var taken = config(truth: try writeTruth(labels, persons: 12), db: "other.sqlite")
        taken.port = server.port
        await assertThrowsMessage(try await start(taken), "could not listen on 127.0.0.1:\(server.port)")
    }

    func testConcurrentSubmissionsAreAllStoredAndRanked() async throws {
        let config = try allPublic()
        let server = try await start(config)
        let teams = 40, perTeam = 5
        // Team t's k-th submission hits (t * 3 + k * 7) % 11 rows: scores 0...100 in steps of 10.
        func hits(_ t: Int, _ k: Int) -> Int { (t * 3 + k * 7) % 11 }
        let labels = self.labels
        let started = Date()
        let replies = try await withThrowingTaskGroup(of: (Int, Int, Int, [String: Any]).self) { group in
            for t in 0..<teams {
                for k in 0..<perTeam {
                    group.addTask {
                        let body: [String: Any] = [
                            "submitter": "team-\(t)",
                            "predictions": Self.predictions(labels: labels, persons: 12, hits: min(hits(t, k), 10)),
                        ]
                        let (status, reply) = try await self.submit(server, body)
                        return (t, k, status, reply)
                    }
                }
            }
            var all: [(Int, Int, Int, [String: Any])] = []
            for try await reply in group { all.append(reply) }
            return all
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
        XCTAssertEqual(replies.count, teams * perTeam)
        for (t, k, status, reply) in replies {
            XCTAssertEqual(status, 200)
            XCTAssertEqual(reply["score"] as? Double, Double(min(hits(t, k), 10) * 10))
            let rank = reply["rank"] as? Int ?? 0
            XCTAssertTrue((1...teams).contains(rank), "rank \(rank)")
        }
        let rows = entries(try await board(server))
        XCTAssertEqual(rows.count, teams)
        XCTAssertEqual(rows.reduce(0) { $0 + ($1["submissions"] as? Int ?? 0) }, teams * perTeam, "no submission lost")
        let best = (0..<teams).map { t in (0..<perTeam).map { k in Double(min(hits(t, k), 10) * 10) }.max() ?? 0 }
        for row in rows {
            let team = try XCTUnwrap((row["team"] as? String)?.dropFirst("team-".count)).flatMap { Int($0) }
            let t = try XCTUnwrap(team)
            XCTAssertEqual(row["score"] as? Double, best[t])
            XCTAssertEqual(row["rank"] as? Int, 1 + best.filter { $0 > best[t] }.count)
        }
        // A reply's rank is the team's rank on the board right after it.
        for t in 0..<teams {
            let reply = try await submit(
                server,
                ["submitter": "team-\(t)", "predictions": Self.predictions(labels: labels, persons: 12, hits: 0)])
            XCTAssertEqual(reply.reply["rank"] as? Int, 1 + best.filter { $0 > best[t] }.count, "team-\(t)")
        }
    }
}

/// Asserts that an async expression throws an error whose message contains `text`.
func assertThrowsMessage<T>(
    _ expression: @autoclosure () async throws -> T, _ text: String,
    file: StaticString = #filePath, line: UInt = #line
) async {
    do {
        _ = try await expression()
        XCTFail("expected an error containing \"\(text)\"", file: file, line: line)
    } catch {
        XCTAssertTrue("\(error)".contains(text), "\"\(error)\" should contain \"\(text)\"", file: file, line: line)
    }
}
