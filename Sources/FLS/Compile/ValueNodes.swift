// The nodes of the generic path (see Compiler.swift): a tree of final
// classes over boxed values in frame slots, the counterpart of the typed
// path's ScalarNodes. A node's children are `let` properties, so running
// the tree counts no references for the nodes themselves (closures did:
// each one copied out of an optional or an array retained its context).
//
// Scalar arithmetic and comparisons have unboxed fast paths (`quickScalar`);
// everything else goes to the array kernels.

/// An expression: computes its value in a frame.
class ValueExpr {
    func value(_ f: Frame) throws -> Value { .null }
}

// MARK: leaves

final class Constant: ValueExpr {
    let v: Value
    init(_ v: Value) { self.v = v }
    override func value(_ f: Frame) throws -> Value { v }
}

final class LocalRead: ValueExpr {
    let slot: Int, name: String, span: SourceSpan
    /// Whether the name also names a variable outside the function (the error's hint).
    let outer: Bool
    /// The function's scope: a misspelt name's candidates (read only for the error).
    let scope: Scope?
    init(_ slot: Int, _ name: String, _ span: SourceSpan, outer: Bool, scope: Scope?) {
        self.slot = slot; self.name = name; self.span = span; self.outer = outer; self.scope = scope
    }
    override func value(_ f: Frame) throws -> Value {
        if let v = f.slots[slot] { return v }
        throw unassigned(name, span, outer: outer, candidates: Scope.names(around: scope))
    }
}

final class OuterRead: ValueExpr {
    let depth: Int, slot: Int, name: String, span: SourceSpan
    init(_ depth: Int, _ slot: Int, _ name: String, _ span: SourceSpan) {
        self.depth = depth; self.slot = slot; self.name = name; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        if let v = f.ancestor(depth).slots[slot] { return v }
        throw unassigned(name, span)
    }
}

/// A global, or when none is assigned, the primitive of that name (its
/// function value made once here: the session's table does not change).
final class GlobalRead: ValueExpr {
    let globals: Globals, slot: Int, interpreter: Interpreter, name: String, span: SourceSpan
    /// The functions' scopes around the read: their variables are what a
    /// misspelt name is compared with, besides the globals and primitives.
    let scope: Scope?
    var primitive: Value? = nil
    init(
        _ globals: Globals, _ slot: Int, _ interpreter: Interpreter, _ name: String, _ span: SourceSpan, scope: Scope?
    ) {
        self.globals = globals; self.slot = slot; self.interpreter = interpreter; self.name = name; self.span = span
        self.scope = scope
    }
    override func value(_ f: Frame) throws -> Value {
        if let v = globals.values[slot] { return v }
        if let primitive { return primitive }
        let v = try interpreter.builtin(name, span: span, globals: globals, locals: Scope.names(around: scope))
        primitive = v
        return v
    }
}

// MARK: literals

/// `f"..."`: its text and the formatted values of its fields.
final class FormatText: ValueExpr {
    enum Part {
        case text(String)
        /// A field, its format spec, and whether it is `{x=}` shown as `x=...`.
        case field(ValueExpr, spec: String, inline: Bool)
    }
    let parts: [Part], span: SourceSpan
    /// Each field's spec, read once here (nil: none, or one that does not
    /// read, whose error is raised when the field is formatted).
    let specs: [FormatSpec?]
    init(_ parts: [Part], _ span: SourceSpan) {
        self.parts = parts; self.span = span
        specs = parts.map { part in
            guard case .field(_, let spec, false) = part, !spec.isEmpty else { return nil }
            return try? FormatSpec(spec)
        }
    }
    override func value(_ f: Frame) throws -> Value {
        var pieces: [String] = []
        pieces.reserveCapacity(parts.count)
        for (k, part) in parts.enumerated() {
            switch part {
            case .text(let s): pieces.append(s)
            case .field(let code, let spec, let inline):
                let v = try code.value(f)
                pieces.append(
                    try withSpan(span) {
                        if inline { return try inlineText(v) }
                        if let parsed = specs[k] { return try formatValue(v, parsed, span: span) }
                        return try formatValue(v, spec: spec, span: span)
                    })
            }
        }
        return .string(try withSpan(span) { try concatenated(pieces) })
    }
}

/// `[a, b, c]`: numbers stack into an array, anything else makes a list.
final class ArrayLiteral: ValueExpr {
    let items: [ValueExpr], span: SourceSpan
    init(_ items: [ValueExpr], _ span: SourceSpan) { self.items = items; self.span = span }
    override func value(_ f: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for c in items { values.append(try c.value(f)) }
        return try withSpan(span) { try stackLiteral(values) }
    }
}

final class RecordLiteral: ValueExpr {
    let fields: [(String, ValueExpr)]
    init(_ fields: [(String, ValueExpr)]) { self.fields = fields }
    override func value(_ f: Frame) throws -> Value {
        var r = Record()
        for (k, c) in fields { r[k] = try c.value(f) }
        return .record(r)
    }
}

// MARK: operators

final class Negate: ValueExpr {
    let operand: ValueExpr, span: SourceSpan
    init(_ operand: ValueExpr, _ span: SourceSpan) { self.operand = operand; self.span = span }
    override func value(_ f: Frame) throws -> Value {
        let v = try operand.value(f)
        switch v {
        case .int(let n): return .int(0 &- n)
        case .float(let x): return .float(-x)
        default: return try withSpan(span) { try unaryOperation(.negate, v) }
        }
    }
}

final class UnaryPlus: ValueExpr {
    let operand: ValueExpr, span: SourceSpan
    init(_ operand: ValueExpr, _ span: SourceSpan) { self.operand = operand; self.span = span }
    override func value(_ f: Frame) throws -> Value {
        let v = try operand.value(f)
        return try withSpan(span) { try unaryOperation(.plus, v) }
    }
}

