// Compiler: resolves every name to a slot and turns the syntax tree into
// nested Swift closures, so running a program does no dictionary look-ups
// and no tree matching. Scalar arithmetic and comparisons have unboxed fast
// paths inline; everything else goes to the array kernels.

struct Compiler {
    let interpreter: Interpreter
    let globals: Globals
    var scope: Scope?
    var loopDepth = 0

    init(interpreter: Interpreter, globals: Globals) {
        self.interpreter = interpreter
        self.globals = globals
    }

    /// Whether the code being compiled is inside a function (a comprehension
    /// at the top level is not).
    var inFunction: Bool {
        var s = scope
        while let current = s {
            if !current.isComprehension { return true }
            s = current.parent
        }
        return false
    }

    // MARK: names

    func resolve(_ name: String) -> Resolved {
        Scope.resolve(name, from: scope, globals: globals)
    }

    /// Whether a function's local `name` also names a variable outside the
    /// function (an enclosing function's or a global), which the local hides.
    func visibleOutside(_ name: String) -> Bool {
        var s = scope?.parent
        while let current = s {
            if current.slots[name] != nil { return true }
            s = current.parent
        }
        return scope != nil && globals.slotOf[name] != nil
    }

    // MARK: statements

    /// Compiles a top-level unit. Returns the code and whether its last
    /// statement is an expression (whose value a notebook cell displays).
    mutating func compileUnit(_ stmts: [Stmt]) throws -> (BlockCode, Bool) {
        let code = try block(stmts)
        var lastIsExpression = false
        if let last = stmts.last, case .expression = last.kind { lastIsExpression = true }
        return (code, lastIsExpression)
    }

    mutating func block(_ stmts: [Stmt]) throws -> BlockCode {
        // Closures kept in an array (or made by a generic `map`) are stored
        // maximally abstracted and called through reabstraction thunks;
        // wrapped in a struct they keep their natural calling convention.
        var codes: [StatementCode] = []
        codes.reserveCapacity(stmts.count)
        for stmt in stmts { codes.append(StatementCode(run: try statement(stmt))) }
        guard var code = codes.last?.run else { return { _ in .value(.null) } }
        // Chain the statements as nested closures rather than looping over them.
        for wrapped in codes.dropLast().reversed() {
            let first = wrapped.run
            let rest = code
            code = { f in
                let r = try first(f)
                if case .value = r { return try rest(f) }
                return r
            }
        }
        return code
    }

    mutating func statement(_ stmt: Stmt) throws -> BlockCode {
        switch stmt.kind {
        case .expression(let e):
            if case .ifElse(let condExpr, let thenStmts, let elseStmts) = e.kind {
                // An `if` statement passes break/continue/return straight through.
                let cond = try expression(condExpr)
                let thenCode = try block(thenStmts)
                let elseCode = try elseStmts.map { try block($0) }
                let condSpan = condExpr.span
                return { f in
                    if try truthy(try cond(f), condSpan) { return try thenCode(f) }
                    if let elseCode { return try elseCode(f) }
                    return .value(.null)
                }
            }
            let code = try expression(e)
            return { f in .value(try code(f)) }

        case .assign(let target, let valueExpr):
            let value = try expression(valueExpr)
            if case .name(let name, _) = target {
                if let grow = try concatInPlace(name, Self.concatParts(name, valueExpr), whole: value) {
                    return grow
                }
                let plain = assignName(name, value)
                return try appendInPlace(name, valueExpr, otherwise: plain) ?? plain
            }
            let store = try self.store(target)
            return { f in
                try store(f, try value(f))
                return .value(.null)
            }

        case .unpack(let targets, let valueExpr):
            let value = try expression(valueExpr)
            let stores = try targets.map { try self.store($0) }
            let span = stmt.span
            let count = targets.count
            return { f in
                let v = try value(f)
                let items = try unpackItems(v, count: count, span: span)
                for (store, item) in zip(stores, items) { try store(f, item) }
                return .value(.null)
            }

        case .augmented(let target, let op, let valueExpr):
            let value = try expression(valueExpr)
            let span = stmt.span
            let modify = try self.modify(target)
            if case .name(let name, _) = target, op == .add || op == .subtract || op == .multiply {
                return augmentedName(name, op, value, modify, span)
            }
            return { f in
                let rhs = try value(f)
                try modify(f) { current in
                    current = try quickScalar(op, current, rhs) ?? binary(op, current, rhs, span)
                }
                return .value(.null)
            }

        case .function(let decl):
            let make = try function(decl)
            let assign = assignName(decl.name) { f in try make(f) }
            return assign

        case .forLoop(let targets, let iterableExpr, let bodyStmts):
            return try forLoop(targets, iterableExpr, bodyStmts, stmt.span, site: loopSite(stmt))

        case .whileLoop(let condExpr, let bodyStmts):
            let cond = try expression(condExpr)
            loopDepth += 1
            let body = try block(bodyStmts)
            loopDepth -= 1
            let span = condExpr.span
            let site = loopSite(stmt)
            let interpreter = self.interpreter
            let interrupt = Interrupt.flagPointer
            return { f in
                var attempts = TypedAttempts(site != nil)
                while true {
                    if let site, let entry = attempts.next() {
                        switch try interpreter.runScalarLoop(site, f, entry: entry) {
                        case .finished: return .value(.null)
                        case .returned(let v): return .returned(v)
                        case .notRun: break
                        }
                    }
                    guard try truthy(try cond(f), span) else { break }
                    try checkInterrupt(interrupt, span)
                    switch try runSignalled(body, f) {
                    case .breakLoop: return .value(.null)
                    case .returned(let v): return .returned(v)
                    default: continue
                    }
                }
                return .value(.null)
            }

        case .breakLoop:
            if loopDepth == 0 { throw Diagnostic("'break' outside a loop", span: stmt.span) }
            return { _ in .breakLoop }

        case .continueLoop:
            if loopDepth == 0 { throw Diagnostic("'continue' outside a loop", span: stmt.span) }
            return { _ in .continueLoop }

        case .returnValue(let e):
            if !inFunction {
                throw Diagnostic("'return' outside a function", span: stmt.span)
            }
            guard let e else { return { _ in .returned(.null) } }
            let code = try expression(e)
            return { f in .returned(try code(f)) }

        case .use(let name, let isPath):
            if scope != nil {
                throw Diagnostic("'use' is only allowed at the top level of a file", span: stmt.span)
            }
            let interpreter = self.interpreter
            let globals = self.globals
            let span = stmt.span
            return { _ in
                try interpreter.use(name, isPath: isPath, into: globals, span: span)
                return .value(.null)
            }
        }
    }

