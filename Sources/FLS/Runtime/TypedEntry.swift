#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Entering typed code (ScalarCompiler.swift compiles it) from the generic
// interpreter: a function's call with the types of its arguments, a loop
// with the types its variables hold when it starts (or after a few steps),
// a comprehension over an array. Each entry loads values into registers,
// runs the nodes, and boxes what they leave back into values; loops write
// their variables back and keep arrays they write unique meanwhile.

// MARK: entry from the generic interpreter

extension Interpreter {
    /// Runs `code` on its scalar path when the arguments already in `frame`
    /// have types it can hold and a scalar compilation exists (or can be
    /// made) for them; nil means "run it the generic way".
    func runScalar(_ code: FunctionCode, _ frame: Frame) throws -> Value? {
        if code.scalar.disabled { return nil }
        let n = code.paramCount
        guard n <= Limits.maxScalarParameters else { return nil }
        let slots = frame.slots
        // The key first, without an array: most calls that get here from
        // generic code pass a value the typed path cannot hold (a list, a
        // record, a string), and go no further.
        var key: UInt64 = 0
        for i in 0..<n {
            guard let v = slots[i], let t = ScalarType(of: v) else { return nil }
            key |= t.code << (5 * UInt64(i))
        }
        let cached = code.scalar.lookup(key)
        var function = cached.function
        if cached.found && function == nil { return nil }
        if let f = function, !f.isValid {
            // A name it calls now holds something else: compile again, a few times at most.
            code.scalar.rebuilds += 1
            code.scalar.remove(key)
            if code.scalar.rebuilds > 8 {
                code.scalar.disabled = true
                return nil
            }
            function = nil
        }
        if function == nil {
            let signature = (0..<n).compactMap { slots[$0].flatMap { ScalarType(of: $0) } }
            function = ScalarBuilder.build(code, signature)
            if function == nil { code.scalar.store(key, nil) }
        }
        guard let f = function, let regs = scalarRegisterFile() else { return nil }
        code.scalar.last = f
        code.scalar.lastKey = key
        scalarEntries &+= 1
        regs[0] = scalarBudget
        for (i, t) in f.signature.enumerated() {
            guard let v = slots[i] else { return nil }
            load(v, t, regs + f.paramRegisters[i])
        }
        _ = try f.ownedBody.exec(regs)
        return f.returnType.box(regs + f.resultIndex)
    }

    /// A call of one or two scalar arguments from generic code, straight to
    /// the compilation used last when the arguments' types match it: no
    /// frame is made. Does what `invoke` does around the body (depth limit,
    /// Ctrl-C, the call trace). Nil: take the generic way.
    func callScalar(_ code: FunctionCode, _ x: Value, _ y: Value, count: Int, span: SourceSpan) throws -> Value? {
        guard scalarFunctions, code.scalar.last != nil else { return nil }
        var key: UInt64 = 0
        if count > 0 {
            guard let t = ScalarType(of: x), !t.isArray else { return nil }
            key = t.code
        }
        if count > 1 {
            guard let t = ScalarType(of: y), !t.isArray else { return nil }
            key |= t.code << 5
        }
        guard key == code.scalar.lastKey, !code.scalar.lastHasGuards || code.scalar.last?.isValid == true,
            let regs = scalarRegisterFile()
        else { return nil }
        scalarEntries &+= 1
        try enterCall(span)
        defer { callDepth -= 1 }
        regs[0] = scalarBudget
        regs[1] = registerBits(x)
        regs[2] = registerBits(y)
        do {
            _ = try code.scalar.lastBody._withUnsafeGuaranteedRef { try $0.exec(regs) }
        } catch let error as RuntimeError {
            throw traced(error, code.name, span)
        }
        return code.scalar.lastReturnType.box(regs + code.scalar.lastResultIndex)
    }

