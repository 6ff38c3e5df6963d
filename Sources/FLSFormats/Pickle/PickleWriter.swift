// Writes protocol 2 pickles the way Python 2's cPickle wrote the kit's files:
// SHORT_BINSTRING/BINSTRING for ASCII text, BINUNICODE otherwise, memo
// indices from 1 with BINPUT/LONG_BINPUT, APPENDS/SETITEMS in batches of
// 1000, numpy arrays through numpy.core.multiarray._reconstruct with a
// (1, shape, dtype, False, data) BUILD state. Python 3 reads these files with
// pickle.load(f, encoding="latin1") under numpy 1 or 2. Nesting is walked
// with an explicit task stack, never by recursion.

/// Serialises PickleValues as protocol 2 pickles.
final class PickleWriter {
    private let sink: PickleSink
    private var nextMemo = 1
    private var globalMemo: [String: Int] = [:]
    private var dtypeMemo: [String: Int] = [:]
    /// Deepest container nesting written (Pickle.maxDepth): the reader's
    /// bound, so everything written loads back and everything loaded saves.
    static let maxDepth = Pickle.maxDepth
    private static let batch = 1000

    /// With `alignPayloads`, large array payloads start at multiples of 64
    /// bytes (see Pickle.payloadPadding); without, the bytes are exactly
    /// what Python 2's cPickle writes.
    init(sink: PickleSink, alignPayloads: Bool = true) {
        self.sink = sink
        self.alignPayloads = alignPayloads
    }

    private let alignPayloads: Bool

    private enum Task {
        case value(PickleValue, depth: Int)
        case op(UInt8)
        case put
    }

    /// Writes a whole pickle: PROTO 2, the value, STOP.
    func write(_ root: PickleValue) throws {
        try sink.write([0x80, 2])
        var tasks: [Task] = [.value(root, depth: 0)]
        while let task = tasks.popLast() {
            switch task {
            case .op(let b): try sink.byte(b)
            case .put: try put()
            case .value(let v, let depth):
                // `depth` containers are open around `v`; the reader refuses
                // to open more than maxDepth.
                if depth >= PickleWriter.maxDepth, v.isContainer {
                    throw FormatError(
                        "value nests containers more than \(PickleWriter.maxDepth) levels deep to be pickled")
                }
                try writeValue(v, depth: depth, tasks: &tasks)
            }
        }
        try sink.byte(0x2E)
    }

    private func writeValue(_ v: PickleValue, depth: Int, tasks: inout [Task]) throws {
        // Tasks run last-in first-out, so children are pushed in reverse.
        var later: [Task] = []
        switch v {
        case .none: try sink.byte(0x4E)
        case .bool(let b): try sink.byte(b ? 0x88 : 0x89)
        case .int(let i): try writeInt(i)
        case .float(let d):
            try sink.byte(0x47)
            let bits = d.bitPattern
            for k in stride(from: 56, through: 0, by: -8) {
                try sink.byte(UInt8(truncatingIfNeeded: bits >> UInt64(k)))
            }
        case .string(let s):
            try writeString(s)
            try put()
        case .bytes(let b):
            try writeBytes(b)
        case .list(let items):
            try sink.byte(0x5D)
            try put()
            later = batched(items, depth: depth, one: 0x61, many: 0x65)
        case .strings(let column):
            try sink.byte(0x5D)
            try put()
            later = batched(column.array.map { .string($0) }, depth: depth, one: 0x61, many: 0x65)
        case .tuple(let items):
            if items.isEmpty {
                try sink.byte(0x29)
                return
            }
            if items.count > 3 { later.append(.op(0x28)) }
            later += items.map { .value($0, depth: depth + 1) }
            later.append(.op(items.count > 3 ? 0x74 : [0x85, 0x86, 0x87][items.count - 1]))
            later.append(.put)
        case .dict(let pairs):
            try sink.byte(0x7D)
            try put()
            var flat: [PickleValue] = []
            flat.reserveCapacity(pairs.count * 2)
            for (k, v) in pairs { flat.append(k); flat.append(v) }
            later = batched(flat, depth: depth, one: 0x73, many: 0x75, stride: 2)
        case .set(let items), .frozenset(let items):
            let isSet: Bool
            if case .set = v { isSet = true } else { isSet = false }
            try global("__builtin__", isSet ? "set" : "frozenset")
            try sink.byte(0x5D)
            try put()
            later = batched(items, depth: depth, one: 0x61, many: 0x65)
            later += [.op(0x85), .op(0x52), .put]
        case .array(let a):
            try writeArray(a)
        case .scalar(let a):
            try writeScalar(a)
        case .dtype(let name):
            try writeDType(name)
        }
        tasks.append(contentsOf: later.reversed())
    }

    /// Items in cPickle's batches: MARK ... APPENDS (or one APPEND for a single item).
    private func batched(_ items: [PickleValue], depth: Int, one: UInt8, many: UInt8, stride: Int = 1) -> [Task] {
        var out: [Task] = []
        out.reserveCapacity(items.count + 2 * (items.count / (PickleWriter.batch * stride) + 1))
        var start = 0
        while start < items.count {
            let end = min(items.count, start + PickleWriter.batch * stride)
            let single = end - start == stride
            if !single { out.append(.op(0x28)) }
            for i in start..<end { out.append(.value(items[i], depth: depth + 1)) }
            out.append(.op(single ? one : many))
            start = end
        }
        return out
    }

