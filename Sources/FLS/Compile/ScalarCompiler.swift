#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Scalar functions. A top-level function whose body only computes with
// ints, floats and bools held in its parameters and locals, and calls other
// such functions, is compiled a second time, for the types of the arguments
// it is called with, into ScalarNodes: no Value boxes, no heap frames, no
// reference counting. This is what makes recursive scalar code (fib) fast.
//
// The fast path is an optimisation, never a change of meaning:
// - anything the analysis does not fully understand (a global read, an
//   array, a string, a local that may be unassigned, a value that may be
//   null, a type that changes) leaves the function to the generic path;
// - the other functions it calls are looked up when it is compiled, and
//   every entry checks that those global names still hold the same
//   functions (and that `range` is still the built-in), rebuilding if not;
// - nodes raise the generic interpreter's errors, spans and call traces.

/// Why a function stays on the generic path (never shown to users).
private struct NotScalar: Error {}
/// Statements that must run the generic way assign these loop variables,
/// which must then live in their slots: compile the loop again so.
private struct IslandConflict: Error {
    let names: Set<String>
}
/// A local whose type is not known yet (type inference tries again).
private struct Pending: Error {}

/// What a function's entry checks before running its scalar code.
struct ScalarGuard {
    let globals: Globals
    let slot: Int
    /// The name must hold a closure of this code, whose compilation for
    /// `key` must still be `target`, the one the call node runs (both held
    /// weakly: a freed object never matches, so a call node never runs a
    /// compilation that was dropped, and compilations do not keep each
    /// other alive)...
    weak var code: FunctionCode?
    weak var target: ScalarFunction?
    let key: UInt64
    /// ...or, when false, be unassigned (the primitive of that name).
    let isFunction: Bool

    init(globals: Globals, slot: Int, code: FunctionCode?, target: ScalarFunction? = nil) {
        self.globals = globals
        self.slot = slot
        self.code = code
        self.target = target
        key = target.map { signatureKey($0.signature) } ?? 0
        isFunction = code != nil
    }

    /// What the guard checks, to keep one of equal guards.
    struct Identity: Hashable {
        let globals: ObjectIdentifier
        let slot: Int
        let code: ObjectIdentifier?
        let target: ObjectIdentifier?
        let key: UInt64
    }

    var identity: Identity {
        Identity(
            globals: ObjectIdentifier(globals), slot: slot, code: code.map { ObjectIdentifier($0) },
            target: target.map { ObjectIdentifier($0) }, key: key)
    }

    func holds() -> Bool {
        guard slot < globals.values.count else { return false }
        guard isFunction else { return globals.values[slot] == nil }
        guard let code, let target, case .function(let fn)? = globals.values[slot], let c = fn.closure else {
            return false
        }
        return c.code === code && c.captured == nil && code.scalar.lookup(key).function === target
    }
}

/// One function compiled for one combination of argument types.
final class ScalarFunction {
    let name: String
    let signature: [ScalarType]
    var returnType: ScalarType = .int
    /// Registers: [0] the recursion budget, [1...] parameters and locals, then the result.
    var frameSize = 0
    var resultIndex = 0
    /// The body, owned here and called through `body` without reference counting.
    private(set) var ownedBody: Statement = Statement.nothing
    private(set) var body = Unmanaged.passUnretained(Statement.nothing)
    /// Direct guards (names this function calls) and, once built, all
    /// guards of every function reachable from it.
    var guards: [ScalarGuard] = []
    var allGuards: [ScalarGuard] = []
    var callees: [ScalarFunction] = []
    /// The return type other functions assumed while this one was being compiled.
    var assumedReturnType: ScalarType? = nil
    /// The first register of each parameter.
    var paramRegisters: [Int] = []
    /// For a loop: each variable's first register and assigned-flag
    /// register (-1: assigned on entry), its type, and where the entry puts
    /// the range's bounds (-1: not a `for` over a range).
    var loopLayout: [(register: Int, flag: Int)] = []
    var loopTypes: [ScalarType] = []
    /// Whether each loop variable is in registers (false: it stays in its slot).
    var loopHeld: [Bool] = []
    var boundsRegister = -1
    /// For a comprehension's loop: the type of the values it collects.
    var collectType: ScalarType? = nil

    init(name: String, signature: [ScalarType]) {
        self.name = name
        self.signature = signature
    }

    func setBody(_ b: Statement) {
        ownedBody = b
        body = Unmanaged.passUnretained(b)
    }

    var isValid: Bool { allGuards.allSatisfy { $0.holds() } }
}

/// A function's scalar compilations, by argument types.
struct ScalarCache {
    var entries: [(key: UInt64, function: ScalarFunction?)] = []
    /// Times a compilation was dropped because a name it calls changed.
    var rebuilds = 0
    /// Set when rebuilding keeps failing: the function stays generic.
    var disabled = false
    /// The compilation used last, and its key: calls from generic code try
    /// it first, reading these copies of its fields (no reference counting).
    var last: ScalarFunction? = nil {
        didSet {
            lastBody = Unmanaged.passUnretained(last?.ownedBody ?? Statement.nothing)
            lastResultIndex = last?.resultIndex ?? 0
            lastReturnType = last?.returnType ?? .int
            lastHasGuards = !(last?.allGuards.isEmpty ?? true)
        }
    }
    var lastKey: UInt64 = 0
    var lastBody = Unmanaged.passUnretained(Statement.nothing)
    var lastResultIndex = 0
    var lastReturnType = ScalarType.int
    var lastHasGuards = false

    func lookup(_ key: UInt64) -> (found: Bool, function: ScalarFunction?) {
        for e in entries where e.key == key { return (true, e.function) }
        return (false, nil)
    }

    /// Forgets the compilation for `key` (one that must be made again).
    mutating func remove(_ key: UInt64) {
        entries.removeAll { $0.key == key }
        if lastKey == key { last = nil }
    }

    mutating func store(_ key: UInt64, _ f: ScalarFunction?) {
        entries.removeAll { $0.key == key }
        entries.append((key, f))
        if lastKey == key && last != nil { last = f }
    }
}

func signatureKey(_ types: [ScalarType]) -> UInt64 {
    var key: UInt64 = 0
    for (i, t) in types.enumerated() { key |= t.code << (5 * UInt64(i)) }
    return key
}

/// Builds scalar functions for one entry: everything reachable from it
/// succeeds together or not at all.
final class ScalarBuilder {
    private var inProgress: [(code: FunctionCode, key: UInt64, function: ScalarFunction)] = []
    /// Functions compiled by this attempt, with their codes.
    private var built: [(function: ScalarFunction, code: FunctionCode)] = []
    /// Return types learnt on a failed attempt, used as the next attempt's assumptions.
    private var learnt: [ObjectIdentifier: [UInt64: ScalarType]] = [:]
    /// The return type assumed for a function still being compiled, and
    /// whether an attempt relied on such an assumption.
    private var guess = ScalarType.int
    private var assumed = false
    private var compilations = 0

    /// The scalar function for `code` called with `signature`.
    fileprivate func function(_ code: FunctionCode, _ signature: [ScalarType]) throws -> ScalarFunction {
        let key = signatureKey(signature)
        if let p = inProgress.first(where: { $0.code === code && $0.key == key }) {
            // A recursive call: its return type is assumed, and checked once known.
            p.function.assumedReturnType = p.function.returnType
            assumed = true
            return p.function
        }
        if let b = built.first(where: { $0.code === code && signatureKey($0.function.signature) == key }) {
            return b.function
        }
        let cached = code.scalar.lookup(key)
        if cached.found {
            guard let f = cached.function else { throw NotScalar() }
            if f.isValid { return f }
        }
        guard !code.scalar.disabled, code.isTopLevel, let decl = code.decl,
            signature.count == code.paramCount, signature.count <= Limits.maxScalarParameters
        else { throw NotScalar() }
        // Each combination of argument types is its own compilation: bound
        // how many one entry may cause.
        compilations += 1
        guard compilations <= Limits.maxScalarCompilations else { throw NotScalar() }
        let f = ScalarFunction(name: code.name, signature: signature)
        f.returnType = learnt[ObjectIdentifier(code)]?[key] ?? guess
        inProgress.append((code, key, f))
        defer { inProgress.removeAll { $0.function === f } }
        // Functions compiled while f is may call f (recursion): when f fails they go too, even if the
        // caller goes on (a loop's statement that then runs the generic way), since nothing keeps f.
        let mark = built.count
        do {
            var compiler = try ScalarCompiler(builder: self, function: f, code: code, decl: decl)
            try compiler.compile()
        } catch {
            built.removeSubrange(mark...)
            throw error
        }
        built.append((f, code))
        return f
    }