    /// Where a loop at the top level or in a function's body may run on the
    /// typed path (TypedEntry.swift); nil inside a comprehension.
    func loopSite(_ stmt: Stmt) -> ScalarLoopSite? {
        if let scope, scope.isComprehension { return nil }
        let globals = self.globals, scope = self.scope
        let site = ScalarLoopSite(statement: stmt, globals: globals, inFunction: scope != nil) {
            Scope.resolve($0, from: scope, globals: globals)
        }
        var compiler = self
        compiler.loopDepth = 1
        site?.compileStatement = { try? compiler.statement($0) }
        return site
    }

    /// Where a local's or a global's value is, for code that changes it in
    /// place: its slot, and the frame's (or the globals') slots, looked up
    /// each time (adding a global moves them). Nil for an enclosing function's variable.
    func storage(of name: String) -> (slot: Int, slots: (Frame) -> UnsafeMutablePointer<Value?>)? {
        switch resolve(name) {
        case .local(let slot): return (slot, { $0.slots })
        case .global(let slot):
            let g = globals
            return (slot, { _ in g.values.base })
        case .outer: return nil
        }
    }

    /// `xs = append(xs, e)` grows the list where it is (moved out of its
    /// variable meanwhile, so it is not copied): a loop of appends is linear,
    /// not quadratic. When `append` is not the primitive or `xs` not a list,
    /// `otherwise` runs (the ordinary call and its errors). Not when `e`
    /// holds a block, which could assign `xs` while it is evaluated.
    mutating func appendInPlace(_ name: String, _ valueExpr: Expr, otherwise: @escaping BlockCode) throws -> BlockCode?
    {
        guard case .call(let calleeExpr, let args) = valueExpr.kind, case .name("append") = calleeExpr.kind,
            args.count == 2, args.allSatisfy({ $0.name == nil }), case .name(name) = args[0].value.kind
        else { return nil }
        var holdsBlock = false
        forEachBlock(in: args[1].value) { _ in holdsBlock = true }
        guard !holdsBlock else { return nil }
        let callee = try expression(calleeExpr)
        let item = try expression(args[1].value)
        guard let (slot, slots) = storage(of: name) else { return nil }
        let interpreter = self.interpreter
        let span = valueExpr.span
        return { f in
            guard case .function(let fn) = try callee(f), fn.closure == nil, case .primitive(let p) = fn.body,
                p.name == "append", case .list? = slots(f)[slot]
            else { return try otherwise(f) }
            let v = try item(f)
            let place = slots(f) + slot
            guard case .list = place.pointee else {
                // Cannot happen (nothing evaluated since assigns xs); the ordinary call's result.
                place.pointee = try interpreter.call(fn, [place.pointee ?? .null, v], [], span: span)
                return .value(.null)
            }
            // Taken out (and the taken value consumed), the list is not shared while it grows.
            let taken = place.pointee.take()
            guard case .list(var xs)? = consume taken else { return .value(.null) }
            xs.append(consume v)
            place.pointee = .list(xs)
            return .value(.null)
        }
    }

    /// `x += e`, `x -= e`, `x *= e` for a name: numbers are updated where
    /// they are, and so is a string with a string added (`growText`);
    /// everything else (and an unassigned name's error) goes through `modify`.
    func augmentedName(
        _ name: String, _ op: BinaryOperator, _ value: @escaping ExprCode, _ modify: @escaping Modify,
        _ span: SourceSpan
    ) -> BlockCode {
        @inline(__always) func fast(_ current: Value?, _ rhs: Value) -> Value? {
            guard let current else { return nil }
            return quickScalar(op, current, rhs)
        }
        let slow: BlockCode = { f in
            let rhs = try value(f)
            try modify(f) { current in current = try binary(op, current, rhs, span) }
            return .value(.null)
        }
        switch resolve(name) {
        case .local(let slot):
            return { f in
                let rhs = try value(f)
                if let v = fast(f.slots[slot], rhs) {
                    f.slots[slot] = v
                    return .value(.null)
                }
                if op == .add, try growText(f.slots + slot, rhs, span) { return .value(.null) }
                try modify(f) { current in current = try binary(op, current, rhs, span) }
                return .value(.null)
            }
        case .global(let slot):
            let g = globals
            return { f in
                let rhs = try value(f)
                let slots = g.values
                if let v = fast(slots[slot], rhs) {
                    slots[slot] = v
                    return .value(.null)
                }
                if op == .add, try growText(slots.base + slot, rhs, span) { return .value(.null) }
                try modify(f) { current in current = try binary(op, current, rhs, span) }
                return .value(.null)
            }
        case .outer:
            return slow
        }
    }

    /// The parts `s = s + a + b` adds to `s` (with each `+`'s span); empty
    /// when the value is not such a sum.
    static func concatParts(_ name: String, _ e: Expr) -> [(Expr, SourceSpan)] {
        var parts: [(Expr, SourceSpan)] = []
        var e = e
        while case .binary(.add, let l, let r) = e.kind {
            parts.append((r, e.span))
            if case .name(name) = l.kind { return parts.reversed() }
            e = l
        }
        return []
    }

