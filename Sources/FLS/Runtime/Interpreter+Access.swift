// Reading and writing parts of values: `a[i]`, `r.name`, and the in-place
// forms used by assignment.

/// How an index with `null` (a new axis) or `...` reads an array: the shape
/// to view the array in first (unit axes inserted where the `null`s are), and
/// the index items to apply to that view (a full slice for each `null` and
/// for each axis `...` stands for). Plain indices need neither: nil.
func indexPlan(_ shape: [Int], _ idx: [IndexValue], _ span: SourceSpan) throws -> (shape: [Int], items: [IndexValue])? {
    var special = false
    var consumed = 0
    var ellipses = 0
    for item in idx {
        switch item {
        case .ellipsis:
            special = true
            ellipses += 1
        case .value(.null): special = true
        case .value(.array(let a)) where a.dtype == .bool && a.ndim > 0: consumed += a.ndim
        case .value(.list(let xs))
        where !xs.isEmpty && xs.allSatisfy({ if case .bool = $0 { return true } else { return false } }): consumed += 1
        default: consumed += 1
        }
    }
    guard special else { return nil }
    if ellipses > 1 { throw RuntimeError("an index can have only one '...'", span: span) }
    if consumed > shape.count {
        throw RuntimeError(
            "too many indices: the array has \(shape.count) \(shape.count == 1 ? "axis" : "axes") but \(consumed) were indexed",
            span: span)
    }
    let full = IndexValue.slice(nil, nil, nil)
    var viewShape: [Int] = []
    var items: [IndexValue] = []
    var axis = 0
    for item in idx {
        switch item {
        case .ellipsis:
            let n = shape.count - consumed
            viewShape += shape[axis..<axis + n]
            items += Array(repeating: full, count: n)
            // Covering no axis, it still separates advanced indices.
            if n == 0 { items.append(.ellipsis) }
            axis += n
        case .value(.null):
            viewShape.append(1)
            items.append(full)
        case .value(.array(let a)) where a.dtype == .bool && a.ndim > 0:
            viewShape += shape[axis..<min(shape.count, axis + a.ndim)]
            items.append(item)
            axis += a.ndim
        default:
            viewShape.append(shape[axis])
            items.append(item)
            axis += 1
        }
    }
    viewShape += shape[axis...]
    if viewShape.count > Limits.maxDimensions {
        throw RuntimeError(
            "an array can have at most \(Limits.maxDimensions) axes, not \(viewShape.count)", span: span,
            hint: "as in numpy")
    }
    return (viewShape, items)
}

/// Reads `a[idx]`, with `null` and `...` items.
func arrayGet(_ a: NDArray, _ idx: [IndexValue], _ span: SourceSpan) throws -> Value {
    if let plan = try indexPlan(a.shape, idx, span) {
        var view = a
        view.shape = plan.shape
        let items = try arrayIndexItems(plan.items, span)
        return try withSpan(span) { try view.subscriptGet(items) }
    }
    let items = try arrayIndexItems(idx, span)
    return try withSpan(span) { try a.subscriptGet(items) }
}

/// Turns evaluated index items into array index items.
func arrayIndexItems(_ idx: [IndexValue], _ span: SourceSpan) throws -> [IndexItem] {
    var items: [IndexItem] = []
    items.reserveCapacity(idx.count)
    for item in idx {
        switch item {
        case .ellipsis:
            // `indexPlan` leaves one only where it covers no axis.
            items.append(.separator)
        case .value(let v):
            switch v {
            case .int(let n): items.append(.int(Int(n)))
            case .array(let a):
                if a.ndim == 0, a.dtype.isInteger, let n = v.asInt() {
                    items.append(.int(n))
                } else if a.dtype == .bool || a.dtype.isInteger || a.count == 0 {
                    items.append(.array(a))
                } else {
                    throw RuntimeError(
                        "arrays are indexed by integers, slices, boolean masks or integer arrays, not \(v.kindName)",
                        span: span, hint: floatIndexHint(v))
                }
            case .list:
                guard let a = try v.asArray(), a.dtype == .bool || a.dtype.isInteger || a.count == 0 else {
                    throw RuntimeError("a list used as an index must hold integers or booleans", span: span)
                }
                items.append(.array(a))
            case .bool:
                throw RuntimeError(
                    "a boolean scalar is not an index", span: span, hint: "use a boolean array mask of the same shape")
            default:
                throw RuntimeError(
                    "arrays are indexed by integers, slices, boolean masks or integer arrays, not \(v.kindName)",
                    span: span, hint: floatIndexHint(v))
            }
        case .slice(let a, let b, let c):
            func bound(_ v: Value?) throws -> Int? {
                guard let v else { return nil }
                if case .null = v { return nil }
                guard let n = v.asInt() else {
                    throw RuntimeError(
                        "slice bounds must be integers, not \(v.kindName)", span: span, hint: floatIndexHint(v))
                }
                return n
            }
            let step = try bound(c)
            if step == 0 { throw RuntimeError("slice step cannot be zero", span: span) }
            items.append(.slice(start: try bound(a), stop: try bound(b), step: step))
        }
    }
    return items
}