/// `not x`: element-wise on an array, else the negated truth value.
final class Not: ValueExpr {
    let operand: ValueExpr, span: SourceSpan, operandSpan: SourceSpan
    init(_ operand: ValueExpr, _ span: SourceSpan, _ operandSpan: SourceSpan) {
        self.operand = operand; self.span = span; self.operandSpan = operandSpan
    }
    override func value(_ f: Frame) throws -> Value {
        let v = try operand.value(f)
        if case .array(let a) = v, a.ndim > 0 { return try withSpan(span) { try unaryOperation(.not, v) } }
        return .bool(!(try truthy(v, operandSpan)))
    }
}

/// `a op b` whose scalar cases (`+ - *` and comparisons) are tried unboxed first.
final class QuickBinary: ValueExpr {
    let op: BinaryOperator, l: ValueExpr, r: ValueExpr, span: SourceSpan
    init(_ op: BinaryOperator, _ l: ValueExpr, _ r: ValueExpr, _ span: SourceSpan) {
        self.op = op; self.l = l; self.r = r; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        let a = try l.value(f), b = try r.value(f)
        return try quickScalar(op, a, b) ?? binary(op, a, b, span)
    }
}

/// `a op b` for the other operators.
final class Binary: ValueExpr {
    let op: BinaryOperator, l: ValueExpr, r: ValueExpr, span: SourceSpan
    init(_ op: BinaryOperator, _ l: ValueExpr, _ r: ValueExpr, _ span: SourceSpan) {
        self.op = op; self.l = l; self.r = r; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        let a = try l.value(f), b = try r.value(f)
        return try binary(op, a, b, span)
    }
}

/// `a + b`, `a - b`, `a * b` whose left operand is itself `x op y` or `-x`:
/// an array it gives is a temporary no variable holds, so the result is
/// written into it.
final class BinaryIntoLeft: ValueExpr {
    let op: BinaryOperator, l: ValueExpr, r: ValueExpr, span: SourceSpan
    init(_ op: BinaryOperator, _ l: ValueExpr, _ r: ValueExpr, _ span: SourceSpan) {
        self.op = op; self.l = l; self.r = r; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        var a = try l.value(f)
        let b = try r.value(f)
        if let v = quickScalar(op, a, b) { return v }
        if case .array = a, let v = try withSpan(span, { try arithmeticReusingLeft(op, &a, b) }) { return v }
        return try binary(op, a, b, span)
    }
}

/// `a and b`, `a or b`: short-circuit on a truth value, element-wise on arrays.
final class Logic: ValueExpr {
    let op: BinaryOperator, l: ValueExpr, r: ValueExpr, span: SourceSpan, leftSpan: SourceSpan
    init(_ op: BinaryOperator, _ l: ValueExpr, _ r: ValueExpr, _ span: SourceSpan, leftSpan: SourceSpan) {
        self.op = op; self.l = l; self.r = r; self.span = span; self.leftSpan = leftSpan
    }
    override func value(_ f: Frame) throws -> Value {
        let a = try l.value(f)
        if case .array(let arr) = a, arr.ndim > 0 {
            return try withSpan(span) { try binaryOperation(op, a, try r.value(f)) }
        }
        let t = try truthy(a, leftSpan)
        if op == .and ? !t : t { return a }
        let b = try r.value(f)
        if case .array(let arr) = b, arr.ndim > 0 { return try withSpan(span) { try binaryOperation(op, a, b) } }
        return b
    }
}

/// `x in xs`, `x not in xs`.
final class Membership: ValueExpr {
    let item: ValueExpr, container: ValueExpr, negated: Bool, span: SourceSpan
    init(_ item: ValueExpr, _ container: ValueExpr, negated: Bool, _ span: SourceSpan) {
        self.item = item; self.container = container; self.negated = negated; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        let a = try item.value(f)
        return .bool(try membership(a, try container.value(f), span) != negated)
    }
}

// MARK: indexing and fields

/// An index's items (`x[i, 1:3, ...]`), evaluated into what the kernels take.
final class IndexItems {
    enum Item {
        case single(ValueExpr)
        case slice(ValueExpr?, ValueExpr?, ValueExpr?)
        case ellipsis
    }
    let items: [Item]
    init(_ items: [Item]) { self.items = items }
    func values(_ f: Frame) throws -> [IndexValue] {
        var out: [IndexValue] = []
        out.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .single(let a): out.append(.value(try a.value(f)))
            case .slice(let a, let b, let c):
                out.append(.slice(try a?.value(f), try b?.value(f), try c?.value(f)))
            case .ellipsis: out.append(.ellipsis)
            }
        }
        return out
    }
}

/// `xs[i]`: a list's item at a non-negative int is read without making an index list.
final class ItemRead: ValueExpr {
    let base: ValueExpr, item: ValueExpr, span: SourceSpan
    init(_ base: ValueExpr, _ item: ValueExpr, _ span: SourceSpan) {
        self.base = base; self.item = item; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        let b = try base.value(f)
        let v = try item.value(f)
        if case .list(let xs) = b, case .int(let n) = v, n >= 0, n < xs.count { return xs[Int(n)] }
        if case .record(let r) = b, case .string(let key) = v, let x = r[key] { return x }
        return try getElement(b, [.value(v)], span)
    }
}

final class IndexRead: ValueExpr {
    let base: ValueExpr, index: IndexItems, span: SourceSpan
    init(_ base: ValueExpr, _ index: IndexItems, _ span: SourceSpan) {
        self.base = base; self.index = index; self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        let b = try base.value(f)
        return try getElement(b, try index.values(f), span)
    }
}

/// `base.name`. A failure names the FLS form of what a Python user meant
/// (`x.mean(axis=0)` is `mean(x, axis=0)`).
final class FieldRead: ValueExpr {
    let base: ValueExpr, name: String, span: SourceSpan
    /// The receiver's and the arguments' source text (nil: not a call), for the hint.
    let receiver: String, arguments: [String]?
    let table: PrimitiveTable
    init(
        _ base: ValueExpr, _ name: String, _ span: SourceSpan, receiver: String, arguments: [String]?,
        table: PrimitiveTable
    ) {
        self.base = base; self.name = name; self.span = span; self.receiver = receiver
        self.arguments = arguments; self.table = table
    }
    override func value(_ f: Frame) throws -> Value {
        let b = try base.value(f)
        do { return try getField(b, name, span) } catch var error as RuntimeError {
            if let hint = methodHint(b, name, receiver: receiver, arguments: arguments, table: table) {
                error.hint = hint
            }
            throw error
        }
    }
}

