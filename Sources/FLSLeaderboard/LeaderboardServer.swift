import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
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
    /// The file holding the token (beside the database, mode 0600), or nil
    /// when the token was configured (FLS_ADMIN_TOKEN or the config).
    public let adminTokenPath: String?
    /// The truth the board scores against.
    public let truth: LeaderboardTruth
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    /// The connection registry (for tests).
    let connections: ConnectionGuard

    private init(
        port: Int, host: String, adminToken: String, tokenPath: String?, truth: LeaderboardTruth,
        connections: ConnectionGuard, group: ServiceGroup, task: Task<Void, Error>
    ) {
        self.port = port
        self.host = host
        self.adminToken = adminToken
        self.adminTokenPath = tokenPath
        self.connections = connections
        self.truth = truth
        self.group = group
        self.task = task
    }

    /// Loads the truth, opens the database and starts listening; returns once the
    /// port is bound. With `handleSignals`, SIGINT and SIGTERM stop it gracefully.
    public static func start(_ config: LeaderboardConfig, handleSignals: Bool = false) async throws -> LeaderboardServer
    {
        try config.validate()
        let truth = try LeaderboardTruth.load(
            path: config.truthPath, publicFraction: config.publicFraction, seed: config.seed)
        let store = try LeaderboardStore(
            path: config.databasePath, fingerprint: truth.fingerprint, sequences: truth.sequences)
        if config.final {
            try await store.setMode(.final)
        }
        let (token, tokenPath) = try adminToken(config.adminToken, databasePath: config.databasePath)
        let service = LeaderboardService(
            truth: truth, store: store, adminToken: token, publicFraction: config.publicFraction,
            maxBodyBytes: config.maxBodyBytes,
            limiter: RateLimiter(limit: config.submissionsPerWindow, window: config.rateWindowSeconds),
            budget: AddressBudget(bytesPerWindow: config.bytesPerAddressWindow, window: config.rateWindowSeconds))

        // Room for the database, the listening socket and the process's
        // other files below the open-files limit: the cap evicts idle
        // connections before accept() could fail with EMFILE, and the
        // hard stop makes new connections wait in the backlog when every
        // open one is busy.
        let cap = min(config.maxConnections, max(8, openFilesLimit() - 96))
        let connections = ConnectionGuard(maxConnections: cap, requestTimeoutSeconds: config.requestTimeoutSeconds)
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuardHandler(connections)],
            idleTimeout: .milliseconds(Int64(config.idleTimeoutSeconds * 1000)))
        let started = StartSignal()
        let app = Application(
            router: service.router(),
            server: .http1(configuration: http1),
            configuration: .init(
                address: .hostname(config.host, port: config.port), serverName: "fls-leaderboard",
                availableConnectionsDelegate: MaximumAvailableConnections(cap + 32)),
            onServerRunning: { channel in started.succeed(channel.localAddress?.port ?? config.port) })
        let group = ServiceGroup(
            configuration: .init(
                services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: app.logger))
        let task = Task {
            do {
                try await group.run()
                started.fail(LeaderboardError("The leaderboard server stopped before it started listening."))
            } catch {
                started.fail(
                    LeaderboardError(
                        "The leaderboard could not listen on \(config.host):\(config.port) (\(error)); choose another --port or --host."
                    ))
                throw error
            }
        }
        let port = try await started.wait()
        return LeaderboardServer(
            port: port, host: config.host, adminToken: token, tokenPath: tokenPath, truth: truth,
            connections: connections, group: group, task: task)
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

    /// The token file for a database: `<db>.admin-token`.
    public static func adminTokenPath(databasePath: String) -> String {
        databasePath + ".admin-token"
    }

    /// The configured token, else FLS_ADMIN_TOKEN, else the one in the token
    /// file beside the database (so a restart keeps it), else 64 random hex
    /// digits written to that file with mode 0600. Returns the token and the
    /// file's path when a file holds it. The token is never printed: standard
    /// output usually ends up in logs that others can read.
    static func adminToken(_ configured: String?, databasePath: String) throws -> (String, String?) {
        if let configured { return (configured, nil) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["FLS_ADMIN_TOKEN"], fromEnvironment.count >= 8 {
            return (fromEnvironment, nil)
        }
        let path = adminTokenPath(databasePath: databasePath)
        if let existing = readPrivateToken(path) { return (existing, path) }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
        try writePrivateToken(token, to: path)
        return (token, path)
    }

    /// The token in `path` when it is a regular file only its owner can read.
    private static func readPrivateToken(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0,
            info.st_uid == geteuid(), info.st_size <= 4096
        else { return nil }
        var buffer = [UInt8](repeating: 0, count: Int(info.st_size))
        guard read(fd, &buffer, buffer.count) == buffer.count else { return nil }
        let token = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.count >= 8 ? token : nil
    }

    /// Writes the token to a new file readable by its owner only. A file of
    /// another kind (a link, or one others may read) is replaced, never followed.
    private static func writePrivateToken(_ token: String, to path: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LeaderboardError(
                "Could not create the admin token file \(path) (\(String(cString: strerror(errno)))); set FLS_ADMIN_TOKEN instead."
            )
        }
        defer { close(fd) }
        let bytes = Array((token + "\n").utf8)
        guard fchmod(fd, 0o600) == 0, write(fd, bytes, bytes.count) == bytes.count else {
            throw LeaderboardError("Could not write the admin token file \(path); set FLS_ADMIN_TOKEN instead.")
        }
    }

    /// The soft limit on open files (1024 when unknown).
    static func openFilesLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return min(Int(clamping: limit.rlim_cur), 1 << 20)
    }

    /// Raises the soft open-files limit to the hard one (at most 65,536), so
    /// the connection cap, not the system, decides; for the command line.
    public static func raiseOpenFilesLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = min(limit.rlim_max, 65_536)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = wanted
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    /// The lines `fls leaderboard serve` prints at start; they never contain the token.
    public func startupMessage() -> [String] {
        var lines = [
            "Leaderboard on http://\(host):\(port)/ (submit to /orcam/api)",
            "Truth: \(truth.sequences) sequences, \(truth.scoredCount) scored, \(truth.publicCount) on the public board.",
        ]
        if let adminTokenPath {
            lines.append(
                "Admin token (POST /admin/final with 'Authorization: Bearer <token>'): in \(adminTokenPath) (readable by you only)."
            )
            lines.append("Set FLS_ADMIN_TOKEN to choose your own.")
        } else {
            lines.append("Admin token: the one configured (FLS_ADMIN_TOKEN).")
        }
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            lines.append(
                "Warning: listening on \(host), reachable from other machines; there is no TLS, put a proxy in front for the Internet."
            )
        }
        return lines
    }
}

/// Starts a board from the command line's settings and serves until SIGINT/SIGTERM.
public func runLeaderboard(_ config: LeaderboardConfig) async throws {
    LeaderboardServer.raiseOpenFilesLimit()
    let server = try await LeaderboardServer.start(config, handleSignals: true)
    for line in server.startupMessage() { print(line) }
    // Standard output is block-buffered when redirected to a log file.
    fflush(stdout)
    try await server.waitUntilStopped()
}
