// The one walker over a scope's code. The resolver (which names a function
// assigns), the scalar path's type inference (what each local is assigned)
// and its control-flow check (does a block break, continue or return) all
// ask their question of the same statements: those that run in one scope.

/// Calls `visit` for each statement of `stmts` and of the blocks that run in
/// the same scope: loop bodies and both branches of every `if`, whether the
/// `if` is a statement or a value anywhere inside an expression. Function
/// bodies, lambdas and a comprehension's element and condition have scopes
/// of their own and are not entered (a comprehension's iterable is).
func forEachStatementInScope(_ stmts: [Stmt], _ visit: (Stmt) throws -> Void) rethrows {
    for s in stmts {
        try visit(s)
        switch s.kind {
        case .expression(let e), .assign(_, let e), .unpack(_, let e), .augmented(_, _, let e), .returnValue(let e?):
            try forEachBlock(in: e) { try forEachStatementInScope($0, visit) }
        case .forLoop(_, let iterable, let body):
            try forEachBlock(in: iterable) { try forEachStatementInScope($0, visit) }
            try forEachStatementInScope(body, visit)
        case .whileLoop(let condition, let body):
            try forEachBlock(in: condition) { try forEachStatementInScope($0, visit) }
            try forEachStatementInScope(body, visit)
        case .function, .breakLoop, .continueLoop, .returnValue(nil), .use:
            break
        }
    }
}

/// Calls `visit` with the branches of each `if` inside `e` that runs in
/// e's scope (outermost first; nested blocks are the caller's to walk).
func forEachBlock(in e: Expr, _ visit: ([Stmt]) throws -> Void) rethrows {
    switch e.kind {
    case .null, .bool, .int, .float, .string, .name, .lambda:
        return
    case .fstring(let parts):
        for case .expr(let x, _, _) in parts { try forEachBlock(in: x, visit) }
    case .array(let items):
        for x in items { try forEachBlock(in: x, visit) }
    case .record(let fields):
        for (_, x) in fields { try forEachBlock(in: x, visit) }
    case .unary(_, let x), .field(let x, _):
        try forEachBlock(in: x, visit)
    case .binary(_, let l, let r), .membership(let l, let r, _):
        try forEachBlock(in: l, visit)
        try forEachBlock(in: r, visit)
    case .call(let callee, let args):
        try forEachBlock(in: callee, visit)
        for a in args { try forEachBlock(in: a.value, visit) }
    case .index(let base, let items):
        try forEachBlock(in: base, visit)
        for item in items {
            switch item {
            case .single(let x): try forEachBlock(in: x, visit)
            case .slice(let a, let b, let c):
                for x in [a, b, c] { if let x { try forEachBlock(in: x, visit) } }
            case .ellipsis: break
            }
        }
    case .ifElse(let condition, let thenBlock, let elseBlock):
        try forEachBlock(in: condition, visit)
        try visit(thenBlock)
        if let elseBlock { try visit(elseBlock) }
    case .comprehension(let c):
        try forEachBlock(in: c.iterable, visit)
    }
}
