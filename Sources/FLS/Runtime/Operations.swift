// The operations the nodes of both paths call, written once: truthiness, a
// binary operator with its span, growing a list or a text where it is,
// walking anything iterable, unpacking, the value a comprehension makes,
// and the errors of an unassigned name or a call of a non-function.

/// Appends `pieces` to `text`, the string `place` holds, after dropping the
/// place's reference, so that `text` is not shared and grows where it is.
/// `place` is looked up after the pieces were evaluated: that may have moved
/// the globals (or assigned the variable, which the assignment overwrites).
func grow(_ place: UnsafeMutablePointer<Value?>, _ text: consuming String, _ pieces: some Sequence<String>) {
    _ = place.pointee.take()
    var grown = text
    for piece in pieces { grown.append(piece) }
    place.pointee = .string(grown)
}

/// Appends `item` to the list `place` holds (the caller checked that it
/// holds one). The list is moved out of its place meanwhile, the taken value
/// consumed, so no second reference is left: it grows where it is, with no
/// copy and no reference counting. `xs = append(xs, e)` in a loop is linear.
@inline(__always)
func growList(_ place: UnsafeMutablePointer<Value?>, _ item: consuming Value) {
    let taken = place.pointee.take()
    guard case .list(var xs)? = consume taken else { return }
    xs.append(consume item)
    place.pointee = .list(consume xs)
}

/// `xs[k] = item` for the list in `place`. False, and nothing changed, when
/// `place` holds no list or `k` is not an index from the start in range (the
/// generic way counts from the end, or raises the error). The list is moved
/// out and back, never copied or bound: matching `place.pointee` against a
/// pattern would count a reference to it, twice per item.
func setListItem(_ place: UnsafeMutablePointer<Value?>, _ k: Int64, _ item: consuming Value) -> Bool {
    guard holdsList(place) else { return false }
    let taken = place.pointee.take()
    guard case .list(var xs)? = consume taken else { return false }
    guard k >= 0, k < xs.count else {
        place.pointee = .list(consume xs)
        return false
    }
    xs[Int(k)] = consume item
    place.pointee = .list(consume xs)
    return true
}

/// Whether `place` holds a list, looked at without counting a reference to it.
func holdsList(_ place: UnsafeMutablePointer<Value?>) -> Bool {
    let taken = place.pointee.take()
    let isList: Bool
    if case .list? = taken { isList = true } else { isList = false }
    place.pointee = consume taken
    return isList
}

/// `s += t` where `place` holds a string `s` and `t` is one: `t` is appended
/// where `s` is (`grow`), after the size check. False: not two strings.
func growText(_ place: UnsafeMutablePointer<Value?>, _ rhs: Value, _ span: SourceSpan) throws -> Bool {
    guard case .string(let piece) = rhs, case .string(let text)? = place.pointee else { return false }
    try withSpan(span) { try Limits.checkString(bytes: Limits.stringSum(text.utf8.count, piece.utf8.count)) }
    grow(place, text, CollectionOfOne(piece))
    return true
}

/// `changing`: the variable was to be changed in place (`s += x`,
/// `xs[i] = v`): the hint asks for a start value. `candidates`: the names
/// a misspelt one is compared with (`totl += x` beside `total`).
func unassigned(
    _ name: String, _ span: SourceSpan, outer: Bool = false, changing: Bool = false, candidates: [String] = []
) -> RuntimeError {
    // Python's UnboundLocalError: `n += 1` in a closure makes n its own.
    var hint =
        outer
        ? "'\(name)' is assigned in this function, so here it is the function's own variable, not the "
            + "one outside (as in Python); to change that one, return the new value and assign it outside"
        : changing ? "give '\(name)' a value before it is changed: a start value such as \(name) = 0 for a sum" : nil
    // Short names are not taken for misspellings (`s` is not a misspelt `x`).
    if !outer, name.count >= 3, let near = nearestName(name, candidates) {
        hint = "did you mean '\(near.name)'?" + (hint.map { " If not, " + $0 } ?? "")
    }
    return RuntimeError("'\(name)' is used before it is assigned", hint: hint, span: span)
}

@inline(__always)
func withSpan<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
    do { return try body() } catch var error as RuntimeError {
        if error.span == nil { error.span = span }
        throw error
    }
}

@inline(__always)
func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ span: SourceSpan) throws -> Value {
    try withSpan(span) { try binaryOperation(op, a, b) }
}

/// `if`/`while` truthiness: only false and null are false; arrays must be 0-d.
@inline(__always)
func truthy(_ v: Value, _ span: SourceSpan) throws -> Bool {
    if case .bool(let b) = v { return b }
    return try truthySlow(v, span)
}

func truthySlow(_ v: Value, _ span: SourceSpan) throws -> Bool {
    switch v {
    case .bool(let b): return b
    case .null: return false
    case .array(let a):
        if a.ndim == 0 {
            if case .bool(let s) = a.storage, let b = s.first { return b }
            return true
        }
        // One element is still an array (as in numpy 2): its shape is named.
        if a.count == 1 {
            let shape = "[" + a.shape.map(String.init).joined(separator: ", ") + "]"
            throw RuntimeError(
                "the truth value of an array of shape \(shape) is ambiguous", span: span,
                hint:
                    "take its element with x[\(a.shape.map { _ in "0" }.joined(separator: ", "))], or use any(x) or all(x)"
            )
        }
        throw RuntimeError(
            "the truth value of an array with \(a.count) elements is ambiguous", span: span,
            hint: "use any(x) or all(x)")
    default: return true
    }
}

