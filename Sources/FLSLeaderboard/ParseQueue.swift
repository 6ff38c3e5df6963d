import Foundation

/// Runs request parsing on one dedicated thread, with a bounded wait list.
///
/// Decoding a large JSON body is CPU work that would otherwise run on Swift's
/// cooperative pool (one thread per core), where a few parallel heavy
/// submissions stall every other request, `GET /` included. Here they queue
/// behind each other instead; when more than `limit` bytes of bodies are
/// already waiting, the board answers 503 at once (a body alone is always
/// admitted, so any body under the size limit can be sent).
final class ParseQueue: @unchecked Sendable {
    private let queue = DispatchQueue(label: "fls.leaderboard.parse")
    private let limit: Int
    private let lock = NSLock()
    private var pendingBytes = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// The result of `work` (parsing `bytes` bytes) run on the parsing
    /// thread, or nil when too much is waiting already.
    func run<T>(bytes: Int, _ work: @escaping () -> T) async -> T? {
        let admitted: Bool = lock.withLock {
            guard pendingBytes == 0 || pendingBytes + bytes <= limit else { return false }
            pendingBytes += bytes
            return true
        }
        guard admitted else { return nil }
        let box = UncheckedBox<T>()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                box.value = work()
                self.lock.withLock { self.pendingBytes -= bytes }
                continuation.resume()
            }
        }
        return box.value
    }
}

/// Carries a non-Sendable result from the parsing thread back to the handler.
private final class UncheckedBox<T>: @unchecked Sendable {
    var value: T?
}
