// Storage for variables. Names are resolved to slots before anything runs:
// a function's locals live in its Frame's slot array, a file's top-level
// variables in its Globals. A closure keeps its defining Frame alive, so
// captured variables are shared by reference, as in Python.

/// What a Frame holds besides its slots.
struct FrameHeader {
    let count: Int
    /// The frame of the lexically enclosing function call, if any.
    let parent: Frame?
    /// The call's value, once its body ends or returns (Statements.swift).
    var result: Value = .null
}

/// The slots of one function call, allocated with the object in one block
/// (calls are the interpreter's hottest path). Every slot index is assigned
/// by the compiler and is below `count` by construction, so accesses go
/// straight to the tail-allocated storage.
final class Frame: ManagedBuffer<FrameHeader, Value?> {
    /// Makes a frame of `count` unassigned slots.
    @inline(__always)
    static func make(count: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: count) { _ in FrameHeader(count: count, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: count) }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { header, elements in
            _ = elements.deinitialize(count: header.pointee.count)
        }
    }

    /// The slot storage (valid while the frame lives).
    @inline(__always) var slots: UnsafeMutablePointer<Value?> {
        withUnsafeMutablePointerToElements { $0 }
    }

    @inline(__always) var parent: Frame? { header.parent }

    /// What the body returned or ended with.
    @inline(__always) var result: Value {
        get { header.result }
        set { header.result = newValue }
    }

    /// Empties the slots for the next call of the same function (`FunctionCode.recycle`).
    func clear() {
        let slots = self.slots
        for i in 0..<header.count { slots[i] = nil }
        header.result = .null
    }

    /// The result, taken out (so the frame, which closures may keep, does not hold it).
    @inline(__always) func takeResult() -> Value {
        let v = header.result
        header.result = .null
        return v
    }

    @inline(__always) func ancestor(_ depth: Int) -> Frame {
        var f = self
        var d = depth
        while d > 0, let p = f.parent {
            f = p
            d -= 1
        }
        return f
    }
}

/// The top-level variables of one file, notebook or REPL session.
public final class Globals {
    var slotOf: [String: Int] = [:]
    var names: [String] = []
    /// The slots, in a buffer of their own: reading or writing one is a
    /// load or a store (no copy-on-write check of an array), which top-level
    /// loops do on every step. Slots are only ever added.
    private var base: UnsafeMutablePointer<Value?>
    private var capacity: Int
    private var count = 0
    /// Where `use "x.fls"` paths resolve from, and the folder searched first by `use name`.
    var directory: String

    init(directory: String) {
        self.directory = directory
        capacity = 64
        base = UnsafeMutablePointer<Value?>.allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// The slots; `values[slot]` reads and assigns one.
    var values: GlobalSlots { GlobalSlots(base: base, count: count) }

    /// The slot for `name`, created (unassigned) if new.
    func slot(_ name: String) -> Int {
        if let s = slotOf[name] { return s }
        if count == capacity {
            let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: nil)
        let s = count
        count += 1
        slotOf[name] = s
        names.append(name)
        return s
    }

    /// The assigned variables in definition order.
    public var variables: [(name: String, value: Value)] {
        var out: [(String, Value)] = []
        for (i, n) in names.enumerated() { if let v = base[i] { out.append((n, v)) } }
        return out
    }

    /// Reads a variable by name.
    public subscript(name: String) -> Value? {
        get { slotOf[name].flatMap { values[$0] } }
        set {
            let s = slot(name)
            values[s] = newValue
        }
    }
}

/// A view of a Globals' slots, valid until the next new slot. Slot numbers
/// come from `Globals.slot`; one out of range reads as unassigned.
struct GlobalSlots {
    let base: UnsafeMutablePointer<Value?>
    let count: Int

    var indices: Range<Int> { 0..<count }

    subscript(slot: Int) -> Value? {
        @inline(__always) get { slot < count ? base[slot] : nil }
        @inline(__always) nonmutating set { if slot < count { base[slot] = newValue } }
    }
}

/// A compiled function: parameters, defaults, body, and how many slots it needs.
final class FunctionCode {
    let name: String
    let paramNames: [String]
    let paramCount: Int
    let span: SourceSpan
    var slotCount = 0
    var body: Statement = Statement.nothing
    /// The declaration, the globals its names resolve in, and whether it is
    /// defined at the top level of a file (what scalar compilation needs).
    let decl: FunctionDecl?
    let globals: Globals
    let isTopLevel: Bool
    /// Its scalar compilations (ScalarCompiler.swift).
    var scalar = ScalarCache()
    /// The frame of the last call, when nothing kept it: the next call of a
    /// top-level function uses it instead of allocating one.
    private var spare: Frame? = nil

    /// A frame for a call (its slots unassigned).
    @inline(__always) func frame(parent: Frame?) -> Frame {
        if parent == nil, let f = spare {
            spare = nil
            return f
        }
        return Frame.make(count: slotCount, parent: parent)
    }

    /// Keeps a call's frame for the next call, when nothing else holds it
    /// (a closure made in the call keeps its frame).
    @inline(__always) func recycle(_ frame: inout Frame) {
        guard spare == nil, frame.parent == nil, isKnownUniquelyReferenced(&frame) else { return }
        frame.clear()
        spare = frame
    }

    init(name: String, paramNames: [String], span: SourceSpan, decl: FunctionDecl?, globals: Globals, isTopLevel: Bool)
    {
        self.name = name
        self.paramNames = paramNames
        self.paramCount = paramNames.count
        self.span = span
        self.decl = decl
        self.globals = globals
        self.isTopLevel = isTopLevel
    }
}

/// A user function value: compiled code plus the frame it closes over.
public final class Closure {
    let code: FunctionCode
    let captured: Frame?
    /// Evaluated default values, one per parameter (nil when required).
    let defaults: [Value?]

    init(code: FunctionCode, captured: Frame?, defaults: [Value?]) {
        self.code = code
        self.captured = captured
        self.defaults = defaults
    }

    /// The function's name (`lambda` for `fn(x) = ...`).
    public var name: String { code.name }
    /// Parameter names, in order.
    public var parameterNames: [String] { code.paramNames }
    /// `name(a, b=2)`.
    public var signature: String {
        let parts = zip(code.paramNames, defaults).map { n, d in d.map { "\(n)=\($0.literalText)" } ?? n }
        return "\(code.name)(\(parts.joined(separator: ", ")))"
    }
}