    /// `s = s + a + b` for a variable holding a string: the text grows where
    /// it is (taken out of its variable, so not shared) instead of being
    /// copied by each `+`: a loop building text is linear, not quadratic.
    /// The parts are evaluated in order as `+` would; from the first part
    /// that is not a string on, the ordinary `+` and its errors. When the
    /// variable does not hold a string, `whole` (the value) is assigned.
    mutating func concatInPlace(_ name: String, _ parts: [(Expr, SourceSpan)], whole: @escaping ExprCode) throws
        -> BlockCode?
    {
        guard !parts.isEmpty else { return nil }
        guard let (slot, slots) = storage(of: name) else { return nil }
        let codes = try parts.map { ExpressionCode(run: try expression($0.0)) }
        let spans = parts.map(\.1)
        // Not a string: the value, evaluated before the slots are looked up
        // (evaluating may add globals, which moves them).
        @inline(__always) func assign(_ f: Frame) throws -> Completion {
            let v = try whole(f)
            slots(f)[slot] = v
            return .value(.null)
        }
        if codes.count == 1 {
            // `s = s + a`: no list of parts.
            let code = codes[0].run, span = spans[0]
            return { f in
                guard case .string(let text)? = slots(f)[slot] else { return try assign(f) }
                let v = try code(f)
                guard case .string(let piece) = v else {
                    slots(f)[slot] = try binary(.add, .string(text), v, span)
                    return .value(.null)
                }
                try withSpan(span) {
                    try Limits.checkString(bytes: Limits.stringSum(text.utf8.count, piece.utf8.count))
                }
                grow(slots(f) + slot, text, CollectionOfOne(piece))
                return .value(.null)
            }
        }
        return { f in
            guard case .string(let text)? = slots(f)[slot] else { return try assign(f) }
            var more: [String] = []
            var total = text.utf8.count
            for k in codes.indices {
                let v = try codes[k].run(f)
                guard case .string(let piece) = v else {
                    // The sum so far, then the ordinary `+` for the rest.
                    var sum = Value.string(more.isEmpty ? text : try concatenated([text] + more))
                    sum = try binary(.add, sum, v, spans[k])
                    for j in codes.indices.dropFirst(k + 1) {
                        sum = try binary(.add, sum, try codes[j].run(f), spans[j])
                    }
                    slots(f)[slot] = sum
                    return .value(.null)
                }
                try withSpan(spans[k]) {
                    total = try Limits.stringSum(total, piece.utf8.count)
                    try Limits.checkString(bytes: total)
                }
                more.append(piece)
            }
            grow(slots(f) + slot, text, more)
            return .value(.null)
        }
    }

    func assignName(_ name: String, _ value: @escaping ExprCode) -> BlockCode {
        switch resolve(name) {
        case .local(let slot):
            return { f in
                f.slots[slot] = try value(f)
                return .value(.null)
            }
        case .outer(let depth, let slot):
            return { f in
                f.ancestor(depth).slots[slot] = try value(f)
                return .value(.null)
            }
        case .global(let slot):
            let g = globals
            return { f in
                // Evaluated first: evaluating may add global slots, which moves them.
                let v = try value(f)
                g.values[slot] = v
                return .value(.null)
            }
        }
    }