    /// Puts a value of type `t` into its registers: an array's elements are
    /// read in place (the value is held by its variable while the typed code
    /// runs, and nothing else runs meanwhile).
    func load(_ v: Value, _ t: ScalarType, _ r: Registers) {
        guard t.isArray, case .array(let a) = v else {
            r[0] = registerBits(v)
            return
        }
        r[0] = a.storage.withUnsafeRawAddress { Int64(Int(bitPattern: $0)) }
        r[1] = Int64(a.shape.first ?? 0)
        r[2] = Int64(a.ndim > 1 ? a.shape[1] : 0)
    }

    /// The registers of a typed entry: room for the deepest recursion the
    /// limit allows, from the current window (above the frames of typed
    /// loops suspended in islands). Pages are only touched as deep as a run
    /// goes. Nil if the memory cannot be had, or there is no room left.
    func scalarRegisterFile() -> Registers? {
        let frame = Limits.maxScalarRegisters
        if scalarRegisterDepth != Limits.maxCallDepth {
            // Sized again only when no typed code runs (no window is open).
            guard scalarWindow == 0 else { return nil }
            // Islands nest as deep as loops in the source, at most.
            let (frames, o1) = max(Limits.maxCallDepth, 0).addingReportingOverflow(2 + Limits.maxParseDepth)
            let (needed, o2) = frames.multipliedReportingOverflow(by: frame)
            guard !o1, !o2, needed <= 1 << 28 else { return nil }
            if scalarRegisterCount < needed {
                releaseScalarRegisters()
                // Mapped rather than allocated: zero pages the kernel provides when first
                // touched, never copied or cleared, and apart from the heap the arrays use.
                let bytes = needed * MemoryLayout<Int64>.stride
                guard let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                    raw != MAP_FAILED
                else { return nil }
                scalarRegisters = raw.bindMemory(to: Int64.self, capacity: needed)
                scalarRegisterCount = needed
            }
            scalarRegisterDepth = Limits.maxCallDepth
        }
        // A typed call writes its arguments one frame past the budget before failing.
        guard let regs = scalarRegisters, scalarWindow + (Int(scalarBudget) + 2) * frame <= scalarRegisterCount
        else { return nil }
        return regs + scalarWindow
    }
}

extension Interpreter {
    /// Unmaps the register file (`scalarRegisterFile`).
    func releaseScalarRegisters() {
        if let regs = scalarRegisters { munmap(regs, scalarRegisterCount * MemoryLayout<Int64>.stride) }
        scalarRegisters = nil
        scalarRegisterCount = 0
    }
}

extension Storage {
    /// The address of the first element (for reading in place while the
    /// storage is held and unchanged).
    func withUnsafeRawAddress<R>(_ body: (UnsafeRawPointer?) -> R) -> R {
        switch self {
        case .bool(let b): return b.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress)) }
        case .u8(let b): return b.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress)) }
        case .i32(let b): return b.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress)) }
        case .i64(let b): return b.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress)) }
        case .f32(let b): return b.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress)) }
        case .f64(let b): return b.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress)) }
        case .str: return body(nil)
        }
    }

    /// Makes the elements uniquely owned (copying shared or mapped ones)
    /// and returns their address, valid while the storage is held and no
    /// other copy of it is made.
    mutating func uniqueRawAddress() -> UnsafeMutableRawPointer? {
        func unique<T>(_ b: inout Buffer<T>) -> UnsafeMutableRawPointer? {
            b.withUnsafeMutableBufferPointer { UnsafeMutableRawPointer($0.baseAddress) }
        }
        switch self {
        case .bool(var b):
            self = .bool([])
            defer { self = .bool(b) }
            return unique(&b)
        case .u8(var b):
            self = .bool([])
            defer { self = .u8(b) }
            return unique(&b)
        case .i32(var b):
            self = .bool([])
            defer { self = .i32(b) }
            return unique(&b)
        case .i64(var b):
            self = .bool([])
            defer { self = .i64(b) }
            return unique(&b)
        case .f32(var b):
            self = .bool([])
            defer { self = .f32(b) }
            return unique(&b)
        case .f64(var b):
            self = .bool([])
            defer { self = .f64(b) }
            return unique(&b)
        case .str: return nil
        }
    }
}

