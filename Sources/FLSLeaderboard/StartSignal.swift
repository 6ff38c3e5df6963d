import Foundation

/// Hands the bound port (or the failure to bind) from the server task to `start`.
final class StartSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int, Error>?
    private var continuation: CheckedContinuation<Int, Error>?

    func succeed(_ port: Int) { finish(.success(port)) }
    func fail(_ error: Error) { finish(.failure(error)) }

    private func finish(_ outcome: Result<Int, Error>) {
        lock.lock()
        guard result == nil else {
            lock.unlock()
            return
        }
        result = outcome
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: outcome)
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(with: result)
            } else {
                self.continuation = continuation
                lock.unlock()
            }
        }
    }
}
