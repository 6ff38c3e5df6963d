// `fls leaderboard serve`: the leaderboard server that `submit` talks to.

import ArgumentParser
import FLSLeaderboard
import Foundation

struct Leaderboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard",
        abstract: "Run a leaderboard for submissions (see docs/leaderboard.md).",
        subcommands: [Serve.self])

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the leaderboard on loopback (or --host) until Ctrl-C.")

        @Option(
            help:
                "The truth file: eval_truth.json from `fls sample-data`, or the kit's {\"seq_0000\": 93, ...} mapping.")
        var truth: String
        @Option(help: "The SQLite database (created if missing).") var db: String
        @Option(help: "Address to listen on; loopback unless you say otherwise.") var host = "127.0.0.1"
        @Option(help: "Port to listen on.") var port = 8080
        @Option(help: "Share of the scored sequences on the public board.") var publicFraction = 0.5
        @Option(help: "Seed of the public/private split.") var seed: UInt64 = 0
        @Flag(help: "Show private (final) scores from the start.") var final = false
        @Option(help: "Submissions per team per minute (0: no limit).") var rateLimit = 10

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
            guard publicFraction >= 0, publicFraction <= 1 else {
                throw ValidationError("--public-fraction must be between 0 and 1")
            }
            guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 or more") }
        }

        func run() throws {
            let config = LeaderboardConfig(
                truthPath: truth, databasePath: db, host: host, port: port, publicFraction: publicFraction,
                seed: seed, final: final, submissionsPerWindow: rateLimit)
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var failure: Error? = nil
            Task {
                do { try await runLeaderboard(config) } catch { failure = error }
                done.signal()
            }
            done.wait()
            if let failure {
                FileHandle.standardError.write(Data("fls leaderboard: \(failure)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
