// `unique` on float arrays: numpy 2's `np.unique(x, return_inverse=True,
// return_counts=True)` with its default `equal_nan=True`: sorted values, nan
// last and counted once, -0.0 equal to 0.0. One stable sort of the positions.

import FLS

extension Groups {
    /// `{values, inverse, counts}` of a 1-d f32 or f64 array.
    static func uniqueFloats(_ x: NDArray) -> Value {
        func go<T: BinaryFloatingPoint>(_ v: some ContiguousElements<T>, _ wrap: ([T]) -> Storage) -> Value {
            // nan sorts after every number; equal numbers keep their order.
            let order = v.indices.sorted { a, b in
                let x = v[a], y = v[b]
                if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN || (x.isNaN && y.isNaN && a < b) }
                return x < y || (x == y && a < b)
            }
            var values: [T] = []
            var counts: [Int64] = []
            var inverse = [Int64](repeating: 0, count: v.count)
            for i in order {
                let x = v[i]
                if let last = values.last, last == x || (last.isNaN && x.isNaN) {
                    counts[counts.count - 1] += 1
                } else {
                    values.append(x)
                    counts.append(1)
                }
                inverse[i] = Int64(values.count - 1)
            }
            return .record(
                Record([
                    ("values", .array(NDArray(shape: [values.count], storage: wrap(values)))),
                    ("inverse", .array(NDArray(indices: inverse))),
                    ("counts", .array(NDArray(indices: counts))),
                ]))
        }
        switch x.storage {
        case .f32(let v): return go(v) { .f32($0) }
        default: return go(x.storage.doubles) { .f64($0) }
        }
    }
}