    // MARK: - Scalars and strings

    private func put() throws {
        let i = nextMemo
        nextMemo += 1
        if i < 256 {
            try sink.write([0x71, UInt8(i)])
        } else {
            try sink.byte(0x72)
            try writeUInt32(UInt32(truncatingIfNeeded: i))
        }
    }

    private func writeUInt32(_ v: UInt32) throws {
        try sink.write([UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)])
    }

    private func writeInt(_ i: Int64) throws {
        if i >= 0 && i < 256 {
            try sink.write([0x4B, UInt8(i)])
        } else if i >= 0 && i < 65536 {
            try sink.write([0x4D, UInt8(i & 0xFF), UInt8(i >> 8)])
        } else if i >= Int64(Int32.min) && i <= Int64(Int32.max) {
            try sink.byte(0x4A)
            try writeUInt32(UInt32(bitPattern: Int32(i)))
        } else {
            // LONG1: little-endian two's complement, minimal length.
            var bytes: [UInt8] = []
            var v = i
            for _ in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v)); v >>= 8 }
            while bytes.count > 1 {
                let last = bytes[bytes.count - 1], prev = bytes[bytes.count - 2]
                if (last == 0 && prev & 0x80 == 0) || (last == 0xFF && prev & 0x80 != 0) {
                    bytes.removeLast()
                } else {
                    break
                }
            }
            try sink.write([0x8A, UInt8(bytes.count)] + bytes)
        }
    }

    /// A str: a Python 2 `str` when ASCII (as the kit's files), else unicode.
    private func writeString(_ s: String) throws {
        let utf8 = Array(s.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            try writeBinString(utf8)
        } else {
            guard utf8.count <= Int(UInt32.max) else { throw FormatError("string too long to pickle") }
            try sink.byte(0x58)
            try writeUInt32(UInt32(utf8.count))
            try sink.write(utf8)
        }
    }

    private func writeBinString(_ bytes: [UInt8]) throws {
        if bytes.count < 256 {
            try sink.write([0x55, UInt8(bytes.count)])
        } else {
            try writeBinStringHeader(bytes.count)
        }
        try sink.write(bytes)
    }

    private func writeBinStringHeader(_ count: Int) throws {
        guard count <= Int(Int32.max) else {
            throw FormatError("array data of \(count) bytes is too large for a protocol 2 pickle (2 GiB at most)")
        }
        try sink.byte(0x54)
        try writeUInt32(UInt32(count))
    }

    /// Bytes as Python 3 writes them at protocol 2: `_codecs.encode(text, "latin1")`.
    private func writeBytes(_ b: [UInt8]) throws {
        try global("_codecs", "encode")
        let text = PickleText.utf8FromLatin1(b)
        guard text.count <= Int(UInt32.max) else { throw FormatError("bytes too long to pickle") }
        try sink.byte(0x58)
        try writeUInt32(UInt32(text.count))
        try sink.write(text)
        try sink.write([0x55, 6] + Array("latin1".utf8))
        try sink.write([0x86, 0x52])
        try put()
    }

    private func global(_ module: String, _ name: String) throws {
        let key = module + "\n" + name
        if let i = globalMemo[key] {
            try get(i)
            return
        }
        try sink.byte(0x63)
        try sink.write(Array((key + "\n").utf8))
        globalMemo[key] = nextMemo
        try put()
    }

    private func get(_ i: Int) throws {
        if i < 256 {
            try sink.write([0x68, UInt8(i)])
        } else {
            try sink.byte(0x6A)
            try writeUInt32(UInt32(truncatingIfNeeded: i))
        }
    }

    // MARK: - numpy

    private struct DTypeInfo {
        let name: String
        let order: String
        let elsize: Int
        let alignment: Int
        let flags: Int
    }

    private func dtypeInfo(_ a: TypedArray, width: Int) -> DTypeInfo {
        switch a.elementType {
        case .bool: return DTypeInfo(name: "b1", order: "|", elsize: -1, alignment: -1, flags: 0)
        case .u8: return DTypeInfo(name: "u1", order: "|", elsize: -1, alignment: -1, flags: 0)
        case .i32: return DTypeInfo(name: "i4", order: "<", elsize: -1, alignment: -1, flags: 0)
        case .i64: return DTypeInfo(name: "i8", order: "<", elsize: -1, alignment: -1, flags: 0)
        case .f32: return DTypeInfo(name: "f4", order: "<", elsize: -1, alignment: -1, flags: 0)
        case .f64: return DTypeInfo(name: "f8", order: "<", elsize: -1, alignment: -1, flags: 0)
        case .str: return DTypeInfo(name: "U\(width)", order: "<", elsize: 4 * width, alignment: 4, flags: 8)
        }
    }

    /// numpy.dtype(name, 0, 1) with BUILD state (3, order, None, None, None, elsize, alignment, flags).
    private func writeDType(_ info: DTypeInfo) throws {
        let key = info.order + info.name
        if let i = dtypeMemo[key] {
            try get(i)
            return
        }
        try global("numpy", "dtype")
        try writeBinString(Array(info.name.utf8))
        try sink.write([0x4B, 0, 0x4B, 1, 0x87, 0x52])
        dtypeMemo[key] = nextMemo
        try put()
        try sink.write([0x28, 0x4B, 3])
        try writeBinString(Array(info.order.utf8))
        try sink.write([0x4E, 0x4E, 0x4E])
        try writeInt(Int64(info.elsize))
        try writeInt(Int64(info.alignment))
        try writeInt(Int64(info.flags))
        try sink.write([0x74, 0x62])
    }

    private func writeDType(_ name: String) throws {
        var chars = Array(name.utf8)
        var order = "<"
        if let c = chars.first, "<>|=".utf8.contains(c) {
            order = String(UnicodeScalar(c))
            chars.removeFirst()
        }
        let bare = String(decoding: chars, as: UTF8.self)
        if bare == "b1" || bare == "u1" || bare == "i1" { order = "|" }
        if bare.hasPrefix("U"), let n = Int(bare.dropFirst()) {
            try writeDType(DTypeInfo(name: bare, order: order, elsize: 4 * n, alignment: 4, flags: 8))
        } else {
            try writeDType(DTypeInfo(name: bare, order: order, elsize: -1, alignment: -1, flags: 0))
        }
    }

    private func writeShape(_ shape: [Int]) throws {
        if shape.isEmpty {
            try sink.byte(0x29)
            return
        }
        if shape.count > 3 { try sink.byte(0x28) }
        for d in shape { try writeInt(Int64(d)) }
        try sink.byte(shape.count > 3 ? 0x74 : [0x85, 0x86, 0x87][shape.count - 1])
    }

    private func writeArray(_ a: TypedArray) throws {
        let count = a.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        guard count == a.data.count else {
            throw FormatError("array shape \(a.shape) does not match its \(a.data.count) elements")
        }
        let width = stringWidth(a.data)
        try global("numpy.core.multiarray", "_reconstruct")
        try global("numpy", "ndarray")
        try sink.write([0x4B, 0, 0x85])
        try writeBinString([UInt8(ascii: "b")])
        try sink.write([0x87, 0x52])
        try put()
        try sink.write([0x28, 0x4B, 1])
        try writeShape(a.shape)
        try writeDType(dtypeInfo(a, width: width))
        try sink.byte(0x89)
        try writePayload(a.data, width: width)
        try sink.write([0x74, 0x62])
    }

    /// numpy.core.multiarray.scalar(dtype, data).
    private func writeScalar(_ a: TypedArray) throws {
        guard a.data.count == 1 else { throw FormatError("a numpy scalar holds exactly one element") }
        let width = stringWidth(a.data)
        try global("numpy.core.multiarray", "scalar")
        try writeDType(dtypeInfo(a, width: width))
        try writePayload(a.data, width: width)
        try sink.write([0x86, 0x52])
        try put()
    }

    private func stringWidth(_ data: ElementBuffer) -> Int {
        guard case .str(let strings) = data else { return 0 }
        return max(1, strings.map { $0.unicodeScalars.count }.max() ?? 1)
    }

    private func alignPayload(headerSize: Int) throws {
        if alignPayloads { try sink.write(Pickle.payloadPadding(position: sink.position, headerSize: headerSize)) }
    }

    /// The element bytes as a Python 2 str, streamed from the array's storage.
    private func writePayload(_ data: ElementBuffer, width: Int) throws {
        func raw<T>(_ a: some ContiguousElements<T>) throws {
            let n = a.count * MemoryLayout<T>.stride
            if n >= 1 << 16 { try alignPayload(headerSize: 5) }
            if n < 256 { try sink.write([0x55, UInt8(n)]) } else { try writeBinStringHeader(n) }
            try a.withUnsafeBytes { try sink.write($0) }
        }
        switch data {
        case .bool(let a): try raw(a)
        case .u8(let a): try raw(a)
        case .i32(let a): try raw(a)
        case .i64(let a): try raw(a)
        case .f32(let a): try raw(a)
        case .f64(let a): try raw(a)
        case .str(let strings):
            let (n, overflow) = strings.count.multipliedReportingOverflow(by: 4 * width)
            guard !overflow else { throw FormatError("string array too large to pickle") }
            if n < 256 { try sink.write([0x55, UInt8(n)]) } else { try writeBinStringHeader(n) }
            var element: [UInt8] = []
            element.reserveCapacity(4 * width)
            for s in strings {
                element.removeAll(keepingCapacity: true)
                for u in s.unicodeScalars {
                    let v = u.value
                    element += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
                }
                element += [UInt8](repeating: 0, count: 4 * width - element.count)
                try sink.write(element)
            }
        }
    }
}

extension PickleValue {
    /// Whether the reader opens a nesting level for this value.
    fileprivate var isContainer: Bool {
        switch self {
        case .list, .tuple, .dict, .set, .frozenset: return true
        default: return false
        }
    }
}
