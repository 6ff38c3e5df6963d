// FLS recursion runs on the Swift stack (several Swift frames per FLS call),
// so front ends run programs on a thread with a large stack. Together with
// Limits.maxCallDepth this turns runaway recursion into an error message
// instead of a segmentation fault.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stack size for interpreter threads: 1 GiB of address space (only the
/// pages actually touched use memory).
public let interpreterStackSize = 1 << 30

private final class StackJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` on a fresh thread with a large stack and waits for it.
/// Falls back to the current thread if such a thread cannot be made.
public func runOnLargeStack<T>(_ body: () throws -> T) throws -> T {
    var result: Result<T, Error>? = nil
    try withoutActuallyEscaping(body) { escapable in
        let job = StackJob { result = Result { try escapable() } }
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, interpreterStackSize)
        let context = Unmanaged.passRetained(job).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let rc = pthread_create(
            &thread, &attr,
            { raw in
                #if canImport(Glibc)
                guard let raw else { return nil }
                #endif
                let job = Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue()
                job.body()
                return nil
            }, context)
        if rc != 0 {
            Unmanaged<StackJob>.fromOpaque(context).release()
            result = Result { try escapable() }
            return
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
    }
    guard let result else { throw RuntimeError("internal error: the interpreter thread did not run") }
    return try result.get()
}
