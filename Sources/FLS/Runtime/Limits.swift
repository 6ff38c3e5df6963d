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
    /// Largest single array, in bytes: half of the machine's memory.
    public static var maxArrayBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 {
            let (total, overflow) = Int(pages).multipliedReportingOverflow(by: Int(pageSize))
            if !overflow { return total / 2 }
        }
        return 8 << 30
    }()

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
        if overflow || bytes > maxArrayBytes { throw tooLarge(shape, dtype) }
        return count
    }

    static func tooLarge(_ shape: [Int], _ dtype: DType) -> RuntimeError {
        RuntimeError(
            "an array of shape \(formatShape(shape)) and dtype \(dtype) is too large to allocate",
            hint: "the limit is \(maxArrayBytes >> 20) MiB per array (half of this machine's memory)")
    }
}

/// `[2, 3]` -> `"[2, 3]"`.
public func formatShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