/// A global named like a Python module (`np`) read for a member: unassigned,
/// the error names the FLS form of the member (`np.hstack` is `concat`).
final class ModuleRead: ValueExpr {
    let plain: ValueExpr, globals: Globals, slot: Int, module: String, hint: String, span: SourceSpan
    init(_ plain: ValueExpr, _ globals: Globals, _ slot: Int, _ module: String, hint: String, _ span: SourceSpan) {
        self.plain = plain; self.globals = globals; self.slot = slot; self.module = module; self.hint = hint
        self.span = span
    }
    override func value(_ f: Frame) throws -> Value {
        if globals.values[slot] == nil {
            throw RuntimeError("name '\(module)' is not defined", hint: hint, span: span)
        }
        return try plain.value(f)
    }
}

// MARK: if-values and functions

/// A block used as a value: its statements, then the expression whose value
/// is the block's (null when the block does not end with an expression).
struct ValueBlock {
    let statements: Statement, last: ValueExpr
    /// False when the block is its expression alone (no window to open).
    let hasStatements: Bool

    /// Runs the statements, then gives the value. Inside an expression,
    /// break/continue/return are carried by a thrown signal and caught by
    /// the statement that runs it (`runSignalled`, `FunctionBody`).
    @inline(__always) func value(_ f: Frame) throws -> Value {
        if hasStatements {
            switch try f.run(statements) {
            case .normal: break
            case .breakLoop: throw ControlSignal.breakLoop
            case .continueLoop: throw ControlSignal.continueLoop
            case .returned: throw ControlSignal.returned(f.takeResult())
            }
        }
        return try last.value(f)
    }
}

/// `if c { a } else { b }` used as a value (a missing else is null).
final class IfValue: ValueExpr {
    let condition: ValueExpr, conditionSpan: SourceSpan, then: ValueBlock, otherwise: ValueBlock
    init(_ condition: ValueExpr, _ conditionSpan: SourceSpan, _ then: ValueBlock, _ otherwise: ValueBlock) {
        self.condition = condition; self.conditionSpan = conditionSpan; self.then = then; self.otherwise = otherwise
    }
    override func value(_ f: Frame) throws -> Value {
        if try truthy(try condition.value(f), conditionSpan) { return try then.value(f) }
        return try otherwise.value(f)
    }
}

/// A function declaration or lambda: makes the closure, its defaults
/// evaluated now, capturing the frame unless defined at the top level.
final class MakeClosure: ValueExpr {
    let code: FunctionCode, defaults: [ValueExpr?], isTopLevel: Bool
    init(_ code: FunctionCode, _ defaults: [ValueExpr?], isTopLevel: Bool) {
        self.code = code; self.defaults = defaults; self.isTopLevel = isTopLevel
    }
    override func value(_ f: Frame) throws -> Value {
        var values: [Value?] = []
        values.reserveCapacity(defaults.count)
        for d in defaults { values.append(try d?.value(f)) }
        let closure = Closure(code: code, captured: isTopLevel ? nil : f, defaults: values)
        return .function(Function(.closure(closure)))
    }
}

/// A function's body: a `break` or `continue` an if-value carried out of a
/// loop ends here, a `return` it carried is the function's result.
final class FunctionBody: Statement {
    let body: Statement
    init(_ body: Statement) { self.body = body }
    override func exec(_ r: Registers) throws -> Flow {
        do { return try body.exec(r) } catch let signal as ControlSignal {
            guard case .returned(let v) = signal else {
                throw RuntimeError("'break' or 'continue' inside an if-expression outside a loop")
            }
            withFrame(r) { $0.result = v }
            return .returned
        }
    }
}

// MARK: calls

/// `f(a, b, ...)` with positional arguments only. A user function's
/// arguments are evaluated straight into its new frame (or its scalar
/// compilation called with them, needing no frame); a primitive's are
/// passed as they are.
final class Call: ValueExpr {
    let callee: ValueExpr
    let arguments: [ValueExpr]
    /// The first two arguments (the commonest calls), read without the array.
    let a0: ValueExpr, a1: ValueExpr
    let count: Int
    let interpreter: Interpreter
    let span: SourceSpan, calleeSpan: SourceSpan
    /// The field's name when the callee is `x.name`, the variable's when it
    /// is a name (for the error of calling something else).
    let field: String?, variable: String?
    /// Arguments written `x[rows]`: a primitive whose parameter selects rows
    /// receives the array and the row numbers, not a copy.
    let rows: [(index: Int, base: ValueExpr, item: ValueExpr, span: SourceSpan)]

    init(
        _ callee: ValueExpr, _ arguments: [ValueExpr], interpreter: Interpreter, span: SourceSpan,
        calleeSpan: SourceSpan, field: String?, variable: String?,
        rows: [(index: Int, base: ValueExpr, item: ValueExpr, span: SourceSpan)]
    ) {
        self.callee = callee; self.arguments = arguments
        count = arguments.count
        let nothing = Constant(.null)
        a0 = count > 0 ? arguments[0] : nothing
        a1 = count > 1 ? arguments[1] : nothing
        self.interpreter = interpreter; self.span = span; self.calleeSpan = calleeSpan; self.field = field
        self.variable = variable; self.rows = rows
    }

