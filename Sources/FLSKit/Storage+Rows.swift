// Row-wise copies of a typed buffer. The group primitives treat an array as
// `n` rows of `rowSize` contiguous elements (the first axis against the
// rest), and these helpers copy whole rows with one memcpy-like move each.

import FLS

extension Storage {
    /// The rows listed in `rows` (each `rowSize` elements), in that order.
    func gatherRows(_ rows: [Int], rowSize: Int) -> Storage {
        switch self {
        case .bool(let a): return .bool(Storage.gather(a, rows, rowSize))
        case .u8(let a): return .u8(Storage.gather(a, rows, rowSize))
        case .i32(let a): return .i32(Storage.gather(a, rows, rowSize))
        case .i64(let a): return .i64(Storage.gather(a, rows, rowSize))
        case .f32(let a): return .f32(Storage.gather(a, rows, rowSize))
        case .f64(let a): return .f64(Storage.gather(a, rows, rowSize))
        case .str(let a): return .str(Storage.gather(a, rows, rowSize))
        }
    }

    /// `count` rows starting at row `start`.
    func sliceRows(_ start: Int, _ count: Int, rowSize: Int) -> Storage {
        let lo = start * rowSize, hi = (start + count) * rowSize
        switch self {
        case .bool(let a): return .bool(Array(a[lo..<hi]))
        case .u8(let a): return .u8(Array(a[lo..<hi]))
        case .i32(let a): return .i32(Array(a[lo..<hi]))
        case .i64(let a): return .i64(Array(a[lo..<hi]))
        case .f32(let a): return .f32(Array(a[lo..<hi]))
        case .f64(let a): return .f64(Array(a[lo..<hi]))
        case .str(let a): return .str(Array(a[lo..<hi]))
        }
    }

    private static func gather<T>(_ src: some ContiguousElements<T>, _ rows: [Int], _ rowSize: Int) -> [T] {
        var out: [T] = []
        out.reserveCapacity(rows.count * rowSize)
        src.withUnsafeBufferPointer { p in
            for r in rows {
                let lo = r * rowSize
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[lo..<lo + rowSize]))
            }
        }
        return out
    }

    /// The elements as 64-bit integers; nil for float and string buffers.
    var integerValues: [Int64]? {
        switch self {
        case .bool(let a): return a.map { $0 ? 1 : 0 }
        case .u8(let a): return a.map { Int64($0) }
        case .i32(let a): return a.map { Int64($0) }
        case .i64(let a): return a.array
        default: return nil
        }
    }
}

extension NDArray {
    /// Rows along the first axis, and the number of elements in each row.
    var rowLayout: (rows: Int, rowSize: Int) {
        guard let n = shape.first else { return (1, 1) }
        var size = 1
        for d in shape.dropFirst() { size *= d }
        return (n, size)
    }

    /// A 1-d i64 array.
    init(indices: [Int64]) { self.init(shape: [indices.count], storage: .i64(indices)) }
}
