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
        Identity(globals: ObjectIdentifier(globals), slot: slot, code: code.map { ObjectIdentifier($0) },
                 target: target.map { ObjectIdentifier($0) }, key: key)
    }

    func holds() -> Bool {
        guard slot < globals.values.count else { return false }
        guard isFunction else { return globals.values[slot] == nil }
        guard let code, let target, case .function(let fn)? = globals.values[slot], let c = fn.closure else { return false }
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
    private(set) var ownedBody: ScalarStmt = ScalarStmt.nothing
    private(set) var body = Unmanaged.passUnretained(ScalarStmt.nothing)
    /// Direct guards (names this function calls) and, once built, all
    /// guards of every function reachable from it.
    var guards: [ScalarGuard] = []
    var allGuards: [ScalarGuard] = []
    var callees: [ScalarFunction] = []
    /// The return type other functions assumed while this one was being compiled.
    var assumedReturnType: ScalarType? = nil
    /// For a top-level loop: each variable's type and assigned-flag register.
    var loopLayout: [(type: ScalarType, flag: Int)] = []

    init(name: String, signature: [ScalarType]) {
        self.name = name
        self.signature = signature
    }

    func setBody(_ b: ScalarStmt) {
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
            lastBody = Unmanaged.passUnretained(last?.ownedBody ?? ScalarStmt.nothing)
            lastResultIndex = last?.resultIndex ?? 0
            lastReturnType = last?.returnType ?? .int
            lastHasGuards = !(last?.allGuards.isEmpty ?? true)
        }
    }
    var lastKey: UInt64 = 0
    var lastBody = Unmanaged.passUnretained(ScalarStmt.nothing)
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


/// A value's scalar type and register bits, if it is an unboxed scalar.
@inline(__always)
func unboxedScalar(_ v: Value) -> (ScalarType, Int64)? {
    switch v {
    case .int(let n): return (.int, n)
    case .float(let x): return (.float, floatBits(x))
    case .bool(let b): return (.bool, b ? 1 : 0)
    default: return nil
    }
}

func signatureKey(_ types: [ScalarType]) -> UInt64 {
    var key: UInt64 = 0
    for (i, t) in types.enumerated() { key |= UInt64(t.rawValue) << (2 * UInt64(i)) }
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
              signature.count == code.paramCount, signature.count <= Limits.maxScalarParameters else { throw NotScalar() }
        // Each combination of argument types is its own compilation: bound
        // how many one entry may cause.
        compilations += 1
        guard compilations <= Limits.maxScalarCompilations else { throw NotScalar() }
        let f = ScalarFunction(name: code.name, signature: signature)
        f.returnType = learnt[ObjectIdentifier(code)]?[key] ?? guess
        inProgress.append((code, key, f))
        defer { inProgress.removeAll { $0.function === f } }
        var compiler = ScalarCompiler(builder: self, function: f, code: code, decl: decl)
        try compiler.compile()
        built.append((f, code))
        return f
    }

    /// Compiles `code` for `signature` and everything it calls, and caches
    /// the results; nil when the function must run on the generic path.
    static func build(_ code: FunctionCode, _ signature: [ScalarType]) -> ScalarFunction? {
        attempt { try $0.function(code, signature) }
    }

    /// Compiles a top-level loop for the current kinds of its variables.
    static func buildLoop(_ site: ScalarLoopSite, _ entryTypes: [ScalarType?]) -> ScalarFunction? {
        attempt { builder in
            let root = ScalarFunction(name: "loop", signature: [])
            var compiler = ScalarCompiler(builder: builder, function: root, loop: site, entryTypes: entryTypes)
            try compiler.compile()
            return root
        }
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
                    builder.learnt[ObjectIdentifier(b.code), default: [:]][signatureKey(b.function.signature)] = b.function.returnType
                }
                continue
            }
            for b in builder.built { b.function.allGuards = reachableGuards(b.function) }
            if !builder.built.contains(where: { $0.function === root }) { root.allGuards = reachableGuards(root) }
            root.callees = []
            for b in builder.built {
                b.function.callees = []
                b.code.scalar.store(signatureKey(b.function.signature), b.function)
            }
            return root
        }
        return nil
    }

    private static func reachableGuards(_ root: ScalarFunction) -> [ScalarGuard] {
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
            for c in f.callees where seen.insert(ObjectIdentifier(c)).inserted { stack.append(c) }
        }
        return out
    }
}

