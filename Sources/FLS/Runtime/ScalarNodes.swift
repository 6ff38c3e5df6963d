// The nodes of scalar functions (see ScalarCompiler.swift): a small tree of
// final classes that work on unboxed 64-bit registers. Ints are stored as
// they are, floats as their bit patterns, bools as 0 or 1; which is which
// is known when the tree is built, so no node ever checks a type. A call
// places the callee's registers right after the caller's in one register
// file, so calling allocates nothing and counts no references.
//
// Every node computes exactly what the generic interpreter computes for
// the same operands (wrapping integer arithmetic, Python's floor division,
// the same error messages with the same spans).

typealias Registers = UnsafeMutablePointer<Int64>

/// The unboxed types a scalar function works with.
enum ScalarType: UInt8 {
    case int = 1, float = 2, bool = 3

    /// The boxed value of a register holding this type.
    @inline(__always) func box(_ bits: Int64) -> Value {
        switch self {
        case .int: return .int(bits)
        case .float: return .float(floatValue(bits))
        case .bool: return .bool(bits != 0)
        }
    }
}

@inline(__always) func floatBits(_ x: Double) -> Int64 { Int64(bitPattern: x.bitPattern) }
@inline(__always) func floatValue(_ bits: Int64) -> Double { Double(bitPattern: UInt64(bitPattern: bits)) }

/// How a statement finished.
enum ScalarFlow {
    case normal, breakLoop, continueLoop, returned
}

/// An expression: returns its value's bits.
class ScalarExpr {
    func eval(_ r: Registers) throws -> Int64 { 0 }
}

/// A statement: returns how it finished. Expression statements leave their
/// value in the function's result register.
class ScalarStmt {
    func exec(_ r: Registers) throws -> ScalarFlow { .normal }
    /// The empty block.
    static let nothing = ScalarStmt()
}

// MARK: leaves

final class ScalarConst: ScalarExpr {
    let value: Int64
    init(_ value: Int64) { self.value = value }
    override func eval(_ r: Registers) throws -> Int64 { value }
}

final class ScalarLocal: ScalarExpr {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func eval(_ r: Registers) throws -> Int64 { r[slot] }
}

// MARK: integers

