import Foundation

/// Admits at most `limit` submissions per team within a sliding window.
///
/// State lives in memory only: a restart forgets it, which is harmless because
/// the window is short.
final class RateLimiter: @unchecked Sendable {
    private let limit: Int
    private let window: Double
    private let lock = NSLock()
    /// Admission times per team, oldest first.
    private var recent: [String: [Double]] = [:]
    private var lastSweep: Double = 0

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    /// Records an attempt at `now` and returns nil when admitted, or the seconds
    /// to wait before the next one will be.
    func admit(_ team: String, now: Double) -> Double? {
        guard limit > 0 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        sweep(now: now)
        var times = recent[team, default: []]
        times.removeAll { $0 <= now - window }
        if times.count >= limit {
            recent[team] = times
            return max(0, times[0] + window - now)
        }
        times.append(now)
        recent[team] = times
        return nil
    }

    /// Drops teams with no admission in the window, so memory stays bounded by
    /// the teams active in the last minute.
    private func sweep(now: Double) {
        guard now - lastSweep > window else { return }
        lastSweep = now
        recent = recent.filter { ($0.value.last ?? 0) > now - window }
    }
}
