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
    /// Admin bearer token; nil reads FLS_ADMIN_TOKEN or generates (and prints) one.
    public var adminToken: String?

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
        adminToken: String? = nil
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
            throw LeaderboardError("The rate limit must be 0 (off) or a positive number of submissions, got \(submissionsPerWindow).")
        }
        guard rateWindowSeconds.isFinite, rateWindowSeconds > 0 else {
            throw LeaderboardError("The rate-limit window must be a positive number of seconds.")
        }
        guard maxBodyBytes > 0 else {
            throw LeaderboardError("The body size limit must be positive.")
        }
        if let token = adminToken, token.count < 8 {
            throw LeaderboardError("The admin token must be at least 8 characters long.")
        }
    }
}