// MARK: loops

/// A `while` loop or a `for` loop over `range(...)`, at the top level or in
/// a function. Its variables are globals or the function's locals: when they
/// hold values the typed path can hold, it runs there with them in
/// registers, and they are written back when it ends or fails. The generic
/// loop tries it before its first step and again after some of the next
/// (`TypedAttempts`): early steps often change a variable's type, as
/// `s = 0.0; s += x[i]` does.
final class ScalarLoopSite {
    let statement: Stmt
    let globals: Globals
    /// The variables it reads or assigns (not the names it only calls), and where each lives.
    let names: [String]
    let places: [Resolved]
    /// For a record's field the loop reads ("r.f"), the field: the variable
    /// holds it, read from the record in place r when the loop starts, never
    /// written back.
    let fields: [String?]
    let written: Set<String>
    /// Arrays it writes elements of: made unique on entry.
    let elementWritten: Set<String>
    /// A `for` over `range` or over a 1-d array variable: the entry passes
    /// the bounds the generic loop counted (for an array: the next index,
    /// the length and 1).
    let isRange: Bool
    let inFunction: Bool
    /// A comprehension's element and condition: the loop collects the
    /// element's values into `collected` (`Interpreter.runComprehension`).
    let collect: (element: Expr, condition: Expr?)?
    var collected: [Int64] = []
    /// Compiles a statement of the loop the generic way (for islands).
    var compileStatement: ((Stmt) -> Statement?)? = nil
    /// The interpreter and frame of the run in progress, set by
    /// `runScalarLoop` for its duration (which keeps both alive): the
    /// nodes read them without counting references.
    unowned(unsafe) var activeInterpreter: Interpreter? = nil
    /// The frame of the run in progress (islands run in it), and the arrays
    /// it writes in place: their variables' indices and first registers,
    /// and the arrays themselves while out of their variables.
    unowned(unsafe) var activeFrame: Frame? = nil {
        didSet { activeSlots = activeFrame?.slots }
    }
    /// The active frame's slots, read by nodes without touching the frame.
    private(set) var activeSlots: UnsafeMutablePointer<Value?>? = nil
    var pinned: [(index: Int, register: Int)] = []
    var pinnedArrays: [(index: Int, array: NDArray)] = []
    var compiled: ScalarFunction? = nil
    var compiledKey: [UInt64] = []
    var failedKeys: Set<[UInt64]> = []
    var disabled = false

    /// Where the variable at `place` is stored in the run in progress (a
    /// local without touching the frame).
    @inline(__always) func storage(_ place: Resolved) -> UnsafeMutablePointer<Value?>? {
        if case .local(let slot) = place { return activeSlots.map { $0 + slot } }
        return activeFrame.flatMap { variableSlot(place, $0, globals) }
    }

    /// The value of variable `i` as the loop starts (a field: read from its record).
    func entryValue(_ i: Int, _ interpreter: Interpreter, _ frame: Frame) -> Value? {
        guard let v = interpreter.read(places[i], frame, globals) else { return nil }
        guard let field = fields[i] else { return v }
        guard case .record(let r) = v else { return nil }
        return r[field]
    }

