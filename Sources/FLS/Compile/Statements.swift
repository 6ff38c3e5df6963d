// Statements: one interface for both node families. Every statement runs
// on a window of registers and says how it finished (`Flow`). A typed
// statement (ScalarNodes.swift) keeps its variables in the registers; a
// generic one (ValueNodes.swift) keeps them in the slots of a `Frame`,
// which its window's first register holds. Control flow that does not care
// where the variables live is written once, here: a block's sequence, `if`,
// `while`, `break` and `continue`.
//
// A statement's value (what a function returns when it ends without
// `return`, what a notebook cell shows) is not part of its flow: the
// compiler knows which statements end a block, and only those keep their
// value, in the function's result register (typed) or its frame's result
// (generic).

/// How a statement finished.
enum Flow {
    case normal, breakLoop, continueLoop, returned

    /// What a loop does after its body ran: nil goes on to the next step,
    /// else the loop ends with this (a `break` ends it normally).
    @inline(__always) var endsLoop: Flow? {
        switch self {
        case .breakLoop: return .normal
        case .returned: return .returned
        default: return nil
        }
    }
}

/// A statement.
class Statement {
    func exec(_ r: Registers) throws -> Flow { .normal }
    /// The empty block.
    static let nothing = Statement()
    /// The constant 0 (an unused second index).
    static let zero = ScalarConst(0)
}

/// Two statements in order (a block is a chain of these, not an array, so
/// running it reads no array and counts no references).
final class Then: Statement {
    let first: Statement, rest: Statement
    init(_ first: Statement, _ rest: Statement) { self.first = first; self.rest = rest }
    override func exec(_ r: Registers) throws -> Flow {
        let flow = try first.exec(r)
        if case .normal = flow { return try rest.exec(r) }
        return flow
    }
}

/// `if` as a statement with an else branch. A generic condition is a
/// `Truthy` node. Children are never optionals: taking one out of an
/// optional counts a reference.
final class IfStatement: Statement {
    let condition: ScalarExpr, then: Statement, otherwise: Statement
    init(_ condition: ScalarExpr, _ then: Statement, _ otherwise: Statement) {
        self.condition = condition; self.then = then; self.otherwise = otherwise
    }
    override func exec(_ r: Registers) throws -> Flow {
        if try condition.eval(r) != 0 { return try then.exec(r) }
        return try otherwise.exec(r)
    }

    /// `if` with or without an else branch.
    static func make(_ condition: ScalarExpr, _ then: Statement, _ otherwise: Statement?) -> Statement {
        guard let otherwise else { return IfThen(condition, then) }
        return IfStatement(condition, then, otherwise)
    }
}

/// `if` without an else branch: nothing is called when the condition fails
/// (a loop's `if k % d == 0 { ... }` fails at most steps).
final class IfThen: Statement {
    let condition: ScalarExpr, then: Statement
    init(_ condition: ScalarExpr, _ then: Statement) { self.condition = condition; self.then = then }
    override func exec(_ r: Registers) throws -> Flow {
        if try condition.eval(r) != 0 { return try then.exec(r) }
        return .normal
    }
}

/// `break` or `continue`.
final class Jump: Statement {
    let flow: Flow
    init(_ flow: Flow) { self.flow = flow }
    override func exec(_ r: Registers) throws -> Flow { flow }
}

/// `while c { ... }`: a typed condition, or a generic one (`Truthy`). A
/// generic loop at a loop site (`typed`) tries the typed path first, and
/// again after some steps (`TypedAttempts`) while it declines.
final class WhileLoop: Statement {
    let condition: ScalarExpr, body: Statement, span: SourceSpan
    /// Generic code's loop: its body's if-values may carry a break,
    /// continue or return out (`runSignalled`).
    let generic: Bool
    let typed: (site: ScalarLoopSite, interpreter: Interpreter)?
    let interrupt = Interrupt.flagPointer
    init(
        _ condition: ScalarExpr, _ body: Statement, span: SourceSpan, generic: Bool,
        typed: (site: ScalarLoopSite, interpreter: Interpreter)? = nil
    ) {
        self.condition = condition; self.body = body; self.span = span; self.generic = generic; self.typed = typed
    }
    override func exec(_ r: Registers) throws -> Flow {
        // Typed code's loop: kept to this, so that entering it costs little
        // (a typed loop nested in another is entered at every outer step).
        if generic { return try genericLoop(r) }
        while try condition.eval(r) != 0 {
            try checkInterrupt(interrupt, span)
            if let end = try body.exec(r).endsLoop { return end }
        }
        return .normal
    }

    @inline(never) func genericLoop(_ r: Registers) throws -> Flow {
        var attempts = TypedAttempts(typed != nil)
        while true {
            if let entry = attempts.next(), let (site, interpreter) = typed,
                let flow = try withFrame(r, { try interpreter.runScalarLoop(site, $0, entry: entry) })
            {
                return flow
            }
            guard try condition.eval(r) != 0 else { return .normal }
            try checkInterrupt(interrupt, span)
            if let end = try runSignalled(body, r).endsLoop { return end }
        }
    }
}

// MARK: generic statements

extension Frame {
    /// Runs `body` with this frame: a window of one register, holding the
    /// frame (not retained: the caller holds it while `body` runs).
    @inline(__always) func run(_ body: Statement) throws -> Flow {
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: 1) { buffer in
            guard let r = buffer.baseAddress else { throw RuntimeError("internal: no room for a frame's window") }
            r[0] = Int64(Int(bitPattern: Unmanaged.passUnretained(self).toOpaque()))
            return try body.exec(r)
        }
    }
}

/// The frame a generic statement's window holds, lent to `body` without
/// counting a reference.
@inline(__always) func withFrame<T>(_ r: Registers, _ body: (Frame) throws -> T) rethrows -> T {
    // The register holds the address `Frame.run` put there (a live frame).
    let frame = unsafeBitCast(Int(truncatingIfNeeded: r[0]), to: Unmanaged<Frame>.self)
    return try frame._withUnsafeGuaranteedRef(body)
}

/// A generic statement that needs only its frame (assignments, appends,
/// `use`): `run` is its body.
class FrameStatement: Statement {
    final override func exec(_ r: Registers) throws -> Flow { try withFrame(r) { try run($0) } }
    func run(_ f: Frame) throws -> Flow { .normal }
}

/// A generic condition: the truth of a value (`truthy`), as 1 or 0.
final class Truthy: ScalarExpr {
    let value: ValueExpr, span: SourceSpan
    init(_ value: ValueExpr, _ span: SourceSpan) { self.value = value; self.span = span }
    override func eval(_ r: Registers) throws -> Int64 {
        try withFrame(r) { f in try truthy(try value.value(f), span) ? 1 : 0 }
    }
}

/// break/continue/return raised inside an `if` used as an expression.
enum ControlSignal: Error {
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// Runs a loop body, turning signals from if-expressions back into flows
/// (a returned value goes to the frame's result).
@inline(__always)
func runSignalled(_ body: Statement, _ r: Registers) throws -> Flow {
    do { return try body.exec(r) } catch let signal as ControlSignal {
        switch signal {
        case .breakLoop: return .breakLoop
        case .continueLoop: return .continueLoop
        case .returned(let v):
            withFrame(r) { $0.result = v }
            return .returned
        }
    }
}
