// Collects the first error thrown inside DispatchQueue.concurrentPerform,
// whose closures cannot throw.
import Foundation

/// The first error raised on any worker thread.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?

    func record(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}
