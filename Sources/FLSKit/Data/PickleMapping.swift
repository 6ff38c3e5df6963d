// How pickled Python data becomes FLS values and back. Arrays cross without
// copying: a TypedArray's buffer and an NDArray's Storage are the same
// Buffers (owned or mapped) under different case names, so mapping one to
// the other only moves a reference; a packed list of str stays packed. Lists of plain strings or numbers become typed arrays because
// that is how the kit's files hold their `paths`.

import FLS
import FLSFormats

/// Converts between loaded pickles (PickleValue) and FLS values.
enum PickleMapping {
    /// Deepest nesting of lists and records `pickle` accepts: the pickle
    /// reader's and writer's bound (Pickle.maxDepth), so a value that loaded
    /// saves. The writer also counts the lists a str array becomes.
    static let maxDepth = Pickle.maxDepth

    // MARK: - Loading

    /// The FLS value of a loaded pickle. Containers are walked with an
    /// explicit stack (no recursion), so any thread can convert the deepest
    /// value the reader loads (Pickle.maxDepth levels).
    static func value(_ root: PickleValue) throws -> Value {
        /// An open list (keys nil) or dict, its items and their values so far.
        struct Frame {
            let keys: [String]?
            let items: [PickleValue]
            var done: [Value] = []
        }
        var frames: [Frame] = []
        var next: PickleValue? = root
        var finished: Value? = nil
        while true {
            if let p = next {
                next = nil
                switch p {
                case .list(let items):
                    if let typed = homogeneousArray(items) {
                        finished = .array(typed)
                    } else {
                        frames.append(Frame(keys: nil, items: items))
                    }
                case .tuple(let items), .set(let items), .frozenset(let items):
                    frames.append(Frame(keys: nil, items: items))
                case .dict(let pairs):
                    frames.append(Frame(keys: try pairs.map { try keyText($0.0) }, items: pairs.map(\.1)))
                default:
                    finished = leafValue(p)
                }
            }
            if let v = finished {
                finished = nil
                guard !frames.isEmpty else { return v }
                frames[frames.count - 1].done.append(v)
            }
            guard let top = frames.indices.last else {
                throw RuntimeError("internal error: load_pickle lost its place in the value")
            }
            let done = frames[top].done.count
            if done < frames[top].items.count {
                next = frames[top].items[done]
            } else if let frame = frames.popLast() {
                if let keys = frame.keys {
                    var record = Record()
                    for (k, v) in zip(keys, frame.done) { record[k] = v }
                    finished = .record(record)
                } else {
                    finished = .list(frame.done)
                }
            }
        }
    }