    /// Compiles `code` for `signature` and everything it calls, and caches
    /// the results; nil when the function must run on the generic path.
    static func build(_ code: FunctionCode, _ signature: [ScalarType]) -> ScalarFunction? {
        attempt { try $0.function(code, signature) }
    }

    /// Compiles a loop for the current types of its variables.
    /// `opaque`: variables whose values the typed path cannot hold; they
    /// stay in their slots, and only generic statements use them.
    static func buildLoop(
        _ site: ScalarLoopSite, _ entryTypes: [ScalarType?], opaque entryOpaque: Set<String>,
        entry: LoopEntry
    ) -> ScalarFunction? {
        var opaque = entryOpaque
        for _ in 0..<4 {
            var conflict: Set<String> = []
            let built = attempt { builder in
                let root = ScalarFunction(name: "loop", signature: [])
                var compiler = ScalarCompiler(
                    builder: builder, function: root, loop: site, entryTypes: entryTypes, opaque: opaque,
                    lenient: entry == .lenient)
                do { try compiler.compile() } catch let c as IslandConflict {
                    conflict = c.names
                    throw c
                }
                // A loop whose every statement runs the generic way only adds the
                // islands' cost to each step (`for i in range(len(xs)) { s += xs[i] }`
                // over a list): it stays generic.
                guard compiler.islands == 0 || compiler.typedWork > 0 else { throw NotScalar() }
                return root
            }
            if let built { return built }
            guard entry == .lenient, !conflict.isSubset(of: opaque) else { return nil }
            opaque.formUnion(conflict)
        }
        return nil
    }

    /// Runs `make` until its compilation holds together (guessing the types
    /// of recursive calls again when needed), then completes and caches
    /// what it compiled.
    private static func attempt(_ make: (ScalarBuilder) throws -> ScalarFunction) -> ScalarFunction? {
        let builder = ScalarBuilder()
        var guesses: [ScalarType] = [.bool, .float]
        for _ in 0..<4 {
            builder.built = []
            builder.assumed = false
            guard let root = try? make(builder) else {
                // A wrong guess about a recursive call's type can make the body
                // look ill-typed: guess again before giving up.
                guard builder.assumed, !guesses.isEmpty else { return nil }
                builder.guess = guesses.removeFirst()
                continue
            }
            // Every return type assumed during recursion must be the one found.
            let wrong = builder.built.filter { b in
                b.function.assumedReturnType.map { $0 != b.function.returnType } ?? false
            }
            if !wrong.isEmpty {
                for b in builder.built {
                    builder.learnt[ObjectIdentifier(b.code), default: [:]][signatureKey(b.function.signature)] =
                        b.function.returnType
                }
                continue
            }
            // Callees are built before their callers, so each list is made
            // from its callees' finished ones.
            var finished: Set<ObjectIdentifier> = []
            for b in builder.built {
                b.function.allGuards = reachableGuards(b.function, finished: finished)
                finished.insert(ObjectIdentifier(b.function))
            }
            if !builder.built.contains(where: { $0.function === root }) {
                root.allGuards = reachableGuards(root, finished: finished)
            }
            root.callees = []
            for b in builder.built {
                b.function.callees = []
                b.code.scalar.store(signatureKey(b.function.signature), b.function)
            }
            return root
        }
        return nil
    }

    /// Every guard of `root` and of the functions it reaches. `finished`:
    /// functions of this build whose `allGuards` is complete already (it
    /// stands for everything they reach, which is not walked again: a chain
    /// of n calls costs n^2 guards, not n^3). Cached functions of earlier
    /// builds have complete lists and no callees.
    private static func reachableGuards(_ root: ScalarFunction, finished: Set<ObjectIdentifier>) -> [ScalarGuard] {
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        var stack = [root]
        var out: [ScalarGuard] = []
        // Each guard once: callees built earlier carry their complete guard
        // lists, which repeat their own callees' (kept twice, a chain of n
        // calls would hold 2^n guards).
        var kept: Set<ScalarGuard.Identity> = []
        func keep(_ guards: [ScalarGuard]) {
            for g in guards where kept.insert(g.identity).inserted { out.append(g) }
        }
        while let f = stack.popLast() {
            keep(f.guards)
            keep(f.allGuards)
            if f !== root && finished.contains(ObjectIdentifier(f)) { continue }
            for c in f.callees where seen.insert(ObjectIdentifier(c)).inserted { stack.append(c) }
        }
        return out
    }
}

/// Types one function's body (or one loop) and builds its nodes.
private struct ScalarCompiler {
    let builder: ScalarBuilder
    let function: ScalarFunction
    let body: [Stmt]
    let globals: Globals
    /// A loop: its variables are loaded into registers when it is entered.
    let loop: ScalarLoopSite?
    var slotOf: [String: Int] = [:]
    var types: [String: ScalarType] = [:]
    /// A loop's variables that live in their slots (see `buildLoop`).
    var opaque: Set<String> = []
    /// Locals certainly assigned at this point (params always).
    var assigned: Set<String> = []
    /// Variables of a loop that were unassigned when it started: the
    /// register that records whether the loop assigned them.
    var flagOf: [String: Int] = [:]
    var inferring = false
    var returnType: ScalarType? = nil
    var resultIndex: Int
    var frameSize: Int
    /// Registers for values computed once per statement (`x[i] += v`'s index).
    var temporaryBase: Int
    var temporariesInUse = 0
    /// A loop's range bounds, set by the entry (the root `for` of a loop).
    var boundsBase = -1
    var rootCompiled = false
    var statementDepth = 0
    /// In a loop: statements run the generic way, and statements and
    /// conditions below the root that run typed (see `buildLoop`).
    var islands = 0
    var typedWork = 0
    /// A loop variable given a second type lives in its slot (else the
    /// attempt fails, and the generic loop tries again later: `LoopEntry`).
    var lenient = false
    /// The kind (0: a Python number, 1: a numpy scalar) of each dual
    /// expression built, by node (see `ScalarType.isDual`).
    let kinds = KindTable()
    /// A function's parameters (their registers are their signature's) and
    /// the variables of for loops (they take each item's bits): never floating.
    var neverFloating: Set<String> = []
    /// Variables assigned `x[i]` of an array variable: room for a row's
    /// registers in a loop (`rowView`).
    var rowViews: Set<String> = []
    /// A function's parameters and all its locals (parameters first), in register order.
    var params: [String] = []
    var locals: [String] = []

    init(builder: ScalarBuilder, function: ScalarFunction, code: FunctionCode, decl: FunctionDecl) throws {
        self.builder = builder
        self.function = function
        self.body = decl.body
        self.globals = code.globals
        loop = nil
        var next = 1
        for (p, t) in zip(decl.params, function.signature) {
            types[p.name] = t
            assigned.insert(p.name)
            neverFloating.insert(p.name)
        }
        rowViews = Self.rowViewNames(decl.body)
        params = decl.params.map(\.name)
        // One register per local until inference gives each its type (`layOutLocals`).
        for n in Resolver.locals(of: decl) where slotOf[n] == nil {
            slotOf[n] = next
            locals.append(n)
            next += types[n]?.registerCount ?? 1
        }
        resultIndex = next
        temporaryBase = next + 2  // the result, and a floating result's kind
        frameSize = temporaryBase + Limits.maxScalarTemporaries
        let registers = slotOf
        function.paramRegisters = decl.params.compactMap { registers[$0.name] }
        guard function.paramRegisters.count == function.signature.count else { throw NotScalar() }
    }

    /// Gives a function's parameters and locals their registers once their
    /// types are known: one each, two for a floating local, three for an
    /// array (a parameter, or a row view).
    mutating func layOutLocals() {
        var next = 1
        for n in locals {
            slotOf[n] = next
            next += types[n]?.registerCount ?? 1
        }
        resultIndex = next
        temporaryBase = next + 2  // the result, and a floating result's kind
        frameSize = temporaryBase + Limits.maxScalarTemporaries
        let registers = slotOf
        function.paramRegisters = params.compactMap { registers[$0] }
    }

    init(
        builder: ScalarBuilder, function: ScalarFunction, loop site: ScalarLoopSite, entryTypes: [ScalarType?],
        opaque: Set<String>, lenient: Bool
    ) {
        self.lenient = lenient
        self.builder = builder
        self.function = function
        self.body = [site.statement]
        self.globals = site.globals
        self.opaque = opaque
        loop = site
        var next = 1
        var registers: [Int] = []
        rowViews = Self.rowViewNames([site.statement])
        for (name, t) in zip(site.names, entryTypes) {
            // Unassigned and never assigned here: only generic statements can use it (and fail).
            if t == nil && !site.written.contains(name) { self.opaque.insert(name) }
            slotOf[name] = next
            registers.append(next)
            // Room for an array (or a row it is assigned), or for a variable that turns out floating.
            next += t?.isArray == true || rowViews.contains(name) ? 3 : 2
            if let t, !opaque.contains(name) {
                types[name] = t
                assigned.insert(name)
            }
        }
        var flags: [Int] = []
        for (name, t) in zip(site.names, entryTypes) {
            if t == nil && site.written.contains(name) && !opaque.contains(name) {
                flagOf[name] = next
                flags.append(next)
                next += 1
            } else {
                flags.append(-1)
            }
        }
        if site.isRange {
            boundsBase = next
            next += 3
        }
        function.boundsRegister = boundsBase
        function.loopLayout = zip(registers, flags).map { (register: $0, flag: $1) }
        resultIndex = next
        temporaryBase = next + 2  // the result, and a floating result's kind
        frameSize = temporaryBase + Limits.maxScalarTemporaries
    }

