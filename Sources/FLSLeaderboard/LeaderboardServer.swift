import Foundation
import Hummingbird
import ServiceLifecycle

/// A running leaderboard: the HTTP server, its database and its scorer.
///
/// `start` returns once the socket listens, with the bound port (ask for port 0
/// to get a free one); `stop` shuts it down. `runLeaderboard` wraps both for the
/// command line.
public final class LeaderboardServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    /// The host it bound.
    public let host: String
    /// The bearer token `POST /admin/final` expects.
    public let adminToken: String
    /// Whether the token was generated here (and so must be shown to the organiser).
    public let adminTokenGenerated: Bool
    /// The truth the board scores against.
    public let truth: LeaderboardTruth
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    private init(port: Int, host: String, adminToken: String, generated: Bool, truth: LeaderboardTruth,
                 group: ServiceGroup, task: Task<Void, Error>) {
        self.port = port
        self.host = host
        self.adminToken = adminToken
        self.adminTokenGenerated = generated
        self.truth = truth
        self.group = group
        self.task = task
    }

    /// Loads the truth, opens the database and starts listening; returns once the
    /// port is bound. With `handleSignals`, SIGINT and SIGTERM stop it gracefully.
    public static func start(_ config: LeaderboardConfig, handleSignals: Bool = false) async throws -> LeaderboardServer {
        try config.validate()
        let truth = try LeaderboardTruth.load(path: config.truthPath, publicFraction: config.publicFraction, seed: config.seed)
        let store = try LeaderboardStore(path: config.databasePath, fingerprint: truth.fingerprint, sequences: truth.sequences)
        if config.final {
            try await store.setMode(.final)
        }
        let (token, generated) = adminToken(config.adminToken)
        let service = LeaderboardService(
            truth: truth, store: store, adminToken: token, publicFraction: config.publicFraction,
            maxBodyBytes: config.maxBodyBytes,
            limiter: RateLimiter(limit: config.submissionsPerWindow, window: config.rateWindowSeconds))

        let started = StartSignal()
        let app = Application(
            router: service.router(),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "fls-leaderboard"),
            onServerRunning: { channel in started.succeed(channel.localAddress?.port ?? config.port) })
        let group = ServiceGroup(configuration: .init(
            services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: app.logger))
        let task = Task {
            do {
                try await group.run()
                started.fail(LeaderboardError("The leaderboard server stopped before it started listening."))
            } catch {
                started.fail(LeaderboardError("The leaderboard could not listen on \(config.host):\(config.port) (\(error)); choose another --port or --host."))
                throw error
            }
        }
        let port = try await started.wait()
        return LeaderboardServer(port: port, host: config.host, adminToken: token, generated: generated, truth: truth, group: group, task: task)
    }

    /// Stops accepting connections, lets requests in flight finish, and waits.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits until the server stops (by a signal, or `stop`).
    public func waitUntilStopped() async throws {
        do {
            try await task.value
        } catch is CancellationError {
            return
        }
    }

    /// The configured token, else FLS_ADMIN_TOKEN, else 32 random hex digits.
    static func adminToken(_ configured: String?) -> (String, Bool) {
        if let configured { return (configured, false) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["FLS_ADMIN_TOKEN"], fromEnvironment.count >= 8 {
            return (fromEnvironment, false)
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
        return (token, true)
    }
}

/// Starts a board from the command line's settings and serves until SIGINT/SIGTERM.
public func runLeaderboard(_ config: LeaderboardConfig) async throws {
    let server = try await LeaderboardServer.start(config, handleSignals: true)
    let truth = server.truth
    print("Leaderboard on http://\(server.host):\(server.port)/ (submit to /orcam/api)")
    print("Truth: \(truth.sequences) sequences, \(truth.scoredCount) scored, \(truth.publicCount) on the public board.")
    if server.adminTokenGenerated {
        print("Admin token (POST /admin/final with 'Authorization: Bearer <token>'): \(server.adminToken)")
        print("Set FLS_ADMIN_TOKEN to choose your own.")
    } else {
        print("Admin token: the one configured (FLS_ADMIN_TOKEN).")
    }
    if server.host != "127.0.0.1" && server.host != "localhost" && server.host != "::1" {
        print("Warning: listening on \(server.host), reachable from other machines; there is no TLS, put a proxy in front for the Internet.")
    }
    // Standard output is block-buffered when redirected to a log file.
    fflush(stdout)
    try await server.waitUntilStopped()
}