    mutating func forLoop(
        _ targets: [Target], _ iterableExpr: Expr, _ bodyStmts: [Stmt], _ span: SourceSpan,
        site: ScalarLoopSite?
    ) throws -> BlockCode {
        let stores = try targets.map { try self.store($0) }
        let single = stores.count == 1 ? stores[0] : nil
        // `for x in ...` with x a local or a global: the item goes straight into its slot.
        var localSlot: Int? = nil
        var globalSlot: Int? = nil
        if targets.count == 1, case .name(let n, _) = targets[0] {
            switch resolve(n) {
            case .local(let slot): localSlot = slot
            case .global(let slot): globalSlot = slot
            case .outer: break
            }
        }
        let g = globals
        let count = stores.count
        // `for i in range(...)` counts with unboxed integers instead of making an array.
        var rangeArgs: [ExprCode]? = nil
        var rangeCallee: ExprCode? = nil
        if case .call(let callee, let args) = iterableExpr.kind, case .name("range") = callee.kind,
            (1...3).contains(args.count), args.allSatisfy({ $0.name == nil })
        {
            rangeCallee = try expression(callee)
            rangeArgs = try args.map { try expression($0.value) }
        }
        let iterable = try expression(iterableExpr)
        // Arrays walked one element at a time, which the typed path can take over.
        var walk: (callee: ExprCode?, primitive: String?, arrays: [ExprCode], numbered: Bool)? = nil
        if let site, let w = ArrayWalk(iterableExpr), site.isRange {
            // The arrays' own expressions (names), so that an error has its usual span.
            var callee: ExprCode? = nil
            var arrays = [iterableExpr]
            if case .call(let c, let args) = iterableExpr.kind {
                callee = try expression(c)
                arrays = args.map(\.value)
            }
            walk = (callee, w.primitive, try arrays.map { try expression($0) }, w.numbered)
        }
        loopDepth += 1
        let body = try block(bodyStmts)
        loopDepth -= 1
        let iterSpan = iterableExpr.span
        let interpreter = self.interpreter
        let interrupt = Interrupt.flagPointer

        func runBody(_ f: Frame, _ item: Value) throws -> Completion? {
            if let localSlot {
                f.slots[localSlot] = item
            } else if let globalSlot {
                g.values[globalSlot] = item
            } else if let single {
                try single(f, item)
            } else {
                let items = try unpackItems(item, count: count, span: span)
                for (store, it) in zip(stores, items) { try store(f, it) }
            }
            try checkInterrupt(interrupt, span)
            switch try runSignalled(body, f) {
            case .breakLoop: return .value(.null)
            case .returned(let v): return .returned(v)
            default: return nil
            }
        }

        return { f in
            if let rangeCallee, let rangeArgs, case .function(let fn) = try rangeCallee(f),
                case .primitive(let p) = fn.body, p.name == "range"
            {
                var ints: [Int64] = []
                var allInts = true
                for a in rangeArgs {
                    let v = try a(f)
                    if case .int(let n) = v {
                        ints.append(n)
                    } else if let n = v.asInt() {
                        ints.append(Int64(n))
                    } else {
                        allInts = false
                        break
                    }
                }
                if allInts {
                    let (start, stop, step): (Int64, Int64, Int64) =
                        ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count == 3 ? ints[2] : 1)
                    var steps = try RangeSteps(start, stop, step, span: iterSpan)
                    var attempts = TypedAttempts(site != nil)
                    while let i = steps.next() {
                        if let site, let entry = attempts.next() {
                            switch try interpreter.runScalarLoop(site, f, bounds: (i, stop, step), entry: entry) {
                            case .finished: return .value(.null)
                            case .returned(let v): return .returned(v)
                            case .notRun: break
                            }
                        }
                        if let done = try runBody(f, .int(i)) { return done }
                    }
                    return .value(.null)
                }
            }
            if let site, let walk, let arrays = try Compiler.walkedArrays(walk, f) {
                // `for v in x`, `for i, v in enumerate(x)`, `for a, b in zip(x, y)` over 1-d arrays:
                // the items are made one at a time (as the primitive would make them all), and the
                // typed path is tried as for a range.
                var attempts = TypedAttempts(true)
                let n = arrays.map { $0.shape[0] }.min() ?? 0
                for k in 0..<n {
                    if let entry = attempts.next() {
                        switch try interpreter.runScalarLoop(site, f, bounds: (Int64(k), Int64(n), 1), entry: entry) {
                        case .finished: return .value(.null)
                        case .returned(let v): return .returned(v)
                        case .notRun: break
                        }
                    }
                    var items = try arrays.map { try $0.subscriptGet([.int(k)]) }
                    if walk.numbered { items.insert(.int(Int64(k)), at: 0) }
                    let item = walk.callee == nil ? items[0] : .list(items)
                    if let done = try runBody(f, item) { return done }
                }
                return .value(.null)
            }
            let items = try iterable(f)
            var done: Completion? = nil
            try forEachItem(items, iterSpan) { item in
                done = try runBody(f, item)
                return done == nil
            }
            return done ?? .value(.null)
        }
    }

    /// The 1-d numeric arrays a walk goes over, when its names hold them (and
    /// `enumerate`/`zip` is the primitive); nil: take the generic way.
    static func walkedArrays(
        _ walk: (callee: ExprCode?, primitive: String?, arrays: [ExprCode], numbered: Bool), _ f: Frame
    ) throws -> [NDArray]? {
        if let callee = walk.callee {
            guard case .function(let fn) = try callee(f), fn.closure == nil, case .primitive(let p) = fn.body,
                p.name == walk.primitive
            else { return nil }
        }
        var arrays: [NDArray] = []
        for code in walk.arrays {
            guard case .array(let a) = try code(f), a.ndim == 1, a.dtype != .str else { return nil }
            arrays.append(a)
        }
        return arrays
    }

    /// `[element for x in xs if condition]`: the loop variables live in a
    /// frame of its own, made each time the comprehension runs.
    mutating func comprehension(_ c: Comprehension, _ span: SourceSpan) throws -> ExprCode {
        let iterable = try expression(c.iterable)
        let inner = Scope.comprehension(c, parent: scope)
        var sub = Compiler(interpreter: interpreter, globals: globals)
        sub.scope = inner
        let element = try sub.expression(c.element)
        let condition = try c.condition.map { (code: try sub.expression($0), span: $0.span) }
        let slotCount = inner.count
        let targetCount = c.targets.count
        let targetSpan = c.targets[0].span.to(c.targets[targetCount - 1].span)
        let iterSpan = c.iterable.span
        let interrupt = Interrupt.flagPointer
        let site = comprehensionSite(c, inner, span)
        let interpreter = self.interpreter
        return { f in
            let seq = try iterable(f)
            // The typed path walks a 1-d array (range(n) is one), held in an extra slot.
            let frame = Frame.make(count: slotCount + (site == nil ? 0 : 1), parent: f)
            if let site, case .array(let a) = seq, a.ndim == 1, a.dtype != .str {
                frame.slots[slotCount] = seq
                if let result = try interpreter.runComprehension(site, frame, count: a.shape[0], span) {
                    return result
                }
            }
            var results: [Value] = []
            try forEachItem(seq, iterSpan) { item in
                if targetCount == 1 {
                    frame.slots[0] = item
                } else {
                    let items = try unpackItems(item, count: targetCount, span: targetSpan)
                    for i in 0..<targetCount { frame.slots[i] = items[i] }
                }
                try checkInterrupt(interrupt, span)
                if let condition, !(try truthy(try condition.code(frame), condition.span)) { return true }
                results.append(try element(frame))
                return true
            }
            return try withSpan(span) { try comprehensionResult(results) }
        }
    }

    /// Where `[e for v in xs if c]` with one variable, whose element and
    /// condition assign nothing, may run on the typed path: a loop over the
    /// items (in the comprehension frame's extra slot, "$items") that
    /// collects `e` (TypedEntry.swift).
    func comprehensionSite(_ c: Comprehension, _ inner: Scope, _ span: SourceSpan) -> ScalarLoopSite? {
        guard c.targets.count == 1, inner.count == 1 else { return nil }
        let items = Expr(.name("$items"), c.iterable.span)
        let loop = Stmt(kind: .forLoop([.name(c.targets[0].name, c.targets[0].span)], items, []), span: span)
        let globals = self.globals, itemsSlot = inner.count
        return ScalarLoopSite(
            statement: loop, globals: globals, inFunction: false, collect: (c.element, c.condition)
        ) { name in
            name == "$items" ? .local(itemsSlot) : Scope.resolve(name, from: inner, globals: globals)
        }
    }

    // MARK: assignment targets

    typealias Store = (Frame, Value) throws -> Void
    typealias Modify = (Frame, (inout Value) throws -> Void) throws -> Void

    mutating func store(_ target: Target) throws -> Store {
        switch target {
        case .name(let name, _):
            switch resolve(name) {
            case .local(let slot): return { f, v in f.slots[slot] = v }
            case .outer(let depth, let slot): return { f, v in f.ancestor(depth).slots[slot] = v }
            case .global(let slot):
                let g = globals
                return { _, v in g.values[slot] = v }
            }
        case .index(let baseExpr, let items, let span):
            let base = try self.modify(try lvalue(baseExpr, "index into"))
            let index = try indexCode(items)
            return { f, v in
                let idx = try index(f)
                try base(f) { container in try setElement(&container, idx, v, span) }
            }
        case .field:
            let modify = try self.modify(target)
            return { f, v in try modify(f) { current in current = v } }
        }
    }

    /// Code that reads a target, lets `body` change it in place, and writes it
    /// back. The value is moved out of its slot while it changes, so the
    /// array's buffer stays uniquely referenced and is not copied.
    mutating func modify(_ target: Target) throws -> Modify {
        switch target {
        case .name(let name, let span):
            switch resolve(name) {
            case .local(let slot):
                let outer = visibleOutside(name)
                return { f, body in
                    guard var v = f.slots[slot] else { throw unassigned(name, span, outer: outer) }
                    f.slots[slot] = nil
                    defer { f.slots[slot] = v }
                    try body(&v)
                }
            case .outer(let depth, let slot):
                return { f, body in
                    let frame = f.ancestor(depth)
                    guard var v = frame.slots[slot] else { throw unassigned(name, span) }
                    frame.slots[slot] = nil
                    defer { frame.slots[slot] = v }
                    try body(&v)
                }
            case .global(let slot):
                let g = globals
                return { _, body in
                    guard var v = g.values[slot] else { throw unassigned(name, span) }
                    g.values[slot] = nil
                    defer { g.values[slot] = v }
                    try body(&v)
                }
            }
        case .index(let baseExpr, let items, let span):
            let base = try self.modify(try lvalue(baseExpr, "index into"))
            let index = try indexCode(items)
            return { f, body in
                let idx = try index(f)
                try base(f) { container in
                    try modifyElement(&container, idx, span, body)
                }
            }
        case .field(let baseExpr, let name, let span):
            let base = try self.modify(try lvalue(baseExpr, "set a field of"))
            return { f, body in
                try base(f) { container in
                    guard case .record(var r) = container else {
                        throw RuntimeError(
                            "cannot set field '\(name)' of \(container.kindName)", span: span,
                            hint: "only records have settable fields")
                    }
                    container = .null
                    defer { container = .record(r) }
                    var v = r[name] ?? .null
                    r[name] = .null
                    try body(&v)
                    r[name] = v
                }
            }
        }
    }

    func lvalue(_ e: Expr, _ what: String) throws -> Target {
        switch e.kind {
        case .name(let n): return .name(n, e.span)
        case .index(let b, let items): return .index(b, items, e.span)
        case .field(let b, let n): return .field(b, n, e.span)
        default:
            throw Diagnostic(
                "cannot \(what) a temporary value", span: e.span,
                hint: "assign it to a variable first")
        }
    }

    // MARK: expressions

    mutating func expression(_ e: Expr) throws -> ExprCode {
        let span = e.span
        switch e.kind {
        case .null: return { _ in .null }
        case .bool(let b): return { _ in .bool(b) }
        case .int(let n): return { _ in .int(n) }
        case .float(let x): return { _ in .float(x) }
        case .string(let s): return { _ in .string(s) }

        case .fstring(let parts):
            var codes: [(String?, ExprCode?, String, Bool)] = []
            for p in parts {
                switch p {
                case .text(let s): codes.append((s, nil, "", false))
                case .expr(let x, let spec, let debug):
                    codes.append((nil, try expression(x), spec, debug && spec.isEmpty))
                }
            }
            return { f in
                var pieces: [String] = []
                pieces.reserveCapacity(codes.count)
                for (text, code, spec, inline) in codes {
                    pieces.append(
                        try text ?? code.map { c in
                            let v = try c(f)
                            return try withSpan(span) {
                                try inline ? inlineText(v) : formatValue(v, spec: spec, span: span)
                            }
                        } ?? "")
                }
                return .string(try withSpan(span) { try concatenated(pieces) })
            }

        case .name(let name):
            return nameCode(name, span)

        case .array(let items):
            let codes = try items.map { try expression($0) }
            return { f in
                var values: [Value] = []
                values.reserveCapacity(codes.count)
                for c in codes { values.append(try c(f)) }
                do { return try stackLiteral(values) } catch var error as RuntimeError {
                    if error.span == nil { error.span = span }
                    throw error
                }
            }

        case .record(let fields):
            let codes = try fields.map { ($0.0, try expression($0.1)) }
            return { f in
                var r = Record()
                for (k, c) in codes { r[k] = try c(f) }
                return .record(r)
            }

        case .unary(let op, let operandExpr):
            let operand = try expression(operandExpr)
            switch op {
            case .negate:
                return { f in
                    let v = try operand(f)
                    switch v {
                    case .int(let n): return .int(0 &- n)
                    case .float(let x): return .float(-x)
                    default: return try withSpan(span) { try unaryOperation(.negate, v) }
                    }
                }
            case .plus:
                return { f in
                    let v = try operand(f)
                    return try withSpan(span) { try unaryOperation(.plus, v) }
                }
            case .not:
                return { f in
                    let v = try operand(f)
                    if case .array(let a) = v, a.ndim > 0 {
                        return try withSpan(span) { try unaryOperation(.not, v) }
                    }
                    return .bool(!(try truthy(v, operandExpr.span)))
                }
            }

        case .binary(let op, let l, let r):
            return try binaryCode(op, l, r, span)

        case .call(let calleeExpr, let args):
            return try callCode(calleeExpr, args, span)

        case .index(let baseExpr, let items):
            let base = try expression(baseExpr)
            if items.count == 1, case .single(let itemExpr) = items[0] {
                // `xs[i]`: a list's item at a non-negative int is read without making an index list.
                let item = try expression(itemExpr)
                return { f in
                    let b = try base(f)
                    let v = try item(f)
                    if case .list(let xs) = b, case .int(let n) = v, n >= 0, n < xs.count { return xs[Int(n)] }
                    return try getElement(b, [.value(v)], span)
                }
            }
            let index = try indexCode(items)
            return { f in
                let b = try base(f)
                let idx = try index(f)
                return try getElement(b, idx, span)
            }

        case .field(let baseExpr, let name):
            return try fieldCode(baseExpr, name, span, arguments: nil)

        case .lambda(let decl):
            return try function(decl)

        case .membership(let l, let r, let negated):
            let item = try expression(l)
            let container = try expression(r)
            return { f in
                let a = try item(f)
                return .bool(try membership(a, try container(f), span) != negated)
            }

        case .comprehension(let c):
            return try comprehension(c, span)

        case .ifElse(let condExpr, let thenStmts, let elseStmts):
            let cond = try expression(condExpr)
            let thenCode = try block(thenStmts)
            let elseCode = try elseStmts.map { try block($0) }
            let condSpan = condExpr.span
            // Inside an expression, break/continue/return in a branch cannot
            // travel through Swift closures that return plain values, so
            // they are carried by a thrown signal and caught by the statement.
            return { f in
                let branch = try truthy(try cond(f), condSpan) ? thenCode : elseCode
                guard let branch else { return .null }
                switch try branch(f) {
                case .value(let v): return v
                case .breakLoop: throw ControlSignal.breakLoop
                case .continueLoop: throw ControlSignal.continueLoop
                case .returned(let v): throw ControlSignal.returned(v)
                }
            }
        }
    }

    func nameCode(_ name: String, _ span: SourceSpan) -> ExprCode {
        switch resolve(name) {
        case .local(let slot):
            let outer = visibleOutside(name)
            return { f in
                if let v = f.slots[slot] { return v }
                throw unassigned(name, span, outer: outer)
            }
        case .outer(let depth, let slot):
            return { f in
                if let v = f.ancestor(depth).slots[slot] { return v }
                throw unassigned(name, span)
            }
        case .global(let slot):
            let g = globals
            let interpreter = self.interpreter
            // A primitive's function value, made once here: the session's table does not change.
            var primitive: Value? = nil
            return { _ in
                if let v = g.values[slot] { return v }
                if let primitive { return primitive }
                let v = try interpreter.builtin(name, span: span, globals: g)
                primitive = v
                return v
            }
        }
    }

    mutating func binaryCode(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ span: SourceSpan) throws -> ExprCode {
        let lhs = try expression(l)
        let rhs = try expression(r)
        // When the left operand is itself `a op b` or `-a`, an array it gives
        // is a temporary no variable holds: `+ - *` can write into it.
        var leftIsTemporary = false
        switch l.kind {
        case .binary(let inner, _, _):
            leftIsTemporary = [.add, .subtract, .multiply, .divide, .floorDivide, .modulo, .power].contains(inner)
        case .unary(.negate, _): leftIsTemporary = true
        default: break
        }
        if leftIsTemporary && (op == .add || op == .subtract || op == .multiply) {
            return { f in
                var a = try lhs(f)
                let b = try rhs(f)
                if let v = quickScalar(op, a, b) { return v }
                if case .array = a, let v = try withSpan(span, { try arithmeticReusingLeft(op, &a, b) }) { return v }
                return try binary(op, a, b, span)
            }
        }
        switch op {
        case .and, .or:
            let isAnd = op == .and
            let lspan = l.span
            return { f in
                let a = try lhs(f)
                if case .array(let arr) = a, arr.ndim > 0 {
                    return try withSpan(span) { try binaryOperation(op, a, try rhs(f)) }
                }
                let t = try truthy(a, lspan)
                if isAnd ? !t : t { return a }
                let b = try rhs(f)
                if case .array(let arr) = b, arr.ndim > 0 {
                    return try withSpan(span) { try binaryOperation(op, a, b) }
                }
                return b
            }
        case .add, .subtract, .multiply, .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
            return { f in
                let a = try lhs(f), b = try rhs(f)
                return try quickScalar(op, a, b) ?? binary(op, a, b, span)
            }
        default:
            return { f in
                let a = try lhs(f), b = try rhs(f)
                return try binary(op, a, b, span)
            }
        }
    }

    mutating func indexCode(_ items: [IndexExpr]) throws -> (Frame) throws -> [IndexValue] {
        enum ItemCode {
            case single(ExprCode)
            case slice(ExprCode?, ExprCode?, ExprCode?)
            case ellipsis
        }
        var codes: [ItemCode] = []
        for item in items {
            switch item {
            case .single(let e): codes.append(.single(try expression(e)))
            case .slice(let a, let b, let c):
                codes.append(
                    .slice(
                        try a.map { try expression($0) }, try b.map { try expression($0) },
                        try c.map { try expression($0) }))
            case .ellipsis: codes.append(.ellipsis)
            }
        }
        if codes.count == 1, case .single(let single) = codes[0] {
            return { f in [.value(try single(f))] }
        }
        return { f in
            var out: [IndexValue] = []
            out.reserveCapacity(codes.count)
            for code in codes {
                switch code {
                case .single(let a): out.append(.value(try a(f)))
                case .slice(let a, let b, let c):
                    out.append(.slice(try a.map { try $0(f) }, try b.map { try $0(f) }, try c.map { try $0(f) }))
                case .ellipsis: out.append(.ellipsis)
                }
            }
            return out
        }
    }

    /// `base.name`. A failure names the FLS form of what a Python user meant:
    /// `x.mean(axis=0)` is `mean(x, axis=0)`, `np.hstack` is `concat`.
    mutating func fieldCode(_ baseExpr: Expr, _ name: String, _ span: SourceSpan, arguments: [Argument]?) throws
        -> ExprCode
    {
        var base = try expression(baseExpr)
        let table = interpreter.table
        if case .name(let module) = baseExpr.kind, case .global(let slot) = resolve(module), table[module] == nil,
            let hint = PythonNames.moduleMember(module, name, isPrimitive: { table[$0]?.implementation != nil })
        {
            let plain = base
            let g = globals
            let moduleSpan = baseExpr.span
            base = { f in
                if g.values[slot] == nil {
                    throw RuntimeError("name '\(module)' is not defined", hint: hint, span: moduleSpan)
                }
                return try plain(f)
            }
        }
        let file = span.file
        func text(_ s: SourceSpan) -> String {
            String(decoding: file.bytes[s.start..<min(s.end, file.bytes.count)], as: UTF8.self)
        }
        let receiver = text(baseExpr.span)
        let argumentTexts = arguments?.map { text($0.span) }
        return { f in
            let b = try base(f)
            do { return try getField(b, name, span) } catch var error as RuntimeError {
                if let hint = methodHint(b, name, receiver: receiver, arguments: argumentTexts, table: table) {
                    error.hint = hint
                }
                throw error
            }
        }
    }

    mutating func callCode(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) throws -> ExprCode {
        let callee: ExprCode
        if case .field(let baseExpr, let name) = calleeExpr.kind {
            callee = try fieldCode(baseExpr, name, calleeExpr.span, arguments: args)
        } else {
            callee = try expression(calleeExpr)
        }
        var positional = ContiguousArray<ExpressionCode>()
        for a in args where a.name == nil { positional.append(ExpressionCode(run: try expression(a.value))) }
        let argCount = positional.count
        let nothing: ExprCode = { _ in .null }
        let a0 = argCount > 0 ? positional[0].run : nothing
        let a1 = argCount > 1 ? positional[1].run : nothing
        let keywords = try args.compactMap { a -> (String, ExprCode)? in
            guard let n = a.name else { return nil }
            return (n, try expression(a.value))
        }
        let interpreter = self.interpreter
        let calleeSpan = calleeExpr.span
        var field: String? = nil
        if case .field(_, let name) = calleeExpr.kind { field = name }
        // Positional arguments written `x[rows]`: a primitive whose parameter
        // selects rows receives the array and the row numbers, not a copy.
        var rowSpecs: [(index: Int, base: ExprCode, item: ExprCode, span: SourceSpan)] = []
        for (i, a) in args.filter({ $0.name == nil }).enumerated() {
            if case .index(let b, let items) = a.value.kind, items.count == 1, case .single(let ix) = items[0] {
                rowSpecs.append((i, try expression(b), try expression(ix), a.value.span))
            }
        }
        if keywords.isEmpty {
            return { f in
                let fv = try callee(f)
                guard case .function(let fn) = fv else {
                    throw notAFunction(fv, field: field, span: calleeSpan)
                }
                if !rowSpecs.isEmpty, fn.closure == nil, case .primitive(let p) = fn.body,
                    rowSpecs.contains(where: { $0.index < p.params.count && p.params[$0.index].selectsRows })
                {
                    var values: [Value] = []
                    var selections: [Int: RowSelection] = [:]
                    for i in 0..<argCount {
                        if let spec = rowSpecs.first(where: { $0.index == i }), i < p.params.count,
                            p.params[i].selectsRows
                        {
                            let b = try spec.base(f)
                            let ix = try spec.item(f)
                            if case .array(let arr) = b,
                                let selection = try withSpan(spec.span, { try RowSelection.make(arr, ix) })
                            {
                                selections[i] = selection
                                values.append(.null)
                            } else {
                                values.append(try getElement(b, [.value(ix)], spec.span))
                            }
                        } else {
                            values.append(try positional[i].run(f))
                        }
                    }
                    return try interpreter.call(fn, values, [], span: span, selections: selections)
                }
                if let c = fn.closure, argCount <= c.code.paramCount {
                    if argCount == c.code.paramCount, argCount <= 2, c.code.scalar.last != nil {
                        // A scalar function (ScalarCompiler.swift) needs no frame.
                        let x = argCount > 0 ? try a0(f) : .null
                        let y = argCount > 1 ? try a1(f) : .null
                        if let v = try interpreter.callScalar(c.code, x, y, count: argCount, span: span) { return v }
                        let frame = Frame.make(count: c.code.slotCount, parent: c.captured)
                        if argCount > 0 { frame.slots[0] = x }
                        if argCount > 1 { frame.slots[1] = y }
                        return try interpreter.invoke(c, frame: frame, given: argCount, span: span)
                    }
                    // Fast path: evaluate arguments straight into the new frame.
                    let frame = Frame.make(count: c.code.slotCount, parent: c.captured)
                    switch argCount {
                    case 0: break
                    case 1: frame.slots[0] = try a0(f)
                    case 2:
                        frame.slots[0] = try a0(f)
                        frame.slots[1] = try a1(f)
                    default:
                        var i = 0
                        while i < argCount {
                            frame.slots[i] = try positional[i].run(f)
                            i += 1
                        }
                    }
                    return try interpreter.invoke(c, frame: frame, given: argCount, span: span)
                }
                var values: [Value] = []
                values.reserveCapacity(argCount)
                switch argCount {
                case 0: break
                case 1: values.append(try a0(f))
                case 2:
                    values.append(try a0(f))
                    values.append(try a1(f))
                default: for a in positional { values.append(try a.run(f)) }
                }
                if case .primitive(let p) = fn.body { return try interpreter.callPrimitive(p, values, [], span: span) }
                return try interpreter.call(fn, values, [], span: span)
            }
        }
        return { f in
            let fv = try callee(f)
            guard case .function(let fn) = fv else {
                throw notAFunction(fv, field: field, span: calleeSpan)
            }
            var values: [Value] = []
            for a in positional { values.append(try a.run(f)) }
            var kw: [(String, Value)] = []
            for (n, c) in keywords { kw.append((n, try c(f))) }
            return try interpreter.call(fn, values, kw, span: span)
        }
    }

    /// Compiles a function declaration or lambda into code that makes the closure.
    mutating func function(_ decl: FunctionDecl) throws -> ExprCode {
        let code = FunctionCode(
            name: decl.name, paramNames: decl.params.map(\.name), span: decl.span,
            decl: decl, globals: globals, isTopLevel: scope == nil)
        let defaultCodes = try decl.params.map { p in try p.defaultValue.map { try expression($0) } }

        let inner = Scope.function(decl, parent: scope)

        var sub = Compiler(interpreter: interpreter, globals: globals)
        sub.scope = inner
        sub.loopDepth = 0
        let body = try sub.block(decl.body)
        code.slotCount = inner.count
        code.body = { f in
            do { return try body(f) } catch let signal as ControlSignal {
                if case .returned(let v) = signal { return .returned(v) }
                throw RuntimeError("'break' or 'continue' inside an if-expression outside a loop")
            }
        }
        let isTopLevel = scope == nil
        return { f in
            var defaults: [Value?] = []
            defaults.reserveCapacity(defaultCodes.count)
            for d in defaultCodes { defaults.append(try d.map { try $0(f) }) }
            let closure = Closure(code: code, captured: isTopLevel ? nil : f, defaults: defaults)
            return .function(Function(.closure(closure)))
        }
    }
}