    override func value(_ f: Frame) throws -> Value {
        let fv = try callee.value(f)
        guard case .function(let fn) = fv else {
            throw notAFunction(fv, field: field, variable: variable, table: interpreter.table, span: calleeSpan)
        }
        if let c = fn.closure, count <= c.code.paramCount {
            if count == c.code.paramCount, count <= 2, c.code.scalar.last != nil {
                // A scalar function (ScalarCompiler.swift) needs no frame.
                let x = count > 0 ? try a0.value(f) : .null
                let y = count > 1 ? try a1.value(f) : .null
                if let v = try interpreter.callScalar(c.code, x, y, count: count, span: span) { return v }
                var frame = c.code.frame(parent: c.captured)
                if count > 0 { frame.slots[0] = x }
                if count > 1 { frame.slots[1] = y }
                let v = try interpreter.invoke(c, frame: frame, given: count, span: span)
                c.code.recycle(&frame)
                return v
            }
            var frame = c.code.frame(parent: c.captured)
            switch count {
            case 0: break
            case 1: frame.slots[0] = try a0.value(f)
            case 2:
                frame.slots[0] = try a0.value(f)
                frame.slots[1] = try a1.value(f)
            default:
                for i in 0..<count { frame.slots[i] = try arguments[i].value(f) }
            }
            let v = try interpreter.invoke(c, frame: frame, given: count, span: span)
            c.code.recycle(&frame)
            return v
        }
        if fn.closure == nil, case .primitive(let p) = fn.body {
            switch p.direct {
            case .list where count != 1:
                // Its items as they are (one argument may be an array to
                // split into rows: the primitive does that). 300,000
                // `w = list(i, "a")`: 0.044 s through the primitive, 0.020 s.
                return .list(try values(f))
            case .len where count == 1:
                // A list's count; anything else goes to the primitive.
                let v = try a0.value(f)
                if case .list(let xs) = v { return .int(Int64(xs.count)) }
                return try interpreter.callPrimitive(p, [v], [], span: span)
            case .str where count == 1:
                // An int's digits, a string itself; anything else, the primitive.
                let v = try a0.value(f)
                if case .int(let n) = v { return .string(String(n)) }
                if case .string = v { return v }
                return try interpreter.callPrimitive(p, [v], [], span: span)
            default: break
            }
            if !rows.isEmpty, rows.contains(where: { $0.index < p.params.count && p.params[$0.index].selectsRows }) {
                return try selectingRows(p, fn, f)
            }
            return try interpreter.callPrimitive(p, try values(f), [], span: span)
        }
        return try interpreter.call(fn, try values(f), [], span: span)
    }

    @inline(__always) func values(_ f: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        switch count {
        case 0: break
        case 1: values.append(try a0.value(f))
        case 2:
            values.append(try a0.value(f))
            values.append(try a1.value(f))
        default: for a in arguments { values.append(try a.value(f)) }
        }
        return values
    }

    /// A primitive with a row-selecting parameter given `x[rows]`: the array
    /// and the rows (`RowSelection`), or the element read as usual when `x`
    /// is not an array or the index selects no rows.
    func selectingRows(_ p: Primitive, _ fn: Function, _ f: Frame) throws -> Value {
        var values: [Value] = []
        var selections: [Int: RowSelection] = [:]
        for i in 0..<count {
            if let spec = rows.first(where: { $0.index == i }), i < p.params.count, p.params[i].selectsRows {
                let b = try spec.base.value(f)
                let ix = try spec.item.value(f)
                if case .array(let arr) = b, let selection = try withSpan(spec.span, { try RowSelection.make(arr, ix) })
                {
                    selections[i] = selection
                    values.append(.null)
                } else {
                    values.append(try getElement(b, [.value(ix)], spec.span))
                }
            } else {
                values.append(try arguments[i].value(f))
            }
        }
        return try interpreter.call(fn, values, [], span: span, selections: selections)
    }
}

/// `f(a, name=b)`: a call with keyword arguments.
final class CallWithKeywords: ValueExpr {
    let callee: ValueExpr, arguments: [ValueExpr], keywords: [(String, ValueExpr)]
    let interpreter: Interpreter, span: SourceSpan, calleeSpan: SourceSpan, field: String?, variable: String?
    init(
        _ callee: ValueExpr, _ arguments: [ValueExpr], _ keywords: [(String, ValueExpr)], interpreter: Interpreter,
        span: SourceSpan, calleeSpan: SourceSpan, field: String?, variable: String?
    ) {
        self.callee = callee; self.arguments = arguments; self.keywords = keywords; self.interpreter = interpreter
        self.span = span; self.calleeSpan = calleeSpan; self.field = field; self.variable = variable
    }
    override func value(_ f: Frame) throws -> Value {
        let fv = try callee.value(f)
        guard case .function(let fn) = fv else {
            throw notAFunction(fv, field: field, variable: variable, table: interpreter.table, span: calleeSpan)
        }
        var values: [Value] = []
        for a in arguments { values.append(try a.value(f)) }
        var kw: [(String, Value)] = []
        for (n, c) in keywords { kw.append((n, try c.value(f))) }
        return try interpreter.call(fn, values, kw, span: span)
    }
}

/// `[element for x in xs if condition]`: the loop variables live in a frame
/// of its own, made each time the comprehension runs.
final class ComprehensionValue: ValueExpr {
    let iterable: ValueExpr, element: ValueExpr
    let condition: (code: ValueExpr, span: SourceSpan)?
    let slotCount: Int, targetCount: Int
    let span: SourceSpan, targetSpan: SourceSpan, iterableSpan: SourceSpan
    /// Where the typed path may run it (TypedEntry.swift), if anywhere.
    let site: ScalarLoopSite?
    let interpreter: Interpreter
    init(
        iterable: ValueExpr, element: ValueExpr, condition: (code: ValueExpr, span: SourceSpan)?, slotCount: Int,
        targetCount: Int, span: SourceSpan, targetSpan: SourceSpan, iterableSpan: SourceSpan, site: ScalarLoopSite?,
        interpreter: Interpreter
    ) {
        self.iterable = iterable; self.element = element; self.condition = condition; self.slotCount = slotCount
        self.targetCount = targetCount; self.span = span; self.targetSpan = targetSpan
        self.iterableSpan = iterableSpan; self.site = site; self.interpreter = interpreter
    }
    override func value(_ f: Frame) throws -> Value {
        let seq = try iterable.value(f)
        // The typed path walks a 1-d array (range(n) is one), held in an extra slot.
        let frame = Frame.make(count: slotCount + (site == nil ? 0 : 1), parent: f)
        if let site, case .array(let a) = seq, a.ndim == 1, a.dtype != .str {
            frame.slots[slotCount] = seq
            if let result = try interpreter.runComprehension(site, frame, count: a.shape[0], span) {
                return result
            }
        }
        var results: [Value] = []
        try forEachItem(seq, iterableSpan) { item in
            if targetCount == 1 {
                frame.slots[0] = item
            } else {
                let items = try unpackItems(item, count: targetCount, span: targetSpan)
                for i in 0..<targetCount { frame.slots[i] = items[i] }
            }
            try checkInterrupt(Interrupt.flagPointer, span)
            if let condition, !(try truthy(try condition.code.value(frame), condition.span)) { return true }
            results.append(try element.value(frame))
            return true
        }
        return try withSpan(span) { try comprehensionResult(results) }
    }
}