    /// The FLS value of a pickle that is not a container.
    private static func leafValue(_ p: PickleValue) -> Value {
        switch p {
        case .none: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let x): return .float(x)
        case .string(let s): return .string(s)
        case .bytes(let b): return .array(NDArray(shape: [b.count], storage: .u8(b)))
        case .strings(let column): return .array(NDArray(shape: [column.count], storage: .str(column)))
        case .array(let a), .scalar(let a): return .array(array(a))
        case .dtype(let name): return .string(name)
        case .list, .tuple, .set, .frozenset, .dict: return .null  // containers never reach here
        }
    }

    /// A TypedArray as an NDArray, sharing its buffer.
    static func array(_ a: TypedArray) -> NDArray {
        NDArray(shape: a.shape, storage: storage(a.data))
    }

    static func storage(_ b: ElementBuffer) -> Storage {
        switch b {
        case .bool(let v): return .bool(v)
        case .u8(let v): return .u8(v)
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .str(let v): return .str(v)
        }
    }

    /// Dict keys become record keys: strings as they are, ints (and other
    /// scalars) as their text, as Python's `str()` would write them.
    private static func keyText(_ k: PickleValue) throws -> String {
        switch k {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .bool(let b): return b ? "True" : "False"
        case .float(let x): return printText(.float(x))
        case .none: return "None"
        default:
            throw FormatError("a dict key is a \(k.kindName); only str and number keys can become record fields")
        }
    }

    /// A 1-d array for a non-empty list whose items are all strings, all
    /// bools, or all ints and floats (any float makes it f64); nil otherwise.
    private static func homogeneousArray(_ items: [PickleValue]) -> NDArray? {
        guard let first = items.first else { return nil }
        switch first {
        case .string:
            var out: [String] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case .string(let s) = item else { return nil }
                out.append(s)
            }
            return NDArray(shape: [out.count], storage: .str(out))
        case .bool:
            var out: [Bool] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case .bool(let b) = item else { return nil }
                out.append(b)
            }
            return NDArray(shape: [out.count], storage: .bool(out))
        case .int, .float:
            var ints: [Int64] = []
            ints.reserveCapacity(items.count)
            var anyFloat = false
            for item in items {
                switch item {
                case .int(let n): ints.append(n)
                case .float: anyFloat = true
                default: return nil
                }
                if anyFloat { break }
            }
            if !anyFloat { return NDArray(shape: [ints.count], storage: .i64(ints)) }
            var doubles: [Double] = []
            doubles.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .int(let n): doubles.append(Double(n))
                case .float(let x): doubles.append(x)
                default: return nil
                }
            }
            return NDArray(shape: [doubles.count], storage: .f64(doubles))
        default:
            return nil
        }
    }

    // MARK: - Saving

    /// The PickleValue to save for an FLS value: records become dicts, str
    /// arrays Python lists of str (nested for n-d), other arrays numpy arrays.
    /// Lists and records are walked with an explicit stack (no recursion),
    /// so any thread can save the deepest value the reader loads.
    static func pickle(_ root: Value) throws -> PickleValue {
        /// An open list (keys nil) or record, its items and their pickles so far.
        struct Frame {
            let keys: [String]?
            let items: [Value]
            var done: [PickleValue] = []
        }
        var frames: [Frame] = []
        var next: Value? = root
        var finished: PickleValue? = nil
        while true {
            if let v = next {
                next = nil
                switch v {
                case .list(let xs):
                    try checkDepth(frames.count)
                    frames.append(Frame(keys: nil, items: xs))
                case .record(let r):
                    try checkDepth(frames.count)
                    frames.append(Frame(keys: r.keys, items: r.values))
                default:
                    finished = try leaf(v)
                }
            }
            if let value = finished {
                finished = nil
                guard !frames.isEmpty else { return value }
                frames[frames.count - 1].done.append(value)
            }
            guard let top = frames.indices.last else {
                throw RuntimeError("internal error: save_pickle lost its place in the value")
            }
            let done = frames[top].done.count
            if done < frames[top].items.count {
                next = frames[top].items[done]
            } else if let frame = frames.popLast() {
                if let keys = frame.keys {
                    finished = .dict(zip(keys, frame.done).map { (PickleValue.string($0.0), $0.1) })
                } else {
                    finished = .list(frame.done)
                }
            }
        }
    }

    /// Refuses to open one more list or record inside `open` ones past maxDepth.
    private static func checkDepth(_ open: Int) throws {
        guard open < maxDepth else {
            throw RuntimeError(
                "save_pickle: the value nests lists and records more than \(maxDepth) levels deep; Python pickles (and load_pickle) stop there"
            )
        }
    }

    /// The pickle of a value that is neither a list nor a record.
    private static func leaf(_ v: Value) throws -> PickleValue {
        switch v {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let x): return .float(x)
        case .string(let s): return .string(s)
        case .array(let a): return try pickle(a)
        case .list, .record:
            throw RuntimeError("internal error: save_pickle met a container as a leaf")
        case .function(let f):
            throw RuntimeError(
                "save_pickle: cannot save the function \(f.name)",
                hint: "save data: records, lists, arrays, strings and numbers")
        case .handle(let h):
            throw RuntimeError(
                "save_pickle: cannot save \(h.summary)", hint: "save the data read from it instead, e.g. a.paths")
        }
    }

    /// An array's pickle: numeric arrays (0-d too) as numpy arrays, str
    /// arrays as (nested) lists of str, a 0-d str array as one str.
    static func pickle(_ a: NDArray) throws -> PickleValue {
        if case .str(let v) = a.storage { return try nestedStrings(v.array, shape: a.shape) }
        return .array(typedArray(a))
    }

    /// An NDArray as the formats' typed array, sharing its buffer (the
    /// inverse of `array(_:)`).
    static func typedArray(_ a: NDArray) -> TypedArray {
        let data: ElementBuffer
        switch a.storage {
        case .bool(let v): data = .bool(v)
        case .u8(let v): data = .u8(v)
        case .i32(let v): data = .i32(v)
        case .i64(let v): data = .i64(v)
        case .f32(let v): data = .f32(v)
        case .f64(let v): data = .f64(v)
        case .str(let v): data = .str(v)
        }
        return TypedArray(shape: a.shape, data: data)
    }

    /// Row-major strings grouped into nested lists of `shape`, built level by
    /// level from the innermost axis (no recursion). An axis of extent 0 gives
    /// empty lists; the number of lists is checked before it is allocated.
    private static func nestedStrings(_ flat: [String], shape: [Int]) throws -> PickleValue {
        guard !shape.isEmpty else { return .string(flat.first ?? "") }
        var level: [PickleValue] = flat.map { .string($0) }
        for axis in stride(from: shape.count - 1, to: 0, by: -1) {
            let extent = shape[axis]
            var groups = 1
            for d in shape[..<axis] {
                let (p, overflow) = groups.multipliedReportingOverflow(by: d)
                guard !overflow, p <= 1 << 28 else {
                    throw RuntimeError("save_pickle: a str array of shape \(shape) has too many rows to save as lists")
                }
                groups = p
            }
            var grouped: [PickleValue] = []
            grouped.reserveCapacity(groups)
            for g in 0..<groups {
                grouped.append(.list(extent == 0 ? [] : Array(level[(g * extent)..<((g + 1) * extent)])))
            }
            level = grouped
        }
        return .list(level)
    }
}