final class IntAdd: ScalarExpr {
    let l: ScalarExpr, rhs: ScalarExpr
    init(_ l: ScalarExpr, _ rhs: ScalarExpr) { self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 { try l.eval(r) &+ rhs.eval(r) }
}

final class IntAddConst: ScalarExpr {
    let l: ScalarExpr, k: Int64
    init(_ l: ScalarExpr, _ k: Int64) { self.l = l; self.k = k }
    override func eval(_ r: Registers) throws -> Int64 { try l.eval(r) &+ k }
}

final class IntSubtract: ScalarExpr {
    let l: ScalarExpr, rhs: ScalarExpr
    init(_ l: ScalarExpr, _ rhs: ScalarExpr) { self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 { try l.eval(r) &- rhs.eval(r) }
}

final class IntMultiply: ScalarExpr {
    let l: ScalarExpr, rhs: ScalarExpr
    init(_ l: ScalarExpr, _ rhs: ScalarExpr) { self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 { try l.eval(r) &* rhs.eval(r) }
}

final class IntNegate: ScalarExpr {
    let operand: ScalarExpr
    init(_ operand: ScalarExpr) { self.operand = operand }
    override func eval(_ r: Registers) throws -> Int64 { try 0 &- operand.eval(r) }
}

/// `//` and `%`: a zero divisor raises the generic interpreter's error.
final class IntDivide: ScalarExpr {
    let l: ScalarExpr, rhs: ScalarExpr, isModulo: Bool, span: SourceSpan
    init(_ l: ScalarExpr, _ rhs: ScalarExpr, isModulo: Bool, span: SourceSpan) {
        self.l = l; self.rhs = rhs; self.isModulo = isModulo; self.span = span
    }
    override func eval(_ r: Registers) throws -> Int64 {
        let a = try l.eval(r), b = try rhs.eval(r)
        if b == 0 {
            let result = try binary(isModulo ? .modulo : .floorDivide, .int(a), .int(b), span)
            if case .int(let n) = result { return n }
            throw RuntimeError("internal: integer division by zero gave \(result.kindName)", span: span)
        }
        return isModulo ? Int64.mod(a, b) : Int64.floorDiv(a, b)
    }
}

/// `//` and `%` by a literal divisor k > 0: no zero check, one division
/// (or a shift and a mask when k is a power of two).
final class IntDivideConst: ScalarExpr {
    let l: ScalarExpr, k: Int64, isModulo: Bool, shift: Int64
    init(_ l: ScalarExpr, _ k: Int64, isModulo: Bool) {
        self.l = l; self.k = k; self.isModulo = isModulo
        shift = k.nonzeroBitCount == 1 ? Int64(k.trailingZeroBitCount) : -1
    }
    override func eval(_ r: Registers) throws -> Int64 {
        let a = try l.eval(r)
        if shift >= 0 { return isModulo ? a & (k &- 1) : a >> shift }
        let q = a / k, m = a &- q &* k
        if m < 0 { return isModulo ? m &+ k : q &- 1 }
        return isModulo ? m : q
    }
}

/// `x ** k` for a literal exponent k >= 0.
final class IntPower: ScalarExpr {
    let l: ScalarExpr, k: Int64
    init(_ l: ScalarExpr, _ k: Int64) { self.l = l; self.k = k }
    override func eval(_ r: Registers) throws -> Int64 { Int64.power(try l.eval(r), k) }
}

/// Comparisons of ints (and `==`/`!=` of bools, stored as 0/1).
final class IntCompare: ScalarExpr {
    let op: BinaryOperator, l: ScalarExpr, rhs: ScalarExpr
    init(_ op: BinaryOperator, _ l: ScalarExpr, _ rhs: ScalarExpr) { self.op = op; self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 {
        compare(op, try l.eval(r), try rhs.eval(r)) ? 1 : 0
    }
}

/// `x < k` against a literal: the commonest test in a recursive function.
final class IntLessConst: ScalarExpr {
    let l: ScalarExpr, k: Int64
    init(_ l: ScalarExpr, _ k: Int64) { self.l = l; self.k = k }
    override func eval(_ r: Registers) throws -> Int64 { try l.eval(r) < k ? 1 : 0 }
}

/// A comparison operator applied to two numbers of one type.
@inline(__always)
func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
    switch op {
    case .less: return a < b
    case .lessEqual: return a <= b
    case .greater: return a > b
    case .greaterEqual: return a >= b
    case .equal: return a == b
    default: return a != b
    }
}

// MARK: floats

final class IntToFloat: ScalarExpr {
    let operand: ScalarExpr
    init(_ operand: ScalarExpr) { self.operand = operand }
    override func eval(_ r: Registers) throws -> Int64 { floatBits(Double(try operand.eval(r))) }
}

final class FloatArithmetic: ScalarExpr {
    let op: BinaryOperator, l: ScalarExpr, rhs: ScalarExpr
    init(_ op: BinaryOperator, _ l: ScalarExpr, _ rhs: ScalarExpr) { self.op = op; self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 {
        let a = floatValue(try l.eval(r)), b = floatValue(try rhs.eval(r))
        switch op {
        case .add: return floatBits(a + b)
        case .subtract: return floatBits(a - b)
        case .multiply: return floatBits(a * b)
        case .divide: return floatBits(a / b)
        case .floorDivide: return floatBits(Double.floorDiv(a, b))
        case .modulo: return floatBits(Double.mod(a, b))
        default: return floatBits(Double.powF(a, b))
        }
    }
}

final class FloatNegate: ScalarExpr {
    let operand: ScalarExpr
    init(_ operand: ScalarExpr) { self.operand = operand }
    override func eval(_ r: Registers) throws -> Int64 { floatBits(-floatValue(try operand.eval(r))) }
}

final class FloatCompare: ScalarExpr {
    let op: BinaryOperator, l: ScalarExpr, rhs: ScalarExpr
    init(_ op: BinaryOperator, _ l: ScalarExpr, _ rhs: ScalarExpr) { self.op = op; self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 {
        compare(op, floatValue(try l.eval(r)), floatValue(try rhs.eval(r))) ? 1 : 0
    }
}

// MARK: bools

final class BoolNot: ScalarExpr {
    let operand: ScalarExpr
    init(_ operand: ScalarExpr) { self.operand = operand }
    override func eval(_ r: Registers) throws -> Int64 { try operand.eval(r) == 0 ? 1 : 0 }
}

/// `and`/`or` of bools, short-circuiting like the generic interpreter.
final class BoolLogic: ScalarExpr {
    let isAnd: Bool, l: ScalarExpr, rhs: ScalarExpr
    init(isAnd: Bool, _ l: ScalarExpr, _ rhs: ScalarExpr) { self.isAnd = isAnd; self.l = l; self.rhs = rhs }
    override func eval(_ r: Registers) throws -> Int64 {
        let a = try l.eval(r)
        if isAnd ? a == 0 : a != 0 { return a }
        return try rhs.eval(r)
    }
}

/// `if c { a } else { b }` used as a value (its blocks hold no break,
/// continue or return).
final class ScalarIfValue: ScalarExpr {
    let condition: ScalarExpr, then: ScalarStmt, otherwise: ScalarStmt, result: Int
    init(_ condition: ScalarExpr, _ then: ScalarStmt, _ otherwise: ScalarStmt, result: Int) {
        self.condition = condition; self.then = then; self.otherwise = otherwise; self.result = result
    }
    override func eval(_ r: Registers) throws -> Int64 {
        if try condition.eval(r) != 0 {
            _ = try then.exec(r)
        } else {
            _ = try otherwise.exec(r)
        }
        return r[result]
    }
}

// MARK: calls

/// Calls to other scalar functions. Arguments are evaluated first (they
/// may call too, using the same registers), then copied into the callee's
/// registers, which start where the caller's end. Register 0 holds how many
/// more nested calls the recursion limit allows.
final class ScalarCall1: ScalarExpr {
    let target: Unmanaged<ScalarFunction>
    let a0: ScalarExpr
    let callerSize: Int
    let span: SourceSpan
    /// Interrupt.flagPointer, kept here: the static goes through a lazy-initialisation check.
    let interrupt = Interrupt.flagPointer
    init(_ target: ScalarFunction, _ a0: ScalarExpr, callerSize: Int, span: SourceSpan) {
        self.target = Unmanaged.passUnretained(target); self.a0 = a0; self.callerSize = callerSize; self.span = span
    }
    override func eval(_ r: Registers) throws -> Int64 {
        let x = try a0.eval(r)
        let callee = r + callerSize
        callee[1] = x
        return try enterScalar(target, callee, budget: r[0], span: span, interrupt)
    }
}

final class ScalarCall2: ScalarExpr {
    let target: Unmanaged<ScalarFunction>
    let a0: ScalarExpr, a1: ScalarExpr
    let callerSize: Int
    let span: SourceSpan
    /// Interrupt.flagPointer, kept here: the static goes through a lazy-initialisation check.
    let interrupt = Interrupt.flagPointer
    init(_ target: ScalarFunction, _ a0: ScalarExpr, _ a1: ScalarExpr, callerSize: Int, span: SourceSpan) {
        self.target = Unmanaged.passUnretained(target); self.a0 = a0; self.a1 = a1; self.callerSize = callerSize; self.span = span
    }
    override func eval(_ r: Registers) throws -> Int64 {
        let x = try a0.eval(r)
        let y = try a1.eval(r)
        let callee = r + callerSize
        callee[1] = x
        callee[2] = y
        return try enterScalar(target, callee, budget: r[0], span: span, interrupt)
    }
}

/// Any other number of arguments.
final class ScalarCall: ScalarExpr {
    let target: Unmanaged<ScalarFunction>
    let args: [ScalarExpr]
    let callerSize: Int
    let span: SourceSpan
    /// Interrupt.flagPointer, kept here: the static goes through a lazy-initialisation check.
    let interrupt = Interrupt.flagPointer
    init(_ target: ScalarFunction, args: [ScalarExpr], callerSize: Int, span: SourceSpan) {
        self.target = Unmanaged.passUnretained(target); self.args = args; self.callerSize = callerSize; self.span = span
    }
    override func eval(_ r: Registers) throws -> Int64 {
        let callee = r + callerSize
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(args.count, 1)) { values in
            for (i, a) in args.enumerated() { values[i] = try a.eval(r) }
            for i in 0..<args.count { callee[1 + i] = values[i] }
        }
        return try enterScalar(target, callee, budget: r[0], span: span, interrupt)
    }
}

/// Runs `target` on registers whose arguments are in place, as the generic
/// interpreter's `invoke` does: the recursion limit, Ctrl-C, the call trace.
@inline(__always)
func enterScalar(_ target: Unmanaged<ScalarFunction>, _ callee: Registers, budget: Int64, span: SourceSpan,
                 _ interrupt: UnsafeMutablePointer<Int32>) throws -> Int64 {
    let left = budget &- 1
    if left < 0 { throw tooMuchRecursion(span) }
    if interrupt.pointee != 0 { try interrupted(span) }
    callee[0] = left
    return try target._withUnsafeGuaranteedRef { t in
        do {
            _ = try t.body._withUnsafeGuaranteedRef { try $0.exec(callee) }
        } catch {
            throw traced(error, t.name, span)
        }
        return callee[t.resultIndex]
    }
}

@inline(never)
func interrupted(_ span: SourceSpan) throws {
    try Interrupt.checkAt(span)
}


// MARK: statements

final class ScalarExpressionStmt: ScalarStmt {
    let e: ScalarExpr, result: Int
    init(_ e: ScalarExpr, result: Int) { self.e = e; self.result = result }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        r[result] = try e.eval(r)
        return .normal
    }
}

final class ScalarAssign: ScalarStmt {
    let slot: Int, e: ScalarExpr
    init(_ slot: Int, _ e: ScalarExpr) { self.slot = slot; self.e = e }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        r[slot] = try e.eval(r)
        return .normal
    }
}

/// Assigns a top-level loop's variable that was unassigned when the loop
/// started, noting that it now holds a value.
final class ScalarAssignFlagged: ScalarStmt {
    let slot: Int, flag: Int, e: ScalarExpr
    init(_ slot: Int, _ flag: Int, _ e: ScalarExpr) { self.slot = slot; self.flag = flag; self.e = e }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        r[slot] = try e.eval(r)
        r[flag] = 1
        return .normal
    }
}

/// Two statements in order (blocks are chains of these).
final class ScalarSequence: ScalarStmt {
    let first: ScalarStmt, rest: ScalarStmt
    init(_ first: ScalarStmt, _ rest: ScalarStmt) { self.first = first; self.rest = rest }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        let flow = try first.exec(r)
        if case .normal = flow { return try rest.exec(r) }
        return flow
    }
}