// MARK: statements

/// An expression as a statement; `keep`: it ends its function's (or
/// unit's) body, and its value is the result.
final class ExpressionStatement: FrameStatement {
    let expression: ValueExpr, keep: Bool
    init(_ expression: ValueExpr, keep: Bool) { self.expression = expression; self.keep = keep }
    override func run(_ f: Frame) throws -> Flow {
        let v = try expression.value(f)
        if keep { f.result = v }
        return .normal
    }
}

final class Return: FrameStatement {
    let result: ValueExpr
    init(_ result: ValueExpr) { self.result = result }
    override func run(_ f: Frame) throws -> Flow {
        f.result = try result.value(f)
        return .returned
    }
}

/// `use name`, `use "path"`.
final class Use: FrameStatement {
    let interpreter: Interpreter, globals: Globals, name: String, isPath: Bool, span: SourceSpan
    init(_ interpreter: Interpreter, _ globals: Globals, _ name: String, isPath: Bool, _ span: SourceSpan) {
        self.interpreter = interpreter; self.globals = globals; self.name = name; self.isPath = isPath
        self.span = span
    }
    override func run(_ f: Frame) throws -> Flow {
        try interpreter.use(name, isPath: isPath, into: globals, span: span)
        return .normal
    }
}

// MARK: assignment targets

/// What an assignment writes: a variable, an element (`x[i]`) or a field
/// (`r.name`). `modify` moves the value out of its place while `body`
/// changes it, so an array's buffer stays uniquely referenced and is not
/// copied.
class Assignable {
    func store(_ f: Frame, _ v: Value) throws {}
    func modify(_ f: Frame, _ body: (inout Value) throws -> Void) throws {}
}

/// A variable as a target: a local, an enclosing function's variable
/// (`depth` frames up) or a global. Its slot is found each time: adding a
/// global moves the globals' slots.
final class Variable: Assignable {
    enum Home {
        case local
        case outer(depth: Int)
        case global
    }
    let home: Home, slot: Int, globals: Globals, name: String, span: SourceSpan
    /// Whether a local's name also names a variable outside the function (the error's hint).
    let hidesOuter: Bool
    /// The function's scope: a misspelt name's candidates (read only for the error).
    let scope: Scope?
    init(
        _ home: Home, _ slot: Int, _ globals: Globals, _ name: String, _ span: SourceSpan, hidesOuter: Bool,
        scope: Scope?
    ) {
        self.home = home; self.slot = slot; self.globals = globals; self.name = name; self.span = span
        self.hidesOuter = hidesOuter; self.scope = scope
    }
    @inline(__always) func pointer(_ f: Frame) -> UnsafeMutablePointer<Value?> {
        switch home {
        case .local: return f.slots + slot
        case .outer(let depth): return f.ancestor(depth).slots + slot
        case .global: return globals.values.base + slot
        }
    }
    override func store(_ f: Frame, _ v: Value) throws { pointer(f).pointee = v }
    override func modify(_ f: Frame, _ body: (inout Value) throws -> Void) throws {
        // Moved out while it changes (so not shared) and moved back, found
        // again (the body may add globals, which moves them).
        guard var v = pointer(f).pointee.take() else {
            let candidates = Scope.names(around: scope) + globals.variables.map(\.name)
            throw unassigned(name, span, outer: hidesOuter, changing: true, candidates: candidates)
        }
        do { try body(&v) } catch {
            pointer(f).pointee = consume v
            throw error
        }
        pointer(f).pointee = consume v
    }
}

/// `x[i]`, `m[i, j]`, `x[mask]` as a target.
final class IndexTarget: Assignable {
    let base: Assignable, index: IndexItems, span: SourceSpan
    /// The item of a one-item index (`xs[i]`), when `isSingle` (not an
    /// optional: taking it out of one would count a reference at each store).
    let single: ValueExpr, isSingle: Bool
    init(_ base: Assignable, _ index: IndexItems, _ span: SourceSpan) {
        self.base = base; self.index = index; self.span = span
        if index.items.count == 1, case .single(let e) = index.items[0] {
            single = e
            isSingle = true
        } else {
            single = Constant(.null)
            isSingle = false
        }
    }
    override func store(_ f: Frame, _ v: Value) throws {
        guard isSingle else {
            let idx = try index.values(f)
            try base.modify(f) { container in try setElement(&container, idx, v, span) }
            return
        }
        let k = try single.value(f)
        try base.modify(f) { container in
            if try !changeItem(&container, k, creating: true, span, { $0 = v }) {
                try setElement(&container, [.value(k)], v, span)
            }
        }
    }
    override func modify(_ f: Frame, _ body: (inout Value) throws -> Void) throws {
        guard isSingle else {
            let idx = try index.values(f)
            try base.modify(f) { container in try modifyElement(&container, idx, span, body) }
            return
        }
        let k = try single.value(f)
        try base.modify(f) { container in
            if try !changeItem(&container, k, creating: false, span, body) {
                try modifyElement(&container, [.value(k)], span, body)
            }
        }
    }
}

