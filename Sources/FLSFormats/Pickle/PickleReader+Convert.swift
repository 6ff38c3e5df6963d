// From the machine's objects to plain PickleValues, without recursion: an
// explicit stack of frames, a depth limit (the result is a tree that Swift
// releases recursively), cycle detection, and a budget on the number of
// values so that shared references cannot multiply into an exponential tree.
// A string reached many times through shared references is made once; the
// text the tree stands for (each reference counted, since an array of str
// copies it) is held to the memory budget.

import FLSMemory

extension PickleReader {
    private enum FrameKind {
        case list, tuple, set, frozenset, dict
        case objectArray(shape: [Int])
    }

    private struct Frame {
        let kind: FrameKind
        let box: PickleContainer
        /// Children to convert; for a dict, keys and values alternate.
        let items: [PickleObject]
        var next = 0
        var out: [PickleValue] = []
    }

    /// Converts `root` into a PickleValue tree.
    func convert(_ root: PickleObject) throws -> PickleValue {
        // Each value costs at least one byte of pickle unless it is shared
        // through the memo; allow generous sharing but not an explosion.
        let budget = max(limits.maxValues, source.size.multipliedReportingOverflow(by: 4).partialValue)
        var produced = 0
        var frames: [Frame] = []
        // A long string or bytes object memoised once and fetched many times
        // is converted once: the copies share one buffer (Swift's String and
        // Array are copy-on-write), so memory stays proportional to the file.
        var shared: [ObjectIdentifier: PickleValue] = [:]
        func once(_ blob: Blob, asText: Bool, _ make: () throws -> PickleValue) rethrows -> PickleValue {
            // The same bytes may be used as text and as bytes; keep them apart.
            let key = ObjectIdentifier(asText ? blob.textKey : blob)
            if let done = shared[key] { return done }
            let made = try make()
            shared[key] = made
            return made
        }
        // Strings read into the arena, by where they start there (shorter
        // ones are stored inline by Swift, and packed lists by the list).
        var sharedShort: [Int: PickleValue] = [:]
        var sharedColumns: [ObjectIdentifier: StringColumn] = [:]
        var text = MemoryBudget.Tally()
        func chargeText(_ bytes: Int) throws {
            guard text.add(bytes) else {
                throw FormatError(
                    "pickle expands to more than \(MemoryBudget.describe(text.bytes)) of text through shared "
                        + "references; refusing to load it (\(MemoryBudget.explanation()))")
            }
        }
        var finished: PickleValue? = nil

        // Converts a leaf now, or opens a frame for a container.
        func visit(_ v: PickleObject) throws -> PickleValue? {
            produced += 1
            if produced > budget {
                throw FormatError(
                    "pickle expands to more than \(budget) values through shared references; refusing to load it")
            }
            let frame: Frame
            switch v {
            case .none: return PickleValue.none
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .float(let d): return .float(d)
            case .str(let s, _):
                try chargeText(s.utf8.count)
                return .string(s)
            case .short(let start, let count, _):
                try chargeText(count)
                if count < 16 { return .string(arenaString(start, count)) }
                if let done = sharedShort[start] { return done }
                let made = PickleValue.string(arenaString(start, count))
                sharedShort[start] = made
                return made
            case .list(let l) where packStrings && l.items.count > 1:
                if let column = sharedColumns[ObjectIdentifier(l)] ?? packed(l.items) {
                    produced += l.items.count
                    sharedColumns[ObjectIdentifier(l)] = column
                    try chargeText(
                        l.items.reduce(0) {
                            if case .short(_, let count, _) = $1 { return $0 + count }
                            return $0
                        })
                    return .strings(column)
                }
                frame = Frame(kind: .list, box: l, items: l.items)
            case .text(let b), .py2str(let b):
                let made = try once(b, asText: true) { .string(try string(v) ?? "") }
                if case .string(let s) = made { try chargeText(s.utf8.count) }
                return made
            case .bytes(let b): return try once(b, asText: false) { .bytes(try materialize(b)) }
            case .scalar(let a): return .scalar(a)
            case .dtype(let d): return .dtype(NumpyArrayBuilder.describe(d))
            case .global:
                throw FormatError("pickle returns a class or function object, which is not plain data")
            case .list(let l): frame = Frame(kind: .list, box: l, items: l.items)
            case .tuple(let t): frame = Frame(kind: .tuple, box: t, items: t.items)
            case .set(let s): frame = Frame(kind: s.frozen ? .frozenset : .set, box: s, items: s.items)
            case .dict(let d):
                var items: [PickleObject] = []
                items.reserveCapacity(d.keys.count * 2)
                for i in 0..<d.keys.count {
                    items.append(d.keys[i])
                    items.append(d.values[i])
                }
                frame = Frame(kind: .dict, box: d, items: items)
            case .array(let a):
                switch a.state {
                case .pending: throw FormatError("numpy array was never given its data (missing BUILD)")
                case .typed(let t): return .array(t)
                case .objects(let items, let shape):
                    frame = Frame(kind: .objectArray(shape: shape), box: a, items: items)
                }
            }
            guard !frame.box.visiting else {
                throw FormatError("pickle holds a container that contains itself, which plain data cannot represent")
            }
            guard frames.count < limits.maxDepth else {
                throw FormatError("pickle nests containers more than \(limits.maxDepth) levels deep")
            }
            frame.box.visiting = true
            var f = frame
            f.out.reserveCapacity(frame.items.count)
            frames.append(f)
            return nil
        }

        if let leaf = try visit(root) { return leaf }
        // Frames are edited in place (never copied out and back) so that each
        // frame's `out` array stays uniquely referenced and appends stay O(1).
        while !frames.isEmpty {
            let last = frames.count - 1
            if frames[last].next < frames[last].items.count {
                let child = frames[last].items[frames[last].next]
                frames[last].next += 1
                if let leaf = try visit(child) {
                    frames[last].out.append(leaf)
                }
                continue
            }
            guard let done = frames.popLast() else { break }
            done.box.visiting = false
            let value = try finish(done.kind, done.out)
            if frames.isEmpty {
                finished = value
            } else {
                frames[frames.count - 1].out.append(value)
            }
        }
        guard let result = finished else { throw FormatError("pickle produced no value") }
        return result
    }