/// `if` as a statement (a missing else is the empty block).
final class ScalarIf: ScalarStmt {
    let condition: ScalarExpr, then: ScalarStmt, otherwise: ScalarStmt
    init(_ condition: ScalarExpr, _ then: ScalarStmt, _ otherwise: ScalarStmt?) {
        self.condition = condition; self.then = then; self.otherwise = otherwise ?? ScalarStmt.nothing
    }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        if try condition.eval(r) != 0 { return try then.exec(r) }
        return try otherwise.exec(r)
    }
}

final class ScalarWhile: ScalarStmt {
    let condition: ScalarExpr, body: ScalarStmt, span: SourceSpan
    let interrupt = Interrupt.flagPointer
    init(_ condition: ScalarExpr, _ body: ScalarStmt, span: SourceSpan) {
        self.condition = condition; self.body = body; self.span = span
    }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        while try condition.eval(r) != 0 {
            if interrupt.pointee != 0 { try interrupted(span) }
            switch try body.exec(r) {
            case .breakLoop: return .normal
            case .returned: return .returned
            default: continue
            }
        }
        return .normal
    }
}

/// `for i in range(...)`, counting as the generic interpreter does.
final class ScalarForRange: ScalarStmt {
    let slot: Int, start: ScalarExpr, stop: ScalarExpr, step: ScalarExpr, body: ScalarStmt
    let span: SourceSpan, iterableSpan: SourceSpan
    /// The register noting that the variable was assigned (-1: none).
    let flag: Int
    let interrupt = Interrupt.flagPointer
    init(slot: Int, start: ScalarExpr?, stop: ScalarExpr, step: ScalarExpr?, body: ScalarStmt,
         span: SourceSpan, iterableSpan: SourceSpan, flag: Int = -1) {
        self.flag = flag
        self.slot = slot; self.start = start ?? ScalarConst(0); self.stop = stop; self.step = step ?? ScalarConst(1)
        self.body = body
        self.span = span; self.iterableSpan = iterableSpan
    }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        let first = try start.eval(r)
        let end = try stop.eval(r)
        let by = try step.eval(r)
        if by == 0 { throw RuntimeError("range: step must not be zero", span: iterableSpan) }
        var i = first
        if flag >= 0 && (by > 0 ? i < end : i > end) { r[flag] = 1 }
        while by > 0 ? i < end : i > end {
            r[slot] = i
            if interrupt.pointee != 0 { try interrupted(span) }
            switch try body.exec(r) {
            case .breakLoop: return .normal
            case .returned: return .returned
            default: break
            }
            let (next, overflow) = i.addingReportingOverflow(by)
            if overflow { break }
            i = next
        }
        return .normal
    }
}

final class ScalarReturn: ScalarStmt {
    let e: ScalarExpr, result: Int
    init(_ e: ScalarExpr, result: Int) { self.e = e; self.result = result }
    override func exec(_ r: Registers) throws -> ScalarFlow {
        r[result] = try e.eval(r)
        return .returned
    }
}

final class ScalarBreak: ScalarStmt {
    override func exec(_ r: Registers) throws -> ScalarFlow { .breakLoop }
}

final class ScalarContinue: ScalarStmt {
    override func exec(_ r: Registers) throws -> ScalarFlow { .continueLoop }
}