/// `xs[i]` of a list at a non-negative int in range, or `r[k]` of a record,
/// changed by `body` where it is, without making an index list (as
/// `ItemRead` reads it). False, and nothing done: any other container or
/// index (the generic setter's work, or its error).
@inline(__always)
func changeItem(
    _ container: inout Value, _ k: Value, creating: Bool, _ span: SourceSpan, _ body: (inout Value) throws -> Void
) throws -> Bool {
    if case .int(let n) = k, n >= 0, n < listCount(container) {
        let taken = take(&container)
        guard case .list(var items) = consume taken else { return true }
        defer { container = .list(items) }
        try body(&items[Int(n)])
        return true
    }
    if case .string(let key) = k, case .record = container {
        let taken = take(&container)
        guard case .record(var r) = consume taken else { return true }
        defer { container = .record(r) }
        if try !r.modify(key, creating: creating, body) { _ = try recordField(r, key, span, changing: !creating) }
        return true
    }
    return false
}

/// The function `v` holds when it is the primitive `name`, else nil: what a
/// fast path that stands for a primitive's call checks first (the name may
/// be rebound to anything).
@inline(__always)
func primitive(_ v: Value, _ name: String) -> Function? {
    guard case .function(let fn) = v, case .primitive(let p) = fn.body, p.name == name else { return nil }
    return fn
}

/// The number of items when `v` is a list, else -1 (no binding of the list
/// outlives the call, so a list taken out after it is not shared).
@inline(__always)
func listCount(_ v: Value) -> Int {
    if case .list(let xs) = v { return xs.count }
    return -1
}

/// `r.name` as a target: only records have settable fields.
final class FieldTarget: Assignable {
    let base: Assignable, name: String, span: SourceSpan
    init(_ base: Assignable, _ name: String, _ span: SourceSpan) {
        self.base = base; self.name = name; self.span = span
    }
    override func store(_ f: Frame, _ v: Value) throws { try change(f, creating: true) { current in current = v } }
    override func modify(_ f: Frame, _ body: (inout Value) throws -> Void) throws {
        try change(f, creating: false, body)
    }
    /// A store adds a missing field; a change of one (`r.n += 1`, or a
    /// path through it, `r.a.b = 1`) is the read's error.
    func change(_ f: Frame, creating: Bool, _ body: (inout Value) throws -> Void) throws {
        try base.modify(f) { container in
            guard case .record = container else {
                throw RuntimeError(
                    "cannot set field '\(name)' of \(container.kindName)", span: span,
                    hint: "only records have settable fields")
            }
            let taken = take(&container)
            guard case .record(var r) = consume taken else { return }
            defer { container = .record(r) }
            if try !r.modify(name, creating: creating, body) { _ = try recordField(r, name, span, changing: !creating) }
        }
    }
}

final class AssignLocal: FrameStatement {
    let slot: Int, value: ValueExpr
    init(_ slot: Int, _ value: ValueExpr) { self.slot = slot; self.value = value }
    override func run(_ f: Frame) throws -> Flow {
        f.slots[slot] = try value.value(f)
        return .normal
    }
}

final class AssignOuter: FrameStatement {
    let depth: Int, slot: Int, value: ValueExpr
    init(_ depth: Int, _ slot: Int, _ value: ValueExpr) { self.depth = depth; self.slot = slot; self.value = value }
    override func run(_ f: Frame) throws -> Flow {
        f.ancestor(depth).slots[slot] = try value.value(f)
        return .normal
    }
}

final class AssignGlobal: FrameStatement {
    let globals: Globals, slot: Int, value: ValueExpr
    init(_ globals: Globals, _ slot: Int, _ value: ValueExpr) {
        self.globals = globals; self.slot = slot; self.value = value
    }
    override func run(_ f: Frame) throws -> Flow {
        // Evaluated first: evaluating may add global slots, which moves them.
        let v = try value.value(f)
        globals.values[slot] = v
        return .normal
    }
}

/// `x[i] = v`, `r.name = v`.
final class AssignTarget: FrameStatement {
    let target: Assignable, value: ValueExpr
    init(_ target: Assignable, _ value: ValueExpr) { self.target = target; self.value = value }
    override func run(_ f: Frame) throws -> Flow {
        try target.store(f, try value.value(f))
        return .normal
    }
}

/// `a, b = v`.
final class Unpack: FrameStatement {
    let value: ValueExpr, targets: [Assignable], span: SourceSpan
    init(_ value: ValueExpr, _ targets: [Assignable], _ span: SourceSpan) {
        self.value = value; self.targets = targets; self.span = span
    }
    override func run(_ f: Frame) throws -> Flow {
        let items = try unpackItems(try value.value(f), count: targets.count, span: span)
        for (target, item) in zip(targets, items) { try target.store(f, item) }
        return .normal
    }
}

/// `target op= v` for any target.
final class Augmented: FrameStatement {
    let op: BinaryOperator, value: ValueExpr, target: Assignable, span: SourceSpan
    init(_ op: BinaryOperator, _ value: ValueExpr, _ target: Assignable, _ span: SourceSpan) {
        self.op = op; self.value = value; self.target = target; self.span = span
    }
    override func run(_ f: Frame) throws -> Flow {
        let rhs = try value.value(f)
        try target.modify(f) { current in try update(&current, op, rhs, span) }
        return .normal
    }
}

/// `current op= rhs` for a value moved out of its place (so not shared): a
/// float array's `+ - *` with a result of its dtype and shape is computed in
/// its buffer (`arithmeticInPlace`), instead of into a new array. Ctrl-C is
/// noticed after the step, with the variable holding its new value.
@inline(__always)
func update(_ current: inout Value, _ op: BinaryOperator, _ rhs: Value, _ span: SourceSpan) throws {
    if let v = quickScalar(op, current, rhs) {
        current = v
    } else if case .array = current, try withSpan(span, { try arithmeticInPlace(op, &current, rhs) }) {
        try Interrupt.checkAt(span)
    } else {
        current = try binary(op, current, rhs, span)
    }
}