    init?(
        statement: Stmt, globals: Globals, inFunction: Bool, collect: (element: Expr, condition: Expr?)? = nil,
        resolve: (String) -> Resolved
    ) {
        var c = LoopNames()
        if let collect {
            c.expression(collect.element)
            if let condition = collect.condition { c.expression(condition) }
        }
        if case .forLoop(let targets, let iterable, let body) = statement.kind {
            // The root's range (or its place in the array it walks) is counted by the generic loop.
            if let walk = ArrayWalk(iterable), targets.count == walk.arrays.count + (walk.numbered ? 1 : 0) {
                for array in walk.arrays { c.add(array) }
                if let primitive = walk.primitive { c.callees.insert(primitive) }
            } else {
                guard case .call(let callee, _) = iterable.kind, case .name("range") = callee.kind else { return nil }
            }
            for t in targets { c.target(t) }
            for s in body { c.statement(s) }
            isRange = true
        } else {
            c.statement(statement)
            isRange = false
        }
        // A record's field is held only when the loop never changes the record.
        if !c.fieldBases.isEmpty {
            var walker = NameWalker()
            walker.block([statement])
            let changed = walker.uses.defines.union(walker.uses.mutates)
            c.names.removeAll { n in
                guard let dot = n.firstIndex(of: ".") else { return false }
                return changed.contains(String(n[..<dot]))
            }
        }
        guard !c.names.isEmpty, c.names.count <= Limits.maxScalarLoopVariables else { return nil }
        var places: [Resolved] = []
        var fields: [String?] = []
        for n in c.names {
            var name = n
            var field: String? = nil
            if let dot = n.firstIndex(of: ".") {
                name = String(n[..<dot])
                field = String(n[n.index(after: dot)...])
            }
            let place = resolve(name)
            // An enclosing function's local is only read (a comprehension's).
            if case .outer = place, collect == nil || c.written.contains(n) { return nil }
            places.append(place)
            fields.append(field)
        }
        self.fields = fields
        self.collect = collect
        // A name it calls must be a global (a function or a primitive), as the typed code assumes.
        for n in c.callees where !c.names.contains(n) {
            guard case .global = resolve(n) else { return nil }
        }
        self.statement = statement
        self.globals = globals
        self.names = c.names
        self.places = places
        self.written = c.written
        self.elementWritten = c.elementWritten
        self.inFunction = inFunction
    }
}

/// The names a loop uses, as `ScalarLoopSite` needs them.
private struct LoopNames {
    var names: [String] = []
    var written: Set<String> = []
    var elementWritten: Set<String> = []
    var callees: Set<String> = ["range", "len", "shape"]
    /// Variables whose fields it reads (`r.f`).
    var fieldBases: Set<String> = []

    mutating func add(_ n: String) { if !names.contains(n) { names.append(n) } }

    mutating func target(_ t: Target) {
        switch t {
        case .name(let n, _):
            add(n)
            written.insert(n)
        case .index(let base, let items, _):
            if case .name(let n) = base.kind { elementWritten.insert(n) }
            // `m[i][j] = v` writes into m.
            if case .index(let inner, _) = base.kind, case .name(let n) = inner.kind { elementWritten.insert(n) }
            expression(base)
            for case .single(let x) in items { expression(x) }
        case .field: break
        }
    }

    mutating func expression(_ e: Expr) {
        switch e.kind {
        case .name(let n): add(n)
        case .field(let base, let f):
            if case .name(let n) = base.kind {
                add(n + "." + f)
                fieldBases.insert(n)
            } else {
                expression(base)
            }
        case .unary(_, let x): expression(x)
        case .binary(_, let a, let b):
            expression(a)
            expression(b)
        case .index(let b, let items):
            expression(b)
            for case .single(let x) in items { expression(x) }
        case .call(let callee, let args):
            if case .name(let n) = callee.kind { callees.insert(n) } else { expression(callee) }
            for a in args { expression(a.value) }
        case .ifElse(let c, let a, let b):
            expression(c)
            for s in a { statement(s) }
            for s in b ?? [] { statement(s) }
        default: break
        }
    }

    mutating func statement(_ s: Stmt) {
        switch s.kind {
        case .expression(let e), .returnValue(let e?): expression(e)
        case .assign(let t, let e), .augmented(let t, _, let e):
            target(t)
            expression(e)
        case .forLoop(let ts, let iterable, let body):
            for t in ts { target(t) }
            expression(iterable)
            for s in body { statement(s) }
        case .whileLoop(let c, let body):
            expression(c)
            for s in body { statement(s) }
        default: break
        }
    }
}

