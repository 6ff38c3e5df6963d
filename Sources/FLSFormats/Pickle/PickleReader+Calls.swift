// The allowlist: the only callables a pickle may name, and what calling
// them (REDUCE, NEWOBJ) or setting their state (BUILD) means here. Nothing
// is ever looked up by name at run time; an unknown global is an error.

extension PickleReader {
    /// Maps a (module, name) pair to an allowed callable, or refuses it by name.
    func resolveGlobal(module: String, name: String) throws -> PickleGlobal {
        let numpyCore = ["numpy.core.multiarray", "numpy._core.multiarray"]
        switch (module, name) {
        case (let m, "_reconstruct") where numpyCore.contains(m): return .reconstruct
        case (let m, "scalar") where numpyCore.contains(m): return .scalar
        case ("numpy", "ndarray"), ("numpy.core.multiarray", "ndarray"),
            ("numpy._core.multiarray", "ndarray"):
            return .ndarray
        case ("numpy", "dtype"), ("numpy.core.multiarray", "dtype"),
            ("numpy._core.multiarray", "dtype"):
            return .dtype
        case ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"): return .frombuffer
        case ("_codecs", "encode"): return .codecsEncode
        case ("copy_reg", "_reconstructor"), ("copyreg", "_reconstructor"): return .reconstructor
        case ("collections", "OrderedDict"): return .orderedDict
        case ("builtins", let n), ("__builtin__", let n):
            switch n {
            case "set": return .set
            case "frozenset": return .frozenset
            case "bytearray": return .bytearray
            case "bytes": return .bytes
            case "list": return .list
            case "dict": return .dict
            case "object": return .object
            default: break
            }
        default: break
        }
        throw fail("refusing to load global \(module).\(name): pickles may only construct numpy arrays and plain data")
    }

    private func tupleItems(_ v: PickleObject, _ what: String) throws -> [PickleObject] {
        switch v {
        case .tuple(let t): return t.items
        case .list(let l): return l.items
        default: throw fail("\(what) expects a tuple of arguments, got a \(v.kindName)")
        }
    }

    private func intValue(_ v: PickleObject, _ what: String) throws -> Int {
        switch v {
        case .int(let i): return Int(i)
        case .bool(let b): return b ? 1 : 0
        default: throw fail("\(what) must be an integer, got a \(v.kindName)")
        }
    }

    private func shapeValue(_ v: PickleObject) throws -> [Int] {
        let dims: [PickleObject]
        switch v {
        case .tuple(let t): dims = t.items
        case .list(let l): dims = l.items
        case .int: dims = [v]
        default: throw fail("array shape must be a tuple of integers, got a \(v.kindName)")
        }
        guard dims.count <= NumpyArrayBuilder.maxDimensions else {
            throw fail("array has \(dims.count) dimensions; numpy allows at most \(NumpyArrayBuilder.maxDimensions)")
        }
        return try dims.map { try intValue($0, "array shape extent") }
    }