/// A compiled statement, wrapped so arrays of them keep the closure's natural
/// calling convention (see `block`).
struct StatementCode {
    let run: BlockCode
}

/// A compiled expression, wrapped for the same reason.
struct ExpressionCode {
    let run: ExprCode
}

/// break/continue/return raised inside an `if` used as an expression.
enum ControlSignal: Error {
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// Runs a loop body, turning signals from if-expressions back into completions.
@inline(__always)
func runSignalled(_ body: BlockCode, _ f: Frame) throws -> Completion {
    do { return try body(f) } catch let signal as ControlSignal {
        switch signal {
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        case .returned(let v): return .returned(v)
        }
    }
}

/// An evaluated index item, before it is turned into array indices.
enum IndexValue {
    case value(Value)
    case slice(Value?, Value?, Value?)
    /// `...`
    case ellipsis
}

// MARK: shared runtime helpers

/// Appends `pieces` to `text`, the string `place` holds, after dropping the
/// place's reference, so that `text` is not shared and grows where it is.
/// `place` is looked up after the pieces were evaluated: that may have moved
/// the globals (or assigned the variable, which the assignment overwrites).
func grow(_ place: UnsafeMutablePointer<Value?>, _ text: consuming String, _ pieces: some Sequence<String>) {
    _ = place.pointee.take()
    var grown = text
    for piece in pieces { grown.append(piece) }
    place.pointee = .string(grown)
}

/// `s += t` where `place` holds a string `s` and `t` is one: `t` is appended
/// where `s` is (`grow`), after the size check. False: not two strings.
func growText(_ place: UnsafeMutablePointer<Value?>, _ rhs: Value, _ span: SourceSpan) throws -> Bool {
    guard case .string(let piece) = rhs, case .string(let text)? = place.pointee else { return false }
    try withSpan(span) { try Limits.checkString(bytes: Limits.stringSum(text.utf8.count, piece.utf8.count)) }
    grow(place, text, CollectionOfOne(piece))
    return true
}

func unassigned(_ name: String, _ span: SourceSpan, outer: Bool = false) -> RuntimeError {
    // Python's UnboundLocalError: `n += 1` in a closure makes n its own.
    let hint =
        outer
        ? "'\(name)' is assigned in this function, so here it is the function's own variable, not the "
            + "one outside (as in Python); to change that one, return the new value and assign it outside"
        : nil
    return RuntimeError("'\(name)' is used before it is assigned", hint: hint, span: span)
}

@inline(__always)
func withSpan<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
    do { return try body() } catch var error as RuntimeError {
        if error.span == nil { error.span = span }
        throw error
    }
}

