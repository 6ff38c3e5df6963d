// Conversions between values and arrays that primitives' argument accessors
// and the interpreter's array literals rely on.

extension Value {
    /// The value as an array: numbers become 0-d arrays (int -> i64, float ->
    /// f64), a list of numbers or equal-shape arrays is stacked; nil for
    /// values that are not array-like (records, functions, null).
    public func asArray() throws -> NDArray? {
        switch self {
        case .array(let a): return a
        case .int(let n): return NDArray(scalar: .i64([n]))
        case .float(let x): return NDArray(scalar: .f64([x]))
        case .bool(let b): return NDArray(scalar: .bool([b]))
        case .string(let s): return NDArray(scalar: .str([s]))
        case .list(let xs):
            guard case .array(let a) = try stackLiteral(xs) else { return nil }
            return a
        default: return nil
        }
    }

    /// The value as an integer: an int, or an integral 0-d integer array.
    public func asInt() -> Int? {
        switch self {
        case .int(let n): return Int(n)
        case .array(let a) where a.ndim == 0 && a.dtype.isInteger:
            return a.intElements().first
        default: return nil
        }
    }

    /// The value as a float: any number or numeric 0-d array.
    public func asDouble() -> Double? {
        switch self {
        case .int(let n): return Double(n)
        case .float(let x): return x
        case .array(let a) where a.ndim == 0 && a.dtype.isNumeric && a.dtype != .bool:
            return a.storage.doubles.first
        default: return nil
        }
    }

    /// The value as text: a string or a 0-d str array.
    public func asString() -> String? {
        switch self {
        case .string(let s): return s
        case .array(let a) where a.ndim == 0:
            if case .str(let v) = a.storage { return v.first }
            return nil
        default: return nil
        }
    }

    /// How the value reads as a literal in a signature (`null`, `5`, `"f64"`).
    public var literalText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .float(let x): return pythonFloatText(x, single: false)
        case .string(let s): return quotedText(s)
        case .list(let xs): return "list(" + xs.map(\.literalText).joined(separator: ", ") + ")"
        default: return displayText(self)
        }
    }
}

extension NDArray {
    /// The slices along the first axis; a 1-d array gives its elements as
    /// 0-d arrays (strings as `.string`).
    /// An axis of 10^12 empty rows is refused here, before any is made.
    public func rows() throws -> [Value] {
        guard let n = shape.first else { return [element(0)] }
        let inner = Array(shape.dropFirst())
        let size = shapeProduct(inner)
        // Each row is a value in the list and a new array (a header, its
        // shape, and for the elements of a 1-d array a one-element buffer).
        try Limits.checkItems(n, bytesEach: MemoryLayout<Value>.stride + 96, what: "rows")
        var out: [Value] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            if i & 65535 == 65535 { try Interrupt.check() }
            if inner.isEmpty {
                out.append(element(i))
            } else {
                out.append(.array(NDArray(shape: inner, storage: storage.slice(i * size, size))))
            }
        }
        return out
    }

    /// The elements as integers (floats truncate toward zero).
    public func intElements() -> [Int] {
        storage.int64s.map { Int(truncatingIfNeeded: $0) }
    }

    /// Element `i` (row-major) as a value: a 0-d array, or `.string` for str.
    func element(_ i: Int) -> Value {
        if case .str(let v) = storage { return .string(v[i]) }
        return .array(NDArray(shape: [], storage: storage.slice(i, 1)))
    }

    /// A 0-d i64 array.
    public init(scalar value: Int64) { self.init(shape: [], storage: .i64([value])) }
    /// A 0-d f64 array.
    public init(scalar value: Double) { self.init(shape: [], storage: .f64([value])) }
    /// A 0-d f32 array.
    public init(scalar value: Float) { self.init(shape: [], storage: .f32([value])) }
    /// A 0-d bool array.
    public init(scalar value: Bool) { self.init(shape: [], storage: .bool([value])) }
    /// A 0-d str array.
    public init(scalar value: String) { self.init(shape: [], storage: .str([value])) }
}

extension Storage {
    /// `count` elements starting at `start`, copied.
    func slice(_ start: Int, _ count: Int) -> Storage {
        switch self {
        case .bool(let a): return .bool(Array(a[start..<start + count]))
        case .u8(let a): return .u8(Array(a[start..<start + count]))
        case .i32(let a): return .i32(Array(a[start..<start + count]))
        case .i64(let a): return .i64(Array(a[start..<start + count]))
        case .f32(let a): return .f32(Array(a[start..<start + count]))
        case .f64(let a): return .f64(Array(a[start..<start + count]))
        case .str(let a): return .str(Array(a[start..<start + count]))
        }
    }
}