    mutating func compile() throws {
        try inferLocalTypes()
        if loop == nil { layOutLocals() }
        guard frameSize <= Limits.maxScalarRegisters else { throw NotScalar() }
        function.frameSize = frameSize
        function.resultIndex = resultIndex
        for name in slotOf.keys where types[name] == nil && !opaque.contains(name) { throw NotScalar() }
        let (node, value) = try block(body)
        if let loop {
            function.loopTypes = loop.names.map { types[$0] ?? .int }
            function.loopHeld = loop.names.map { !opaque.contains($0) }
            if let returnType {
                guard !returnType.isArray else { throw NotScalar() }
                function.returnType = returnType
            }
            function.setBody(node)
            return
        }
        // The function's value: its last statement's, or a returned one.
        var result = value
        if let returnType { result = combine(result, .typed(returnType)) }
        guard case .typed(let t) = result, !t.isArray else { throw NotScalar() }
        function.returnType = t
        function.setBody(node)
    }

    mutating func temporary() throws -> Int {
        guard temporariesInUse < Limits.maxScalarTemporaries else { throw NotScalar() }
        temporariesInUse += 1
        return temporaryBase + temporariesInUse - 1
    }

    // MARK: types of locals

    /// Gives each local the type of the values assigned to it, repeating
    /// until nothing changes; a local given two types is not scalar.
    mutating func inferLocalTypes() throws {
        inferring = true
        defer { inferring = false }
        // A for loop's variables take each item's bits (not a kind): never floating.
        forEachStatementInScope(body) { s in
            if case .forLoop(let targets, _, _) = s.kind {
                for case .name(let n, _) in targets { neverFloating.insert(n) }
            }
        }
        for _ in 0..<8 {
            var changed = false
            try visitAssignments(body) { this, name, e, position in
                if this.opaque.contains(name) { return }
                let t: ScalarType
                do {
                    if position == nil, let view = try this.rowView(name, e) {
                        t = .array(view.dtype, rank: 1)
                    } else {
                        t = try position.map { try this.loopItemType(e, $0) } ?? this.expression(e).1
                    }
                } catch is Pending { return } catch is NotScalar where this.loop != nil {
                    // A loop variable given what the typed path cannot hold lives in its slot;
                    // one that holds a typed value waits for later steps first (LoopEntry).
                    guard this.lenient || this.types[name] == nil else { throw NotScalar() }
                    this.opaque.insert(name)
                    this.types[name] = nil
                    changed = true
                    return
                }
                if let old = this.types[name] {
                    if old != t, let joined = this.dualJoin(name, old, t) {
                        if joined != old {
                            this.types[name] = joined
                            changed = true
                        }
                    } else if old != t {
                        guard this.loop != nil, this.lenient else { throw NotScalar() }
                        this.opaque.insert(name)
                        this.types[name] = nil
                        changed = true
                    }
                } else {
                    this.types[name] = t
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    /// A Python float and a numpy f64 (or a floating value) assigned to one
    /// variable make it floating; a Python int and a numpy i64, integral;
    /// unless it is a parameter (its registers are its signature's) or a for
    /// loop's variable. Nil: the types do not join.
    func dualJoin(_ name: String, _ a: ScalarType, _ b: ScalarType) -> ScalarType? {
        guard !neverFloating.contains(name) else { return nil }
        for (python, numpy, dual) in [(ScalarType.float, DType.f64, ScalarType.floating), (.int, .i64, .integral)] {
            let members: Set<ScalarType> = [python, .element(numpy), dual]
            if members.contains(a) && members.contains(b) { return dual }
        }
        return nil
    }

    /// `n = m[i]` for a 2-d array variable m, when neither m nor n has
    /// elements written by the code: n is a view of m's row (`RowView`),
    /// copied out only if boxed. Nil: not such an assignment.
    mutating func rowView(_ n: String, _ e: Expr) throws -> (source: Int, index: ScalarExpr, dtype: DType)? {
        guard rowViews.contains(n), !neverFloating.contains(n), !opaque.contains(n),
            case .index(let baseExpr, let items) = e.kind, items.count == 1, case .single(let ix) = items[0],
            case .name(let m) = baseExpr.kind, let source = slotOf[m], !opaque.contains(m)
        else { return nil }
        guard let mType = types[m] else {
            if inferring { throw Pending() }
            return nil
        }
        guard case .array(let dtype, 2) = mType, dtype != .str else { return nil }
        if let loop, loop.elementWritten.contains(m) || loop.elementWritten.contains(n) { return nil }
        let (index, t) = try expression(ix)
        guard t.isIntegerValued else { throw NotScalar() }
        return (source, index, dtype)
    }

    /// Variables some statement assigns `x[i]` of a variable x (candidates for `rowView`).
    static func rowViewNames(_ stmts: [Stmt]) -> Set<String> {
        var names: Set<String> = []
        forEachStatementInScope(stmts) { s in
            if case .assign(.name(let n, _), let e) = s.kind, case .index(let base, let items) = e.kind,
                items.count == 1, case .name = base.kind
            {
                names.insert(n)
            }
        }
        return names
    }

    /// Calls `body` for each `name = e` (nil) and each for-loop variable
    /// with the loop's iterable and the variable's position among the targets.
    mutating func visitAssignments(_ stmts: [Stmt], _ body: (inout ScalarCompiler, String, Expr, Int?) throws -> Void)
        throws
    {
        try forEachStatementInScope(stmts) { s in
            switch s.kind {
            case .assign(.name(let n, _), let e): try body(&self, n, e, nil)
            case .augmented(.name(let n, let span), let op, let e):
                // `s += e` assigns s the type of `s + e`.
                try body(&self, n, Expr(.binary(op, Expr(.name(n), span), e), s.span), nil)
            case .forLoop(let targets, let iterable, _):
                for (k, target) in targets.enumerated() {
                    if case .name(let n, _) = target { try body(&self, n, iterable, k) }
                }
            default: break
            }
        }
    }

    /// The type of the for-loop variable at `position`: an element of a 1-d
    /// array variable it walks (the index of `enumerate` is an int), else
    /// an int (a `range`; other loops are generic).
    mutating func loopItemType(_ iterable: Expr, _ position: Int) throws -> ScalarType {
        guard let walk = ArrayWalk(iterable) else { return .int }
        if walk.numbered && position == 0 { return .int }
        let k = position - (walk.numbered ? 1 : 0)
        guard k < walk.arrays.count else { throw NotScalar() }
        let array = walk.arrays[k]
        guard slotOf[array] != nil, !opaque.contains(array), let t = types[array] else {
            throw inferring ? Pending() as Error : NotScalar()
        }
        guard case .array(let dtype, 1) = t else { throw NotScalar() }
        return .element(dtype)
    }

    // MARK: statements

    enum BlockValue: Equatable {
        case null, diverges, mixed
        case typed(ScalarType)
    }

    func combine(_ a: BlockValue, _ b: BlockValue) -> BlockValue {
        if a == .diverges { return b }
        if b == .diverges { return a }
        return a == b ? a : .mixed
    }

    mutating func block(_ stmts: [Stmt]) throws -> (Statement, BlockValue) {
        var nodes: [Statement] = []
        var value = BlockValue.null
        for s in stmts {
            let (node, v) = try statement(s)
            nodes.append(node)
            value = v
        }
        guard var chain = nodes.last else { return (Statement.nothing, .null) }
        for n in nodes.dropLast().reversed() {
            // `if c { return e }` then the rest (a base case, an early exit): one node.
            if let guardNode = n as? IfThen, let ret = guardNode.then as? ScalarReturn {
                chain = ReturnIf(guardNode.condition, ret, rest: chain)
            } else {
                chain = Then(n, chain)
            }
        }
        return (chain, value)
    }

    /// A branch's block; returns the locals it certainly assigns (nil when it never finishes normally).
    mutating func branch(_ stmts: [Stmt]) throws -> (Statement, BlockValue, Set<String>?) {
        let saved = assigned
        let (node, value) = try block(stmts)
        let after = assigned
        assigned = saved
        return (node, value, value == .diverges ? nil : after)
    }

    /// A statement, typed if it can be; in a loop, otherwise the generic
    /// way (an island) when that is safe.
    mutating func statement(_ s: Stmt) throws -> (Statement, BlockValue) {
        // The loop itself (the first statement) is never an island.
        let isRoot = statementDepth == 0
        statementDepth += 1
        // Temporaries hold values within one statement.
        let temporaries = temporariesInUse
        defer {
            statementDepth -= 1
            temporariesInUse = temporaries
        }
        guard loop != nil, !inferring, !isRoot else { return try typedStatement(s) }
        let saved = (assigned, temporariesInUse, function.guards.count, function.callees.count, rootCompiled)
        do {
            let typed = try typedStatement(s)
            switch s.kind {
            case .forLoop, .breakLoop, .continueLoop: break
            default: typedWork += 1  // an assignment, an expression, a condition, a return
            }
            return typed
        } catch is NotScalar {
            assigned = saved.0
            temporariesInUse = saved.1
            function.guards.removeLast(function.guards.count - saved.2)
            function.callees.removeLast(function.callees.count - saved.3)
            rootCompiled = saved.4
            let node = try island(s)
            islands += 1
            return (node, .null)
        }
    }

    mutating func typedStatement(_ s: Stmt) throws -> (Statement, BlockValue) {
        switch s.kind {
        case .expression(let e):
            if case .ifElse(let c, let thenStmts, let elseStmts) = e.kind {
                let cond = try condition(c)
                let (thenNode, thenValue, thenAssigned) = try branch(thenStmts)
                var elseNode: Statement? = nil
                var elseValue = BlockValue.null
                var elseAssigned: Set<String>? = assigned
                if let elseStmts { (elseNode, elseValue, elseAssigned) = try branch(elseStmts) }
                switch (thenAssigned, elseAssigned) {
                case (let a?, let b?): assigned = a.intersection(b)
                case (let a?, nil): assigned = a
                case (nil, let b?): assigned = b
                case (nil, nil): break
                }
                return (IfStatement.make(cond, thenNode, elseNode), combine(thenValue, elseValue))
            }
            let (node, t) = try expression(e)
            guard !t.isArray else { throw NotScalar() }
            if t.isDual {
                return (DualResult(node, kind: try kindOf(node), result: resultIndex, flow: .normal), .typed(t))
            }
            return (ScalarExpressionStmt(node, result: resultIndex), .typed(t))

        case .assign(.name(let n, _), let e):
            if let append = try appendStatement(n, e, s) { return (append, .null) }
            guard let slot = slotOf[n] else { throw NotScalar() }
            if inferring && types[n] == nil { throw Pending() }
            if case .array(_, 1)? = types[n], let view = try rowView(n, e) {
                assigned.insert(n)
                let node = RowView(
                    slot: slot, source: view.source, index: view.index, dtype: view.dtype, span: e.span,
                    flag: flagOf[n] ?? -1)
                return (node, .null)
            }
            let (node, t) = try expression(e)
            if types[n]?.isDual == true {
                let kind = try kindAssigned(node, t, to: types[n])
                assigned.insert(n)
                return (dualAssign(slot, node, kind: kind, flag: flagOf[n] ?? -1), .null)
            }
            guard t == types[n], !t.isArray else { throw NotScalar() }
            assigned.insert(n)
            if let flag = flagOf[n] { return (ScalarAssignFlagged(slot, flag, node), .null) }
            return (ScalarAssign(slot, node), .null)

        case .assign(.index(let baseExpr, let items, let span), let e):
            if let set = try listSetStatement(baseExpr, items, e, s, span: span) { return (set, .null) }
            let target = try elementTarget(baseExpr, items)
            var (value, t): (ScalarExpr, ScalarType)
            if case .ifElse(let c, let thenStmts, let elseStmts?) = e.kind {
                (value, t) = try ifValue(c, thenStmts, elseStmts, stored: true)
            } else {
                (value, t) = try expression(e)
            }
            return (try elementWrite(target, value, t, span: span), .null)

        case .augmented(.name(let n, let nameSpan), let op, let e):
            guard let slot = slotOf[n] else { throw NotScalar() }
            let current = try name(n, nameSpan)
            let rhs = try expression(e)
            let (node, t) = try binary(op, current, rhs, span: s.span, rhsLiteral: e)
            if types[n]?.isDual == true {
                return (dualAssign(slot, node, kind: try kindAssigned(node, t, to: types[n]), flag: -1), .null)
            }
            guard t == types[n] else { throw NotScalar() }
            // `c += 1`, the commonest statement of a loop: one node.
            if let add = node as? IntAddConst, add.l.slot == slot { return (ScalarIncrement(slot, add.k), .null) }
            return (ScalarAssign(slot, node), .null)

        case .augmented(.index(let baseExpr, let items, let span), let op, let e):
            // The indices are evaluated once, into temporaries.
            var target = try elementTarget(baseExpr, items)
            let saved = temporariesInUse
            defer { temporariesInUse = saved }
            var setup: [Statement] = []
            for (k, index) in target.indices.enumerated() {
                let register = try temporary()
                setup.append(ScalarAssign(register, index))
                target.indices[k] = ScalarLocal(register)
            }
            let current = (try elementRead(target, span: span), ScalarType.element(target.dtype))
            let (value, t) = try binary(op, current, try expression(e), span: s.span, rhsLiteral: e)
            var node = try elementWrite(target, value, t, span: span)
            for step in setup.reversed() { node = Then(step, node) }
            return (node, .null)

        case .whileLoop(let c, let bodyStmts):
            let cond = try condition(c)
            let (body, _, _) = try branch(bodyStmts)
            return (WhileLoop(cond, body, span: c.span, generic: false), .null)

        case .forLoop(let targets, let iterable, let bodyStmts):
            if let walk = ArrayWalk(iterable) {
                return (try arrayLoop(targets, walk, bodyStmts, span: s.span), .null)
            }
            guard targets.count == 1, case .name(let n, _) = targets[0], let slot = slotOf[n], types[n] == .int,
                case .call(let callee, let args) = iterable.kind, case .name("range") = callee.kind,
                slotOf["range"] == nil, (1...3).contains(args.count), args.allSatisfy({ $0.name == nil })
            else { throw NotScalar() }
            var bounds: [ScalarExpr] = []
            if boundsBase >= 0 && !rootCompiled {
                // The loop being entered (compiled first): the entry counted its bounds.
                rootCompiled = true
                bounds = [ScalarLocal(boundsBase), ScalarLocal(boundsBase + 1), ScalarLocal(boundsBase + 2)]
            } else {
                for a in args {
                    let (node, t) = try expression(a.value)
                    guard t.isIntegerValued else { throw NotScalar() }
                    bounds.append(node)
                }
                // `range` must still be the primitive when the function runs.
                try requirePrimitive("range")
            }
            let saved = assigned
            assigned.insert(n)
            let (body, _, _) = try branch(bodyStmts)
            assigned = saved
            let node = ScalarForRange(
                slot: slot, start: bounds.count > 1 ? bounds[0] : nil, stop: bounds.count > 1 ? bounds[1] : bounds[0],
                step: bounds.count > 2 ? bounds[2] : nil, body: body, span: s.span, iterableSpan: iterable.span,
                flag: flagOf[n] ?? -1)
            return (node, .null)

        case .breakLoop: return (Jump(.breakLoop), .diverges)
        case .continueLoop: return (Jump(.continueLoop), .diverges)

        case .returnValue(let e):
            guard let e, loop?.inFunction ?? true else { throw NotScalar() }
            let (node, t) = try expression(e)
            if let r = returnType, r != t { throw NotScalar() }
            guard !t.isArray else { throw NotScalar() }
            returnType = t
            if t.isDual {
                return (DualResult(node, kind: try kindOf(node), result: resultIndex, flow: .returned), .diverges)
            }
            return (ScalarReturn(node, result: resultIndex), .diverges)

        default:
            throw NotScalar()
        }
    }

    /// `for v in x`, `for i, v in enumerate(x)` or `for a, b in zip(x, y)`
    /// over 1-d array variables that the loop neither assigns nor writes
    /// into: the variables take each element, read in place. The loop
    /// being entered starts where the generic loop got to (its bounds
    /// registers).
    mutating func arrayLoop(_ targets: [Target], _ walk: ArrayWalk, _ bodyStmts: [Stmt], span: SourceSpan) throws
        -> Statement
    {
        var names: [String] = []
        for case .name(let n, _) in targets { names.append(n) }
        guard names.count == targets.count, names.count == walk.arrays.count + (walk.numbered ? 1 : 0) else {
            throw NotScalar()
        }
        if let primitive = walk.primitive { try requirePrimitive(primitive) }
        var walker = NameWalker()
        walker.block(bodyStmts)
        var readers: [(slot: Int, base: Int, dtype: DType)] = []
        for (n, array) in zip(names.suffix(walk.arrays.count), walk.arrays) {
            guard let slot = slotOf[n], let base = slotOf[array], !opaque.contains(array),
                case .array(let dtype, 1)? = types[array], types[n] == .element(dtype),
                !walker.uses.defines.contains(array), !walker.uses.mutates.contains(array), !names.contains(array)
            else { throw NotScalar() }
            readers.append((slot, base, dtype))
        }
        var index = -1
        if walk.numbered {
            guard let slot = slotOf[names[0]], types[names[0]] == .int else { throw NotScalar() }
            index = slot
        }
        var start: ScalarExpr = ScalarConst(0)
        if boundsBase >= 0 && !rootCompiled {
            rootCompiled = true
            start = ScalarLocal(boundsBase)
        }
        let saved = assigned
        assigned.formUnion(names)
        var body: Statement
        if let loop, let collect = loop.collect, start is ScalarLocal {
            // A comprehension's loop: collect the element where the condition holds.
            let (element, t) = try expression(collect.element)
            guard !t.isArray, !t.isDual else { throw NotScalar() }
            function.collectType = t
            body = ScalarCollect(
                site: loop, element: element, condition: try collect.condition.map { try condition($0) })
        } else {
            (body, _, _) = try branch(bodyStmts)
        }
        assigned = saved
        return ScalarForEach(
            readers: readers, index: index, flags: names.map { flagOf[$0] ?? -1 }, start: start, body: body, span: span)
    }

    /// The global `name` must be unassigned (the primitive) when the code
    /// runs: checked when it is entered.
    mutating func requirePrimitive(_ name: String) throws {
        let slot = globals.slot(name)
        guard globals.values[slot] == nil else { throw NotScalar() }
        if !inferring { function.guards.append(ScalarGuard(globals: globals, slot: slot, code: nil)) }
    }

    // MARK: islands

    /// A statement of a loop that runs the generic way: it may read the
    /// typed variables (boxed into their slots first) but not assign them,
    /// and may not leave the loop. Not in a loop that writes array elements
    /// in place (those arrays are out of their slots while it runs).
    mutating func island(_ s: Stmt) throws -> Statement {
        guard let loop, !Self.transfersControl([s]) else { throw NotScalar() }
        var walker = NameWalker()
        walker.block([s])
        guard !walker.uses.usesModule else { throw NotScalar() }
        let assigns = walker.uses.defines.union(walker.uses.mutates)
        // The typed code calls functions and primitives by their global
        // names, checked when it is entered: an island may not rebind one.
        for n in assigns {
            if let i = loop.names.firstIndex(of: n), case .local = loop.places[i] { continue }
            if ["range", "len", "shape", "append"].contains(n) || Self.mathNames.contains(n) { throw NotScalar() }
            if let slot = globals.slotOf[n], case .function? = globals.values[slot] { throw NotScalar() }
        }
        let conflict = assigns.filter { slotOf[$0] != nil && !opaque.contains($0) }
        if !conflict.isEmpty { throw IslandConflict(names: conflict) }
        guard let code = loop.compileStatement?(s) else { throw NotScalar() }
        // Every typed variable is boxed into its slot first: code the island
        // calls (a function reading a global, a closure) sees it too.
        var held: [(register: Int, flag: Int, type: ScalarType, place: Resolved)] = []
        var views = held
        for (i, n) in loop.names.enumerated() where loop.fields[i] == nil {
            guard let register = slotOf[n], let t = types[n], !opaque.contains(n) else { continue }
            held.append((register, flagOf[n] ?? -1, t, loop.places[i]))
            // An array variable the loop assigns is a row view: its slot is not up to date.
            if t.isArray && loop.written.contains(n) { views.append(held[held.count - 1]) }
        }
        return ScalarIsland(site: loop, code: code, held: held, views: views)
    }

    /// `xs = append(xs, e)` in a loop, for a list variable: `e` is computed
    /// typed and the list grows in its slot. When `xs` does not hold a list
    /// then, the statement runs the generic way (and raises its error).
    mutating func appendStatement(_ n: String, _ e: Expr, _ s: Stmt) throws -> Statement? {
        guard let loop, !inferring, opaque.contains(n), let index = loop.names.firstIndex(of: n),
            case .call(let callee, let args) = e.kind, case .name("append") = callee.kind, slotOf["append"] == nil,
            args.count == 2, args.allSatisfy({ $0.name == nil }), case .name(n) = args[0].value.kind
        else { return nil }
        let (item, t) = try expression(args[1].value)
        guard !t.isArray, !t.isDual else { return nil }
        try requirePrimitive("append")
        let generic = try island(s)
        return ScalarAppend(site: loop, place: loop.places[index], item: item, type: t, otherwise: generic)
    }

    /// `xs[i] = e` in a loop, for a list variable, an int `i` and a typed
    /// `e`: the item is set in the list in its slot (`ScalarListSet`).
    mutating func listSetStatement(_ baseExpr: Expr, _ items: [IndexExpr], _ e: Expr, _ s: Stmt, span: SourceSpan)
        throws -> Statement?
    {
        guard let loop, !inferring, case .name(let n) = baseExpr.kind, opaque.contains(n),
            let variable = loop.names.firstIndex(of: n), items.count == 1, case .single(let ix) = items[0]
        else { return nil }
        let (item, t) = try expression(e)
        guard !t.isArray, !t.isDual else { return nil }
        let (index, it) = try expression(ix)
        guard it == .int else { return nil }
        let generic = try island(s)
        return ScalarListSet(
            site: loop, place: loop.places[variable], index: index, item: item, type: t, otherwise: generic, span: span)
    }

    // MARK: array elements

    struct ElementTarget {
        let base: Int
        let dtype: DType
        var indices: [ScalarExpr]
        /// `m[i][j]`: where `m[i]` is (its errors' span).
        var rowSpan: SourceSpan? = nil
    }

    /// `x[i]` or `x[i, j]` of an array variable, one integer per axis; or
    /// `m[i][j]` of a 2-d one, which is `m[i, j]`.
    mutating func elementTarget(_ baseExpr: Expr, _ items: [IndexExpr]) throws -> ElementTarget {
        if case .index(let inner, let rowItems) = baseExpr.kind, rowItems.count == 1, items.count == 1,
            let n = Self.variable(inner), slotOf[n] != nil, case .array(_, 2)? = types[n]
        {
            var target = try elementTarget(inner, rowItems + items)
            target.rowSpan = baseExpr.span
            return target
        }
        guard let n = Self.variable(baseExpr), let base = slotOf[n],
            case .array(let dtype, let rank)? = types[n], items.count == rank
        else { throw NotScalar() }
        var indices: [ScalarExpr] = []
        for item in items {
            guard case .single(let e) = item else { throw NotScalar() }
            let (node, t) = try expression(e)
            guard t.isIntegerValued else { throw NotScalar() }
            indices.append(node)
        }
        return ElementTarget(base: base, dtype: dtype, indices: indices)
    }

    func elementRead(_ t: ElementTarget, span: SourceSpan) throws -> ScalarExpr {
        let index = ElementIndex(base: t.base, t.indices, span: span, rowSpan: t.rowSpan)
        guard t.dtype != .str else { throw NotScalar() }
        return ArrayRead(index, t.dtype)
    }

    /// Writing into an array the loop's entry made unique (never a parameter).
    func elementWrite(_ t: ElementTarget, _ value: ScalarExpr, _ type: ScalarType, span: SourceSpan) throws
        -> Statement
    {
        guard let loop, !type.isArray, loop.elementWritten.contains(where: { slotOf[$0] == t.base }) else {
            throw NotScalar()
        }
        // A Python int out of a small dtype's range is an error, a numpy i64 wraps: only where both convert alike.
        if type == .integral && ![.i64, .f64, .f32, .bool].contains(t.dtype) { throw NotScalar() }
        // A Python float into an integer array is checked, a numpy f64 is cast: the kinds differ.
        if type == .floating && t.dtype.isInteger { throw NotScalar() }
        let index = ElementIndex(base: t.base, t.indices, span: span, rowSpan: t.rowSpan)
        guard t.dtype != .str else { throw NotScalar() }
        return ArrayWrite(index, value: value, from: type, dtype: t.dtype)
    }

    // MARK: expressions

    /// A test of `if`, `while` or `not`: a bool or a numpy bool. Only its
    /// truth is used, so the sides of an `and`/`or` may be of either kind
    /// (`x[i] > 0 and i > 1`, whose value would be one or the other).
    mutating func condition(_ e: Expr) throws -> ScalarExpr {
        if case .binary(let op, let l, let r) = e.kind, op == .and || op == .or {
            return BoolLogic(isAnd: op == .and, try condition(l), try condition(r))
        }
        if case .binary(let op, let l, let r) = e.kind, op.isComparison {
            // A floating operand compares as a double; whether the result is a
            // Python bool or a numpy one does not matter to a condition.
            let (a, ta) = try expression(l), (b, tb) = try expression(r)
            if ta.isDual || tb.isDual {
                // Compared as its numpy kind, where either kind would compare in the same dtype.
                guard ta != .bool, tb != .bool, Self.kindFreeComputeType(op, ta, tb) != nil else { throw NotScalar() }
                let (node, _) = try binary(op, (a, ta.numpyKind), (b, tb.numpyKind), span: e.span, rhsLiteral: r)
                return node
            }
            let (node, t) = try binary(op, (a, ta), (b, tb), span: e.span, rhsLiteral: r)
            guard t == .bool || t == .element(.bool) else { throw NotScalar() }
            return node
        }
        let (node, t) = try expression(e)
        guard t == .bool || t == .element(.bool) else { throw NotScalar() }
        return node
    }

    mutating func name(_ n: String, _ span: SourceSpan) throws -> (ScalarExpr, ScalarType) {
        guard let slot = slotOf[n], !opaque.contains(n) else { throw NotScalar() }
        guard let t = types[n] else { throw inferring ? Pending() as Error : NotScalar() }
        if !inferring && !assigned.contains(n) { throw NotScalar() }
        let node = ScalarLocal(slot)
        if t.isDual { kinds[node] = ScalarLocal(slot + 1) }
        return (node, t)
    }

    mutating func expression(_ e: Expr) throws -> (ScalarExpr, ScalarType) {
        switch e.kind {
        case .int(let n): return (ScalarConst(n), .int)
        case .float(let x): return (ScalarConst(floatBits(x)), .float)
        case .bool(let b): return (ScalarConst(b ? 1 : 0), .bool)
        case .name(let n): return try name(n, e.span)
        case .field:
            // A record's field that a loop reads and never changes: held like a variable.
            guard let n = Self.variable(e) else { throw NotScalar() }
            return try name(n, e.span)

        case .unary(.negate, let x):
            let (node, t) = try expression(x)
            switch t {
            case .int, .element(.i64): return (IntNegate(node), t)
            case .integral: return (try withKind(IntNegate(node), kindOf(node)), t)
            case .float, .element(.f64), .element(.f32): return (FloatNegate(node), t)
            case .floating: return (try withKind(FloatNegate(node), kindOf(node)), t)
            case .element(.i32), .element(.u8):
                // 0 - x in the dtype: wraps as numpy's negative does.
                return (
                    ElementArithmetic(
                        .subtract, ScalarConst(0), .int, node, t, dtype: t == .element(.u8) ? .u8 : .i32, span: e.span),
                    t
                )
            default: throw NotScalar()
            }
        case .unary(.not, let x):
            return (BoolNot(try condition(x)), .bool)

        case .binary(let op, let l, let r):
            if op == .and || op == .or {
                let (a, ta) = try expression(l), (b, tb) = try expression(r)
                guard ta == tb, ta == .bool || ta == .element(.bool) else { throw NotScalar() }
                return (BoolLogic(isAnd: op == .and, a, b), ta)
            }
            return try binary(op, try expression(l), try expression(r), span: e.span, rhsLiteral: r)

        case .index(let baseExpr, let items):
            // `shape(x)[k]` for a literal axis k: an extent of an array variable.
            if case .call(let callee, let args) = baseExpr.kind, case .name("shape") = callee.kind,
                slotOf["shape"] == nil,
                args.count == 1, args[0].name == nil, case .name(let n) = args[0].value.kind, let base = slotOf[n],
                case .array(_, let rank)? = types[n], items.count == 1, case .single(let k) = items[0],
                case .int(let axis) = k.kind, axis >= -Int64(rank), axis < Int64(rank)
            {
                try requirePrimitive("shape")
                return (ScalarLocal(base + 1 + Int(axis < 0 ? axis + Int64(rank) : axis)), .element(.i64))
            }
            let target = try elementTarget(baseExpr, items)
            return (try elementRead(target, span: e.span), .element(target.dtype))

        case .call(let callee, let args):
            if case .name("len") = callee.kind, slotOf["len"] == nil, args.count == 1, args[0].name == nil,
                case .name(let n) = args[0].value.kind, let base = slotOf[n], types[n]?.isArray == true
            {
                try requirePrimitive("len")
                return (ArrayLength(base: base), .int)
            }
            if case .name(let n) = callee.kind, Self.mathNames.contains(n), slotOf[n] == nil, args.count == 1,
                args[0].name == nil, let math = try mathCall(n, try expression(args[0].value))
            {
                try requirePrimitive(n)
                return math
            }
            if case .name(let n) = callee.kind, slotOf[n] == nil, args.allSatisfy({ $0.name == nil }),
                let converted = try conversion(n, args, e.span)
            {
                try requirePrimitive(n)
                return converted
            }
            return try call(callee, args, e.span)

        case .ifElse(let c, let thenStmts, let elseStmts?):
            return try ifValue(c, thenStmts, elseStmts, stored: false)

        default:
            throw NotScalar()
        }
    }

    /// `if c { a } else { b }` as a value: both branches give one type. When
    /// the value is `stored` into an array element, a Python float and a
    /// numpy f64 or f32 (`if x[i] > 0 { x[i] } else { 0.0 }`) are one float:
    /// the store converts either the same way.
    mutating func ifValue(_ c: Expr, _ thenStmts: [Stmt], _ elseStmts: [Stmt], stored: Bool) throws -> (
        ScalarExpr, ScalarType
    ) {
        guard !Self.transfersControl(thenStmts), !Self.transfersControl(elseStmts) else { throw NotScalar() }
        let cond = try condition(c)
        let (thenNode, thenValue, thenAssigned) = try branch(thenStmts)
        let (elseNode, elseValue, elseAssigned) = try branch(elseStmts)
        guard case .typed(var t) = thenValue, case .typed(let u) = elseValue, !t.isArray, !t.isDual, !u.isDual
        else { throw NotScalar() }
        if t != u {
            guard stored, t.holdsFloat, u.holdsFloat else { throw NotScalar() }
            t = .float
        }
        if let a = thenAssigned, let b = elseAssigned { assigned = assigned.union(a.intersection(b)) }
        return (ScalarIfValue(cond, thenNode, elseNode, result: resultIndex), t)
    }

    /// `abs`, `sqrt`, `exp`, `log`, `sin`, `cos`, `floor`, `ceil` of one
    /// number, with the primitives' result types: a Python scalar gives a
    /// Python scalar; a numpy scalar keeps its dtype (`abs`) or gives f32 for
    /// f32, bool and u8 and f64 otherwise; `floor`/`ceil` of an integer is
    /// the integer. Nil: not one of them.
    static let mathNames: Set<String> = ["abs", "sqrt", "exp", "log", "sin", "cos", "floor", "ceil"]

    func mathCall(_ name: String, _ operand: (ScalarExpr, ScalarType)) throws -> (ScalarExpr, ScalarType)? {
        let (node, t) = operand
        guard !t.isArray, !t.isDual else { return nil }
        let integral: Bool
        switch t {
        case .int, .bool, .element(.bool), .element(.u8), .element(.i32), .element(.i64): integral = true
        default: integral = false
        }
        if name == "abs" {
            switch t {
            case .bool, .element(.bool), .element(.u8): return (node, t)
            case .element(.i32): return (Absolute(node, kind: .i32), t)
            case .int, .element(.i64): return (Absolute(node, kind: .i64), t)
            default: return (Absolute(node, kind: .f64), t)
            }
        }
        let functions: [String: FloatFunction] = [
            "sqrt": .sqrt, "exp": .exp, "log": .log, "sin": .sin, "cos": .cos, "floor": .floor, "ceil": .ceil,
        ]
        guard let f = functions[name] else { return nil }
        if (f == .floor || f == .ceil) && integral { return (node, t) }
        let single: Bool
        switch t {
        case .bool, .element(.bool), .element(.u8), .element(.f32): single = true
        default: single = false
        }
        let result: ScalarType = t.isPython ? .float : .element(single ? .f32 : .f64)
        return (FloatFunctionCall(f, node, fromFloat: t.holdsFloat, single: single), result)
    }

    /// `int(x)`, `float(x)`, `round(x)`, `maximum(a, b)` and `minimum(a, b)`
    /// of numbers, with the primitives' result types: `int` and `float` give
    /// Python scalars, `round` keeps its argument's type; `maximum`/`minimum`
    /// promote as arithmetic does, two Python numbers giving a Python
    /// number. Nil: not one of them.
    mutating func conversion(_ name: String, _ args: [Argument], _ span: SourceSpan) throws -> (
        ScalarExpr, ScalarType
    )? {
        switch (name, args.count) {
        case ("round", 1):
            // Integers and bools come back as they are; floats keep their type.
            let (node, t) = try expression(args[0].value)
            guard !t.isArray, !t.isDual else { return nil }
            return (t.holdsFloat ? RoundHalfEven(node, single: t == .element(.f32)) : node, t)
        case ("int", 1), ("float", 1):
            let (node, t) = try expression(args[0].value)
            guard !t.isArray else { return nil }
            if name == "float" { return (asFloat(node, t), .float) }
            return (t.holdsFloat ? TruncateToInt(node, t, span: span) : node, .int)
        case ("maximum", 2), ("minimum", 2):
            let (a, ta) = try expression(args[0].value), (b, tb) = try expression(args[1].value)
            guard !ta.isArray, !tb.isArray, ta != .bool, tb != .bool, let dtype = Self.computeType(.add, ta, tb)
            else { return nil }
            let result: ScalarType = ta.isPython && tb.isPython ? (dtype == .i64 ? .int : .float) : .element(dtype)
            return (Extreme(a, ta, b, tb, dtype: dtype, isMax: name == "maximum", span: span), result)
        default:
            return nil
        }
    }

    /// The variable an expression reads: a name, or `r.f` for a record
    /// variable r, which a loop holds as the variable "r.f" (`LoopNames`).
    static func variable(_ e: Expr) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .field(let base, let f):
            if case .name(let n) = base.kind { return n + "." + f }
            return nil
        default: return nil
        }
    }

    /// Whether a block holds break, continue or return anywhere.
    static func transfersControl(_ stmts: [Stmt]) -> Bool {
        var found = false
        forEachStatementInScope(stmts) { s in
            switch s.kind {
            case .breakLoop, .continueLoop, .returnValue: found = true
            default: break
            }
        }
        return found
    }

    func binary(
        _ op: BinaryOperator, _ lhs: (ScalarExpr, ScalarType), _ rhs: (ScalarExpr, ScalarType),
        span: SourceSpan, rhsLiteral: Expr
    ) throws -> (ScalarExpr, ScalarType) {
        let (a, ta) = lhs, (b, tb) = rhs
        guard !ta.isArray, !tb.isArray else { throw NotScalar() }
        if ta.isDual || tb.isDual { return try dualBinary(op, lhs, rhs, rhsLiteral: rhsLiteral) }
        if !ta.isPython || !tb.isPython { return try numpyBinary(op, lhs, rhs, span: span) }
        if op.isComparison {
            switch (ta, tb) {
            case (.int, .int):
                if op == .less, case .int(let k) = rhsLiteral.kind { return (IntLessConst(a, k), .bool) }
                return (IntCompare(op, a, b), .bool)
            case (.bool, .bool) where op == .equal || op == .notEqual:
                return (IntCompare(op, a, b), .bool)
            case (.bool, _), (_, .bool): throw NotScalar()
            default:
                return (floatCompare(op, asFloat(a, ta), asFloat(b, tb)), .bool)
            }
        }
        if ta == .bool || tb == .bool { throw NotScalar() }
        if ta == .int && tb == .int {
            switch op {
            case .add:
                if case .int(let k) = rhsLiteral.kind { return (IntAddConst(a, k), .int) }
                return (IntAdd(a, b), .int)
            case .subtract:
                if case .int(let k) = rhsLiteral.kind { return (IntAddConst(a, 0 &- k), .int) }
                return (IntSubtract(a, b), .int)
            case .multiply: return (IntMultiply(a, b), .int)
            case .floorDivide, .modulo:
                if case .int(let k) = rhsLiteral.kind, k > 0 {
                    return (IntDivideConst(a, k, isModulo: op == .modulo), .int)
                }
                return (IntDivide(a, b, isModulo: op == .modulo, types: (ta, tb), span: span), .int)
            case .divide: return (floatArithmetic(.divide, asFloat(a, ta), asFloat(b, tb)), .float)
            case .power:
                guard case .int(let k) = rhsLiteral.kind, k >= 0 else { throw NotScalar() }
                return (IntPower(a, k), .int)
            default: throw NotScalar()
            }
        }
        switch op {
        case .add, .subtract, .multiply, .divide, .floorDivide, .modulo, .power:
            return (floatArithmetic(op, asFloat(a, ta), asFloat(b, tb)), .float)
        default: throw NotScalar()
        }
    }

    /// An operator with a numpy scalar on one side: the result type and
    /// compute dtype come from the generic operators' promotion (Promotion.swift).
    func numpyBinary(
        _ op: BinaryOperator, _ lhs: (ScalarExpr, ScalarType), _ rhs: (ScalarExpr, ScalarType),
        span: SourceSpan
    ) throws -> (ScalarExpr, ScalarType) {
        let (a, ta) = lhs, (b, tb) = rhs
        guard let compute = Self.computeType(op, ta, tb) else { throw NotScalar() }
        if op.isComparison {
            switch compute {
            case .f64: return (floatCompare(op, asFloat(a, ta), asFloat(b, tb)), .element(.bool))
            case .f32:
                return (
                    FloatCompare(
                        op, RoundToFloat32(a, fromFloat: ta.holdsFloat),
                        RoundToFloat32(b, fromFloat: tb.holdsFloat)), .element(.bool)
                )
            default:
                // Integers and bools compare exactly as 64-bit integers (numpy
                // 2 compares with an out-of-range Python int exactly too).
                return (IntCompare(op, a, b), .element(.bool))
            }
        }
        if ta == .bool || tb == .bool { throw NotScalar() }
        let result = ScalarType.element(compute)
        switch (compute, op) {
        case (.f64, .add), (.f64, .subtract), (.f64, .multiply), (.f64, .divide), (.f64, .floorDivide), (.f64, .modulo),
            (.f64, .power):
            return (floatArithmetic(op, asFloat(a, ta), asFloat(b, tb)), result)
        case (.i64, .add): return (IntAdd(a, b), result)
        case (.i64, .subtract): return (IntSubtract(a, b), result)
        case (.i64, .multiply): return (IntMultiply(a, b), result)
        case (.i64, .floorDivide), (.i64, .modulo):
            return (IntDivide(a, b, isModulo: op == .modulo, types: (ta, tb), span: span), result)
        case (.i64, .power), (.f32, .add), (.f32, .subtract), (.f32, .multiply), (.f32, .divide), (.f32, .floorDivide),
            (.f32, .modulo), (.f32, .power), (.i32, .add), (.i32, .subtract), (.i32, .multiply), (.i32, .floorDivide),
            (.i32, .modulo), (.i32, .power), (.u8, .add), (.u8, .subtract), (.u8, .multiply), (.u8, .floorDivide),
            (.u8, .modulo), (.u8, .power):
            return (ElementArithmetic(op, a, ta, b, tb, dtype: compute, span: span), result)
        default: throw NotScalar()
        }
    }

    /// The dtype `a op b` computes in when one side is a numpy scalar, as
    /// `binaryOperation` decides it; nil when that raises an error.
    static func computeType(_ op: BinaryOperator, _ ta: ScalarType, _ tb: ScalarType) -> DType? {
        func operand(_ t: ScalarType) -> Operand? {
            switch t {
            case .int: return .weakInt(0)
            case .float: return .weakFloat(0)
            case .bool: return .weakBool(false)
            case .element(let d): return .strong(NDArray(scalar: Storage.zeros(d, 1)))
            case .array, .floating, .integral: return nil
            }
        }
        guard let a = operand(ta), let b = operand(tb) else { return nil }
        var compute: DType
        do {
            switch (a, b) {
            case (.strong(let x), _): compute = try promoteWeak(x.dtype, b)
            case (_, .strong(let y)): compute = try promoteWeak(y.dtype, a)
            default: compute = try promote(a.naturalDType, b.naturalDType)
            }
        } catch { return nil }
        if op == .divide && (compute.isInteger || compute == .bool) { compute = .f64 }
        return compute
    }

    /// Arithmetic with a floating or integral operand (`ScalarType.isDual`),
    /// where the result's bits do not depend on the operand's kind: with a
    /// numpy scalar the result is a numpy scalar either way; with Python
    /// numbers or dual values it is dual, a numpy scalar if any dual
    /// operand is one. Comparisons are conditions only (`condition`): their
    /// result's kind would depend on the operands'.
    func dualBinary(
        _ op: BinaryOperator, _ lhs: (ScalarExpr, ScalarType), _ rhs: (ScalarExpr, ScalarType), rhsLiteral: Expr
    ) throws -> (ScalarExpr, ScalarType) {
        let (a, ta) = lhs, (b, tb) = rhs
        guard !op.isComparison, ta != .bool, tb != .bool, let compute = Self.kindFreeComputeType(op, ta, tb),
            compute == .f64 || compute == .i64
        else { throw NotScalar() }
        let inFloats = compute == .f64
        let node: ScalarExpr
        if inFloats {
            switch op {
            case .add, .subtract, .multiply, .divide, .floorDivide, .modulo, .power: break
            default: throw NotScalar()
            }
            node = floatArithmetic(op, asFloat(a, ta), asFloat(b, tb))
        } else {
            // Integers: + - * wrap alike; // % and ** only where no error or
            // zero division can tell the kinds apart.
            switch op {
            case .add: node = IntAdd(a, b)
            case .subtract: node = IntSubtract(a, b)
            case .multiply: node = IntMultiply(a, b)
            case .floorDivide, .modulo:
                guard case .int(let k) = rhsLiteral.kind, k > 0 else { throw NotScalar() }
                node = IntDivideConst(a, k, isModulo: op == .modulo)
            case .power:
                guard case .int(let k) = rhsLiteral.kind, k >= 0 else { throw NotScalar() }
                node = IntPower(a, k)
            default: throw NotScalar()
            }
        }
        // A numpy operand makes a numpy result whatever the dual operand's kind.
        if case .element = ta { return (node, .element(compute)) }
        if case .element = tb { return (node, .element(compute)) }
        var kind: ScalarExpr
        switch (ta.isDual, tb.isDual) {
        case (true, true): kind = KindOr(try kindOf(a), try kindOf(b))
        case (true, false): kind = try kindOf(a)
        default: kind = try kindOf(b)
        }
        return (try withKind(node, kind), inFloats ? .floating : .integral)
    }

    /// The dtype `a op b` computes in when it is the same whichever kind
    /// each dual operand has (`computeType`, from Promotion.swift, for both);
    /// nil when the kinds would promote differently (a Python int is weak
    /// with a u8 array, a numpy i64 is not).
    static func kindFreeComputeType(_ op: BinaryOperator, _ ta: ScalarType, _ tb: ScalarType) -> DType? {
        func kinds(_ t: ScalarType) -> [ScalarType] {
            switch t {
            case .floating: return [.float, .element(.f64)]
            case .integral: return [.int, .element(.i64)]
            default: return [t]
            }
        }
        var found: DType? = nil
        for x in kinds(ta) {
            for y in kinds(tb) {
                guard let d = computeType(op, x, y), found == nil || found == d else { return nil }
                found = d
            }
        }
        return found
    }

    /// The kind register's value of a dual expression (0: a Python number,
    /// 1: a numpy scalar).
    func kindOf(_ node: ScalarExpr) throws -> ScalarExpr {
        guard let kind = kinds[node] else { throw NotScalar() }
        return kind
    }

    /// Notes the kind of a dual expression's node.
    func withKind(_ node: ScalarExpr, _ kind: ScalarExpr) throws -> ScalarExpr {
        kinds[node] = kind
        return node
    }

    /// Assigns a dual variable: the kind a constant when it is one, left as
    /// it is when it is the variable's own (`s = s * 2.0`).
    func dualAssign(_ slot: Int, _ node: ScalarExpr, kind: ScalarExpr, flag: Int) -> Statement {
        if let k = kind as? ScalarConst { return DualAssignKnown(slot, node, kind: k.value, flag: flag) }
        if flag < 0, let own = kind as? ScalarLocal, own.slot == slot + 1 { return ScalarAssign(slot, node) }
        return DualAssign(slot, node, kind: kind, flag: flag)
    }

    /// The kind a value of type `t` assigned to a variable of dual type `to` gives it.
    func kindAssigned(_ node: ScalarExpr, _ t: ScalarType, to variable: ScalarType?) throws -> ScalarExpr {
        switch (t, variable) {
        case (.float, .floating?), (.int, .integral?): return ScalarConst(0)
        case (.element(.f64), .floating?), (.element(.i64), .integral?): return ScalarConst(1)
        case (.floating, .floating?), (.integral, .integral?): return try kindOf(node)
        default: throw NotScalar()
        }
    }

    func asFloat(_ node: ScalarExpr, _ t: ScalarType) -> ScalarExpr {
        if t.holdsFloat { return node }
        if let k = node as? ScalarConst { return ScalarConst(floatBits(Double(k.value))) }
        return IntToFloat(node)
    }

    /// A float comparison, against a constant when the right side is one
    /// (reading an f64 element in the same node when the left side is one).
    func floatCompare(_ op: BinaryOperator, _ a: ScalarExpr, _ b: ScalarExpr) -> ScalarExpr {
        if let k = b as? ScalarConst {
            if let read = a as? ArrayRead, read.dtype == .f64 {
                return ElementCompareConst(op, read, floatValue(k.value))
            }
            return FloatCompareConst(op, a, floatValue(k.value))
        }
        return FloatCompare(op, a, b)
    }

    /// A call of a top-level function by its global name, positional arguments only.
    mutating func call(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) throws -> (ScalarExpr, ScalarType) {
        guard case .name(let n) = calleeExpr.kind, slotOf[n] == nil, args.allSatisfy({ $0.name == nil }) else {
            throw NotScalar()
        }
        var nodes: [ScalarExpr] = []
        var signature: [ScalarType] = []
        var arrays: [(argument: Int, register: Int)] = []
        for (k, a) in args.enumerated() {
            let (node, t) = try expression(a.value)
            // A signature holds no dual value (its kind is not a type).
            guard !t.isDual else { throw NotScalar() }
            if t.isArray {
                // An array argument is its registers, copied.
                guard case .name(let name) = a.value.kind, let register = slotOf[name] else { throw NotScalar() }
                arrays.append((k, register))
            }
            nodes.append(node)
            signature.append(t)
        }
        let slot = globals.slot(n)
        guard case .function(let fn)? = globals.values[slot], let c = fn.closure, c.captured == nil,
            c.code.paramCount == args.count
        else { throw NotScalar() }
        let target = try builder.function(c.code, signature)
        if !inferring {
            function.guards.append(ScalarGuard(globals: globals, slot: slot, code: c.code, target: target))
            if !function.callees.contains(where: { $0 === target }) { function.callees.append(target) }
        }
        let node: ScalarExpr
        switch (nodes.count, arrays.isEmpty) {
        case (1, true): node = ScalarCall1(target, nodes[0], callerSize: frameSize, span: span)
        case (2, true): node = ScalarCall2(target, nodes[0], nodes[1], callerSize: frameSize, span: span)
        default: node = ScalarCall(target, args: nodes, arrays: arrays, callerSize: frameSize, span: span)
        }
        if target.returnType.isDual {
            // The result's kind is copied out of the callee's frame before another call reuses it.
            let register = try temporary()
            let call = DualCall(node, target, callerSize: frameSize, into: register)
            return (try withKind(call, ScalarLocal(register)), target.returnType)
        }
        return (node, target.returnType)
    }
}

/// The kinds of a compilation's floating expressions, by node. The table
/// holds the nodes too, so no identity is reused while it lives (inference
/// builds nodes and drops them).
final class KindTable {
    private var entries: [ObjectIdentifier: (node: ScalarExpr, kind: ScalarExpr)] = [:]

    subscript(_ node: ScalarExpr) -> ScalarExpr? {
        get { entries[ObjectIdentifier(node)]?.kind }
        set { entries[ObjectIdentifier(node)] = newValue.map { (node, $0) } }
    }
}

extension ScalarType {
    /// A dual type as its numpy kind (others as they are).
    var numpyKind: ScalarType {
        switch self {
        case .floating: return .element(.f64)
        case .integral: return .element(.i64)
        default: return self
        }
    }

    /// Holds an integer the way `range` and indices accept it.
    var isIntegerValued: Bool {
        switch self {
        case .int, .integral, .element(.u8), .element(.i32), .element(.i64): return true
        default: return false
        }
    }
}

/// What a for-loop over arrays walks, as the typed path reads it: one
/// array variable (`for v in x`), `enumerate(x)` (numbered: the first
/// variable is the index) or `zip(x, y, ...)` of array variables. Only the
/// shape of the syntax: the values are checked when the loop runs.
struct ArrayWalk {
    let arrays: [String]
    let numbered: Bool
    /// The primitive it calls, which the name must still be.
    let primitive: String?

    init?(_ iterable: Expr) {
        switch iterable.kind {
        case .name(let x):
            arrays = [x]
            numbered = false
            primitive = nil
        case .call(let callee, let args):
            guard case .name(let f) = callee.kind, f == "enumerate" || f == "zip", !args.isEmpty else { return nil }
            var names: [String] = []
            for a in args {
                guard a.name == nil, case .name(let x) = a.value.kind else { return nil }
                names.append(x)
            }
            guard f == "zip" || names.count == 1 else { return nil }
            arrays = names
            numbered = f == "enumerate"
            primitive = f
        default:
            return nil
        }
    }
}
