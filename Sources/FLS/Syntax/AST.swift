// The syntax tree. Every node carries its source span. It is walked several
// times: the Resolver gives names their slots, the Compiler turns it into
// closures, the scalar path (ScalarCompiler.swift) compiles the functions
// and top-level loops it can run unboxed, SyntaxWalk visits a scope's
// statements for all three, and NameUses finds what a notebook cell
// defines and reads. Expressions are final classes (shared, not copied,
// between those passes) holding indirect enums.

/// An expression node.
final class Expr {
    let kind: ExprKind
    let span: SourceSpan
    init(_ kind: ExprKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A piece of an f-string after parsing.
enum FPart {
    case text(String)
    /// `{e:spec}`; `debug` for Python's `{e=}`, which shows the value as a
    /// list shows it (strings quoted) when there is no spec.
    case expr(Expr, spec: String, debug: Bool)
}

/// A call argument, positional (`name == nil`) or keyword.
struct Argument {
    let name: String?
    let value: Expr
    let span: SourceSpan
}

/// One item between the brackets of an index expression.
enum IndexExpr {
    case single(Expr)
    case slice(Expr?, Expr?, Expr?)
    /// `...`: as many full slices as the axes the other items leave.
    case ellipsis(SourceSpan)
}

/// A function's parameter.
struct ParamDecl {
    let name: String
    let defaultValue: Expr?
    let span: SourceSpan
}

/// A function literal or declaration.
final class FunctionDecl {
    let name: String
    let params: [ParamDecl]
    let body: [Stmt]
    let span: SourceSpan
    init(name: String, params: [ParamDecl], body: [Stmt], span: SourceSpan) {
        self.name = name
        self.params = params
        self.body = body
        self.span = span
    }
}

indirect enum ExprKind {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case fstring([FPart])
    case name(String)
    case array([Expr])
    case record([(String, Expr)])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    case call(Expr, [Argument])
    case index(Expr, [IndexExpr])
    case field(Expr, String)
    case lambda(FunctionDecl)
    /// `if c { } else { }`; `else if` is an else-block holding one `if`.
    case ifElse(Expr, [Stmt], [Stmt]?)
    /// `a in b` (negated: `a not in b`).
    case membership(Expr, Expr, negated: Bool)
    /// `[element for targets in iterable if condition]`; the targets are
    /// local to it.
    case comprehension(Comprehension)
}

/// The parts of a list comprehension.
final class Comprehension {
    let element: Expr
    /// The loop variables (more than one unpacks each item).
    let targets: [(name: String, span: SourceSpan)]
    let iterable: Expr
    let condition: Expr?
    init(element: Expr, targets: [(name: String, span: SourceSpan)], iterable: Expr, condition: Expr?) {
        self.element = element
        self.targets = targets
        self.iterable = iterable
        self.condition = condition
    }
}

/// Something that can be assigned to.
indirect enum Target {
    case name(String, SourceSpan)
    case index(Expr, [IndexExpr], SourceSpan)
    case field(Expr, String, SourceSpan)

    var span: SourceSpan {
        switch self {
        case .name(_, let s), .index(_, _, let s), .field(_, _, let s): return s
        }
    }
}

/// A statement node.
struct Stmt {
    let kind: StmtKind
    let span: SourceSpan
}

enum StmtKind {
    case expression(Expr)
    case assign(Target, Expr)
    case unpack([Target], Expr)
    case augmented(Target, BinaryOperator, Expr)
    case function(FunctionDecl)
    case forLoop([Target], Expr, [Stmt])
    case whileLoop(Expr, [Stmt])
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
    /// `use name` (isPath false) or `use "file.fls"`.
    case use(String, isPath: Bool)
}
