import Foundation

/// Everything `fls leaderboard serve` needs to start a board.
public struct LeaderboardConfig: Sendable {
    /// Path of the truth file written by `fls sample-data` (format `fls-leaderboard-truth`).
    public var truthPath: String
    /// Path of the SQLite database; created on first start, reused on restart.
    public var databasePath: String
    /// Address to bind; loopback unless the organiser asks for more.
    public var host: String
    /// TCP port; 0 asks the system for a free one (tests use that).
    public var port: Int
    /// Share of the scored sequences on the public board (0...1).
    public var publicFraction: Double
    /// Seed of the deterministic public/private split.
    public var seed: UInt64
    /// Switch the board to final mode (private scores) at start; the mode persists.
    public var final: Bool
    /// Accepted submissions per team per rate window; 0 turns the limit off.
    public var submissionsPerWindow: Int
    /// Length of the rate-limit window in seconds.
    public var rateWindowSeconds: Double
    /// Largest request body accepted, in bytes; bigger ones get 413.
    public var maxBodyBytes: Int
    /// Admin bearer token; nil reads FLS_ADMIN_TOKEN, else the token file
    /// beside the database (`<db>.admin-token`, mode 0600), else generates one
    /// and writes it there. The token itself is never printed.
    public var adminToken: String?
    /// Request-body bytes one client address may send per rate window; charged
    /// before a body is parsed, so floods cost no parsing. 0 turns it off.
    public var bytesPerAddressWindow: Int
    /// Most open connections; above it the longest-idle connection is closed
    /// to make room (and new ones wait when every connection is busy).
    public var maxConnections: Int
    /// Seconds a connection may stay open without sending a complete request
    /// head (slow headers, idle keep-alive) before it is closed.
    public var idleTimeoutSeconds: Double
    /// Seconds a request may take from its head to the end of its body.
    public var requestTimeoutSeconds: Double

    /// A configuration with the documented defaults.
    public init(
        truthPath: String,
        databasePath: String,
        host: String = "127.0.0.1",
        port: Int = 8080,
        publicFraction: Double = 0.5,
        seed: UInt64 = 0,
        final: Bool = false,
        submissionsPerWindow: Int = 10,
        rateWindowSeconds: Double = 60,
        maxBodyBytes: Int = 8 << 20,
        adminToken: String? = nil,
        bytesPerAddressWindow: Int = 32 << 20,
        maxConnections: Int = 512,
        idleTimeoutSeconds: Double = 15,
        requestTimeoutSeconds: Double = 60
    ) {
        self.truthPath = truthPath
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.publicFraction = publicFraction
        self.seed = seed
        self.final = final
        self.submissionsPerWindow = submissionsPerWindow
        self.rateWindowSeconds = rateWindowSeconds
        self.maxBodyBytes = maxBodyBytes
        self.adminToken = adminToken
        self.bytesPerAddressWindow = bytesPerAddressWindow
        self.maxConnections = maxConnections
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// Checks the values a user typed, before anything is opened.
    func validate() throws {
        guard publicFraction.isFinite, publicFraction >= 0, publicFraction <= 1 else {
            throw LeaderboardError("--public-fraction must be between 0 and 1, got \(publicFraction).")
        }
        guard (0...65535).contains(port) else {
            throw LeaderboardError("--port must be between 0 and 65535, got \(port).")
        }
        guard !host.isEmpty else {
            throw LeaderboardError("--host must not be empty.")
        }
        guard submissionsPerWindow >= 0 else {
            throw LeaderboardError(
                "The rate limit must be 0 (off) or a positive number of submissions, got \(submissionsPerWindow).")
        }
        guard rateWindowSeconds.isFinite, rateWindowSeconds > 0 else {
            throw LeaderboardError("The rate-limit window must be a positive number of seconds.")
        }
        guard maxBodyBytes > 0 else {
            throw LeaderboardError("The body size limit must be positive.")
        }
        guard bytesPerAddressWindow >= 0 else {
            throw LeaderboardError("The per-address byte budget must be 0 (off) or positive.")
        }
        guard maxConnections >= 8 else {
            throw LeaderboardError("The connection limit must be at least 8, got \(maxConnections).")
        }
        guard idleTimeoutSeconds.isFinite, idleTimeoutSeconds > 0, requestTimeoutSeconds.isFinite,
            requestTimeoutSeconds > 0
        else {
            throw LeaderboardError("The idle and request timeouts must be positive numbers of seconds.")
        }
        if let token = adminToken, token.count < 8 {
            throw LeaderboardError("The admin token must be at least 8 characters long.")
        }
    }
}