/// `x += e`, `x -= e`, `x *= e` for a local or a global: numbers are
/// updated where they are, and so is a string with a string added
/// (`growText`); everything else (and an unassigned name's error) goes
/// through `modify` (`update`).
final class AugmentedName: FrameStatement {
    let op: BinaryOperator, variable: Variable, value: ValueExpr, span: SourceSpan
    init(_ op: BinaryOperator, _ variable: Variable, _ value: ValueExpr, _ span: SourceSpan) {
        self.op = op; self.variable = variable; self.value = value; self.span = span
    }
    override func run(_ f: Frame) throws -> Flow {
        let rhs = try value.value(f)
        // Looked up after the value: evaluating it may add globals, which moves them.
        let p = variable.pointer(f)
        if let current = p.pointee, let v = quickScalar(op, current, rhs) {
            p.pointee = v
            return .normal
        }
        if op == .add, try growText(p, rhs, span) { return .normal }
        try variable.modify(f) { current in try update(&current, op, rhs, span) }
        return .normal
    }
}

/// `xs = append(xs, e)` grows the list where it is (moved out of its
/// variable meanwhile, so it is not copied): a loop of appends is linear,
/// not quadratic. When `append` is not the primitive or `xs` not a list,
/// `otherwise` runs (the ordinary call and its errors).
final class AppendInPlace: FrameStatement {
    let callee: ValueExpr, item: ValueExpr, variable: Variable, otherwise: FrameStatement
    let interpreter: Interpreter, span: SourceSpan
    init(
        _ callee: ValueExpr, _ item: ValueExpr, _ variable: Variable, otherwise: FrameStatement,
        _ interpreter: Interpreter, _ span: SourceSpan
    ) {
        self.callee = callee; self.item = item; self.variable = variable; self.otherwise = otherwise
        self.interpreter = interpreter; self.span = span
    }
    override func run(_ f: Frame) throws -> Flow {
        guard let fn = primitive(try callee.value(f), "append"), case .list? = variable.pointer(f).pointee
        else { return try otherwise.run(f) }
        let v = try item.value(f)
        let slot = variable.pointer(f)
        guard case .list = slot.pointee else {
            // Cannot happen (nothing evaluated since assigns xs); the ordinary call's result.
            slot.pointee = try interpreter.call(fn, [slot.pointee ?? .null, v], [], span: span)
            return .normal
        }
        growList(slot, v)
        return .normal
    }
}

/// `g[k] = append(g[k], e)`, `r.items = append(r.items, e)`: the list grows
/// where it is in its container (moved out of it meanwhile, so it is not
/// copied), as `AppendInPlace` does for a variable: a loop that groups items
/// is linear, not quadratic. `place` (`g[k]`) is read first, as the call
/// would read it; when `append` is not the primitive or `place` holds no
/// list, `otherwise` runs (the ordinary assignment and its errors).
final class AppendToElement: FrameStatement {
    let callee: ValueExpr, place: ValueExpr, item: ValueExpr, target: Assignable, otherwise: FrameStatement
    let interpreter: Interpreter, span: SourceSpan
    init(
        _ callee: ValueExpr, _ place: ValueExpr, _ item: ValueExpr, _ target: Assignable, otherwise: FrameStatement,
        _ interpreter: Interpreter, _ span: SourceSpan
    ) {
        self.callee = callee; self.place = place; self.item = item; self.target = target
        self.otherwise = otherwise; self.interpreter = interpreter; self.span = span
    }
    override func run(_ f: Frame) throws -> Flow {
        guard let fn = primitive(try callee.value(f), "append"), try holdsList(f) else { return try otherwise.run(f) }
        let v = try item.value(f)
        try target.modify(f) { current in
            guard case .list = current else {
                // Cannot happen (evaluating the item assigns nothing); the ordinary call's result.
                current = try interpreter.call(fn, [current, v], [], span: span)
                return
            }
            let taken = take(&current)
            guard case .list(var xs) = consume taken else { return }
            xs.append(v)
            current = .list(xs)
        }
        return .normal
    }
    /// Whether `place` holds a list (the value read is dropped before the list changes).
    func holdsList(_ f: Frame) throws -> Bool {
        if case .list = try place.value(f) { return true }
        return false
    }
}

/// `s = s + a + b` for a variable holding a string: the text grows where it
/// is (taken out of its variable, so not shared) instead of being copied by
/// each `+`: a loop building text is linear, not quadratic. The parts are
/// evaluated in order as `+` would; from the first part that is not a
/// string on, the ordinary `+` and its errors. When the variable does not
/// hold a string, `whole` (the value) is assigned.
final class ConcatInPlace: FrameStatement {
    let variable: Variable, parts: [ValueExpr], spans: [SourceSpan], whole: ValueExpr
    /// `s = s + a`: the one part, read without the array.
    let part: ValueExpr, partSpan: SourceSpan
    init(_ variable: Variable, _ parts: [ValueExpr], _ spans: [SourceSpan], whole: ValueExpr) {
        self.variable = variable; self.parts = parts; self.spans = spans; self.whole = whole
        part = parts[0]
        partSpan = spans[0]
    }
    override func run(_ f: Frame) throws -> Flow {
        guard case .string(let text)? = variable.pointer(f).pointee else {
            // The value, evaluated before the slots are looked up (evaluating may add globals, which moves them).
            let v = try whole.value(f)
            variable.pointer(f).pointee = v
            return .normal
        }
        if parts.count == 1 {
            let v = try part.value(f)
            guard case .string(let piece) = v else {
                variable.pointer(f).pointee = try binary(.add, .string(text), v, partSpan)
                return .normal
            }
            try withSpan(partSpan) {
                try Limits.checkString(bytes: Limits.stringSum(text.utf8.count, piece.utf8.count))
            }
            grow(variable.pointer(f), text, CollectionOfOne(piece))
            return .normal
        }
        var more: [String] = []
        var total = text.utf8.count
        for k in parts.indices {
            let v = try parts[k].value(f)
            guard case .string(let piece) = v else {
                // The sum so far, then the ordinary `+` for the rest.
                var sum = Value.string(more.isEmpty ? text : try concatenated([text] + more))
                sum = try binary(.add, sum, v, spans[k])
                for j in parts.indices.dropFirst(k + 1) { sum = try binary(.add, sum, try parts[j].value(f), spans[j]) }
                variable.pointer(f).pointee = sum
                return .normal
            }
            try withSpan(spans[k]) {
                total = try Limits.stringSum(total, piece.utf8.count)
                try Limits.checkString(bytes: total)
            }
            more.append(piece)
        }
        grow(variable.pointer(f), text, more)
        return .normal
    }
}