    /// Calls an allowed callable with `args` (REDUCE / NEWOBJ / INST / OBJ).
    func call(_ callable: PickleObject, args argsObject: PickleObject) throws -> PickleObject {
        guard case .global(let g) = callable else {
            throw fail("pickle calls a \(callable.kindName), which is not a callable")
        }
        let args = try tupleItems(argsObject, "call")
        switch g {
        case .reconstruct:
            // _reconstruct(ndarray, (0,), b'b'): an empty array that BUILD fills.
            guard args.count == 3, case .global(.ndarray) = args[0] else {
                throw fail("numpy _reconstruct called with unexpected arguments")
            }
            return .array(register(ArrayBox()))
        case .ndarray:
            throw fail("numpy.ndarray may only appear as the class passed to _reconstruct")
        case .dtype:
            guard let first = args.first, let name = try string(first) else {
                throw fail("numpy.dtype needs a type name string")
            }
            return .dtype(try parseDType(name))
        case .scalar:
            guard args.count == 2, case .dtype(let d) = args[0] else {
                throw fail("numpy scalar needs a dtype and its bytes")
            }
            if d.kind == UInt8(ascii: "O") { return args[1] }
            guard let blob = payloadBlob(args[1]) else {
                throw fail("numpy scalar payload must be bytes, got a \(args[1].kindName)")
            }
            let a = try NumpyArrayBuilder.build(dtype: d, shape: [], fortran: false, payload: blob, source: source)
            return .scalar(a)
        case .frombuffer:
            // numpy's protocol 5 form: _frombuffer(buffer, dtype, shape, order).
            guard args.count == 4, case .dtype(let d) = args[1], let blob = payloadBlob(args[0]) else {
                throw fail("numpy _frombuffer called with unexpected arguments")
            }
            let shape = try shapeValue(args[2])
            let order = try string(args[3]) ?? "C"
            let box = register(ArrayBox())
            box.state = .typed(
                try NumpyArrayBuilder.build(
                    dtype: d, shape: shape, fortran: order == "F", payload: blob, source: source))
            return .array(box)
        case .codecsEncode:
            guard args.count == 2, let enc = try string(args[1]) else {
                throw fail("_codecs.encode needs a text and an encoding")
            }
            guard ["latin1", "latin-1", "iso-8859-1", "iso8859-1"].contains(enc.lowercased()) else {
                throw fail("_codecs.encode with encoding \(enc) is not supported (only latin1)")
            }
            switch args[0] {
            case .str, .short, .text: return .bytes(payloadBlob(args[0]) ?? Blob(.loaded([])))
            case .py2str(let b), .bytes(let b): return .bytes(b)
            default: throw fail("_codecs.encode needs a text, got a \(args[0].kindName)")
            }
        case .reconstructor:
            // copyreg._reconstructor(cls, base, state) for plain classes.
            guard args.count == 3, case .global(let cls) = args[0], case .global(let base) = args[1] else {
                throw fail("copyreg._reconstructor called with unexpected arguments")
            }
            guard [.object, .list, .dict].contains(base) else {
                throw fail("copyreg._reconstructor with this base class is not supported")
            }
            return try call(.global(cls), args: .tuple(register(TupleBox([]))))
        case .set, .frozenset:
            var items: [PickleObject] = []
            if let first = args.first { items = try iterableItems(first) }
            try chargeCopies(items.count)
            return .set(register(SetBox(items, frozen: g == .frozenset)))
        case .list:
            var items: [PickleObject] = []
            if let first = args.first { items = try iterableItems(first) }
            try chargeCopies(items.count)
            return .list(register(ListBox(items)))
        case .dict, .orderedDict, .object:
            let d = register(DictBox())
            if let first = args.first, g != .object {
                if case .dict(let src) = first {
                    try chargeCopies(src.keys.count)
                    d.keys = src.keys
                    d.values = src.values
                } else {
                    let pairs = try iterableItems(first)
                    try chargeCopies(pairs.count)
                    for pair in pairs {
                        let kv = try tupleItems(pair, "dict item")
                        guard kv.count == 2 else { throw fail("dict items must be pairs") }
                        d.keys.append(kv[0])
                        d.values.append(kv[1])
                    }
                }
            }
            return .dict(d)
        case .bytes, .bytearray:
            guard let first = args.first else { return .bytes(Blob(.loaded([]))) }
            if args.count >= 2, let blob = payloadBlob(first) {
                // bytearray(text, "latin-1"), as Python 3 writes at protocol 2.
                guard let enc = try string(args[1]), ["latin1", "latin-1"].contains(enc.lowercased()) else {
                    throw fail("bytearray with this encoding is not supported (only latin-1)")
                }
                return .bytes(blob)
            }
            if let blob = payloadBlob(first) { return .bytes(blob) }
            let items = try iterableItems(first)
            var out: [UInt8] = []
            out.reserveCapacity(items.count)
            for item in items {
                let v = try intValue(item, "bytes item")
                guard v >= 0 && v < 256 else { throw fail("bytes item \(v) is not in 0...255") }
                out.append(UInt8(v))
            }
            return .bytes(Blob(.loaded(out)))
        }
    }