@inline(__always)
func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ span: SourceSpan) throws -> Value {
    try withSpan(span) { try binaryOperation(op, a, b) }
}

/// `if`/`while` truthiness: only false and null are false; arrays must be 0-d.
@inline(__always)
func truthy(_ v: Value, _ span: SourceSpan) throws -> Bool {
    if case .bool(let b) = v { return b }
    return try truthySlow(v, span)
}

func truthySlow(_ v: Value, _ span: SourceSpan) throws -> Bool {
    switch v {
    case .bool(let b): return b
    case .null: return false
    case .array(let a):
        if a.ndim == 0 || a.count == 1 && a.ndim == 0 {
            if case .bool(let s) = a.storage, let b = s.first { return b }
            return true
        }
        throw RuntimeError(
            "the truth value of an array with \(a.count) elements is ambiguous", span: span,
            hint: "use any(x) or all(x)")
    default: return true
    }
}

extension Interrupt {
    @inline(__always) static func checkAt(_ span: SourceSpan) throws {
        if requested {
            do { try check() } catch var e as RuntimeError {
                e.span = span
                throw e
            }
        }
    }
}

/// The FLS form of `receiver.name(arguments)` (arguments nil: no call) when
/// `receiver` has no such field: a primitive called with the receiver first.
func methodHint(_ receiver: Value, _ name: String, receiver text: String, arguments: [String]?, table: PrimitiveTable)
    -> String?
{
    switch receiver {
    case .record, .handle, .function:
        // Records and handles have fields of their own: only a call reads as a method.
        guard arguments != nil else { return nil }
    default: break
    }
    if let renamed = PythonNames.renamedMethod(name, receiver: text, arguments: arguments ?? []) { return renamed }
    guard let p = table[name], p.implementation != nil else { return nil }
    let rest = (arguments ?? []).map { ", " + $0 }.joined()
    return "write \(name)(\(text)\(rest)): FLS calls functions, not methods"
}