    /// A list whose items are all short strs, as a packed column sharing the
    /// arena when the items lie back to back in it (the usual case); nil
    /// when any item is something else.
    private func packed(_ items: [PickleObject]) -> StringColumn? {
        var offsets = [Int]()
        offsets.reserveCapacity(items.count + 1)
        var contiguous = true
        for item in items {
            guard case .short(let start, let count, _) = item else { return nil }
            if offsets.isEmpty {
                offsets.append(start)
            } else if offsets[offsets.count - 1] != start {
                contiguous = false
            }
            offsets.append(start + count)
        }
        if !contiguous {
            var builder = PackedStringsBuilder(capacity: items.count)
            arena.withUnsafeBufferPointer { bytes in
                for item in items {
                    if case .short(let start, let count, _) = item {
                        builder.append(UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]))
                    }
                }
            }
            return StringColumn(packed: builder.finish())
        }
        if sharedArena == nil { sharedArena = Buffer(arena) }
        guard let bytes = sharedArena else { return nil }
        return StringColumn(packed: PackedStrings(bytes: bytes, offsets: Buffer(offsets)))
    }

    private func finish(_ kind: FrameKind, _ out: [PickleValue]) throws -> PickleValue {
        switch kind {
        case .list: return .list(out)
        case .tuple: return .tuple(out)
        case .set: return .set(out)
        case .frozenset: return .frozenset(out)
        case .dict:
            var pairs: [(PickleValue, PickleValue)] = []
            pairs.reserveCapacity(out.count / 2)
            var index: [String: Int] = [:]
            var i = 0
            while i + 1 < out.count {
                let key: String
                switch out[i] {
                case .string(let s): key = s
                case .int(let n): key = String(n)
                default:
                    throw FormatError("dict key of kind \(out[i].kindName) is not supported; keys must be str or int")
                }
                // A repeated key keeps its first position and takes the last value, as in Python.
                if let at = index[key] {
                    pairs[at].1 = out[i + 1]
                } else {
                    index[key] = pairs.count
                    pairs.append((.string(key), out[i + 1]))
                }
                i += 2
            }
            return .dict(pairs)
        case .objectArray(let shape):
            return try nest(out, shape: shape)
        }
    }

    /// Groups a flat row-major list into nested lists of `shape`, as
    /// numpy's `tolist()` does. An axis of extent 0 ends the nesting there:
    /// shape (3, 0, 5) is three empty lists, (2, 3, 0) two lists of three
    /// empty lists.
    private func nest(_ flat: [PickleValue], shape: [Int]) throws -> PickleValue {
        if shape.isEmpty { return flat.first ?? .none }
        var outer = shape
        var level = flat
        if let zero = shape.firstIndex(of: 0) {
            outer = Array(shape[0..<zero])
            var lists = 1
            for extent in outer {
                let (product, overflow) = lists.multipliedReportingOverflow(by: extent)
                let budget = max(limits.maxValues, source.size.multipliedReportingOverflow(by: 4).partialValue)
                guard !overflow, product <= budget else {
                    throw FormatError(
                        "an object array of shape \(shape) would expand to more than \(budget) empty lists; refusing to load it"
                    )
                }
                lists = product
            }
            if zero == 0 { return .list([]) }
            level = Array(repeating: .list([]), count: lists)
        } else {
            outer = shape
        }
        for extent in outer.dropFirst().reversed() {
            var grouped: [PickleValue] = []
            grouped.reserveCapacity(level.count / extent)
            var i = 0
            while i + extent <= level.count {
                grouped.append(.list(Array(level[i..<(i + extent)])))
                i += extent
            }
            level = grouped
        }
        return .list(level)
    }
}
