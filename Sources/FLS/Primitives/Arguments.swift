// Arguments bound to a primitive's parameters, with typed accessors whose
// errors name the primitive and the parameter.

/// The arguments of one primitive call, in parameter order, defaults filled in.
public struct Arguments {
    /// The primitive being called (for messages).
    public let primitive: Primitive
    /// One value per parameter; `.null` for an omitted optional parameter
    /// whose default is null.
    public var values: [Value]

    /// Row selections passed for parameters marked `selectsRows`, by position.
    public var rowSelections: [Int: RowSelection]? = nil

    public init(primitive: Primitive, values: [Value]) {
        self.primitive = primitive
        self.values = values
    }

    /// The rows of an array argument: the array and, when the call wrote
    /// `x[rows]`, the selected row numbers in order (nil: every row).
    public func rowSource(_ i: Int) throws -> (array: NDArray, rows: [Int]?) {
        if let selection = rowSelections?[i] { return (selection.base, selection.rows) }
        return (try array(i), nil)
    }

    public subscript(i: Int) -> Value { values[i] }

    /// True when the argument is null (given as null or defaulted to it).
    public func isNull(_ i: Int) -> Bool {
        if case .null = values[i] { return true }
        return false
    }

    /// The error for argument `i` not being what the primitive needs; the
    /// hint names the FLS form when the call reads as a Python habit (`PythonHabit`).
    func fail(_ i: Int, _ expected: String) -> RuntimeError {
        let param = primitive.params[i].name
        return RuntimeError(
            "\(primitive.name): argument '\(param)' must be \(expected), got \(values[i].kindName)",
            hint: PythonHabit.hint(primitive.name, .argument(param), values) ?? "see help(\"\(primitive.name)\")")
    }

    /// The argument as an array (scalars become 0-d arrays, lists of numbers are stacked).
    public func array(_ i: Int) throws -> NDArray {
        if let a = try values[i].asArray() { return a }
        throw fail(i, "an array")
    }

    /// The argument as an integer (an int, or an integral 0-d array).
    public func int(_ i: Int) throws -> Int {
        if let n = values[i].asInt() { return n }
        throw fail(i, "an integer")
    }

    /// The argument as a float.
    public func double(_ i: Int) throws -> Double {
        if let x = values[i].asDouble() { return x }
        throw fail(i, "a number")
    }

    /// The argument as a boolean.
    public func bool(_ i: Int) throws -> Bool {
        switch values[i] {
        case .bool(let b): return b
        case .array(let a) where a.ndim == 0 && a.dtype == .bool:
            if case .bool(let s) = a.storage, let b = s.first { return b }
        default: break
        }
        throw fail(i, "true or false")
    }

    /// The argument as a string.
    public func string(_ i: Int) throws -> String {
        if let s = values[i].asString() { return s }
        throw fail(i, "a string")
    }

    /// The argument as a function.
    public func function(_ i: Int) throws -> Function {
        if case .function(let f) = values[i] { return f }
        throw fail(i, "a function")
    }

    /// The argument as a list of values (a list, or the first axis of an array).
    public func list(_ i: Int) throws -> [Value] {
        switch values[i] {
        case .list(let xs): return xs
        case .array(let a) where a.ndim >= 1: return try a.rows()
        default: throw fail(i, "a list")
        }
    }

    /// The argument as a record.
    public func record(_ i: Int) throws -> Record {
        if case .record(let r) = values[i] { return r }
        throw fail(i, "a record")
    }

    /// A shape: an int or a list/array of ints.
    public func shape(_ i: Int) throws -> [Int] {
        if let n = values[i].asInt() { return [n] }
        switch values[i] {
        case .list(let xs):
            var out: [Int] = []
            for x in xs {
                guard let n = x.asInt() else { throw fail(i, "an int or a list of ints") }
                out.append(n)
            }
            return out
        case .array(let a) where a.ndim == 1 && (a.dtype.isInteger || a.count == 0):
            return a.intElements()
        default: throw fail(i, "an int or a list of ints")
        }
    }

    /// A dtype given by name (`"f32"`).
    public func dtype(_ i: Int) throws -> DType {
        guard let s = values[i].asString() else {
            var error = fail(i, "a dtype name such as \"f32\"")
            // Python's types as dtypes: astype(x, float), zeros(3, int).
            if case .function(let f) = values[i], case .primitive(let p) = f.body,
                let name = PythonNames.flsDType(p.name)
            {
                error.hint = "FLS names dtypes with strings: write \"\(name)\""
            }
            throw error
        }
        guard let d = DType(name: s) else {
            throw RuntimeError(
                "\(primitive.name): unknown dtype \"\(s)\"",
                hint: "dtypes are " + DType.allCases.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return d
    }

    /// An optional axis: null, or an int (negative counts from the end).
    public func axis(_ i: Int) throws -> Int? {
        if isNull(i) { return nil }
        return try int(i)
    }
}

/// `x[rows]` not yet gathered: the array and the row numbers, in order.
public struct RowSelection {
    public let base: NDArray
    public let rows: [Int]

    /// The selection for an index value over `base`'s first axis, or nil when
    /// the index is not a 1-d integer array or a 1-d boolean mask (the call
    /// then evaluates `x[index]` as usual). Errors match fancy indexing's.
    public static func make(_ base: NDArray, _ index: Value) throws -> RowSelection? {
        guard base.ndim >= 1, case .array(let ix) = index, ix.ndim == 1 else { return nil }
        let n = base.shape[0]
        switch ix.storage {
        case .bool(let mask):
            guard mask.count == n else { return nil }
            var rows: [Int] = []
            for (i, on) in mask.enumerated() where on { rows.append(i) }
            return RowSelection(base: base, rows: rows)
        default:
            guard ix.dtype.isInteger, let values = ix.storage.integerElements else { return nil }
            var rows: [Int] = []
            rows.reserveCapacity(values.count)
            for v in values {
                let j = v < 0 ? v + Int64(n) : v
                guard j >= 0 && j < Int64(n) else {
                    throw RuntimeError("index \(v) is out of bounds for axis 0 with size \(n)")
                }
                rows.append(Int(j))
            }
            return RowSelection(base: base, rows: rows)
        }
    }
}

extension Storage {
    /// Integer elements as Int64 (nil for bool, float and str storage).
    var integerElements: [Int64]? {
        switch self {
        case .u8(let v): return v.map { Int64($0) }
        case .i32(let v): return v.map { Int64($0) }
        case .i64(let v): return v.array
        default: return nil
        }
    }
}
