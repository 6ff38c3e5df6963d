// The call gate: what every call of a user function passes, whichever path
// runs it, and what every step of a loop passes (Ctrl-C, and the counting
// of `for i in range(...)`). The generic interpreter (`Interpreter.invoke`), a call from
// generic code into the scalar path (`Interpreter.callScalar`) and scalar
// nodes calling each other (`enterScalar`, which counts the depth down in a
// register instead) share these functions, so the recursion limit, its
// message, the Ctrl-C check and the call trace are written once.

/// The error for calls nested deeper than `Limits.maxCallDepth`.
@inline(never)
func tooMuchRecursion(_ span: SourceSpan?) -> RuntimeError {
    RuntimeError(
        "too much recursion: more than \(Limits.maxCallDepth) nested calls", span: span,
        hint: "check the function's base case")
}

/// Adds a call to a runtime error's trace: the innermost
/// `Limits.maxTraceLength` calls are kept (the renderer shows `50+ times`).
@inline(never)
func traced(_ error: Error, _ name: String, _ span: SourceSpan) -> Error {
    guard var e = error as? RuntimeError else { return error }
    if e.trace.count < Limits.maxTraceLength { e.trace.append((name, span)) }
    return e
}

extension Interpreter {
    /// Enters a call made from generic code: one level deeper, unless that
    /// passes the recursion limit, and a pending Ctrl-C stops here. On
    /// success the caller leaves with `callDepth -= 1`.
    @inline(__always)
    func enterCall(_ span: SourceSpan?) throws {
        callDepth += 1
        if callDepth > Limits.maxCallDepth {
            callDepth -= 1
            throw tooMuchRecursion(span)
        }
        if let span {
            do { try checkInterrupt(interruptFlag, span) } catch {
                callDepth -= 1
                throw error
            }
        }
    }

    /// The recursion budget a scalar entry starts with (register 0).
    var scalarBudget: Int64 { Int64(Limits.maxCallDepth - callDepth) }
}

/// Ctrl-C: a pending interrupt stops a loop step or a call here, with the
/// location of `span`. Loops and calls of both paths check it this way.
@inline(__always)
func checkInterrupt(_ flag: UnsafeMutablePointer<Int32>, _ span: SourceSpan) throws {
    if flag.pointee != 0 { try interrupted(span) }
}

@inline(never)
func interrupted(_ span: SourceSpan) throws {
    try Interrupt.checkAt(span)
}

/// The integers `for i in range(start, stop, step)` visits, as Python
/// counts them; a step that would pass the end of i64 ends the loop. Both
/// paths count loops with it.
struct RangeSteps {
    private var current: Int64
    let stop: Int64, step: Int64
    private var finished = false

    init(_ start: Int64, _ stop: Int64, _ step: Int64, span: SourceSpan) throws {
        if step == 0 { throw RuntimeError("range: step must not be zero", span: span) }
        current = start
        self.stop = stop
        self.step = step
    }

    /// Whether there is a next value (without taking it).
    @inline(__always) var hasNext: Bool { !finished && (step > 0 ? current < stop : current > stop) }

    @inline(__always) mutating func next() -> Int64? {
        guard hasNext else { return nil }
        let value = current
        let (following, overflow) = current.addingReportingOverflow(step)
        if overflow { finished = true } else { current = following }
        return value
    }
}