/// Builds an array from an array literal's items: numbers promote (all ints
/// -> i64, any float -> f64), equal-shape nested arrays stack into n-d, and
/// ragged nesting is an error.
public func stackLiteral(_ items: [Value]) throws -> Value {
    if items.isEmpty { return .array(NDArray(shape: [0], storage: .f64([]))) }
    if let numbers = plainNumbers(items) { return .array(numbers) }
    var parts: [NDArray] = []
    parts.reserveCapacity(items.count)
    var weakKinds = Set<DType>()
    var strongDType: DType?
    for item in items {
        switch item {
        case .int(let n): parts.append(NDArray(scalar: n)); weakKinds.insert(.i64)
        case .float(let x): parts.append(NDArray(scalar: x)); weakKinds.insert(.f64)
        case .bool(let b): parts.append(NDArray(scalar: b)); weakKinds.insert(.bool)
        case .string(let s): parts.append(NDArray(scalar: s)); weakKinds.insert(.str)
        case .array(let a):
            parts.append(a)
            strongDType = try strongDType.map { try promote($0, a.dtype) } ?? a.dtype
        case .list(let xs):
            guard case .array(let a) = try stackLiteral(xs) else { throw RuntimeError("internal: nested literal") }
            parts.append(a)
            strongDType = try strongDType.map { try promote($0, a.dtype) } ?? a.dtype
        default:
            throw RuntimeError(
                "an array literal cannot hold \(item.kindWithArticle)", hint: "use list(...) for mixed values")
        }
    }
    let shape = parts[0].shape
    for p in parts where p.shape != shape {
        throw RuntimeError(
            "ragged nesting: items have shapes \(formatShape(shape)) and \(formatShape(p.shape))",
            hint: "arrays must be rectangular; use list(...) for a list of unequal items")
    }
    // As in numpy's array construction (where numbers are not weak), plain
    // numbers count as bool, i64 or f64 next to arrays and array elements:
    // [u8_value, 300] is i64 [1 300], never a silently wrapped u8.
    var dtype: DType? = strongDType
    for k in [DType.bool, .i64, .f64, .str] where weakKinds.contains(k) {
        dtype = try dtype.map { try promote($0, k) } ?? k
    }
    let result = dtype ?? .f64
    return .array(try NDArray.stack(parts.map { try $0.astype(result) }, dtype: result))
}

/// All ints (i64), all bools, or ints and floats (f64), without making an
/// array per item: what `stackLiteral` gives for them (and does first), faster. Nil otherwise.
func plainNumbers(_ items: [Value]) -> NDArray? {
    guard let first = items.first else { return nil }
    switch first {
    case .int:
        var ints: [Int64] = []
        ints.reserveCapacity(items.count)
        for v in items {
            guard case .int(let n) = v else { return plainFloats(items) }
            ints.append(n)
        }
        return NDArray(shape: [ints.count], storage: .i64(ints))
    case .float: return plainFloats(items)
    case .bool:
        var bits: [Bool] = []
        bits.reserveCapacity(items.count)
        for v in items {
            guard case .bool(let b) = v else { return nil }
            bits.append(b)
        }
        return NDArray(shape: [bits.count], storage: .bool(bits))
    default: return nil
    }
}

private func plainFloats(_ items: [Value]) -> NDArray? {
    var xs: [Double] = []
    xs.reserveCapacity(items.count)
    for v in items {
        switch v {
        case .float(let x): xs.append(x)
        case .int(let n): xs.append(Double(n))
        default: return nil
        }
    }
    return NDArray(shape: [xs.count], storage: .f64(xs))
}

extension NDArray {
    /// Stacks same-shape, same-dtype arrays along a new first axis.
    static func stack(_ parts: [NDArray], dtype: DType) throws -> NDArray {
        let inner = parts.first?.shape ?? []
        let shape = [parts.count] + inner
        _ = try Limits.elementCount(shape, dtype)
        func join<T: Element>(_: T.Type) -> Storage {
            var out: [T] = []
            out.reserveCapacity(shapeProduct(shape))
            for p in parts { if let v = T.unwrap(p.storage) { out.append(contentsOf: v) } }
            return T.wrap(out)
        }
        switch dtype {
        case .bool: return NDArray(shape: shape, storage: join(Bool.self))
        case .u8: return NDArray(shape: shape, storage: join(UInt8.self))
        case .i32: return NDArray(shape: shape, storage: join(Int32.self))
        case .i64: return NDArray(shape: shape, storage: join(Int64.self))
        case .f32: return NDArray(shape: shape, storage: join(Float.self))
        case .f64: return NDArray(shape: shape, storage: join(Double.self))
        case .str: return NDArray(shape: shape, storage: join(String.self))
        }
    }
}