extension Interrupt {
    @inline(__always) static func checkAt(_ span: SourceSpan) throws {
        if requested {
            do { try check() } catch var e as RuntimeError {
                e.span = span
                throw e
            }
        }
    }
}

/// The FLS form of `receiver.name(arguments)` (arguments nil: no call) when
/// `receiver` has no such field: Python's list, string, dict or numpy method
/// in FLS (`xs.pop()`, `s.find(t)`, `d.get(k, v)`, `a.dot(b)`), or a
/// primitive called with the receiver first. A call of a method FLS has no
/// form for gets a hint about functions, not the receiver's fields.
func methodHint(_ receiver: Value, _ name: String, receiver text: String, arguments: [String]?, table: PrimitiveTable)
    -> String?
{
    switch receiver {
    case .record, .handle, .function:
        // Records and handles have fields of their own: only a call reads as a method.
        guard arguments != nil else { return nil }
    default: break
    }
    let kind: PythonNames.Receiver
    switch receiver {
    case .string: kind = .string
    case .list: kind = .list
    case .record: kind = .record
    case .int, .float, .bool: kind = .array(shape: [])
    case .array(let a): kind = a.ndim == 0 && a.dtype == .str ? .string : .array(shape: a.shape)
    default: kind = .other
    }
    if let renamed = PythonNames.renamedMethod(name, on: kind, receiver: text, arguments: arguments ?? []) {
        return renamed
    }
    if let p = table[name], p.implementation != nil {
        let rest = (arguments ?? []).map { ", " + $0 }.joined()
        return "write \(name)(\(text)\(rest)): FLS calls functions, not methods"
    }
    // A call of a method FLS has no form for: the receiver's fields are beside the point.
    return arguments == nil ? nil : PythonNames.unknownMethod(name, on: kind)
}

/// Calls `body` with each item of what `for` and comprehensions loop over
/// (a list's items, a record's keys, an array's rows, a handle's items)
/// until it returns false.
func forEachItem(_ seq: Value, _ span: SourceSpan, _ body: (Value) throws -> Bool) throws {
    switch seq {
    case .list(let items):
        for item in items where !(try body(item)) { return }
    case .record(let r):
        for key in r.keys where !(try body(.string(key))) { return }
    case .array(let a):
        if a.ndim == 0 {
            throw RuntimeError("cannot loop over a 0-d array (a single \(a.dtype) value)", span: span)
        }
        for i in 0..<a.shape[0] where !(try body(try a.subscriptGet([.int(i)]))) { return }
    case .handle(let h):
        guard let n = h.length else {
            throw RuntimeError("cannot loop over \(h.typeName)", span: span)
        }
        for i in 0..<n {
            guard let item = try h.index(.int(Int64(i))) else { return }
            if !(try body(item)) { return }
        }
    case .string:
        throw RuntimeError(
            "cannot loop over a string", span: span,
            hint: "loop over its positions: for i in range(len(s)) { c = s[i] }")
    default:
        throw RuntimeError(
            "cannot loop over \(seq.kindName)", span: span,
            hint: "loop over a list, a record's keys, an array's first axis, or range(n)")
    }
}

/// A comprehension's items as one value: numbers (bools, ints, floats) or
/// numeric arrays of one shape stack as a `[...]` literal of them would
/// (ints and floats promote; no items give `[]`); anything else is a list.
func comprehensionResult(_ items: [Value]) throws -> Value {
    if let plain = plainNumbers(items) { return .array(plain) }
    var numbers = true
    var rows = true
    var rowShape: [Int]? = nil
    for v in items {
        switch v {
        case .int, .float, .bool: rows = false
        case .array(let a) where a.dtype != .str:
            if a.ndim == 0 {
                rows = false
            } else {
                numbers = false
                if let s = rowShape, s != a.shape { rows = false }
                rowShape = a.shape
            }
        default:
            numbers = false
            rows = false
        }
        if !numbers && !rows { return .list(items) }
    }
    return try stackLiteral(items)
}

/// Splits a value for `a, b, c = v`.
func unpackItems(_ v: Value, count: Int, span: SourceSpan) throws -> [Value] {
    let items: [Value]
    switch v {
    case .list(let xs): items = xs
    case .record(let r): items = r.values
    case .array(let a) where a.ndim >= 1: items = try a.rows()
    default:
        throw RuntimeError(
            "cannot unpack \(v.kindName) into \(count) names", span: span,
            hint: "unpack a list, a record or an array")
    }
    if items.count != count {
        throw RuntimeError("cannot unpack \(items.count) values into \(count) names", span: span)
    }
    return items
}

/// The error of calling a value that is not a function; `x.shape()` says
/// that a field is read without parentheses.
/// The error for calling `value`. `variable`: the name called, when the
/// callee is a variable; one that hides a primitive (`sum = 0` then
/// `sum(xs)`, or `max = max(row)` in a loop) is named in the hint.
func notAFunction(_ value: Value, field: String?, variable: String?, table: PrimitiveTable, span: SourceSpan)
    -> RuntimeError
{
    if let field {
        return RuntimeError(
            "'\(field)' is a field (\(value.kindName)), not a method", hint: "write x.\(field), without parentheses",
            span: span)
    }
    var hint: String? = nil
    if let variable, table[variable] != nil {
        hint =
            "the variable '\(variable)' holds \(value.kindWithArticle) and hides "
            + "the primitive \(variable)(): give the variable another name"
    }
    return RuntimeError("\(value.kindName) is not a function", span: span, hint: hint)
}