    private func iterableItems(_ v: PickleObject) throws -> [PickleObject] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t.items
        case .set(let s): return s.items
        default: throw fail("expected a list, got a \(v.kindName)")
        }
    }

    /// The raw bytes behind a bytes-like argument (array payloads).
    func payloadBlob(_ v: PickleObject) -> Blob? {
        switch v {
        case .bytes(let b), .py2str(let b): return b
        case .short(let start, let count, let py2):
            return payloadBlob(.str(arenaString(start, count), py2: py2))
        case .str(let s, let py2):
            if py2 { return Blob(.loaded(s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })) }
            return Blob(.loaded(Array(s.utf8)), utf8Latin1: true)
        // A Python 3 str payload is what Python 2 str becomes under
        // encoding="latin1"; numpy encodes it back with latin-1.
        case .text(let b): return Blob(b.storage, utf8Latin1: true)
        default: return nil
        }
    }

    /// Parses a numpy dtype name such as `f8`, `<i4`, `U10`, `S3`, `b1`, `O8`.
    func parseDType(_ name: String) throws -> DTypeBox {
        var chars = Array(name.utf8)
        var order = UInt8(ascii: "=")
        if let c = chars.first,
            [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "=")].contains(c)
        {
            order = c
            chars.removeFirst()
        }
        guard let kind = chars.first else { throw fail("empty numpy dtype name") }
        let digits = String(decoding: chars.dropFirst(), as: UTF8.self)
        var size: Int
        if digits.isEmpty {
            size = 0
        } else if let n = Int(digits), n >= 0, n <= 1 << 30 {
            size = n
        } else {
            throw fail("numpy dtype \(name) is not supported")
        }
        switch kind {
        case UInt8(ascii: "U"): size *= 4
        case UInt8(ascii: "b"), UInt8(ascii: "i"), UInt8(ascii: "u"), UInt8(ascii: "f"), UInt8(ascii: "c"),
            UInt8(ascii: "S"), UInt8(ascii: "V"), UInt8(ascii: "O"), UInt8(ascii: "M"), UInt8(ascii: "m"):
            break
        case UInt8(ascii: "?"):
            return DTypeBox(kind: UInt8(ascii: "b"), itemSize: 1, byteOrder: UInt8(ascii: "|"))
        default:
            throw fail("numpy dtype \(name) is not supported")
        }
        if kind == UInt8(ascii: "b") && size == 0 { size = 1 }
        return DTypeBox(kind: kind, itemSize: size, byteOrder: order)
    }

    /// BUILD: applies pickled state to an array, a dtype, or a plain object.
    func build(_ target: PickleObject, state: PickleObject) throws {
        switch target {
        case .dtype(let d):
            let s = try tupleItems(state, "dtype state")
            // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
            guard s.count >= 8, let order = try string(s[1]), let o = order.utf8.first else {
                throw fail("numpy dtype state has an unexpected form")
            }
            d.byteOrder = o
            if case .none = s[2] {} else { throw fail("numpy sub-array dtypes are not supported") }
            if case .none = s[3] {} else { throw fail("numpy structured dtypes (with fields) are not supported") }
            if case .int(let elsize) = s[5], elsize > 0,
                [UInt8(ascii: "U"), UInt8(ascii: "S"), UInt8(ascii: "V")].contains(d.kind)
            {
                guard elsize <= 1 << 30 else { throw fail("numpy dtype element size \(elsize) is too large") }
                d.itemSize = Int(elsize)
            }
        case .array(let box):
            guard case .pending = box.state else { throw fail("numpy array state set twice") }
            var s = try tupleItems(state, "ndarray state")
            // Version 1 is (1, shape, dtype, is_fortran, data); version 0 omits the number.
            if s.count == 5 { s.removeFirst() }
            guard s.count == 4, case .dtype(let d) = s[1] else {
                throw fail("numpy array state has an unexpected form")
            }
            let shape = try shapeValue(s[0])
            let fortran = try intValue(s[2], "fortran flag") != 0
            if d.kind == UInt8(ascii: "O") {
                let count = try NumpyArrayBuilder.elementCount(shape)
                let items = try iterableItems(s[3])
                guard items.count == count else {
                    throw fail("object array has \(items.count) items but shape \(shape) needs \(count)")
                }
                box.state = .objects(
                    fortran && shape.count > 1 ? NumpyArrayBuilder.transpose(items, shape) : items, shape: shape)
                return
            }
            guard let blob = payloadBlob(s[3]) else {
                throw fail("numpy array data must be bytes, got a \(s[3].kindName)")
            }
            box.state = .typed(
                try NumpyArrayBuilder.build(
                    dtype: d, shape: shape, fortran: fortran, payload: blob, source: source))
        case .dict(let d):
            // Plain objects rebuilt by copyreg: their __dict__ becomes the record.
            var items = state
            if case .tuple(let t) = state, t.items.count == 2 { items = t.items[0] }
            if case .none = items { return }
            guard case .dict(let src) = items else { throw fail("object state must be a dict") }
            try chargeCopies(src.keys.count)
            d.keys.append(contentsOf: src.keys)
            d.values.append(contentsOf: src.values)
        case .list:
            if case .none = state { return }
            throw fail("BUILD on a list is not supported")
        default:
            throw fail("cannot set the state of a \(target.kindName)")
        }
    }
}