/// Types one function's body (or one top-level loop) and builds its nodes.
private struct ScalarCompiler {
    let builder: ScalarBuilder
    let function: ScalarFunction
    let body: [Stmt]
    let globals: Globals
    /// A top-level loop: its variables are globals, loaded into registers.
    let isLoop: Bool
    var slotOf: [String: Int] = [:]
    var types: [String: ScalarType] = [:]
    /// Locals certainly assigned at this point (params always).
    var assigned: Set<String> = []
    /// Variables of a loop that were unassigned when it started: the
    /// register that records whether the loop assigned them.
    var flagOf: [String: Int] = [:]
    var inferring = false
    var returnType: ScalarType? = nil
    let resultIndex: Int
    let frameSize: Int

    init(builder: ScalarBuilder, function: ScalarFunction, code: FunctionCode, decl: FunctionDecl) {
        self.builder = builder
        self.function = function
        self.body = decl.body
        self.globals = code.globals
        isLoop = false
        let locals = Resolver.locals(of: decl)
        for (i, n) in locals.enumerated() where slotOf[n] == nil { slotOf[n] = 1 + i }
        resultIndex = 1 + locals.count
        frameSize = locals.count + 2
        for (p, t) in zip(decl.params, function.signature) {
            types[p.name] = t
            assigned.insert(p.name)
        }
    }

    init(builder: ScalarBuilder, function: ScalarFunction, loop site: ScalarLoopSite, entryTypes: [ScalarType?]) {
        self.builder = builder
        self.function = function
        self.body = [site.statement]
        self.globals = site.globals
        isLoop = true
        var next = 1
        for (name, t) in zip(site.names, entryTypes) {
            slotOf[name] = next
            next += 1
            if let t {
                types[name] = t
                assigned.insert(name)
            }
        }
        for (name, t) in zip(site.names, entryTypes) where t == nil && site.written.contains(name) {
            flagOf[name] = next
            next += 1
        }
        resultIndex = next
        frameSize = next + 1
    }

    mutating func compile() throws {
        guard frameSize <= Limits.maxScalarRegisters else { throw NotScalar() }
        function.frameSize = frameSize
        function.resultIndex = resultIndex
        try inferLocalTypes()
        for name in slotOf.keys where types[name] == nil { throw NotScalar() }
        let (node, value) = try block(body)
        if isLoop {
            function.loopLayout = globalsLayout()
            function.setBody(node)
            return
        }
        // The function's value: its last statement's, or a returned one.
        var result = value
        if let returnType { result = combine(result, .typed(returnType)) }
        guard case .typed(let t) = result else { throw NotScalar() }
        function.returnType = t
        function.setBody(node)
    }

    /// For each loop variable, in the site's order: its type and the
    /// register of its assigned-flag (-1 when it was assigned on entry).
    func globalsLayout() -> [(type: ScalarType, flag: Int)] {
        slotOf.sorted { $0.value < $1.value }.map { name, _ in (types[name] ?? .int, flagOf[name] ?? -1) }
    }

    // MARK: types of locals

