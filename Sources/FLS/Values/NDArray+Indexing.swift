#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `a[...]` and `a[...] = v`: integers, slices, boolean masks and integer
// arrays, with numpy's result shapes. Every form is reduced to a list of
// source offsets (or runs of contiguous elements) and then gathered or
// scattered in one pass.

extension NDArray {
    /// `a[items]`: a 0-d array (or `.string`) for a fully integer-indexed
    /// element, otherwise a new array.
    public func subscriptGet(_ items: [IndexItem]) throws -> Value {
        // Fast path: one integer into a 1-d array.
        if items.count == 1, ndim == 1, case .int(let i) = items[0] {
            let j = try normalizedIndex(i, axis: 0, size: shape[0])
            return element(j)
        }
        let plan = try IndexPlan(shape: shape, items: items)
        if plan.isScalar { return element(plan.offsets.first ?? 0) }
        return .array(gather(plan))
    }

    /// `a[items] = value`, broadcasting the value and converting it to the
    /// array's dtype (floats truncate into integer arrays, as in numpy).
    public mutating func subscriptSet(_ items: [IndexItem], _ value: Value) throws {
        // Fast path: one integer into a 1-d numeric array, a scalar value.
        if items.count == 1, ndim == 1, case .int(let i) = items[0], dtype != .str,
            let operand = Operand(value), operand.naturalDType != .str
        {
            let j = try normalizedIndex(i, axis: 0, size: shape[0])
            let v = try operand.array(as: dtype)
            if v.ndim == 0 || v.count == 1 {
                var plan = IndexPlan.empty
                plan.offsets = [j]
                scatter(plan, v.storage)
                return
            }
        }
        let plan = try IndexPlan(shape: shape, items: items)
        guard let operand = Operand(value) else {
            throw RuntimeError(
                "cannot assign \(value.kindWithArticle) into an array element",
                hint: "assign a number, a string or an array"
            )
        }
        if dtype == .str && operand.naturalDType != .str {
            throw RuntimeError(
                "cannot assign \(operand.naturalDType) values into a str array", hint: "convert with str(x) first")
        }
        if dtype != .str && operand.naturalDType == .str {
            throw RuntimeError("cannot assign strings into a \(dtype) array")
        }
        var source = try operand.array(as: dtype)
        let target = plan.resultShape
        // Leading length-1 axes of the value beyond the selection's are dropped, as numpy does.
        if source.ndim > target.count, source.shape.prefix(source.ndim - target.count).allSatisfy({ $0 == 1 }) {
            source = try source.reshaped(Array(source.shape.suffix(target.count)))
        }
        if source.shape != target {
            do { source = try source.broadcast(to: target) } catch {
                throw RuntimeError(
                    "cannot assign a value of shape \(formatShape(source.shape)) to a selection of shape \(formatShape(target))",
                    hint: "the value must broadcast to the selection's shape")
            }
        }
        scatter(plan, source.storage)
    }

    func gather(_ plan: IndexPlan) -> NDArray {
        func go<T: Element>(_ src: some ContiguousElements<T>) -> Storage {
            let block = plan.block
            let total = plan.offsets.count * block
            if total == 0 { return T.wrap([]) }
            return T.wrap(
                src.withUnsafeBufferPointer { ps in
                    [T](unsafeUninitializedCapacity: total) { out, n in
                        guard let po = out.baseAddress, let base = ps.baseAddress else { n = 0; return }
                        adviseHugePages(po, count: total)
                        var k = 0
                        if block > 1 && _isPOD(T.self) {
                            // Rows of plain numbers: one memcpy per row, rows split
                            // across cores for large gathers (sigs[split.train]).
                            let bytes = block * MemoryLayout<T>.stride
                            plan.offsets.withUnsafeBufferPointer { offsets in
                                forEachChunk(offsets.count, parallel: total >= parallelThreshold) { s, e in
                                    for r in s..<e {
                                        memcpy(
                                            UnsafeMutableRawPointer(po + r * block),
                                            UnsafeRawPointer(base + offsets[r]), bytes)
                                    }
                                }
                            }
                        } else if block == 1 {
                            for o in plan.offsets { (po + k).initialize(to: ps[o]); k += 1 }
                        } else {
                            for o in plan.offsets {
                                (po + k).initialize(from: base + o, count: block)
                                k += block
                            }
                        }
                        n = total
                    }
                })
        }
        let s: Storage
        switch storage {
        case .bool(let v): s = go(v)
        case .u8(let v): s = go(v)
        case .i32(let v): s = go(v)
        case .i64(let v): s = go(v)
        case .f32(let v): s = go(v)
        case .f64(let v): s = go(v)
        case .str(let v): s = go(v)
        }
        return NDArray(shape: plan.resultShape, storage: s)
    }