/// The hint for a float used as an index: most often `len(x) / 2`.
func floatIndexHint(_ v: Value) -> String? {
    let isFloat: Bool
    switch v {
    case .float: isFloat = true
    case .array(let a): isFloat = a.ndim == 0 && a.dtype.isFloat
    default: isFloat = false
    }
    return isFloat ? "'/' always gives a float: write n // 2 for an integer, or int(x)" : nil
}

/// Python-style index into a sequence of `count` items.
/// `storing`: the item is to be set (`xs[i] = v`), which does not grow a list.
func sequenceIndex(_ v: Value, count: Int, what: String, _ span: SourceSpan, storing: Bool = false) throws -> Int {
    guard let n = v.asInt() else {
        throw RuntimeError("\(what) indices must be integers, not \(v.kindName)", span: span, hint: floatIndexHint(v))
    }
    let i = n < 0 ? n + count : n
    if i < 0 || i >= count {
        throw RuntimeError(
            "index \(n) is out of range for a \(what) of length \(count)", span: span,
            hint: storing && n >= count ? "setting an item does not grow a list: xs = append(xs, v) adds one" : nil)
    }
    return i
}

/// Python-style slice bounds over `count` items.
func sliceRange(_ a: Value?, _ b: Value?, _ c: Value?, count: Int, _ span: SourceSpan) throws -> [Int] {
    func bound(_ v: Value?) throws -> Int? {
        guard let v else { return nil }
        if case .null = v { return nil }
        guard let n = v.asInt() else { throw RuntimeError("slice bounds must be integers", span: span) }
        return n
    }
    let step = try bound(c) ?? 1
    if step == 0 { throw RuntimeError("slice step cannot be zero", span: span) }
    func clamp(_ v: Int?, _ dflt: Int, _ lo: Int, _ hi: Int) -> Int {
        guard var x = v else { return dflt }
        if x < 0 { x += count }
        return min(max(x, lo), hi)
    }
    var out: [Int] = []
    if step > 0 {
        var i = clamp(try bound(a), 0, 0, count)
        let stop = clamp(try bound(b), count, 0, count)
        while i < stop { out.append(i); i += step }
    } else {
        var i = clamp(try bound(a), count - 1, -1, count - 1)
        let stop = clamp(try bound(b), -1, -1, count - 1)
        while i > stop { out.append(i); i += step }
    }
    return out
}

/// `...` and `null` (a new axis) index arrays only.
func checkArrayOnlyItems(_ base: Value, _ idx: [IndexValue], _ span: SourceSpan) throws {
    for item in idx {
        switch item {
        case .ellipsis:
            throw RuntimeError("'...' in an index needs an array, not \(base.kindName)", span: span)
        case .value(.null):
            throw RuntimeError("null in an index adds an axis to an array; \(base.kindName) has none", span: span)
        default: continue
        }
    }
}

