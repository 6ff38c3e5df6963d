// Hard limits. Each one turns what would be a crash (stack overflow, an
// allocation the machine cannot satisfy) into an error message. Every limit
// has a test under Tests/Scripts/limit/.

import FLSMemory

/// The interpreter's and the kernels' hard limits.
public enum Limits {
    /// Deepest user-function call nesting before "too much recursion".
    public static var maxCallDepth = 10_000
    /// Most axes an array may have (numpy's limit).
    public static let maxDimensions = 64
    /// Deepest syntactic nesting the parser accepts.
    public static let maxParseDepth = 200
    /// Largest source file (script, module, notebook) read, in bytes.
    public static let maxSourceBytes = 1 << 30
    /// Syntax errors reported for one file before the parser stops looking.
    public static let maxReportedParseErrors = 10
    /// Lists and records shown inside one another before the rest is shown
    /// as `...`: a value nested deeper (built by a loop) would overflow the
    /// stack while its text is made, or take time cubic in its depth.
    public static let maxDisplayDepth = 100
    /// Calls kept in an error's trace (the innermost); a recursion that
    /// fills it shows as `(50+ times)`.
    public static let maxTraceLength = 50

    // Bounds of the scalar path (ScalarCompiler.swift). Past one, the code
    // runs on the generic path instead, with the same results; the tests in
    // Tests/Scripts/limit/ go past each and compare both paths.

    /// Registers (parameters, locals, temporaries) of one scalar function.
    static let maxScalarRegisters = 128
    /// Parameters of a scalar function (five bits each in its signature key).
    static let maxScalarParameters = 12
    /// Values one statement keeps in registers of their own: `x[i, j] += v`
    /// evaluates its two indices once, and a call whose result is floating
    /// keeps the result's kind.
    static let maxScalarTemporaries = 3
    /// Compilations (function x argument types) one scalar entry may cause.
    static let maxScalarCompilations = 256
    /// Variables a loop may use and still run on the scalar path.
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
            throw RuntimeError(
                "an array can have at most \(maxDimensions) axes, not \(shape.count)", hint: "as in numpy")
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

    /// Checks that a string of `bytes` UTF-8 bytes may be built (the result
    /// of `+`, an f-string, a padded format, `print`'s joined text).
    public static func checkString(bytes: Int) throws {
        if bytes >= 0 && allowsAllocation(bytes) { return }
        throw tooLargeString(bytes)
    }

    /// Checks a string of `count` pieces of `size` bytes each, with the
    /// product computed without overflow.
    public static func checkString(count: Int, of size: Int) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        if overflow || count < 0 || size < 0 { throw tooLargeString(Int.max) }
        try checkString(bytes: bytes)
    }

    /// Checks that `count` items of `bytesEach` bytes (rows as a list, list
    /// elements, offsets of a permutation) may be made.
    public static func checkItems(_ count: Int, bytesEach: Int, what: String) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: bytesEach)
        if !overflow && count >= 0 && allowsAllocation(bytes) { return }
        throw RuntimeError(
            "\(count) \(what) are too large to allocate",
            hint: maxArrayBytes.map { "the limit is \($0 >> 20) MiB per allocation" } ?? MemoryBudget.explanation())
    }

    /// `a + b` in bytes, or the "too large" error when the sum overflows.
    public static func stringSum(_ a: Int, _ b: Int) throws -> Int {
        let (bytes, overflow) = a.addingReportingOverflow(b)
        if overflow { throw tooLargeString(Int.max) }
        return bytes
    }

    static func tooLargeString(_ bytes: Int) -> RuntimeError {
        let size = bytes == Int.max ? "more than 2^63 bytes" : "\(bytes) bytes"
        return RuntimeError(
            "a string of \(size) is too large to build",
            hint: maxArrayBytes.map { "the limit is \($0 >> 20) MiB per allocation" } ?? MemoryBudget.explanation())
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