    mutating func scatter(_ plan: IndexPlan, _ values: Storage) {
        func go<T: Element>(_ dst: inout some MutableContiguousElements<T>, _ src: Storage) {
            guard let v = T.unwrap(src) else { return }
            let block = plan.block
            dst.withUnsafeMutableBufferPointer { pd in
                var k = 0
                for o in plan.offsets {
                    for j in 0..<block { pd[o + j] = v[k + j] }
                    k += block
                }
            }
        }
        switch storage {
        case .bool(var a): storage = .bool([]); go(&a, values); storage = .bool(a)
        case .u8(var a): storage = .u8([]); go(&a, values); storage = .u8(a)
        case .i32(var a): storage = .i32([]); go(&a, values); storage = .i32(a)
        case .i64(var a): storage = .i64([]); go(&a, values); storage = .i64(a)
        case .f32(var a): storage = .f32([]); go(&a, values); storage = .f32(a)
        case .f64(var a): storage = .f64([]); go(&a, values); storage = .f64(a)
        case .str(var a): storage = .str([]); go(&a, values); storage = .str(a)
        }
    }
}

/// A position checked against an axis, negative counting from the end.
func normalizedIndex(_ i: Int, axis: Int, size: Int) throws -> Int {
    let j = i < 0 ? i + size : i
    guard j >= 0 && j < size else {
        throw RuntimeError("index \(i) is out of bounds for axis \(axis) with size \(size)")
    }
    return j
}

/// The positions a slice selects on an axis of `size`, as Python computes them.
func slicePositions(_ start: Int?, _ stop: Int?, _ step: Int?, size: Int) throws -> (start: Int, count: Int, step: Int)
{
    let st = step ?? 1
    guard st != 0 else { throw RuntimeError("slice step cannot be zero") }
    var lo: Int, hi: Int
    if st > 0 {
        lo = start.map { $0 < 0 ? max(0, $0 + size) : min($0, size) } ?? 0
        hi = stop.map { $0 < 0 ? max(0, $0 + size) : min($0, size) } ?? size
        // Written so that no step, however large, can overflow.
        let n = hi > lo ? (hi - lo - 1) / st + 1 : 0
        return (lo, n, st)
    } else {
        lo = start.map { $0 < 0 ? max(-1, $0 + size) : min($0, size - 1) } ?? size - 1
        hi = stop.map { $0 < 0 ? max(-1, $0 + size) : min($0, size - 1) } ?? -1
        let n = lo > hi ? (st == Int.min ? 1 : (lo - hi - 1) / (-st) + 1) : 0
        return (lo, n, st)
    }
}

/// An index expression resolved against a shape: the result shape and the
/// source offset of each gathered run of `block` contiguous elements.
struct IndexPlan {
    var resultShape: [Int] = []
    var offsets: [Int] = []
    var block = 1
    var isScalar = false

