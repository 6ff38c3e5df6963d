// Hard limits. Each one turns what would be a crash (stack overflow, an
// allocation the machine cannot satisfy) into an error message. Every limit
// has a test under Tests/Scripts/limit/.

/// The interpreter's and the kernels' hard limits.
public enum Limits {
    /// Deepest user-function call nesting before "too much recursion".
    public static var maxCallDepth = 10_000
    /// Most axes an array may have (numpy's limit).
    public static let maxDimensions = 64
    /// Deepest syntactic nesting the parser accepts.
    public static let maxParseDepth = 200
    /// Syntax errors reported for one file before the parser stops looking.
    public static let maxReportedParseErrors = 10
    /// Calls kept in an error's trace (the innermost); a recursion that
    /// fills it shows as `(50+ times)`.
    public static let maxTraceLength = 50

    // Bounds of the scalar path (ScalarCompiler.swift). Past one, the code
    // runs on the generic path instead, with the same results; the tests in
    // Tests/Scripts/limit/ go past each and compare both paths.

    /// Registers (parameters, locals, temporaries) of one scalar function.
    static let maxScalarRegisters = 64
    /// Parameters of a scalar function (two bits each in its signature key).
    static let maxScalarParameters = 24
    /// Compilations (function x argument types) one scalar entry may cause.
    static let maxScalarCompilations = 256
    /// Variables a top-level loop may use and still run on the scalar path.
    static let maxScalarLoopVariables = 30
    /// Largest single array, in bytes, when set (tests); otherwise the
    /// memory gatekeeper (`MemoryBudget`) decides each request.
    public static var maxArrayBytes: Int? = nil

    /// Whether one buffer of `bytes` may be allocated now.
    public static func allowsAllocation(_ bytes: Int) -> Bool {
        if let cap = maxArrayBytes { return bytes <= cap }
        return MemoryBudget.allows(bytes)
    }

    /// Checks that an array of `shape` and `dtype` may be allocated and
    /// returns its element count.
    public static func elementCount(_ shape: [Int], _ dtype: DType) throws -> Int {
        if shape.count > maxDimensions {
            throw RuntimeError("an array can have at most \(maxDimensions) axes, not \(shape.count)", hint: "as in numpy")
        }
        var count = 1
        for extent in shape {
            if extent < 0 {
                throw RuntimeError("negative dimension \(extent) in shape \(formatShape(shape))")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            if overflow { throw tooLarge(shape, dtype) }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        if overflow || !allowsAllocation(bytes) { throw tooLarge(shape, dtype) }
        return count
    }

    static func tooLarge(_ shape: [Int], _ dtype: DType) -> RuntimeError {
        RuntimeError(
            "an array of shape \(formatShape(shape)) and dtype \(dtype) is too large to allocate",
            hint: maxArrayBytes.map { "the limit is \($0 >> 20) MiB per array" } ?? MemoryBudget.explanation())
    }
}

/// `[2, 3]` -> `"[2, 3]"`.
public func formatShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

import FLSMemory
