// Which top-level names a unit of code defines, reads and changes in place:
// what `fls run --cell N` and `fls watch` use to know which notebook cells
// depend on which (CellGraph in FLSNotebook). One walk over the syntax tree.
//
// - `x = e`, `x, y = e`, `for x in ...`, `fn x(...)` define x.
// - `x[i] = e`, `x.f = e` and `x += e` read x and change it in place
//   (`mutates`); they do not start a new value.
// - A function body's free names (not its parameters or locals) count as
//   reads of the unit that defines the function: when they change, the
//   function is defined again, and so is every result computed with it.
// - `use module` binds names known only when the module loads (`usesModule`).

/// The names a unit of code defines, reads and changes in place.
public struct NameUses: Equatable, Sendable {
    /// Names assigned a new value at the top level.
    public var defines: Set<String> = []
    /// Names read (before or after being defined in the unit; a read of a name the unit defines first is not counted).
    public var reads: Set<String> = []
    /// Names changed in place: `x[i] = e`, `x.f = e`, `x += e`.
    public var mutates: Set<String> = []
    /// True when the unit has a `use` statement.
    public var usesModule = false

    public init() {}

    /// Parses `source` and collects its names; throws `ParseFailure` on a syntax error.
    public static func of(_ source: SourceFile) throws -> NameUses {
        let stmts = try Parser.parse(source)
        var walker = NameWalker()
        walker.block(stmts)
        return walker.uses
    }
}

/// The walk behind `NameUses`. `scopes` holds the locals of the functions
/// being walked (innermost last); empty at the top level.
struct NameWalker {
    var uses = NameUses()
    var scopes: [Set<String>] = []

    mutating func block(_ stmts: [Stmt]) {
        for s in stmts { statement(s) }
    }

    mutating func read(_ name: String) {
        if scopes.contains(where: { $0.contains(name) }) { return }
        // A name the unit defined before reading it is its own value, not another cell's.
        if scopes.isEmpty && uses.defines.contains(name) && !uses.reads.contains(name) { return }
        uses.reads.insert(name)
    }

    /// True when changing `name` in place changes a value of this unit's own:
    /// a function's local, or a top-level name the unit assigned before reading it.
    func ownsValue(_ name: String) -> Bool {
        if scopes.contains(where: { $0.contains(name) }) { return true }
        return scopes.isEmpty && uses.defines.contains(name) && !uses.reads.contains(name)
    }

    mutating func define(_ name: String) {
        if scopes.isEmpty {
            uses.defines.insert(name)
        } else {
            scopes[scopes.count - 1].insert(name)
        }
    }

    mutating func assign(_ target: Target) {
        switch target {
        case .name(let n, _): define(n)
        case .index(let base, let items, _):
            indexItems(items)
            changeInPlace(base)
        case .field(let base, _, _):
            changeInPlace(base)
        }
    }

    /// `base[...] = e` or `base.f = e`: reads the root name and changes it.
    mutating func changeInPlace(_ base: Expr) {
        var root = base
        while true {
            switch root.kind {
            case .index(let inner, let items):
                indexItems(items)
                root = inner
                continue
            case .field(let inner, _):
                root = inner
                continue
            default:
                break
            }
            break
        }
        if case .name(let n) = root.kind {
            if !ownsValue(n) {
                read(n)
                uses.mutates.insert(n)
            }
        } else {
            expression(root)
        }
    }

    mutating func statement(_ s: Stmt) {
        switch s.kind {
        case .expression(let e):
            expression(e)
        case .assign(let target, let value):
            expression(value)
            assign(target)
        case .unpack(let targets, let value):
            expression(value)
            for t in targets { assign(t) }
        case .augmented(let target, _, let value):
            expression(value)
            if case .name(let n, _) = target {
                if !ownsValue(n) {
                    read(n)
                    uses.mutates.insert(n)
                }
            } else {
                assign(target)
            }
        case .function(let decl):
            define(decl.name)
            function(decl)
        case .forLoop(let targets, let iterable, let body):
            expression(iterable)
            for t in targets { assign(t) }
            block(body)
        case .whileLoop(let condition, let body):
            expression(condition)
            block(body)
        case .breakLoop, .continueLoop:
            break
        case .returnValue(let e):
            if let e { expression(e) }
        case .use:
            uses.usesModule = true
        }
    }

    /// A function's free names are reads; its parameters and assigned names
    /// are its locals (the resolver's rule, `Resolver.locals(of:)`).
    mutating func function(_ decl: FunctionDecl) {
        let locals = Set(Resolver.locals(of: decl))
        for p in decl.params { if let d = p.defaultValue { expression(d) } }
        scopes.append(locals)
        block(decl.body)
        scopes.removeLast()
    }

    mutating func indexItems(_ items: [IndexExpr]) {
        for item in items {
            switch item {
            case .single(let e): expression(e)
            case .slice(let a, let b, let c):
                for part in [a, b, c] { if let part { expression(part) } }
            case .ellipsis:
                break
            }
        }
    }

    mutating func expression(_ e: Expr) {
        switch e.kind {
        case .null, .bool, .int, .float, .string:
            break
        case .fstring(let parts):
            for case .expr(let inner, _, _) in parts { expression(inner) }
        case .name(let n):
            read(n)
        case .array(let items):
            for item in items { expression(item) }
        case .record(let fields):
            for (_, value) in fields { expression(value) }
        case .unary(_, let a):
            expression(a)
        case .binary(_, let a, let b):
            expression(a)
            expression(b)
        case .call(let callee, let args):
            expression(callee)
            for a in args { expression(a.value) }
        case .index(let base, let items):
            expression(base)
            indexItems(items)
        case .field(let base, _):
            expression(base)
        case .lambda(let decl):
            function(decl)
        case .ifElse(let condition, let then, let otherwise):
            expression(condition)
            block(then)
            if let otherwise { block(otherwise) }
        case .membership(let a, let b, _):
            expression(a)
            expression(b)
        case .comprehension(let c):
            // The iterable is read in the enclosing scope; the loop
            // variables are local to the element and the condition.
            expression(c.iterable)
            scopes.append(Set(c.targets.map(\.name)))
            expression(c.element)
            if let condition = c.condition { expression(condition) }
            scopes.removeLast()
        }
    }
}
