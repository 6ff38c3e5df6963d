// Entering a session: what `run` and `call` do around the code they run, so
// that the operators use this session's kernels (its table's BLAS product)
// and no other session's.

extension Interpreter {
    /// Runs `body` as part of this session: binds the table's kernels for
    /// its duration (once; nested entries reuse the binding). `run` and
    /// `call` enter by themselves; a caller of `prepare`'s closure enters.
    public func enter<T>(_ body: () throws -> T) rethrows -> T {
        if isEntered { return try body() }
        isEntered = true
        defer { isEntered = false }
        return try kernels.bind(body)
    }
}
