import Foundation

/// Bounds the request-body bytes one client address may send per window.
///
/// It is checked before a body is read or parsed: the per-team limit needs
/// the team name, which is inside the body, so without this a client could
/// make the server parse megabytes under a fresh name each time. Bytes, not
/// requests, are counted, so many small submissions from one address (a
/// classroom behind one NAT) pass while a flood of large bodies does not.
final class AddressBudget: @unchecked Sendable {
    private let bytesPerWindow: Int
    private let window: Double
    private let lock = NSLock()
    /// (time, bytes) charged per address, oldest first.
    private var recent: [String: [(time: Double, bytes: Int)]] = [:]
    private var lastSweep: Double = 0

    init(bytesPerWindow: Int, window: Double) {
        self.bytesPerWindow = bytesPerWindow
        self.window = window
    }

    /// Charges `bytes` to `address` at `now`; returns nil when within the
    /// budget, or the seconds until enough of it is free again.
    func charge(_ address: String, bytes: Int, now: Double) -> Double? {
        guard bytesPerWindow > 0 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if now - lastSweep > window {
            lastSweep = now
            recent = recent.filter { ($0.value.last?.time ?? 0) > now - window }
        }
        var charges = recent[address, default: []]
        charges.removeAll { $0.time <= now - window }
        var used = charges.reduce(0) { $0 + $1.bytes }
        if used + bytes > bytesPerWindow {
            // Wait until the oldest charges expire and leave room for this body.
            var wait = window
            for charge in charges {
                used -= charge.bytes
                if used + bytes <= bytesPerWindow {
                    wait = charge.time + window - now
                    break
                }
            }
            recent[address] = charges
            return max(0, wait)
        }
        charges.append((now, bytes))
        recent[address] = charges
        return nil
    }
}