    init(shape: [Int], items: [IndexItem]) throws {
        let strides = contiguousStrides(shape)
        // Expand boolean masks into one integer array per masked axis.
        enum Item { case int(Int), slice(Int?, Int?, Int?), ints(NDArray) }
        var expanded: [Item] = []
        var axis = 0
        /// Positions in `expanded` a `...` covering no axis stands before.
        var separators: [Int] = []
        for item in items {
            switch item {
            case .separator: separators.append(expanded.count)
            case .int(let i): expanded.append(.int(i)); axis += 1
            case .slice(let a, let b, let c): expanded.append(.slice(a, b, c)); axis += 1
            case .array(let a):
                if a.dtype == .bool {
                    let end = axis + a.ndim
                    guard end <= shape.count, Array(shape[axis..<end]) == a.shape else {
                        throw RuntimeError(
                            "boolean index of shape \(formatShape(a.shape)) does not match the indexed array's shape \(formatShape(shape)) at axis \(axis)",
                            hint: "a mask must have the same shape as the axes it selects")
                    }
                    guard case .bool(let m) = a.storage else { break }
                    let ms = contiguousStrides(a.shape)
                    var cols = Array(repeating: [Int64](), count: max(1, a.ndim))
                    for (k, on) in m.enumerated() where on {
                        var r = k
                        for d in 0..<a.ndim { cols[d].append(Int64(r / ms[d])); r %= ms[d] }
                    }
                    if a.ndim == 0 {
                        throw RuntimeError(
                            "a 0-d boolean index is not supported", hint: "use if/else on a scalar condition")
                    }
                    for d in 0..<a.ndim {
                        expanded.append(.ints(NDArray(shape: [cols[d].count], storage: .i64(cols[d]))))
                    }
                    axis = end
                } else if a.dtype.isInteger {
                    expanded.append(.ints(a)); axis += 1
                } else if a.count == 0 && a.dtype != .str {
                    // `m[[]]`: the empty literal is f64, but as an index it
                    // selects nothing (numpy reads an empty list as ints).
                    expanded.append(.ints(NDArray(shape: a.shape, storage: .i64([])))); axis += 1
                } else {
                    throw RuntimeError(
                        "arrays used as indices must be integer or boolean, got \(a.dtype)",
                        hint: "convert with astype(i, \"i64\")")
                }
            }
        }
        guard axis <= shape.count else {
            throw RuntimeError("too many indices: the array has \(shape.count) axes but \(axis) were indexed")
        }
        while expanded.count < shape.count { expanded.append(.slice(nil, nil, nil)) }

        let hasAdvanced = expanded.contains {
            if case .ints = $0 { return true }; return false
        }
        // One component per result group: a slice axis, or the broadcast block
        // of advanced indices (integers count as advanced next to arrays).
        var sliceOffsets: [(Int, [Int], Int)] = []  // (position in expanded, offsets, length)
        var base = 0
        var advPositions: [Int] = []
        // An empty result (a slice of length 0, or an empty index array)
        // materialises no offsets: the other axes may be 10^12 long.
        var empty = false
        for (d, item) in expanded.enumerated() {
            switch item {
            case .slice(let a, let b, let c): if try slicePositions(a, b, c, size: shape[d]).1 == 0 { empty = true }
            case .ints(let a): if a.count == 0 { empty = true }
            case .int: break
            }
        }
        for (d, item) in expanded.enumerated() {
            switch item {
            case .int(let i):
                let j = try normalizedIndex(i, axis: d, size: shape[d])
                if hasAdvanced { advPositions.append(d) } else { base += j * strides[d] }
            case .slice(let a, let b, let c):
                let (start, n, st) = try slicePositions(a, b, c, size: shape[d])
                sliceOffsets.append((d, empty ? [] : (0..<n).map { (start + $0 * st) * strides[d] }, n))
            case .ints: advPositions.append(d)
            }
        }
        var advShape: [Int] = []
        var advOffsets: [Int] = [0]
        if hasAdvanced {
            var arrays: [NDArray] = []
            for d in advPositions {
                switch expanded[d] {
                case .int(let i): arrays.append(NDArray(scalar: Int64(i)))
                case .ints(let a): arrays.append(a)
                default: break
                }
            }
            for a in arrays { advShape = try broadcastShapes(advShape, a.shape) }
            let n = try Limits.elementCount(advShape, .i64)
            advOffsets = Array(repeating: 0, count: n)
            for (k, d) in advPositions.enumerated() {
                let idx = try arrays[k].broadcast(to: advShape).storage.int64s
                for t in 0..<n {
                    let j = try normalizedIndex(Int(idx[t]), axis: d, size: shape[d])
                    advOffsets[t] += j * strides[d]
                }
            }
        }
        // numpy keeps the advanced block in place when its indices are
        // adjacent, and moves it to the front when slices (or a `...`)
        // separate them.
        var adjacent = true
        if let first = advPositions.first, let last = advPositions.last {
            adjacent = last - first + 1 == advPositions.count && !separators.contains { $0 > first && $0 <= last }
        }
        var components: [(shape: [Int], offsets: [Int], axis: Int)] = []
        var placedAdv = false
        if hasAdvanced && !adjacent {
            components.append((advShape, advOffsets, -1)); placedAdv = true
        }
        for (d, offs, n) in sliceOffsets {
            if hasAdvanced && !placedAdv, let first = advPositions.first, d > first {
                components.append((advShape, advOffsets, -1)); placedAdv = true
            }
            let full =
                !empty && offs.count == shape[d] && (offs.count <= 1 || offs[1] - offs[0] == strides[d])
                && (offs.first ?? 0) == 0
            components.append(([n], offs, full ? d : -1))
        }
        if hasAdvanced && !placedAdv { components.append((advShape, advOffsets, -1)) }

        // Trailing full slices of the last input axes are copied as
        // contiguous runs.
        var blockLen = 1
        var nextAxis = shape.count - 1
        while let last = components.last, last.axis >= 0, last.axis == nextAxis {
            nextAxis -= 1
            blockLen *= last.shape[0]
            resultShape = last.shape + resultShape
            components.removeLast()
        }
        var lead: [Int] = []
        for c in components { lead += c.shape }
        resultShape = lead + resultShape
        let total = try Limits.elementCount(resultShape, .i64)
        _ = total
        var offs = [base]
        if empty { offs = [] }
        for c in components where !empty {
            var next: [Int] = []
            next.reserveCapacity(offs.count * c.offsets.count)
            for o in offs { for x in c.offsets { next.append(o + x) } }
            offs = next
        }
        if blockLen == 0 { offs = [] }
        offsets = offs
        block = max(blockLen, 1)
        if blockLen == 0 { block = 1 }
        isScalar = resultShape.isEmpty
    }
}