// MARK: loops

/// `for targets in iterable { ... }`. `for i in range(...)` counts with
/// unboxed integers instead of making an array; a walk over 1-d arrays
/// (`for v in x`, `enumerate(x)`, `zip(x, y)`) makes its items one at a
/// time. At a loop site either tries the typed path first, as `while` does.
final class ForLoop: Statement {
    /// Where each item goes: a local's or a global's slot, or any target(s).
    enum Variable {
        case local(Int)
        case global(Int)
        case target(Assignable)
        case unpacked([Assignable])
    }
    /// A walk over 1-d arrays: the callee (`enumerate`, `zip`; nil: the
    /// array itself) and the arrays' expressions.
    struct Walk {
        let callee: ValueExpr?, primitive: String?, arrays: [ValueExpr], numbered: Bool
    }
    let variable: Variable, iterable: ValueExpr, body: Statement
    /// `range`'s callee and arguments when the iterable is written `range(...)`.
    let range: (callee: ValueExpr, arguments: [ValueExpr])?
    let walk: Walk?
    let site: ScalarLoopSite?, interpreter: Interpreter, globals: Globals
    let span: SourceSpan, iterableSpan: SourceSpan

    init(
        _ variable: Variable, _ iterable: ValueExpr, _ body: Statement,
        range: (callee: ValueExpr, arguments: [ValueExpr])?, walk: Walk?, site: ScalarLoopSite?,
        _ interpreter: Interpreter, _ globals: Globals, span: SourceSpan, iterableSpan: SourceSpan
    ) {
        self.variable = variable; self.iterable = iterable; self.body = body; self.range = range; self.walk = walk
        self.site = site; self.interpreter = interpreter; self.globals = globals; self.span = span
        self.iterableSpan = iterableSpan
    }

    /// Stores the item and runs the body; nil: go on to the next item.
    @inline(__always) func runBody(_ r: Registers, _ item: Value, _ interrupt: UnsafeMutablePointer<Int32>) throws
        -> Flow?
    {
        try withFrame(r) { f in
            switch variable {
            case .local(let slot): f.slots[slot] = item
            case .global(let slot): globals.values[slot] = item
            case .target(let target): try target.store(f, item)
            case .unpacked(let targets):
                let items = try unpackItems(item, count: targets.count, span: span)
                for (target, it) in zip(targets, items) { try target.store(f, it) }
            }
        }
        try checkInterrupt(interrupt, span)
        return try runSignalled(body, r).endsLoop
    }

    override func exec(_ r: Registers) throws -> Flow {
        let interrupt = Interrupt.flagPointer
        if let range, let bounds = try withFrame(r, { try rangeBounds(range, $0) }) {
            let steps = try RangeSteps(bounds.start, bounds.stop, bounds.step, span: iterableSpan)
            return try count(r, steps, stop: bounds.stop, step: bounds.step, interrupt) { .int($0) }
        }
        if let walk, let arrays = try withFrame(r, { try walkedArrays(walk, $0) }) {
            // The items are made one at a time (as the primitive would make
            // them all), and the typed path is tried as for a range.
            let n = Int64(arrays.map { $0.shape[0] }.min() ?? 0)
            let steps = try RangeSteps(0, n, 1, span: iterableSpan)
            return try count(r, steps, stop: n, step: 1, interrupt) { k in
                var items = try arrays.map { try $0.subscriptGet([.int(Int(k))]) }
                if walk.numbered { items.insert(.int(k), at: 0) }
                return walk.callee == nil ? items[0] : .list(items)
            }
        }
        let items = try withFrame(r) { try iterable.value($0) }
        var done: Flow? = nil
        try forEachItem(items, iterableSpan) { item in
            done = try runBody(r, item, interrupt)
            return done == nil
        }
        return done ?? .normal
    }

    /// Runs the body for each count of `steps`, with the item `item` makes
    /// of it; at a loop site the typed path is tried first, and again
    /// after some steps (`TypedAttempts`), from where the count got to.
    @inline(__always) func count(
        _ r: Registers, _ steps: RangeSteps, stop: Int64, step: Int64, _ interrupt: UnsafeMutablePointer<Int32>,
        _ item: (Int64) throws -> Value
    ) throws -> Flow {
        var steps = steps
        var attempts = TypedAttempts(site != nil)
        while let i = steps.next() {
            if let entry = attempts.next(), let site {
                let typed = try withFrame(r) { f in
                    try interpreter.runScalarLoop(site, f, bounds: (i, stop, step), entry: entry)
                }
                if let flow = typed { return flow }
            }
            if let done = try runBody(r, try item(i), interrupt) { return done }
        }
        return .normal
    }

    /// `range(...)`'s start, stop and step, when `range` is the primitive and
    /// its arguments are integers; nil: the iterable is evaluated as usual.
    func rangeBounds(_ range: (callee: ValueExpr, arguments: [ValueExpr]), _ f: Frame) throws
        -> (start: Int64, stop: Int64, step: Int64)?
    {
        guard primitive(try range.callee.value(f), "range") != nil else { return nil }
        var ints: [Int64] = []
        for a in range.arguments {
            let v = try a.value(f)
            if case .int(let n) = v {
                ints.append(n)
            } else if let n = v.asInt() {
                ints.append(Int64(n))
            } else {
                return nil
            }
        }
        return ints.count == 1 ? (0, ints[0], 1) : (ints[0], ints[1], ints.count == 3 ? ints[2] : 1)
    }

    /// The 1-d numeric arrays a walk goes over, when its names hold them (and
    /// `enumerate`/`zip` is the primitive); nil: take the generic way.
    func walkedArrays(_ walk: Walk, _ f: Frame) throws -> [NDArray]? {
        if let callee = walk.callee {
            guard let name = walk.primitive, primitive(try callee.value(f), name) != nil else { return nil }
        }
        var arrays: [NDArray] = []
        for code in walk.arrays {
            guard case .array(let a) = try code.value(f), a.ndim == 1, a.dtype != .str else { return nil }
            arrays.append(a)
        }
        return arrays
    }
}
