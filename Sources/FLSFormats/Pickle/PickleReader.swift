// The pickle machine: a loop over opcodes with a value stack, a mark stack
// and a memo, as in CPython's Unpickler, but with no recursion, bounded
// sizes, and an allowlist of the only callables it will run (see
// PickleReader+Calls.swift). The result is converted to plain PickleValues
// by PickleReader+Convert.swift.

import FLSMemory

/// Runs a pickle program safely and returns the plain value it builds.
final class PickleReader {
    /// Bounds on what a pickle may make the reader hold; tests lower them.
    struct Limits {
        /// Most MARKs open at once (real files nest a handful; our writer opens
        /// at most one per container level, plus a few for an array's state).
        var maxMarks = Pickle.maxDepth + 16
        /// Most values on the stack at once.
        var maxStack = 1 << 22
        /// Most memo entries (the full pose.pkl needs about 600,000).
        var maxMemo = 1 << 22
        /// Deepest container nesting a loaded value may have; the result is a
        /// tree that Swift releases recursively, so this also bounds stack
        /// use (about 100 bytes of stack per level). Python itself reads
        /// any depth; 10,000 is far beyond real data and safe on any thread.
        /// The writer refuses deeper values by the same bound.
        var maxDepth = Pickle.maxDepth
        /// Most values a loaded result may hold when shared references are
        /// counted each time they are reached, unless the file is large
        /// enough to allow more (4 per byte).
        var maxValues = 1 << 22
        /// Most container entries copied from other containers, unless the
        /// file is large enough to allow more (4 per byte).
        var maxCopies = 1 << 22
    }

    /// Payloads at least this long are not read until their final home is known.
    static let lazyThreshold = 1 << 15

    let limits: Limits
    let source: PickleSource
    var stack: [PickleObject] = []
    var marks: [Int] = []
    // The memo: indices are nearly always dense (0 or 1, 2, 3, ...), so they
    // live in an array; far-off indices a file may still use go to a dictionary.
    var memoDense: [PickleObject?] = []
    var memoSparse: [Int: PickleObject] = [:]
    var memoCount = 0
    /// UTF-8 bytes of every short str read, back to back.
    var arena: [UInt8] = []
    /// Lists of short str become packed columns (PickleValue.strings).
    var packStrings = false
    /// The arena as one shared buffer, once parsing is done.
    var sharedArena: Buffer<UInt8>?
    /// Every container made, so teardown can empty them without recursion.
    var containers: [PickleContainer] = []
    /// Offset of the opcode being run, for messages.
    var opcodeOffset = 0
    /// Container entries made by copying other containers (`list(x)`,
    /// `dict(d)`, BUILD's update of a dict): they cost memory but no bytes of
    /// the file, so repeating them (a dict updated with itself 69 times
    /// doubles it 69 times) is bounded by `chargeCopies`.
    var copiedEntries = 0
    var copies = MemoryBudget.Tally()

    init(source: PickleSource, limits: Limits = Limits()) {
        self.source = source
        self.limits = limits
    }

    deinit {
        // Break every container-to-container edge first, so that releasing a
        // deeply nested structure frees each box on its own, not recursively.
        for c in containers { c.clear() }
        stack = []
        memoDense = []
        memoSparse = [:]
    }

    /// Runs the program to its STOP and converts the result.
    func load() throws -> PickleValue {
        let result = try run()
        return try convert(result)
    }

    func fail(_ message: String) -> FormatError {
        FormatError(message, offset: opcodeOffset)
    }

    /// Counts `n` entries copied from another container; refuses the load
    /// when the copies pass a bound proportional to the file (at least
    /// `limits.maxCopies` entries) or the memory budget.
    func chargeCopies(_ n: Int) throws {
        copiedEntries += n
        let cap = max(limits.maxCopies, source.size.multipliedReportingOverflow(by: 4).partialValue)
        if copiedEntries > cap {
            throw fail("pickle copies its containers into more than \(cap) entries; refusing to load it")
        }
        guard copies.add(n.multipliedReportingOverflow(by: MemoryLayout<PickleObject>.stride).partialValue) else {
            throw fail(
                "pickle copies its containers into more than \(MemoryBudget.describe(copies.bytes)); refusing to "
                    + "load it (\(MemoryBudget.explanation()))")
        }
    }

    // MARK: - Stack