func getElement(_ base: Value, _ idx: [IndexValue], _ span: SourceSpan) throws -> Value {
    if case .array(let a) = base { return try arrayGet(a, idx, span) }
    switch base {
    case .int, .float, .bool:
        // A number is a 0-d array to `null` and `...`: 5[null] is [5].
        if let a = try base.asArray(), try indexPlan([], idx, span) != nil { return try arrayGet(a, idx, span) }
    default: break
    }
    try checkArrayOnlyItems(base, idx, span)
    switch base {
    case .array(let a):
        return try arrayGet(a, idx, span)
    case .list(let xs):
        guard idx.count == 1 else {
            throw RuntimeError(
                "a list takes one index", span: span,
                hint: "for a list of lists write xs[i][j]; stack(xs) makes it an array, indexed stack(xs)[i, j]")
        }
        switch idx[0] {
        case .value(let v): return xs[try sequenceIndex(v, count: xs.count, what: "list", span)]
        case .slice(let a, let b, let c): return .list(try sliceRange(a, b, c, count: xs.count, span).map { xs[$0] })
        case .ellipsis: throw RuntimeError("'...' in an index needs an array", span: span)
        }
    case .record(let r):
        guard idx.count == 1, case .value(let k) = idx[0], let key = k.asString() else {
            throw recordIndexError(idx, span)
        }
        return try recordField(r, key, span)
    case .string(let s):
        // Code points, as Python counts them and as `len` does.
        let chars = Array(s.unicodeScalars)
        guard idx.count == 1 else { throw RuntimeError("a string takes one index", span: span) }
        switch idx[0] {
        case .value(let v):
            return .string(String(chars[try sequenceIndex(v, count: chars.count, what: "string", span)]))
        case .slice(let a, let b, let c):
            var out = String.UnicodeScalarView()
            for k in try sliceRange(a, b, c, count: chars.count, span) { out.append(chars[k]) }
            return .string(String(out))
        case .ellipsis: throw RuntimeError("'...' in an index needs an array", span: span)
        }
    case .handle(let h):
        guard idx.count == 1, case .value(let k) = idx[0] else {
            throw RuntimeError("\(h.typeName) takes one index", span: span)
        }
        guard let v = try withSpan(span, { try h.index(k) }) else {
            throw RuntimeError("\(h.typeName) cannot be indexed", span: span)
        }
        return v
    case .function:
        throw RuntimeError(
            "a function cannot be indexed", hint: "call it with parentheses: f(x), not f[x] or f x", span: span)
    default:
        throw RuntimeError("\(base.kindName) cannot be indexed", span: span)
    }
}

/// A record indexed by something other than one string. An int gets a
/// hint: a pickled dict's int keys are their decimal text (LANGUAGE.md
/// section 1), so Python's `d[1]` is `d["1"]`.
func recordIndexError(_ idx: [IndexValue], _ span: SourceSpan) -> RuntimeError {
    var hint: String? = nil
    if idx.count == 1, case .value(let k) = idx[0], let n = k.asInt() {
        hint =
            "keys are strings: write r[\"\(n)\"] (a pickle's int keys become their decimal text); "
            + "to go through the fields, for k in r { r[k] }"
    }
    return RuntimeError("a record is indexed by a field name string", span: span, hint: hint)
}

/// `r[key]`, or the error naming the missing field. `changing`: the field
/// was to be changed in place (`r[k] += 1`, `r.k.x = 1`), which does not add
/// a field as a store does; the hint says how to add one.
func recordField(_ r: Record, _ key: String, _ span: SourceSpan, changing: Bool = false) throws -> Value {
    if let v = r[key] { return v }
    var hint =
        r.keys.isEmpty
        ? "the record is empty"
        : "its fields are \(r.keys.prefix(12).joined(separator: ", "))\(r.count > 12 ? ", ..." : "")"
    if let best = closestName(key, r.keys) { hint = "did you mean '\(best)'? " + hint }
    if changing {
        let quoted = quotedText(key)
        hint += "; a field is added by assigning it (r[\(quoted)] = 0), and \(quoted) in r tests for one"
    }
    throw RuntimeError("the record has no field '\(key)'", span: span, hint: hint)
}

func getField(_ base: Value, _ name: String, _ span: SourceSpan) throws -> Value {
    switch base {
    case .record(let r): return try recordField(r, name, span)
    case .handle(let h):
        if let v = try withSpan(span, { try h.field(name) }) { return v }
        var hint: String? = h.fieldNames.isEmpty ? nil : "its fields are \(h.fieldNames.joined(separator: ", "))"
        if let best = closestName(name, h.fieldNames) { hint = "did you mean '\(best)'?" }
        throw RuntimeError("\(h.typeName) has no field '\(name)'", span: span, hint: hint)
    case .int, .float, .bool, .string:
        // A number or a string is a 0-d array (LANGUAGE.md section 1), with
        // the dtype numpy gives it (int -> i64, float -> f64).
        if ["shape", "dtype", "ndim", "size", "T"].contains(name), let a = try base.asArray() {
            return try getField(.array(a), name, span)
        }
        throw RuntimeError(
            "\(base.kindName) has no field '\(name)'", span: span,
            hint:
                "\(base.kindWithArticle) is a 0-d array: it has .shape, .dtype, .ndim, .size and .T"
        )
    case .array(let a):
        switch name {
        case "shape": return .array(NDArray(shape: [a.ndim], storage: .i64(a.shape.map { Int64($0) })))
        case "dtype": return .string(a.dtype.name)
        case "ndim": return .int(Int64(a.ndim))
        case "size": return .int(Int64(a.count))
        case "T": return try withSpan(span) { .array(try a.transposed()) }
        default: break
        }
        throw RuntimeError(
            "an array has no field '\(name)'", span: span, hint: "arrays have .shape, .dtype, .ndim, .size and .T")
    default:
        throw RuntimeError(
            "\(base.kindName) has no field '\(name)'", span: span,
            hint: "fields belong to records, e.g. r.\(name) where r = {\(name): ...}")
    }
}