/// Calls `body` with each item of what `for` and comprehensions loop over
/// (a list's items, a record's keys, an array's rows, a handle's items)
/// until it returns false.
func forEachItem(_ seq: Value, _ span: SourceSpan, _ body: (Value) throws -> Bool) throws {
    switch seq {
    case .list(let items):
        for item in items where !(try body(item)) { return }
    case .record(let r):
        for key in r.keys where !(try body(.string(key))) { return }
    case .array(let a):
        if a.ndim == 0 {
            throw RuntimeError("cannot loop over a 0-d array (a single \(a.dtype) value)", span: span)
        }
        for i in 0..<a.shape[0] where !(try body(try a.subscriptGet([.int(i)]))) { return }
    case .handle(let h):
        guard let n = h.length else {
            throw RuntimeError("cannot loop over \(h.typeName)", span: span)
        }
        for i in 0..<n {
            guard let item = try h.index(.int(Int64(i))) else { return }
            if !(try body(item)) { return }
        }
    default:
        throw RuntimeError(
            "cannot loop over \(seq.kindName)", span: span,
            hint: "loop over a list, a record's keys, an array's first axis, or range(n)")
    }
}

/// A comprehension's items as one value: numbers (bools, ints, floats) or
/// numeric arrays of one shape stack as a `[...]` literal of them would
/// (ints and floats promote; no items give `[]`); anything else is a list.
func comprehensionResult(_ items: [Value]) throws -> Value {
    if let plain = plainNumbers(items) { return .array(plain) }
    var numbers = true
    var rows = true
    var rowShape: [Int]? = nil
    for v in items {
        switch v {
        case .int, .float, .bool: rows = false
        case .array(let a) where a.dtype != .str:
            if a.ndim == 0 {
                rows = false
            } else {
                numbers = false
                if let s = rowShape, s != a.shape { rows = false }
                rowShape = a.shape
            }
        default:
            numbers = false
            rows = false
        }
        if !numbers && !rows { return .list(items) }
    }
    return try stackLiteral(items)
}

/// Splits a value for `a, b, c = v`.
func unpackItems(_ v: Value, count: Int, span: SourceSpan) throws -> [Value] {
    let items: [Value]
    switch v {
    case .list(let xs): items = xs
    case .record(let r): items = r.values
    case .array(let a) where a.ndim >= 1: items = try a.rows()
    default:
        throw RuntimeError(
            "cannot unpack \(v.kindName) into \(count) names", span: span,
            hint: "unpack a list, a record or an array")
    }
    if items.count != count {
        throw RuntimeError("cannot unpack \(items.count) values into \(count) names", span: span)
    }
    return items
}

/// The error of calling a value that is not a function; `x.shape()` says
/// that a field is read without parentheses.
func notAFunction(_ value: Value, field: String?, span: SourceSpan) -> RuntimeError {
    if let field {
        return RuntimeError(
            "'\(field)' is a field (\(value.kindName)), not a method", hint: "write x.\(field), without parentheses",
            span: span)
    }
    return RuntimeError("\(value.kindName) is not a function", span: span)
}