    @inline(__always)
    func push(_ v: PickleObject) throws {
        guard stack.count < limits.maxStack else {
            throw fail("pickle stack grew beyond \(limits.maxStack) values")
        }
        stack.append(v)
    }

    @inline(__always)
    func pop() throws -> PickleObject {
        guard let v = stack.popLast(), stack.count >= (marks.last ?? 0) else {
            throw fail("pickle stack underflow: the file is malformed")
        }
        return v
    }

    @inline(__always)
    func top() throws -> PickleObject {
        guard let v = stack.last, stack.count > (marks.last ?? 0) else {
            throw fail("pickle stack underflow: the file is malformed")
        }
        return v
    }

    /// Pops everything above the last MARK, and the MARK.
    func popMark() throws -> [PickleObject] {
        guard let m = marks.popLast() else {
            throw fail("pickle uses a MARK that was never set: the file is malformed")
        }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    func register<T: PickleContainer>(_ c: T) -> T {
        containers.append(c)
        return c
    }

    func memoPut(_ index: Int, _ v: PickleObject) throws {
        guard index >= 0 else { throw fail("negative memo index \(index)") }
        let isNew = (index < memoDense.count ? memoDense[index] == nil : true) && memoSparse[index] == nil
        if isNew {
            guard memoCount < limits.maxMemo else {
                throw fail("pickle memo grew beyond \(limits.maxMemo) entries")
            }
            memoCount += 1
        }
        if index < memoDense.count {
            memoDense[index] = v
            if !memoSparse.isEmpty { memoSparse[index] = nil }
        } else if index < memoDense.count + 4096 && index <= 2 * memoCount + 4096 {
            // The dense array grows only while it stays proportional to the
            // entries actually stored; far indices (LONG_BINPUT 4096, 8192,
            // ... from a hostile file) go to the dictionary instead.
            while memoDense.count < index { memoDense.append(nil) }
            memoDense.append(v)
            if !memoSparse.isEmpty { memoSparse[index] = nil }
        } else {
            memoSparse[index] = v
        }
    }

    func memoGet(_ index: Int) throws -> PickleObject {
        if index >= 0 && index < memoDense.count, let v = memoDense[index] { return v }
        guard let v = memoSparse[index] else {
            throw fail("pickle refers to memo entry \(index), which was never stored")
        }
        return v
    }

    // MARK: - Reading arguments

    func readUInt(_ width: Int) throws -> Int {
        var v: UInt64 = 0
        for i in 0..<width { v |= UInt64(try source.readByte()) << (8 * UInt64(i)) }
        guard v <= UInt64(Int.max) else {
            throw fail("pickle declares a length of \(v) bytes, more than any file holds")
        }
        return Int(v)
    }

    func readInt32() throws -> Int32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(try source.readByte()) << (8 * UInt32(i)) }
        return Int32(bitPattern: v)
    }

    /// A length-prefixed payload: short ones are read now, long ones later.
    func readBlob(length: Int) throws -> Blob {
        try source.require(length)
        if length >= PickleReader.lazyThreshold {
            let offset = source.position
            try source.skip(length)
            return Blob(.range(offset: offset, count: length))
        }
        return Blob(.loaded(try source.readBytes(length)))
    }

    /// A length-prefixed str: short ones are decoded now, long ones later.
    func readText(length: Int, py2: Bool) throws -> PickleObject {
        if length >= PickleReader.lazyThreshold {
            let blob = try readBlob(length: length)
            return py2 ? .py2str(blob) : .text(blob)
        }
        let start = source.position
        let from = arena.count
        guard try source.readText(length, latin1: py2, into: &arena) else {
            throw FormatError("a pickled str is not valid UTF-8 (as Python also refuses)", offset: start)
        }
        return .short(start: from, count: arena.count - from, py2: py2)
    }

    /// The bytes of a blob, read now (for blobs used as plain values).
    func materialize(_ blob: Blob) throws -> [UInt8] {
        var bytes: [UInt8]
        switch blob.storage {
        case .loaded(let b): bytes = b
        case .range(let offset, let count):
            try FormatFile.checkBudget(count, for: "a pickled string of \(count) bytes")
            bytes = try [UInt8](unsafeUninitializedCapacity: count) { buf, done in
                done = 0
                try source.copy(from: offset, into: UnsafeMutableRawBufferPointer(buf))
                done = count
            }
        }
        if blob.utf8Latin1 {
            bytes = try latin1Bytes(fromUTF8: bytes)
        }
        return bytes
    }

    private func latin1Bytes(fromUTF8 bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for s in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            guard s.value < 256 else {
                throw fail("text passed to _codecs.encode(..., 'latin1') has a character beyond latin-1")
            }
            out.append(UInt8(s.value))
        }
        return out
    }

    /// The text of a short str in the arena.
    func arenaString(_ start: Int, _ count: Int) -> String {
        arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + count)]), as: UTF8.self)
        }
    }

    /// The text of a str object (Python 3 UTF-8 or Python 2 latin-1).
    func string(_ v: PickleObject) throws -> String? {
        switch v {
        case .str(let s, _): return s
        case .short(let start, let count, _): return arenaString(start, count)
        case .text(let b):
            let bytes = try materialize(b)
            guard let text = PickleText.utf8(bytes) else {
                throw FormatError("a pickled str is not valid UTF-8 (as Python also refuses)", offset: b.offset)
            }
            return text
        case .py2str(let b): return PickleText.latin1(try materialize(b))
        default: return nil
        }
    }

    private func parseDecimal(_ line: [UInt8], what: String) throws -> Int64 {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("L") { text.removeLast() }
        guard let v = Int64(text) else {
            if text.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) && !text.isEmpty {
                throw fail("integer too large: FLS integers are 64-bit")
            }
            throw fail("bad \(what) argument \"\(text.prefix(40))\" in pickle")
        }
        return v
    }

    private func longFromBytes(_ bytes: [UInt8]) throws -> Int64 {
        // Little-endian two's complement; drop sign-extension bytes first.
        var n = bytes.count
        if n == 0 { return 0 }
        let negative = bytes[n - 1] & 0x80 != 0
        while n > 1 {
            let last = bytes[n - 1], prev = bytes[n - 2]
            if (last == 0 && prev & 0x80 == 0) || (last == 0xFF && prev & 0x80 != 0) { n -= 1 } else { break }
        }
        guard n <= 8 else { throw fail("integer too large: FLS integers are 64-bit") }
        var v: UInt64 = negative ? ~0 : 0
        for i in 0..<n {
            v &= ~(UInt64(0xFF) << (8 * UInt64(i)))
            v |= UInt64(bytes[i]) << (8 * UInt64(i))
        }
        return Int64(bitPattern: v)
    }

    // MARK: - The opcode loop

    func run() throws -> PickleObject {
        // Reserving for a large file spares the copies (and fresh-page
        // faults) of growing by doubling; untouched capacity costs nothing.
        if source.size >= 1 << 20 {
            arena.reserveCapacity(min(source.size / 4, 1 << 28))
            memoDense.reserveCapacity(min(source.size / 64, 1 << 20))
            stack.reserveCapacity(min(source.size / 64, 1 << 16))
        }
        while true {
            opcodeOffset = source.position
            let op = try source.readByte()
            switch op {
            case 0x80:  // PROTO
                let p = try source.readByte()
                guard p <= 5 else { throw fail("unsupported pickle protocol \(p); this reader knows 0 to 5") }
            case 0x95:  // FRAME: a size hint only, checked but not needed.
                let n = try readUInt(8)
                try source.require(n)
            case 0x2E:  // STOP
                let v = try pop()
                return v
            case 0x28:  // MARK
                guard marks.count < limits.maxMarks else {
                    throw fail("pickle nests more than \(limits.maxMarks) MARKs")
                }
                marks.append(stack.count)
            case 0x30:  // POP (of the MARK itself when it is on top, as CPython does)
                if let m = marks.last, m == stack.count { marks.removeLast() } else { _ = try pop() }
            case 0x31: _ = try popMark()  // POP_MARK
            case 0x32: try push(try top())  // DUP

            // Constants and numbers.
            case 0x4E: try push(.none)
            case 0x88: try push(.bool(true))
            case 0x89: try push(.bool(false))
            case 0x4B: try push(.int(Int64(try source.readByte())))  // BININT1
            case 0x4D: try push(.int(Int64(try readUInt(2))))  // BININT2
            case 0x4A: try push(.int(Int64(try readInt32())))  // BININT
            case 0x49:  // INT (text; "00"/"01" are False/True)
                let line = try source.readLine()
                if line == Array("00".utf8) {
                    try push(.bool(false))
                } else if line == Array("01".utf8) {
                    try push(.bool(true))
                } else {
                    try push(.int(try parseDecimal(line, what: "INT")))
                }
            case 0x4C:  // LONG (text)
                try push(.int(try parseDecimal(try source.readLine(), what: "LONG")))
            case 0x8A:  // LONG1
                let n = Int(try source.readByte())
                try push(.int(try longFromBytes(try source.readBytes(n))))
            case 0x8B:  // LONG4
                let n = Int(try readInt32())
                guard n >= 0 else { throw fail("negative LONG4 length") }
                guard n <= 64 else {
                    try source.require(n)
                    throw fail("integer too large: FLS integers are 64-bit")
                }
                try push(.int(try longFromBytes(try source.readBytes(n))))
            case 0x46:  // FLOAT (text)
                let text = String(decoding: try source.readLine(), as: UTF8.self)
                guard let d = Double(text) else { throw fail("bad FLOAT argument in pickle") }
                try push(.float(d))
            case 0x47:  // BINFLOAT (big-endian)
                let b = try source.readBytes(8)
                var bits: UInt64 = 0
                for x in b { bits = bits << 8 | UInt64(x) }
                try push(.float(Double(bitPattern: bits)))

            // Strings and bytes.
            case 0x55: try push(try readText(length: Int(try source.readByte()), py2: true))  // SHORT_BINSTRING
            case 0x54:  // BINSTRING
                let n = Int(try readInt32())
                guard n >= 0 else { throw fail("negative BINSTRING length") }
                try push(try readText(length: n, py2: true))
            case 0x53:  // STRING (protocol 0 repr)
                let start = source.position
                let raw = try PickleText.pythonStringLiteral(try source.readLine(), offset: start)
                try push(.str(PickleText.latin1(raw), py2: true))
            case 0x8C: try push(try readText(length: Int(try source.readByte()), py2: false))  // SHORT_BINUNICODE
            case 0x58: try push(try readText(length: try readUInt(4), py2: false))  // BINUNICODE
            case 0x8D: try push(try readText(length: try readUInt(8), py2: false))  // BINUNICODE8
            case 0x56:  // UNICODE (raw-unicode-escape)
                let start = source.position
                let utf8 = try PickleText.rawUnicodeEscape(try source.readLine(), offset: start)
                try push(.str(String(decoding: utf8, as: UTF8.self), py2: false))
            case 0x43: try push(.bytes(try readBlob(length: Int(try source.readByte()))))  // SHORT_BINBYTES
            case 0x42: try push(.bytes(try readBlob(length: try readUInt(4))))  // BINBYTES
            case 0x8E, 0x96: try push(.bytes(try readBlob(length: try readUInt(8))))  // BINBYTES8, BYTEARRAY8
            case 0x97, 0x98:
                throw fail(
                    "pickle uses out-of-band buffers (protocol 5 NEXT_BUFFER/READONLY_BUFFER), which a file cannot supply"
                )

            // Containers.
            case 0x29: try push(.tuple(register(TupleBox([]))))  // EMPTY_TUPLE
            case 0x85: try push(.tuple(register(TupleBox([try pop()]))))  // TUPLE1
            case 0x86:  // TUPLE2
                let b = try pop(), a = try pop()
                try push(.tuple(register(TupleBox([a, b]))))
            case 0x87:  // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                try push(.tuple(register(TupleBox([a, b, c]))))
            case 0x74: try push(.tuple(register(TupleBox(try popMark()))))  // TUPLE
            case 0x5D: try push(.list(register(ListBox())))  // EMPTY_LIST
            case 0x6C: try push(.list(register(ListBox(try popMark()))))  // LIST
            case 0x7D: try push(.dict(register(DictBox())))  // EMPTY_DICT
            case 0x64:  // DICT
                let items = try popMark()
                let d = register(DictBox())
                try setItems(d, items)
                try push(.dict(d))
            case 0x8F: try push(.set(register(SetBox([], frozen: false))))  // EMPTY_SET
            case 0x91: try push(.set(register(SetBox(try popMark(), frozen: true))))  // FROZENSET
            case 0x61:  // APPEND
                let v = try pop()
                try append(to: try top(), [v])
            case 0x65:  // APPENDS
                let items = try popMark()
                try append(to: try top(), items)
            case 0x73:  // SETITEM
                let v = try pop(), k = try pop()
                guard case .dict(let d) = try top() else {
                    throw fail("SETITEM on a \(try top().kindName), not a dict")
                }
                try setItems(d, [k, v])
            case 0x75:  // SETITEMS
                let items = try popMark()
                guard case .dict(let d) = try top() else {
                    throw fail("SETITEMS on a \(try top().kindName), not a dict")
                }
                try setItems(d, items)
            case 0x90:  // ADDITEMS
                let items = try popMark()
                guard case .set(let s) = try top(), !s.frozen else {
                    throw fail("ADDITEMS on a \(try top().kindName), not a set")
                }
                s.items.append(contentsOf: items)

            // Memo.
            case 0x71: try memoPut(Int(try source.readByte()), try top())  // BINPUT
            case 0x72: try memoPut(try readUInt(4), try top())  // LONG_BINPUT
            case 0x94: try memoPut(memoCount, try top())  // MEMOIZE
            case 0x70: try memoPut(Int(try parseDecimal(try source.readLine(), what: "PUT")), try top())  // PUT
            case 0x68: try push(try memoGet(Int(try source.readByte())))  // BINGET
            case 0x6A: try push(try memoGet(try readUInt(4)))  // LONG_BINGET
            case 0x67: try push(try memoGet(Int(try parseDecimal(try source.readLine(), what: "GET"))))  // GET

            // Globals and calls.
            case 0x63:  // GLOBAL
                let module = PickleText.latin1(try source.readLine(limit: 1024))
                let name = PickleText.latin1(try source.readLine(limit: 1024))
                try push(.global(try resolveGlobal(module: module, name: name)))
            case 0x93:  // STACK_GLOBAL
                let nameObj = try pop(), moduleObj = try pop()
                guard let name = try string(nameObj), let module = try string(moduleObj) else {
                    throw fail("STACK_GLOBAL needs two strings")
                }
                try push(.global(try resolveGlobal(module: module, name: name)))
            case 0x52:  // REDUCE
                let args = try pop(), callable = try pop()
                try push(try call(callable, args: args))
            case 0x81:  // NEWOBJ
                let args = try pop(), cls = try pop()
                try push(try call(cls, args: args))
            case 0x92:  // NEWOBJ_EX
                let kwargs = try pop(), args = try pop(), cls = try pop()
                if case .dict(let d) = kwargs, d.keys.isEmpty {
                    try push(try call(cls, args: args))
                } else {
                    throw fail("NEWOBJ_EX with keyword arguments is not supported")
                }
            case 0x69:  // INST
                let module = PickleText.latin1(try source.readLine(limit: 1024))
                let name = PickleText.latin1(try source.readLine(limit: 1024))
                let g = try resolveGlobal(module: module, name: name)
                let args = try popMark()
                try push(try call(.global(g), args: .tuple(register(TupleBox(args)))))
            case 0x6F:  // OBJ
                var items = try popMark()
                guard !items.isEmpty else { throw fail("OBJ without a class") }
                let cls = items.removeFirst()
                try push(try call(cls, args: .tuple(register(TupleBox(items)))))
            case 0x62:  // BUILD
                let state = try pop()
                try build(try top(), state: state)
            case 0x50, 0x51:
                throw fail("pickle uses persistent ids (PERSID), which only the program that wrote it can resolve")
            case 0x82, 0x83, 0x84:
                throw fail("pickle uses the copyreg extension registry (EXT1/2/4), which is not supported")
            default:
                throw fail("unknown pickle opcode 0x\(String(op, radix: 16)) at offset \(opcodeOffset)")
            }
        }
    }

    private func append(to target: PickleObject, _ items: [PickleObject]) throws {
        switch target {
        case .list(let l): l.items.append(contentsOf: items)
        case .set(let s) where !s.frozen: s.items.append(contentsOf: items)
        default: throw fail("APPEND on a \(target.kindName), not a list")
        }
    }

    func setItems(_ d: DictBox, _ items: [PickleObject]) throws {
        guard items.count % 2 == 0 else { throw fail("dict items come in an odd number; the file is malformed") }
        var i = 0
        while i < items.count {
            d.keys.append(items[i])
            d.values.append(items[i + 1])
            i += 2
        }
    }
}