    /// Gives each local the type of the values assigned to it, repeating
    /// until nothing changes; a local given two types is not scalar.
    mutating func inferLocalTypes() throws {
        inferring = true
        defer { inferring = false }
        for _ in 0..<8 {
            var changed = false
            try visitAssignments(body) { this, name, e in
                let t: ScalarType
                if let e {
                    do { t = try this.expression(e).1 } catch is Pending { return }
                } else {
                    t = .int
                }
                if let old = this.types[name] {
                    if old != t { throw NotScalar() }
                } else {
                    this.types[name] = t
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    /// Calls `body` for each `name = e` (and each for-loop variable, with nil).
    mutating func visitAssignments(_ stmts: [Stmt], _ body: (inout ScalarCompiler, String, Expr?) throws -> Void) throws {
        try forEachStatementInScope(stmts) { s in
            switch s.kind {
            case .assign(.name(let n, _), let e): try body(&self, n, e)
            case .forLoop(let targets, _, _):
                for case .name(let n, _) in targets { try body(&self, n, nil) }
            default: break
            }
        }
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

    mutating func block(_ stmts: [Stmt]) throws -> (ScalarStmt, BlockValue) {
        var nodes: [ScalarStmt] = []
        var value = BlockValue.null
        for s in stmts {
            let (node, v) = try statement(s)
            nodes.append(node)
            value = v
        }
        guard var chain = nodes.last else { return (ScalarStmt.nothing, .null) }
        for n in nodes.dropLast().reversed() { chain = ScalarSequence(n, chain) }
        return (chain, value)
    }

    /// A branch's block; returns the locals it certainly assigns (nil when it never finishes normally).
    mutating func branch(_ stmts: [Stmt]) throws -> (ScalarStmt, BlockValue, Set<String>?) {
        let saved = assigned
        let (node, value) = try block(stmts)
        let after = assigned
        assigned = saved
        return (node, value, value == .diverges ? nil : after)
    }

    mutating func statement(_ s: Stmt) throws -> (ScalarStmt, BlockValue) {
        switch s.kind {
        case .expression(let e):
            if case .ifElse(let c, let thenStmts, let elseStmts) = e.kind {
                let cond = try condition(c)
                let (thenNode, thenValue, thenAssigned) = try branch(thenStmts)
                var elseNode: ScalarStmt? = nil
                var elseValue = BlockValue.null
                var elseAssigned: Set<String>? = assigned
                if let elseStmts { (elseNode, elseValue, elseAssigned) = try branch(elseStmts) }
                switch (thenAssigned, elseAssigned) {
                case (let a?, let b?): assigned = a.intersection(b)
                case (let a?, nil): assigned = a
                case (nil, let b?): assigned = b
                case (nil, nil): break
                }
                return (ScalarIf(cond, thenNode, elseNode), combine(thenValue, elseValue))
            }
            let (node, t) = try expression(e)
            return (ScalarExpressionStmt(node, result: resultIndex), .typed(t))

        case .assign(.name(let n, _), let e):
            guard let slot = slotOf[n] else { throw NotScalar() }
            if inferring && types[n] == nil { throw Pending() }
            let (node, t) = try expression(e)
            guard t == types[n] else { throw NotScalar() }
            assigned.insert(n)
            if let flag = flagOf[n] { return (ScalarAssignFlagged(slot, flag, node), .null) }
            return (ScalarAssign(slot, node), .null)

        case .augmented(.name(let n, let nameSpan), let op, let e):
            guard let slot = slotOf[n] else { throw NotScalar() }
            let current = try name(n, nameSpan)
            let rhs = try expression(e)
            let (node, t) = try binary(op, current, rhs, span: s.span, rhsLiteral: e)
            guard t == types[n] else { throw NotScalar() }
            return (ScalarAssign(slot, node), .null)

        case .whileLoop(let c, let bodyStmts):
            let cond = try condition(c)
            let (body, _, _) = try branch(bodyStmts)
            return (ScalarWhile(cond, body, span: c.span), .null)

        case .forLoop(let targets, let iterable, let bodyStmts):
            guard targets.count == 1, case .name(let n, _) = targets[0], let slot = slotOf[n], types[n] == .int,
                  case .call(let callee, let args) = iterable.kind, case .name("range") = callee.kind,
                  slotOf["range"] == nil, (1...3).contains(args.count), args.allSatisfy({ $0.name == nil })
            else { throw NotScalar() }
            var bounds: [ScalarExpr] = []
            for a in args {
                let (node, t) = try expression(a.value)
                guard t == .int else { throw NotScalar() }
                bounds.append(node)
            }
            // `range` must still be the primitive when the function runs.
            let rangeSlot = globals.slot("range")
            guard globals.values[rangeSlot] == nil else { throw NotScalar() }
            if !inferring { function.guards.append(ScalarGuard(globals: globals, slot: rangeSlot, code: nil)) }
            let saved = assigned
            assigned.insert(n)
            let (body, _, _) = try branch(bodyStmts)
            assigned = saved
            let node = ScalarForRange(
                slot: slot, start: bounds.count > 1 ? bounds[0] : nil, stop: bounds.count > 1 ? bounds[1] : bounds[0],
                step: bounds.count > 2 ? bounds[2] : nil, body: body, span: s.span, iterableSpan: iterable.span,
                flag: flagOf[n] ?? -1)
            return (node, .null)

        case .breakLoop: return (ScalarBreak(), .diverges)
        case .continueLoop: return (ScalarContinue(), .diverges)

        case .returnValue(let e):
            guard let e, !isLoop else { throw NotScalar() }
            let (node, t) = try expression(e)
            if let r = returnType, r != t { throw NotScalar() }
            returnType = t
            return (ScalarReturn(node, result: resultIndex), .diverges)

        default:
            throw NotScalar()
        }
    }

    // MARK: expressions

    mutating func condition(_ e: Expr) throws -> ScalarExpr {
        let (node, t) = try expression(e)
        guard t == .bool else { throw NotScalar() }
        return node
    }

    mutating func name(_ n: String, _ span: SourceSpan) throws -> (ScalarExpr, ScalarType) {
        guard let slot = slotOf[n] else { throw NotScalar() }
        guard let t = types[n] else { throw inferring ? Pending() as Error : NotScalar() }
        if !inferring && !assigned.contains(n) { throw NotScalar() }
        return (ScalarLocal(slot), t)
    }

    mutating func expression(_ e: Expr) throws -> (ScalarExpr, ScalarType) {
        switch e.kind {
        case .int(let n): return (ScalarConst(n), .int)
        case .float(let x): return (ScalarConst(floatBits(x)), .float)
        case .bool(let b): return (ScalarConst(b ? 1 : 0), .bool)
        case .name(let n): return try name(n, e.span)

        case .unary(.negate, let x):
            let (node, t) = try expression(x)
            switch t {
            case .int: return (IntNegate(node), .int)
            case .float: return (FloatNegate(node), .float)
            case .bool: throw NotScalar()
            }
        case .unary(.not, let x):
            return (BoolNot(try condition(x)), .bool)

        case .binary(let op, let l, let r):
            if op == .and || op == .or {
                return (BoolLogic(isAnd: op == .and, try condition(l), try condition(r)), .bool)
            }
            return try binary(op, try expression(l), try expression(r), span: e.span, rhsLiteral: r)

        case .call(let callee, let args):
            return try call(callee, args, e.span)

        case .ifElse(let c, let thenStmts, let elseStmts?):
            guard !Self.transfersControl(thenStmts), !Self.transfersControl(elseStmts) else { throw NotScalar() }
            let cond = try condition(c)
            let (thenNode, thenValue, thenAssigned) = try branch(thenStmts)
            let (elseNode, elseValue, elseAssigned) = try branch(elseStmts)
            guard case .typed(let t) = thenValue, thenValue == elseValue else { throw NotScalar() }
            if let a = thenAssigned, let b = elseAssigned { assigned = assigned.union(a.intersection(b)) }
            return (ScalarIfValue(cond, thenNode, elseNode, result: resultIndex), t)

        default:
            throw NotScalar()
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

    func binary(_ op: BinaryOperator, _ lhs: (ScalarExpr, ScalarType), _ rhs: (ScalarExpr, ScalarType),
                span: SourceSpan, rhsLiteral: Expr) throws -> (ScalarExpr, ScalarType) {
        let (a, ta) = lhs, (b, tb) = rhs
        if op.isComparison {
            switch (ta, tb) {
            case (.int, .int):
                if op == .less, case .int(let k) = rhsLiteral.kind { return (IntLessConst(a, k), .bool) }
                return (IntCompare(op, a, b), .bool)
            case (.bool, .bool) where op == .equal || op == .notEqual:
                return (IntCompare(op, a, b), .bool)
            case (.bool, _), (_, .bool): throw NotScalar()
            default:
                return (FloatCompare(op, asFloat(a, ta), asFloat(b, tb)), .bool)
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
                if case .int(let k) = rhsLiteral.kind, k > 0 { return (IntDivideConst(a, k, isModulo: op == .modulo), .int) }
                return (IntDivide(a, b, isModulo: op == .modulo, span: span), .int)
            case .divide: return (FloatArithmetic(.divide, IntToFloat(a), IntToFloat(b)), .float)
            case .power:
                guard case .int(let k) = rhsLiteral.kind, k >= 0 else { throw NotScalar() }
                return (IntPower(a, k), .int)
            default: throw NotScalar()
            }
        }
        switch op {
        case .add, .subtract, .multiply, .divide, .floorDivide, .modulo, .power:
            return (FloatArithmetic(op, asFloat(a, ta), asFloat(b, tb)), .float)
        default: throw NotScalar()
        }
    }

    func asFloat(_ node: ScalarExpr, _ t: ScalarType) -> ScalarExpr {
        t == .int ? IntToFloat(node) : node
    }

    /// A call of a top-level function by its global name, positional arguments only.
    mutating func call(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) throws -> (ScalarExpr, ScalarType) {
        guard case .name(let n) = calleeExpr.kind, slotOf[n] == nil, args.allSatisfy({ $0.name == nil }) else {
            throw NotScalar()
        }
        var nodes: [ScalarExpr] = []
        var signature: [ScalarType] = []
        for a in args {
            let (node, t) = try expression(a.value)
            nodes.append(node)
            signature.append(t)
        }
        let slot = globals.slot(n)
        guard case .function(let fn)? = globals.values[slot], let c = fn.closure, c.captured == nil,
              c.code.paramCount == args.count else { throw NotScalar() }
        let target = try builder.function(c.code, signature)
        if !inferring {
            function.guards.append(ScalarGuard(globals: globals, slot: slot, code: c.code, target: target))
            if !function.callees.contains(where: { $0 === target }) { function.callees.append(target) }
        }
        let node: ScalarExpr
        switch nodes.count {
        case 1: node = ScalarCall1(target, nodes[0], callerSize: frameSize, span: span)
        case 2: node = ScalarCall2(target, nodes[0], nodes[1], callerSize: frameSize, span: span)
        default: node = ScalarCall(target, args: nodes, callerSize: frameSize, span: span)
        }
        return (node, target.returnType)
    }
}

// MARK: entry from the generic interpreter

extension Interpreter {
    /// Runs `code` on its scalar path when the arguments already in `frame`
    /// are unboxed scalars and a scalar compilation exists (or can be made)
    /// for their types; nil means "run it the generic way".
    func runScalar(_ code: FunctionCode, _ frame: Frame) throws -> Value? {
        if code.scalar.disabled { return nil }
        let n = code.paramCount
        guard n <= Limits.maxScalarParameters else { return nil }
        let slots = frame.slots
        var key: UInt64 = 0
        for i in 0..<n {
            let t: ScalarType
            switch slots[i] {
            case .int?: t = .int
            case .float?: t = .float
            case .bool?: t = .bool
            default: return nil
            }
            key |= UInt64(t.rawValue) << (2 * UInt64(i))
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
            var signature: [ScalarType] = []
            for i in 0..<n {
                switch slots[i] {
                case .int?: signature.append(.int)
                case .float?: signature.append(.float)
                default: signature.append(.bool)
                }
            }
            function = ScalarBuilder.build(code, signature)
            if function == nil { code.scalar.store(key, nil) }
        }
        guard let f = function, let regs = scalarRegisterFile() else { return nil }
        code.scalar.last = f
        code.scalar.lastKey = key
        scalarEntries &+= 1
        regs[0] = scalarBudget
        for i in 0..<n {
            switch slots[i] {
            case .int(let v)?: regs[1 + i] = v
            case .float(let x)?: regs[1 + i] = floatBits(x)
            case .bool(let b)?: regs[1 + i] = b ? 1 : 0
            default: return nil
            }
        }
        _ = try f.ownedBody.exec(regs)
        return f.returnType.box(regs[f.resultIndex])
    }

    /// A call of one or two arguments from generic code, straight to the
    /// compilation used last when the arguments' types match it: no frame
    /// is made. Does what `invoke` does around the body (depth limit,
    /// Ctrl-C, the call trace). Nil: take the generic way.
    func callScalar(_ code: FunctionCode, _ x: Value, _ y: Value, count: Int, span: SourceSpan) throws -> Value? {
        guard scalarFunctions, code.scalar.last != nil else { return nil }
        var key: UInt64 = 0
        var bx: Int64 = 0, by: Int64 = 0
        if count > 0 {
            guard let (t, b) = unboxedScalar(x) else { return nil }
            key = UInt64(t.rawValue)
            bx = b
        }
        if count > 1 {
            guard let (t, b) = unboxedScalar(y) else { return nil }
            key |= UInt64(t.rawValue) << 2
            by = b
        }
        guard key == code.scalar.lastKey, !code.scalar.lastHasGuards || code.scalar.last?.isValid == true,
              let regs = scalarRegisterFile() else { return nil }
        scalarEntries &+= 1
        try enterCall(span)
        defer { callDepth -= 1 }
        regs[0] = scalarBudget
        regs[1] = bx
        regs[2] = by
        do {
            _ = try code.scalar.lastBody._withUnsafeGuaranteedRef { try $0.exec(regs) }
        } catch let error as RuntimeError {
            throw traced(error, code.name, span)
        }
        return code.scalar.lastReturnType.box(regs[code.scalar.lastResultIndex])
    }

    /// Room for the deepest recursion the limit allows; pages are only
    /// touched as deep as a run goes. Nil if the memory cannot be had.
    private func scalarRegisterFile() -> Registers? {
        if let regs = scalarRegisters, scalarRegisterDepth == Limits.maxCallDepth { return regs }
        let (frames, o1) = max(Limits.maxCallDepth, 0).addingReportingOverflow(2)
        let (needed, o2) = frames.multipliedReportingOverflow(by: Limits.maxScalarRegisters)
        guard !o1, !o2, needed <= 1 << 28 else { return nil }
        if let regs = scalarRegisters, scalarRegisterCount >= needed {
            scalarRegisterDepth = Limits.maxCallDepth
            return regs
        }
        if let old = scalarRegisters { free(old) }
        scalarRegisters = nil
        guard let raw = calloc(needed, MemoryLayout<Int64>.stride) else { return nil }
        let regs = raw.bindMemory(to: Int64.self, capacity: needed)
        scalarRegisters = regs
        scalarRegisterCount = needed
        scalarRegisterDepth = Limits.maxCallDepth
        return regs
    }
}

// MARK: top-level loops

/// A `while` or `for` loop in top-level code. Its variables are globals:
/// when they hold numbers as the loop starts, it runs on the scalar path with
/// them in registers, and they are written back when it ends or fails.
final class ScalarLoopSite {
    let statement: Stmt
    let globals: Globals
    /// The variables it reads or assigns (not the names it only calls), and their global slots.
    let names: [String]
    let slots: [Int]
    let written: Set<String>
    var compiled: ScalarFunction? = nil
    var compiledKey: UInt64 = 0
    var failedKeys: Set<UInt64> = []
    var disabled = false

    init?(statement: Stmt, globals: Globals) {
        var names: [String] = []
        var written: Set<String> = []
        ScalarLoopSite.collect(statement, &names, &written)
        guard !names.isEmpty, names.count <= Limits.maxScalarLoopVariables else { return nil }
        self.statement = statement
        self.globals = globals
        self.names = names
        self.written = written
        slots = names.map { globals.slot($0) }
    }

    private static func collect(_ s: Stmt, _ names: inout [String], _ written: inout Set<String>) {
        func add(_ n: String) { if !names.contains(n) { names.append(n) } }
        func target(_ t: Target) {
            if case .name(let n, _) = t {
                add(n)
                written.insert(n)
            }
        }
        func expr(_ e: Expr) {
            switch e.kind {
            case .name(let n): add(n)
            case .unary(_, let x): expr(x)
            case .binary(_, let a, let b):
                expr(a)
                expr(b)
            case .call(let callee, let args):
                if case .name = callee.kind {} else { expr(callee) }
                for a in args { expr(a.value) }
            case .ifElse(let c, let a, let b):
                expr(c)
                for s in a { collect(s, &names, &written) }
                for s in b ?? [] { collect(s, &names, &written) }
            default: break
            }
        }
        switch s.kind {
        case .expression(let e): expr(e)
        case .assign(let t, let e), .augmented(let t, _, let e):
            target(t)
            expr(e)
        case .forLoop(let ts, let iterable, let body):
            ts.forEach(target)
            if case .call(let c, let args) = iterable.kind, case .name("range") = c.kind {
                for a in args { expr(a.value) }
            } else {
                expr(iterable)
            }
            for s in body { collect(s, &names, &written) }
        case .whileLoop(let c, let body):
            expr(c)
            for s in body { collect(s, &names, &written) }
        default: break
        }
    }
}

extension Interpreter {
    /// Runs a top-level loop on the scalar path if the variables it uses
    /// hold unboxed numbers (or are first assigned inside it); false: run
    /// it the generic way.
    func runScalarLoop(_ site: ScalarLoopSite) throws -> Bool {
        guard scalarFunctions, !site.disabled else { return false }
        var key: UInt64 = 0
        var entryTypes: [ScalarType?] = []
        entryTypes.reserveCapacity(site.slots.count)
        let view = site.globals.values
        for (i, slot) in site.slots.enumerated() {
            guard let v = view[slot] else {
                entryTypes.append(nil)
                continue
            }
            guard let (t, _) = unboxedScalar(v) else { return false }
            entryTypes.append(t)
            key |= UInt64(t.rawValue) << (2 * UInt64(i))
        }
        if site.compiled == nil || site.compiledKey != key || site.compiled?.isValid != true {
            site.compiled = nil
            if site.failedKeys.contains(key) { return false }
            guard let f = ScalarBuilder.buildLoop(site, entryTypes) else {
                site.failedKeys.insert(key)
                if site.failedKeys.count > 8 { site.disabled = true }
                return false
            }
            site.compiled = f
            site.compiledKey = key
        }
        guard let f = site.compiled, f.loopLayout.count == site.slots.count, let regs = scalarRegisterFile() else {
            return false
        }
        regs[0] = scalarBudget
        let before = site.globals.values
        for (i, slot) in site.slots.enumerated() {
            if let v = before[slot], let (_, bits) = unboxedScalar(v) { regs[1 + i] = bits }
            let flag = f.loopLayout[i].flag
            if flag >= 0 { regs[flag] = 0 }
        }
        scalarEntries &+= 1
        // Variables are written back whether the loop ends, breaks or fails.
        defer {
            let after = site.globals.values
            for (i, slot) in site.slots.enumerated() where site.written.contains(site.names[i]) {
                let (type, flag) = f.loopLayout[i]
                if flag >= 0 && regs[flag] == 0 { continue }
                after[slot] = type.box(regs[1 + i])
            }
        }
        _ = try f.ownedBody.exec(regs)
        return true
    }
}