/// How a generic loop's attempt to run typed takes a variable whose type
/// would change (`m = 0.0` becomes a numpy f64 when `m = x[i]` first runs),
/// or that a statement run the generic way would assign.
enum LoopEntry: UInt64 {
    /// Either makes the attempt fail: a later step may settle the type
    /// (`if x[i] > m { m = x[i] }` assigns m only when the test holds, and
    /// `acc = if c { acc + x[i] } else { acc }` changes acc's kind only then).
    case waiting
    /// At last: such a variable lives in its slot, and only the statements
    /// run the generic way use it.
    case lenient
}

/// When a generic loop tries the typed path: before its first step and
/// after steps 1, 2, 4, ..., 64 (waiting), and after step 128 (lenient).
struct TypedAttempts {
    private var step: Int

    init(_ enabled: Bool) { step = enabled ? 0 : Int.max }

    /// The attempt due before the next step, if any.
    mutating func next() -> LoopEntry? {
        guard step <= 128 else { return nil }
        defer { step += 1 }
        if step == 128 { return .lenient }
        return step & (step - 1) == 0 ? .waiting : nil
    }
}

extension Interpreter {
    /// Runs a loop on the typed path if its variables hold values it can
    /// hold (or are first assigned inside it). `bounds`: where a `for` loop
    /// over a range continues, counted by the generic loop.
    ///
    /// `entry` says how a variable whose type would change is taken (see
    /// `LoopEntry`). Returns how the loop finished (a returned value is in
    /// the frame's result), or nil when it could not run typed: run it the
    /// generic way.
    func runScalarLoop(
        _ site: ScalarLoopSite, _ frame: Frame, bounds: (Int64, Int64, Int64)? = nil,
        entry: LoopEntry
    ) throws -> Flow? {
        guard scalarFunctions, !site.disabled else { return nil }
        var key: [UInt64] = []
        var entryTypes: [ScalarType?] = []
        var opaque: Set<String> = []
        entryTypes.reserveCapacity(site.names.count)
        key.reserveCapacity(site.names.count)
        for i in site.places.indices {
            guard let v = site.entryValue(i, self, frame) else {
                entryTypes.append(nil)
                key.append(0)
                continue
            }
            guard let t = ScalarType(of: v) else {
                // Only the generic statements of the loop may use it.
                opaque.insert(site.names[i])
                entryTypes.append(nil)
                key.append(31)
                continue
            }
            entryTypes.append(t)
            key.append(t.code)
        }
        key.append(entry.rawValue)
        if site.compiled == nil || site.compiledKey != key || site.compiled?.isValid != true {
            if site.failedKeys.contains(key) { return nil }
            site.compiled = nil
            guard let f = ScalarBuilder.buildLoop(site, entryTypes, opaque: opaque, entry: entry) else {
                site.failedKeys.insert(key)
                if site.failedKeys.count > 8 { site.disabled = true }
                return nil
            }
            site.compiled = f
            site.compiledKey = key
        }
        guard let f = site.compiled, f.loopLayout.count == site.names.count, f.loopHeld.count == site.names.count,
            let regs = scalarRegisterFile()
        else {
            return nil
        }
        regs[0] = scalarBudget
        // Arrays it writes into leave their variables while it runs, made unique.
        let outerPinned = site.pinned
        site.pinned = []
        for i in site.places.indices where f.loopHeld[i] {
            let (register, flag) = f.loopLayout[i]
            if flag >= 0 { regs[flag] = 0 }
            guard let v = site.entryValue(i, self, frame), let t = entryTypes[i] else { continue }
            if t.isArray && site.elementWritten.contains(site.names[i]) {
                site.pinned.append((i, register))
            } else {
                load(v, t, regs + register)
                // A floating or integral variable's kind: a Python number or a numpy one.
                if f.loopTypes[i].isDual { regs[register + 1] = t.isPython ? 0 : 1 }
            }
        }
        pin(site, frame, regs)
        if let (start, stop, step) = bounds, f.boundsRegister >= 0 {
            regs[f.boundsRegister] = start
            regs[f.boundsRegister + 1] = stop
            regs[f.boundsRegister + 2] = step
        }
        scalarEntries &+= 1
        let outerFrame = site.activeFrame, outerInterpreter = site.activeInterpreter
        site.activeFrame = frame
        site.activeInterpreter = self
        // Variables are written back whether the loop ends, breaks or fails.
        defer {
            site.activeFrame = outerFrame
            site.activeInterpreter = outerInterpreter
            unpin(site, frame)
            site.pinned = outerPinned
            for (i, place) in site.places.enumerated() where f.loopHeld[i] && site.written.contains(site.names[i]) {
                let (register, flag) = f.loopLayout[i]
                if flag >= 0 && regs[flag] == 0 { continue }
                write(place, frame, site.globals, f.loopTypes[i].box(regs + register))
            }
        }
        if case .returned = try f.ownedBody.exec(regs) {
            frame.result = f.returnType.box(regs + f.resultIndex)
            return .returned
        }
        return .normal
    }

