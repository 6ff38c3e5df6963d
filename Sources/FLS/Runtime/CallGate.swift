// The call gate: what every call of a user function passes, whichever path
// runs it. The generic interpreter (`Interpreter.invoke`), a call from
// generic code into the scalar path (`Interpreter.callScalar`) and scalar
// nodes calling each other (`enterScalar`, which counts the depth down in a
// register instead) share these functions, so the recursion limit, its
// message, the Ctrl-C check and the call trace are written once.

/// The error for calls nested deeper than `Limits.maxCallDepth`.
@inline(never)
func tooMuchRecursion(_ span: SourceSpan?) -> RuntimeError {
    RuntimeError("too much recursion: more than \(Limits.maxCallDepth) nested calls", span: span,
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
        if interruptFlag.pointee != 0, let span {
            do { try Interrupt.checkAt(span) } catch {
                callDepth -= 1
                throw error
            }
        }
    }

    /// The recursion budget a scalar entry starts with (register 0).
    var scalarBudget: Int64 { Int64(Limits.maxCallDepth - callDepth) }
}
