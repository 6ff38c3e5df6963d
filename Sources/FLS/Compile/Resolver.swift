// The resolver: which names are a function's locals, and where each name
// the compiler meets lives (a slot of this frame, of an enclosing frame, or
// a global). Both compilers take a function's locals from here, so they
// agree on them by construction.
//
// Only functions (and comprehensions, for their loop variables) make scopes
// (LANGUAGE.md section 4): every name a function assigns anywhere in its
// body, including inside `if` blocks used as values, is a local; names it
// only reads come from the enclosing functions, then the globals.

/// A function's (or a comprehension's) compile-time scope: its locals and their slots.
final class Scope {
    let parent: Scope?
    var slots: [String: Int] = [:]
    var count = 0
    /// A list comprehension's scope (its loop variables), not a function's.
    let isComprehension: Bool

    init(parent: Scope?, isComprehension: Bool = false) {
        self.parent = parent
        self.isComprehension = isComprehension
    }

    func add(_ name: String) -> Int {
        if let s = slots[name] { return s }
        slots[name] = count
        count += 1
        return count - 1
    }

    /// Where `name` lives, seen from this scope (nil: the top level).
    static func resolve(_ name: String, from scope: Scope?, globals: Globals) -> Resolved {
        var depth = 0
        var s = scope
        while let current = s {
            if let slot = current.slots[name] {
                return depth == 0 ? .local(slot) : .outer(depth: depth, slot: slot)
            }
            depth += 1
            s = current.parent
        }
        return .global(globals.slot(name))
    }

    /// The variables of `scope` and the scopes around it (a misspelt
    /// name's candidates inside a function).
    static func names(around scope: Scope?) -> [String] {
        var names: [String] = []
        var s = scope
        while let current = s {
            names += current.slots.keys.sorted()
            s = current.parent
        }
        return names
    }

    /// The scope of a function: its parameters (slots 0...), then its other locals.
    static func function(_ decl: FunctionDecl, parent: Scope?) -> Scope {
        let scope = Scope(parent: parent)
        for n in Resolver.locals(of: decl) { _ = scope.add(n) }
        return scope
    }

    /// The scope of a comprehension: its loop variables (slots 0...), then
    /// names assigned in `if` blocks of its element and condition.
    static func comprehension(_ c: Comprehension, parent: Scope?) -> Scope {
        let scope = Scope(parent: parent, isComprehension: true)
        for t in c.targets { _ = scope.add(t.name) }
        var names: [String] = []
        for e in [c.element] + (c.condition.map { [$0] } ?? []) {
            forEachBlock(in: e) { Resolver.assignedNames($0, into: &names) }
        }
        for n in names { _ = scope.add(n) }
        return scope
    }
}

/// Where a name lives.
enum Resolved {
    case local(Int)
    case outer(depth: Int, slot: Int)
    case global(Int)
}

enum Resolver {
    /// A function's locals in slot order: its parameters, then every name
    /// its body assigns (not looking into nested functions).
    static func locals(of decl: FunctionDecl) -> [String] {
        var names = decl.params.map(\.name)
        assignedNames(decl.body, into: &names)
        return names
    }

    /// Adds the names `stmts` assign (in their scope) to `names`, each once, in order.
    static func assignedNames(_ stmts: [Stmt], into names: inout [String]) {
        func add(_ n: String) { if !names.contains(n) { names.append(n) } }
        func add(_ t: Target) { if case .name(let n, _) = t { add(n) } }
        forEachStatementInScope(stmts) { stmt in
            switch stmt.kind {
            case .assign(let t, _), .augmented(let t, _, _): add(t)
            case .unpack(let ts, _): ts.forEach(add)
            case .forLoop(let ts, _, _): ts.forEach(add)
            case .function(let decl): add(decl.name)
            default: break
            }
        }
    }
}
