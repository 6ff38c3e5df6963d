// Kernels a session may replace with faster ones. The core has no C
// libraries, so its `@` is a portable loop; FLSKit puts a BLAS product in
// its table's `Kernels`. The operators are plain functions of their values
// (`binaryOperation`), so the running interpreter binds its table's kernels
// for the time it runs (a task-local value, one per thread): two sessions
// in one process each see their own, and nothing process-wide is assigned.

/// Replaceable kernels, held by a `PrimitiveTable`.
public struct Kernels: Sendable {
    /// A product of two 2-d arrays of one float dtype (f32 or f64) whose
    /// shapes the core has already checked to align.
    public typealias MatrixProduct = @Sendable (NDArray, NDArray) throws -> NDArray

    /// Used for f32/f64 matrix products (`@`, `cov`); nil: the portable loop.
    public var matmul: MatrixProduct?
    /// Whether fresh output buffers of 4 to 128 MiB ask for huge pages
    /// (`adviseHugePages`); a session turns it off when its host's
    /// environment sets FLS_NO_HUGEPAGES.
    public var adviseHugePages: Bool

    public init(matmul: MatrixProduct? = nil, adviseHugePages: Bool = true) {
        self.matmul = matmul
        self.adviseHugePages = adviseHugePages
    }

    /// The kernels of the interpreter running on this thread (none outside a run).
    @TaskLocal static var current = Kernels()

    /// Runs `body` with these kernels as the current ones.
    public func bind<T>(_ body: () throws -> T) rethrows -> T {
        try Kernels.$current.withValue(self, operation: body)
    }
}
