import Foundation

/// An error from the leaderboard with a one-sentence message a user can act on.
public struct LeaderboardError: Error, CustomStringConvertible, LocalizedError {
    /// What went wrong and what to do about it.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    /// The message, so `print(error)` shows it as is.
    public var description: String { message }
    /// The message, for Foundation's error reporting.
    public var errorDescription: String? { message }
}
