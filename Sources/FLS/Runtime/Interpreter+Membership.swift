// `a in b` and `a not in b` (LANGUAGE.md section 6b), decided here once:
//
//   list    an item equal to `a` (numbers compare by value, so `1 in [1.0]`;
//           arrays, lists and records compare whole: same shape and elements)
//   string  a substring (the empty string is in every string)
//   record  a key (`a` must be a string)
//   array   any element equal to `a`, whatever the rank, as numpy's
//           `a in x`, which is `(x == a).any()`; `a` must be one value,
//           many go through isin(x, values); a 0-d str array is a string
//
// Anything else on the right is an error that names what `in` accepts.

/// Whether `item` is in `container`.
func membership(_ item: Value, _ container: Value, _ span: SourceSpan) throws -> Bool {
    switch container {
    case .list(let xs):
        for x in xs where try sameValue(item, x) { return true }
        return false
    case .string(let s):
        return try substring(item, of: s, span)
    case .record(let r):
        guard let key = item.asString() else {
            throw RuntimeError(
                "'in' a record looks for a key, and keys are strings, not \(item.kindName)", span: span,
                hint: "write \"name\" in r")
        }
        return r[key] != nil
    case .array(let a):
        if a.ndim == 0 {
            if let s = container.asString() { return try substring(item, of: s, span) }
            throw RuntimeError(
                "'in' cannot look inside a single \(a.dtype) value", span: span,
                hint: "'in' looks in a list, a string, a record's keys or an array's elements")
        }
        switch item {
        case .int, .float, .bool, .string: break
        case .array(let b) where b.ndim == 0: break
        default:
            throw RuntimeError(
                "'in' an array looks for one value, not \(item.kindName)", span: span,
                hint: "isin(x, values) tests many values element by element")
        }
        let equal = try withSpan(span) { try binaryOperation(.equal, container, item) }
        if case .array(let e) = equal, case .bool(let bits) = e.storage { return bits.contains(true) }
        if case .bool(let b) = equal { return b }
        return false
    default:
        throw RuntimeError(
            "'in' needs a list, a string, a record or an array on the right, not \(container.kindName)",
            span: span)
    }
}

private func substring(_ item: Value, of text: String, _ span: SourceSpan) throws -> Bool {
    guard let needle = item.asString() else {
        throw RuntimeError(
            "'in' a string looks for a substring, not \(item.kindName)", span: span,
            hint: "convert it first: str(x) in s")
    }
    let hay = Array(text.utf8), pin = Array(needle.utf8)
    if pin.isEmpty { return true }
    if pin.count > hay.count { return false }
    for start in 0...(hay.count - pin.count) where hay[start] == pin[0] {
        var j = 1
        while j < pin.count && hay[start + j] == pin[j] { j += 1 }
        if j == pin.count { return true }
    }
    return false
}

/// Whole-value equality, as `in` a list uses it: numbers by value (bools
/// count as 0 and 1, as in Python), strings by text, arrays by shape and
/// elements, lists and records item by item; functions and handles by identity.
func sameValue(_ a: Value, _ b: Value) throws -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.string(let x), .string(let y)): return x == y
    case (.list(let xs), .list(let ys)):
        guard xs.count == ys.count else { return false }
        for (x, y) in zip(xs, ys) where !(try sameValue(x, y)) { return false }
        return true
    case (.record(let r), .record(let q)):
        guard r.keys == q.keys else { return false }
        for (x, y) in zip(r.values, q.values) where !(try sameValue(x, y)) { return false }
        return true
    case (.function(let f), .function(let g)): return f === g
    case (.handle(let h), .handle(let k)): return h === k
    default: break
    }
    if let x = numberOrString(a), let y = numberOrString(b) {
        switch (x, y) {
        case (.int(let p), .int(let q)): return p == q
        case (.text(let p), .text(let q)): return p == q
        case (.text, _), (_, .text): return false
        default: return x.double == y.double
        }
    }
    guard case .array(let x) = a, case .array(let y) = b, x.shape == y.shape else { return false }
    if (x.dtype == .str) != (y.dtype == .str) { return false }
    let equal = try binaryOperation(.equal, .array(x), .array(y))
    if case .array(let e) = equal, case .bool(let bits) = e.storage { return !bits.contains(false) }
    if case .bool(let v) = equal { return v }
    return false
}

private enum Scalar {
    case int(Int64)
    case float(Double)
    case text(String)

    var double: Double {
        switch self {
        case .int(let n): return Double(n)
        case .float(let x): return x
        case .text: return .nan
        }
    }
}

private func numberOrString(_ v: Value) -> Scalar? {
    switch v {
    case .bool(let b): return .int(b ? 1 : 0)
    case .int(let n): return .int(n)
    case .float(let x): return .float(x)
    case .string(let s): return .text(s)
    case .array(let a) where a.ndim == 0:
        if let s = v.asString() { return .text(s) }
        if case .bool(let bits) = a.storage, let b = bits.first { return .int(b ? 1 : 0) }
        if a.dtype.isInteger, let n = v.asInt() { return .int(Int64(n)) }
        return v.asDouble().map { .float($0) }
    default: return nil
    }
}
