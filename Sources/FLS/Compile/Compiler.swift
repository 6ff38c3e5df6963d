// Compiler: resolves every name to a slot and turns the syntax tree into a
// tree of nodes (ValueNodes.swift), so running a program does no dictionary
// look-ups and no tree matching. Loops and functions may also run on the
// typed path (ScalarCompiler.swift), entered from here (TypedEntry.swift).

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
    mutating func compileUnit(_ stmts: [Stmt]) throws -> (Statement, Bool) {
        let code = try block(stmts, tail: true)
        var lastIsExpression = false
        if let last = stmts.last, case .expression = last.kind { lastIsExpression = true }
        return (code, lastIsExpression)
    }

    /// `tail`: the block ends a function's or a unit's body (or a branch
    /// that does), so its last statement's value is the result.
    mutating func block(_ stmts: [Stmt], tail: Bool = false) throws -> Statement {
        var codes: [Statement] = []
        codes.reserveCapacity(stmts.count)
        for (k, stmt) in stmts.enumerated() { codes.append(try statement(stmt, tail: tail && k == stmts.count - 1)) }
        guard var code = codes.last else { return Statement.nothing }
        for first in codes.dropLast().reversed() { code = Then(first, code) }
        return code
    }

    /// A block used as a value (an if-value's branch).
    mutating func valueBlock(_ stmts: [Stmt]) throws -> ValueBlock {
        guard let last = stmts.last, case .expression(let e) = last.kind else {
            return ValueBlock(statements: try block(stmts), last: Constant(.null), hasStatements: !stmts.isEmpty)
        }
        let before = try block(Array(stmts.dropLast()))
        return ValueBlock(statements: before, last: try expression(e), hasStatements: stmts.count > 1)
    }

    mutating func statement(_ stmt: Stmt, tail: Bool = false) throws -> Statement {
        switch stmt.kind {
        case .expression(let e):
            if case .ifElse(let condExpr, let thenStmts, let elseStmts) = e.kind {
                return IfStatement.make(
                    Truthy(try expression(condExpr), condExpr.span), try block(thenStmts, tail: tail),
                    try elseStmts.map { try block($0, tail: tail) })
            }
            return ExpressionStatement(try expression(e), keep: tail)

        case .assign(let target, let valueExpr):
            let value = try expression(valueExpr)
            if case .name(let name, _) = target {
                if let grow = try concatInPlace(name, Self.concatParts(name, valueExpr), whole: value) {
                    return grow
                }
                let plain = assignName(name, value)
                return try appendInPlace(name, valueExpr, otherwise: plain) ?? plain
            }
            let written = try assignable(target)
            let plain = AssignTarget(written, value)
            return try appendToElement(target, written, valueExpr, otherwise: plain) ?? plain

        case .unpack(let targets, let valueExpr):
            return Unpack(try expression(valueExpr), try targets.map { try assignable($0) }, stmt.span)

        case .augmented(let target, let op, let valueExpr):
            let value = try expression(valueExpr)
            let written = try assignable(target)
            if let variable = written as? Variable, op == .add || op == .subtract || op == .multiply {
                return AugmentedName(op, variable, value, stmt.span)
            }
            return Augmented(op, value, written, stmt.span)

        case .function(let decl):
            return assignName(decl.name, try function(decl))

        case .forLoop(let targets, let iterableExpr, let bodyStmts):
            return try forLoop(targets, iterableExpr, bodyStmts, stmt.span, site: loopSite(stmt))

        case .whileLoop(let condExpr, let bodyStmts):
            let cond = try expression(condExpr)
            loopDepth += 1
            let body = try block(bodyStmts)
            loopDepth -= 1
            let site = loopSite(stmt)
            return WhileLoop(
                Truthy(cond, condExpr.span), body, span: condExpr.span, generic: true,
                typed: site.map { ($0, interpreter) })

        case .breakLoop:
            if loopDepth == 0 { throw Diagnostic("'break' outside a loop", span: stmt.span) }
            return Jump(.breakLoop)

        case .continueLoop:
            if loopDepth == 0 { throw Diagnostic("'continue' outside a loop", span: stmt.span) }
            return Jump(.continueLoop)

        case .returnValue(let e):
            if !inFunction {
                throw Diagnostic("'return' outside a function", span: stmt.span)
            }
            guard let e else { return Return(Constant(.null)) }
            return Return(try expression(e))

        case .use(let name, let isPath):
            if scope != nil {
                throw Diagnostic("'use' is only allowed at the top level of a file", span: stmt.span)
            }
            return Use(interpreter, globals, name, isPath: isPath, stmt.span)
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

    /// A local or a global, for code that changes it in place; nil for an
    /// enclosing function's variable.
    func variable(_ name: String, _ span: SourceSpan) -> Variable? {
        switch resolve(name) {
        case .local(let slot):
            return Variable(.local, slot, globals, name, span, hidesOuter: visibleOutside(name), scope: scope)
        case .global(let slot): return Variable(.global, slot, globals, name, span, hidesOuter: false, scope: scope)
        case .outer: return nil
        }
    }

    /// `xs = append(xs, e)` grows the list where it is (`AppendInPlace`).
    /// Not when `e` holds a block, which could assign `xs` while it is evaluated.
    mutating func appendInPlace(_ name: String, _ valueExpr: Expr, otherwise: FrameStatement) throws -> Statement? {
        guard case .call(let calleeExpr, let args) = valueExpr.kind, case .name("append") = calleeExpr.kind,
            args.count == 2, args.allSatisfy({ $0.name == nil }), case .name(name) = args[0].value.kind
        else { return nil }
        var holdsBlock = false
        forEachBlock(in: args[1].value) { _ in holdsBlock = true }
        guard !holdsBlock, let variable = variable(name, args[0].value.span) else { return nil }
        return AppendInPlace(
            try expression(calleeExpr), try expression(args[1].value), variable, otherwise: otherwise, interpreter,
            valueExpr.span)
    }

    /// `g[k] = append(g[k], e)`, `r.items = append(r.items, e)`: the list
    /// grows where it is in its container (`AppendToElement`). Only when
    /// both places are written alike with names, fields, constants and
    /// one-item indices (nothing that calls or assigns), and `e` holds no block.
    mutating func appendToElement(
        _ target: Target, _ written: Assignable, _ valueExpr: Expr, otherwise: FrameStatement
    ) throws -> Statement? {
        guard case .call(let calleeExpr, let args) = valueExpr.kind, case .name("append") = calleeExpr.kind,
            args.count == 2, args.allSatisfy({ $0.name == nil })
        else { return nil }
        let place = args[0].value
        switch (target, place.kind) {
        case (.index(let b, let items, _), .index(let b2, let items2)):
            guard Self.samePath(b, b2), items.count == 1, items2.count == 1, case .single(let i) = items[0],
                case .single(let i2) = items2[0], Self.samePath(i, i2)
            else { return nil }
        case (.field(let b, let n, _), .field(let b2, let n2)):
            guard n == n2, Self.samePath(b, b2) else { return nil }
        default: return nil
        }
        var holdsBlock = false
        forEachBlock(in: args[1].value) { _ in holdsBlock = true }
        guard !holdsBlock else { return nil }
        return AppendToElement(
            try expression(calleeExpr), try expression(place), try expression(args[1].value), written,
            otherwise: otherwise, interpreter, valueExpr.span)
    }

    /// Whether two expressions name the same place without calling anything:
    /// names, int and string constants, fields and one-item indices of those.
    static func samePath(_ a: Expr, _ b: Expr) -> Bool {
        switch (a.kind, b.kind) {
        case (.name(let x), .name(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.field(let x, let n), .field(let y, let m)): return n == m && samePath(x, y)
        case (.index(let x, let i), .index(let y, let j)):
            guard i.count == 1, j.count == 1, case .single(let p) = i[0], case .single(let q) = j[0] else {
                return false
            }
            return samePath(x, y) && samePath(p, q)
        default: return false
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

    /// `s = s + a + b` for a local or a global (`ConcatInPlace`).
    mutating func concatInPlace(_ name: String, _ parts: [(Expr, SourceSpan)], whole: ValueExpr) throws -> Statement? {
        guard !parts.isEmpty, let variable = variable(name, parts[0].1) else { return nil }
        return ConcatInPlace(variable, try parts.map { try expression($0.0) }, parts.map(\.1), whole: whole)
    }

    func assignName(_ name: String, _ value: ValueExpr) -> FrameStatement {
        switch resolve(name) {
        case .local(let slot): return AssignLocal(slot, value)
        case .outer(let depth, let slot): return AssignOuter(depth, slot, value)
        case .global(let slot): return AssignGlobal(globals, slot, value)
        }
    }

    mutating func forLoop(
        _ targets: [Target], _ iterableExpr: Expr, _ bodyStmts: [Stmt], _ span: SourceSpan,
        site: ScalarLoopSite?
    ) throws -> Statement {
        let variable: ForLoop.Variable
        if targets.count == 1, case .name(let n, _) = targets[0], case .local(let slot) = resolve(n) {
            variable = .local(slot)
        } else if targets.count == 1, case .name(let n, _) = targets[0], case .global(let slot) = resolve(n) {
            variable = .global(slot)
        } else if targets.count == 1 {
            variable = .target(try assignable(targets[0]))
        } else {
            variable = .unpacked(try targets.map { try assignable($0) })
        }
        var range: (callee: ValueExpr, arguments: [ValueExpr])? = nil
        if case .call(let callee, let args) = iterableExpr.kind, case .name("range") = callee.kind,
            (1...3).contains(args.count), args.allSatisfy({ $0.name == nil })
        {
            range = (try expression(callee), try args.map { try expression($0.value) })
        }
        let iterable = try expression(iterableExpr)
        // Arrays walked one element at a time, which the typed path can take over.
        var walk: ForLoop.Walk? = nil
        if let site, let w = ArrayWalk(iterableExpr), site.isRange {
            // The arrays' own expressions (names), so that an error has its usual span.
            var callee: ValueExpr? = nil
            var arrays = [iterableExpr]
            if case .call(let c, let args) = iterableExpr.kind {
                callee = try expression(c)
                arrays = args.map(\.value)
            }
            walk = ForLoop.Walk(
                callee: callee, primitive: w.primitive, arrays: try arrays.map { try expression($0) },
                numbered: w.numbered)
        }
        loopDepth += 1
        let body = try block(bodyStmts)
        loopDepth -= 1
        return ForLoop(
            variable, iterable, body, range: range, walk: walk, site: site, interpreter, globals, span: span,
            iterableSpan: iterableExpr.span)
    }

    /// `[element for x in xs if condition]` (`ComprehensionValue`).
    mutating func comprehension(_ c: Comprehension, _ span: SourceSpan) throws -> ValueExpr {
        let iterable = try expression(c.iterable)
        let inner = Scope.comprehension(c, parent: scope)
        var sub = Compiler(interpreter: interpreter, globals: globals)
        sub.scope = inner
        let element = try sub.expression(c.element)
        let condition = try c.condition.map { (code: try sub.expression($0), span: $0.span) }
        let targetCount = c.targets.count
        return ComprehensionValue(
            iterable: iterable, element: element, condition: condition, slotCount: inner.count,
            targetCount: targetCount, span: span, targetSpan: c.targets[0].span.to(c.targets[targetCount - 1].span),
            iterableSpan: c.iterable.span, site: comprehensionSite(c, inner, span), interpreter: interpreter)
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

    /// What an assignment to `target` writes (ValueNodes.swift, `Assignable`).
    mutating func assignable(_ target: Target) throws -> Assignable {
        switch target {
        case .name(let name, let span):
            switch resolve(name) {
            case .local(let slot):
                return Variable(.local, slot, globals, name, span, hidesOuter: visibleOutside(name), scope: scope)
            case .outer(let depth, let slot):
                return Variable(.outer(depth: depth), slot, globals, name, span, hidesOuter: false, scope: scope)
            case .global(let slot):
                return Variable(.global, slot, globals, name, span, hidesOuter: false, scope: scope)
            }
        case .index(let baseExpr, let items, let span):
            return IndexTarget(try assignable(try lvalue(baseExpr, "index into")), try indexItems(items), span)
        case .field(let baseExpr, let name, let span):
            return FieldTarget(try assignable(try lvalue(baseExpr, "set a field of")), name, span)
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

    mutating func expression(_ e: Expr) throws -> ValueExpr {
        let span = e.span
        switch e.kind {
        case .null: return Constant(.null)
        case .bool(let b): return Constant(.bool(b))
        case .int(let n): return Constant(.int(n))
        case .float(let x): return Constant(.float(x))
        case .string(let s): return Constant(.string(s))

        case .fstring(let parts):
            return FormatText(
                try parts.map { p in
                    switch p {
                    case .text(let s): return .text(s)
                    case .expr(let x, let spec, let debug):
                        return .field(try expression(x), spec: spec, inline: debug && spec.isEmpty)
                    }
                }, span)

        case .name(let name):
            return nameCode(name, span)

        case .array(let items):
            return ArrayLiteral(try items.map { try expression($0) }, span)

        case .record(let fields):
            return RecordLiteral(try fields.map { ($0.0, try expression($0.1)) })

        case .unary(let op, let operandExpr):
            let operand = try expression(operandExpr)
            switch op {
            case .negate: return Negate(operand, span)
            case .plus: return UnaryPlus(operand, span)
            case .not: return Not(operand, span, operandExpr.span)
            }

        case .binary(let op, let l, let r):
            return try binaryCode(op, l, r, span)

        case .call(let calleeExpr, let args):
            return try callCode(calleeExpr, args, span)

        case .index(let baseExpr, let items):
            let base = try expression(baseExpr)
            if items.count == 1, case .single(let itemExpr) = items[0] {
                return ItemRead(base, try expression(itemExpr), span)
            }
            return IndexRead(base, try indexItems(items), span)

        case .field(let baseExpr, let name):
            return try fieldCode(baseExpr, name, span, arguments: nil)

        case .lambda(let decl):
            return try function(decl)

        case .membership(let l, let r, let negated):
            return Membership(try expression(l), try expression(r), negated: negated, span)

        case .comprehension(let c):
            return try comprehension(c, span)

        case .ifElse(let condExpr, let thenStmts, let elseStmts):
            return IfValue(
                try expression(condExpr), condExpr.span, try valueBlock(thenStmts), try valueBlock(elseStmts ?? []))
        }
    }

    func nameCode(_ name: String, _ span: SourceSpan) -> ValueExpr {
        switch resolve(name) {
        case .local(let slot): return LocalRead(slot, name, span, outer: visibleOutside(name), scope: scope)
        case .outer(let depth, let slot): return OuterRead(depth, slot, name, span)
        case .global(let slot): return GlobalRead(globals, slot, interpreter, name, span, scope: scope)
        }
    }

    mutating func binaryCode(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ span: SourceSpan) throws -> ValueExpr {
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
            return BinaryIntoLeft(op, lhs, rhs, span)
        }
        switch op {
        case .and, .or: return Logic(op, lhs, rhs, span, leftSpan: l.span)
        case .add, .subtract, .multiply, .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual:
            return QuickBinary(op, lhs, rhs, span)
        default: return Binary(op, lhs, rhs, span)
        }
    }

    mutating func indexItems(_ items: [IndexExpr]) throws -> IndexItems {
        IndexItems(
            try items.map { item in
                switch item {
                case .single(let e): return .single(try expression(e))
                case .slice(let a, let b, let c):
                    return .slice(
                        try a.map { try expression($0) }, try b.map { try expression($0) },
                        try c.map { try expression($0) })
                case .ellipsis: return .ellipsis
                }
            })
    }

    /// `base.name` (`FieldRead`); a global named like a Python module
    /// (`np.hstack`) that is unassigned names the member's FLS form.
    mutating func fieldCode(_ baseExpr: Expr, _ name: String, _ span: SourceSpan, arguments: [Argument]?) throws
        -> ValueExpr
    {
        var base = try expression(baseExpr)
        let table = interpreter.table
        if case .name(let module) = baseExpr.kind, case .global(let slot) = resolve(module), table[module] == nil,
            let hint = PythonNames.moduleMember(module, name, isPrimitive: { table[$0]?.implementation != nil })
        {
            base = ModuleRead(base, globals, slot, module, hint: hint, baseExpr.span)
        }
        let file = span.file
        func text(_ s: SourceSpan) -> String {
            String(decoding: file.bytes[s.start..<min(s.end, file.bytes.count)], as: UTF8.self)
        }
        return FieldRead(
            base, name, span, receiver: text(baseExpr.span), arguments: arguments?.map { text($0.span) }, table: table)
    }

    mutating func callCode(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) throws -> ValueExpr {
        let callee: ValueExpr
        var field: String? = nil
        if case .field(let baseExpr, let name) = calleeExpr.kind {
            callee = try fieldCode(baseExpr, name, calleeExpr.span, arguments: args)
            field = name
        } else {
            callee = try expression(calleeExpr)
        }
        // A variable called as a function: its name, for the error of one
        // that holds something else (and hides a primitive of that name).
        var variable: String? = nil
        if case .name(let n) = calleeExpr.kind { variable = n }
        let positional = try args.filter { $0.name == nil }.map { try expression($0.value) }
        let keywords = try args.compactMap { a -> (String, ValueExpr)? in
            guard let n = a.name else { return nil }
            return (n, try expression(a.value))
        }
        guard keywords.isEmpty else {
            return CallWithKeywords(
                callee, positional, keywords, interpreter: interpreter, span: span, calleeSpan: calleeExpr.span,
                field: field, variable: variable)
        }
        // Positional arguments written `x[rows]`, which a primitive may take as rows of x.
        var rows: [(index: Int, base: ValueExpr, item: ValueExpr, span: SourceSpan)] = []
        for (i, a) in args.enumerated() {
            if case .index(let b, let items) = a.value.kind, items.count == 1, case .single(let ix) = items[0] {
                rows.append((i, try expression(b), try expression(ix), a.value.span))
            }
        }
        return Call(
            callee, positional, interpreter: interpreter, span: span, calleeSpan: calleeExpr.span, field: field,
            variable: variable, rows: rows)
    }

    /// Compiles a function declaration or lambda into code that makes the closure.
    mutating func function(_ decl: FunctionDecl) throws -> ValueExpr {
        let code = FunctionCode(
            name: decl.name, paramNames: decl.params.map(\.name), span: decl.span,
            decl: decl, globals: globals, isTopLevel: scope == nil)
        let defaults = try decl.params.map { p in try p.defaultValue.map { try expression($0) } }
        let inner = Scope.function(decl, parent: scope)
        var sub = Compiler(interpreter: interpreter, globals: globals)
        sub.scope = inner
        sub.loopDepth = 0
        code.body = FunctionBody(try sub.block(decl.body, tail: true))
        code.slotCount = inner.count
        return MakeClosure(code, defaults, isTopLevel: scope == nil)
    }
}

/// An evaluated index item, before it is turned into array indices.
enum IndexValue {
    case value(Value)
    case slice(Value?, Value?, Value?)
    /// `...`
    case ellipsis
}