    /// Runs a comprehension's loop on the typed path over the `count` items
    /// in its frame's extra slot: its value (what `comprehensionResult`
    /// makes of the same items), or nil to take the generic way.
    func runComprehension(_ site: ScalarLoopSite, _ frame: Frame, count: Int, _ span: SourceSpan) throws -> Value? {
        site.collected = []
        site.collected.reserveCapacity(count)
        defer { site.collected = [] }
        guard case .normal? = try runScalarLoop(site, frame, bounds: (0, Int64(count), 1), entry: .lenient),
            let t = site.compiled?.collectType
        else { return nil }
        let bits = site.collected
        if bits.isEmpty { return try withSpan(span) { try comprehensionResult([]) } }
        let storage: Storage
        switch t {
        case .int, .element(.i64): storage = .i64(bits)
        case .float, .element(.f64): storage = .f64(bits.map(floatValue))
        case .bool, .element(.bool): storage = .bool(bits.map { $0 != 0 })
        case .element(.u8): storage = .u8(bits.map { UInt8(truncatingIfNeeded: $0) })
        case .element(.i32): storage = .i32(bits.map { Int32(truncatingIfNeeded: $0) })
        case .element(.f32): storage = .f32(bits.map { Float(floatValue($0)) })
        default: return nil
        }
        return .array(NDArray(shape: [bits.count], storage: storage))
    }

    /// Takes the arrays whose elements a loop writes out of their variables,
    /// made unique (copied if shared or mapped), into the loop's registers.
    func pin(_ site: ScalarLoopSite, _ frame: Frame, _ regs: Registers) {
        site.pinnedArrays = []
        for (i, register) in site.pinned {
            guard case .array(var a)? = read(site.places[i], frame, site.globals) else { continue }
            write(site.places[i], frame, site.globals, nil)
            let address = a.storage.uniqueRawAddress()
            regs[register] = Int64(Int(bitPattern: address))
            regs[register + 1] = Int64(a.shape.first ?? 0)
            regs[register + 2] = Int64(a.ndim > 1 ? a.shape[1] : 0)
            site.pinnedArrays.append((i, a))
        }
    }

    /// Puts the pinned arrays back into their variables.
    func unpin(_ site: ScalarLoopSite, _ frame: Frame) {
        for (i, a) in site.pinnedArrays { write(site.places[i], frame, site.globals, .array(a)) }
        site.pinnedArrays = []
    }

    func read(_ place: Resolved, _ frame: Frame, _ globals: Globals) -> Value? {
        variableSlot(place, frame, globals)?.pointee
    }

    func write(_ place: Resolved, _ frame: Frame, _ globals: Globals, _ v: Value?) {
        variableSlot(place, frame, globals)?.pointee = v
    }
}

/// Where a loop's variable lives: a slot of the frame or of the globals
/// (valid until the next new global slot).
func variableSlot(_ place: Resolved, _ frame: Frame, _ globals: Globals) -> UnsafeMutablePointer<Value?>? {
    switch place {
    case .local(let slot): return frame.slots + slot
    case .global(let slot):
        let values = globals.values
        return slot < values.count ? values.base + slot : nil
    case .outer(let depth, let slot): return frame.ancestor(depth).slots + slot
    }
}