/// Applies `body` to the element at `idx` of `container`, in place. The
/// array, list or record is moved out of `container` while it changes (and
/// put back after, also on an error), so that it is not shared and changes
/// where it is: a loop of `x[i] += v`, `xs[i] = v` or `r[k] = v` does not
/// copy the whole container at each step.
///
/// `creating`: a store (`setElement`), which adds a missing record field; a
/// change in place (`r[k] += 1`) needs the field to be there.
/// Whether an index names one element of an array of `rank` axes (an
/// integer for each axis): numpy gives a scalar then, not a view.
func selectsOneElement(_ idx: [IndexValue], rank: Int) -> Bool {
    guard idx.count == rank else { return false }
    return idx.allSatisfy { item in
        guard case .value(let v) = item else { return false }
        switch v {
        case .int: return true
        case .array(let k): return k.ndim == 0 && k.dtype.isInteger
        default: return false
        }
    }
}

func modifyElement(
    _ container: inout Value, _ idx: [IndexValue], _ span: SourceSpan, creating: Bool = false,
    _ body: (inout Value) throws -> Void
) throws {
    if case .array = container {
        let taken = take(&container)
        guard case .array(var a) = consume taken else { return }
        let shape = a.shape
        defer {
            a.shape = shape
            container = .array(a)
        }
        let plan = try indexPlan(a.shape, idx, span)
        let items = try arrayIndexItems(plan?.items ?? idx, span)
        if let plan { a.shape = plan.shape }
        var element = try withSpan(span) { try a.subscriptGet(items) }
        try body(&element)
        // A selection (not one element) changed in place keeps its dtype the
        // way numpy's in-place operators do (same_kind): `x[0:2] += 1.5` on
        // ints is refused rather than truncated, as numpy refuses it.
        if case .array(let result) = element, !result.dtype.castsSameKind(to: a.dtype),
            !selectsOneElement(idx, rank: shape.count)
        {
            let to = result.dtype, from = a.dtype
            throw RuntimeError(
                "changing \(from) elements in place gives \(to) values, which the array cannot hold",
                span: span,
                hint: "numpy refuses this too: make the array \(to) first (x = astype(x, \"\(to)\")), "
                    + "or convert the new values (x[s] = astype(x[s] + v, \"\(from)\"))")
        }
        try withSpan(span) { try a.subscriptSet(items, element) }
        return
    }
    try checkArrayOnlyItems(container, idx, span)
    if case .list = container {
        guard idx.count == 1, case .value(let k) = idx[0] else {
            throw RuntimeError("list assignment takes one integer index", span: span)
        }
        let taken = take(&container)
        guard case .list(var xs) = consume taken else { return }
        defer { container = .list(xs) }
        let i = try sequenceIndex(k, count: xs.count, what: "list", span, storing: creating)
        try body(&xs[i])
    } else if case .record = container {
        guard idx.count == 1, case .value(let k) = idx[0], let key = k.asString() else {
            throw recordIndexError(idx, span)
        }
        let taken = take(&container)
        guard case .record(var r) = consume taken else { return }
        defer { container = .record(r) }
        if try !r.modify(key, creating: creating, body) { _ = try recordField(r, key, span, changing: true) }
    } else {
        var hint: String? = nil
        if case .string = container {
            hint = "strings do not change: make a new one, e.g. s = \"H\" + s[1:]"
        }
        throw RuntimeError("cannot assign into \(container.kindName)", span: span, hint: hint)
    }
}

/// The value `v` held, leaving null in its place: moved out, so what is
/// bound from it is not shared with `v` and can change without a copy.
@inline(__always)
func take(_ v: inout Value) -> Value {
    var out = Value.null
    swap(&out, &v)
    return out
}

/// `container[idx] = value` without reading the old element first.
func setElement(_ container: inout Value, _ idx: [IndexValue], _ value: Value, _ span: SourceSpan) throws {
    if case .array(var a) = container {
        // A `null` item views the array with a unit axis while it is set.
        let plan = try indexPlan(a.shape, idx, span)
        let items = try arrayIndexItems(plan?.items ?? idx, span)
        let shape = a.shape
        container = .null
        if let plan { a.shape = plan.shape }
        defer {
            a.shape = shape
            container = .array(a)
        }
        try withSpan(span) { try a.subscriptSet(items, value) }
        return
    }
    try modifyElement(&container, idx, span, creating: true) { $0 = value }
}
