#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The operators: `binaryOperation` and `unaryOperation` are what compiled
// code calls for `+`, `<`, `-x` when its own int/float fast paths do not
// apply, and for `and`, `or`, `not` on arrays (element-wise). On other
// values `and`, `or` and `not` follow the language's truthiness in the
// compiler and never come here.

/// Applies a binary operator with numpy's broadcasting and promotion (and
/// Python's rules when both sides are unboxed scalars).
/// The hint for arithmetic on null: most often a function whose last line
/// is an assignment or a loop (its value is null) used as a number.
func nullOperandHint(_ side: String) -> String {
    "the \(side) side is null: a function gives the value of its last line, and one that ends in an "
        + "assignment or a loop gives null (end it with the value, or return it)"
}

public func binaryOperation(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws -> Value {
    if let v = try scalarBinary(op, lhs, rhs) { return v }
    guard let a = Operand(lhs), let b = Operand(rhs) else {
        switch (lhs, rhs) {
        case (.null, .null):
            if op == .equal { return .bool(true) }
            if op == .notEqual { return .bool(false) }
        case (.null, _), (_, .null):
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
        default: break
        }
        var hint: String? = nil
        if lhs.isList || rhs.isList { hint = "lists are not arrays; build an array with [...] or stack(...)" }
        if lhs.isList && rhs.isList && op == .add {
            hint = "+ does not join lists: append b's items one by one, for x in b { a = append(a, x) }"
        }
        if case .null = lhs { hint = nullOperandHint("left") }
        if case .null = rhs { hint = nullOperandHint("right") }
        if case .function(let f) = lhs, op == .subtract || op == .add || op == .multiply {
            // `print -1` (Python 2's print statement) reads as print minus 1.
            hint = "a function is called with parentheses: write \(f.name)(\(op.symbol)x), not \(f.name) \(op.symbol)x"
        }
        throw RuntimeError(
            "operator \(op.symbol) is not defined for \(lhs.kindName) and \(rhs.kindName)", hint: hint)
    }
    if op == .matmul {
        return .array(try matmul(a.array(as: a.naturalDType), b.array(as: b.naturalDType)))
    }
    // Text never equals a number: == is all false and != all true, as numpy.
    if op == .equal || op == .notEqual, (a.naturalDType == .str) != (b.naturalDType == .str) {
        func shapeOf(_ o: Operand) -> [Int] { if case .strong(let x) = o { return x.shape }; return [] }
        let shape = try broadcastShapes(shapeOf(a), shapeOf(b))
        let n = try Limits.elementCount(shape, .bool)
        return .array(NDArray(shape: shape, storage: .bool(Array(repeating: op == .notEqual, count: n))))
    }
    var compute: DType
    switch (a, b) {
    case (.strong(let x), _): compute = try promoteWeak(x.dtype, b)
    case (_, .strong(let y)): compute = try promoteWeak(y.dtype, a)
    default: compute = try promote(a.naturalDType, b.naturalDType)
    }
    // True division of integers runs in f64, so a weak integer never needs
    // to fit the integer dtype (numpy accepts u8 array / -2).
    if op == .divide && (compute.isInteger || compute == .bool) { compute = .f64 }
    var x: NDArray, y: NDArray
    if op.isComparison && compute.isInteger {
        // numpy 2 compares against an out-of-range Python integer exactly
        // (u8 array < 300 is all true), so widen instead of failing.
        do {
            x = try a.array(as: compute)
            y = try b.array(as: compute)
        } catch {
            x = try a.array(as: .i64)
            y = try b.array(as: .i64)
        }
    } else {
        x = try a.array(as: compute)
        y = try b.array(as: compute)
    }
    return .array(try arrayBinary(op, x, y))
}

extension Value {
    var isList: Bool { if case .list = self { return true }; return false }
}

/// Applies an operator to two arrays of the same dtype.
func arrayBinary(_ op: BinaryOperator, _ x: NDArray, _ y: NDArray) throws -> NDArray {
    let out = try broadcastShapes(x.shape, y.shape)
    _ = try Limits.elementCount(out, op.isComparison ? .bool : x.dtype)
    let dtype = x.dtype
    if op == .and || op == .or {
        let p = try x.astype(.bool), q = try y.astype(.bool)
        guard case .bool(let u) = p.storage, case .bool(let v) = q.storage else {
            throw RuntimeError("internal: bool cast")
        }
        let r =
            op == .and
            ? mapBinary(u, p.shape, v, q.shape, out) { $0 && $1 } : mapBinary(u, p.shape, v, q.shape, out) { $0 || $1 }
        return NDArray(shape: out, storage: .bool(r))
    }
    if dtype == .str {
        guard case .str(let packedU) = x.storage, case .str(let packedV) = y.storage else {
            throw RuntimeError("internal: str cast")
        }
        if op.isComparison {
            return NDArray(shape: out, storage: .bool(compareStrings(op, packedU, x.shape, packedV, y.shape, out)))
        }
        if op == .add {
            return NDArray(shape: out, storage: .str(try concatenateStrings(packedU, x.shape, packedV, y.shape, out)))
        }
        throw RuntimeError(
            "operator \(op.symbol) is not defined for strings",
            hint: "strings support + (concatenation) and comparisons")
    }
    if dtype == .bool {
        guard case .bool(let u) = x.storage, case .bool(let v) = y.storage else {
            throw RuntimeError("internal: bool cast")
        }
        switch op {
        case .add: return NDArray(shape: out, storage: .bool(mapBinary(u, x.shape, v, y.shape, out) { $0 || $1 }))
        case .multiply: return NDArray(shape: out, storage: .bool(mapBinary(u, x.shape, v, y.shape, out) { $0 && $1 }))
        case .equal: return NDArray(shape: out, storage: .bool(mapBinary(u, x.shape, v, y.shape, out) { $0 == $1 }))
        case .notEqual: return NDArray(shape: out, storage: .bool(mapBinary(u, x.shape, v, y.shape, out) { $0 != $1 }))
        case .subtract:
            throw RuntimeError(
                "operator - is not defined for bool arrays",
                hint: "use x != y for exclusive or, or astype(x, \"i64\") first")
        case .divide: return try arrayBinary(op, x.astype(.f64), y.astype(.f64))
        default:
            return try arrayBinary(op, x.astype(op.isComparison ? .u8 : .i64), y.astype(op.isComparison ? .u8 : .i64))
        }
    }
    if op == .divide && dtype.isInteger { return try arrayBinary(op, x.astype(.f64), y.astype(.f64)) }
    let result: Storage
    switch (x.storage, y.storage) {
    case (.u8(let u), .u8(let v)): result = try numericBinary(op, u, x.shape, v, y.shape, out)
    case (.i32(let u), .i32(let v)): result = try numericBinary(op, u, x.shape, v, y.shape, out)
    case (.i64(let u), .i64(let v)): result = try numericBinary(op, u, x.shape, v, y.shape, out)
    case (.f32(let u), .f32(let v)): result = try numericBinary(op, u, x.shape, v, y.shape, out)
    case (.f64(let u), .f64(let v)): result = try numericBinary(op, u, x.shape, v, y.shape, out)
    default: throw RuntimeError("internal: operands of \(op.symbol) have different dtypes")
    }
    try Interrupt.check()
    return NDArray(shape: out, storage: result)
}

/// Python compares strings by code point; Swift's `<` uses canonical
/// ordering, so compare the scalars.
@inline(__always)
func codePointLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
}

@inline(__always)
func codePointEqual(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.elementsEqual(b.unicodeScalars)
}

/// Compares two str arrays element-wise by code point, on their UTF-8 bytes
/// (UTF-8 byte order is code point order), without making Strings.
func compareStrings(_ op: BinaryOperator, _ u: StringColumn, _ us: [Int], _ v: StringColumn, _ vs: [Int], _ out: [Int])
    -> [Bool]
{
    let test: (Int) -> Bool
    switch op {
    case .equal: test = { $0 == 0 }
    case .notEqual: test = { $0 != 0 }
    case .less: test = { $0 < 0 }
    case .lessEqual: test = { $0 <= 0 }
    case .greater: test = { $0 > 0 }
    default: test = { $0 >= 0 }
    }
    // Broadcasting is done on positions; each pair compares bytes.
    return mapBinary(Array(0..<u.count), us, Array(0..<v.count), vs, out) { i, j in
        test(u.withUTF8(i) { a in v.withUTF8(j) { b in compareUTF8(a, b) } })
    }
}

/// Element-wise `+` of two str arrays (broadcast), written straight into one
/// packed column: the joined texts together must fit the string limit.
func concatenateStrings(_ u: StringColumn, _ us: [Int], _ v: StringColumn, _ vs: [Int], _ out: [Int]) throws
    -> StringColumn
{
    let pairs = mapBinary(Array(0..<u.count), us, Array(0..<v.count), vs, out) { ($0, $1) }
    var total = 0
    for (i, j) in pairs { total = try Limits.stringSum(total, u.utf8Count(i) + v.utf8Count(j)) }
    try Limits.checkString(bytes: total)
    var builder = PackedStringsBuilder(capacity: pairs.count, byteCapacity: total)
    for (i, j) in pairs {
        u.withUTF8(i) { a in v.withUTF8(j) { b in builder.append(a, b) } }
    }
    return StringColumn(packed: builder.finish())
}

/// Byte-wise order of two UTF-8 strings: negative, zero or positive.
@inline(__always)
public func compareUTF8(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let shared = Swift.min(a.count, b.count)
    if shared > 0, let pa = a.baseAddress, let pb = b.baseAddress {
        let order = memcmp(pa, pb, shared)
        if order != 0 { return Int(order) }
    }
    return a.count - b.count
}

/// Arithmetic and comparison kernels for one numeric element type.
func numericBinary<T: ArithElement>(
    _ op: BinaryOperator, _ u: some ContiguousElements<T>, _ us: [Int], _ v: some ContiguousElements<T>, _ vs: [Int],
    _ out: [Int]
) throws -> Storage {
    if let r = contiguousArithmetic(op, u, v, shapeProduct(out)) { return T.wrap(r) }
    switch op {
    case .add: return T.wrap(mapBinary(u, us, v, vs, out) { T.add($0, $1) })
    case .subtract: return T.wrap(mapBinary(u, us, v, vs, out) { T.sub($0, $1) })
    case .multiply: return T.wrap(mapBinary(u, us, v, vs, out) { T.mul($0, $1) })
    case .divide:
        // Only floats reach here: integer operands were converted to f64.
        return T.wrap(mapBinary(u, us, v, vs, out) { T(fromDouble: $0.asDouble / $1.asDouble) })
    case .floorDivide, .modulo:
        if !T.isFloat && v.contains(where: { $0 == T.zero }) {
            throw RuntimeError(
                "integer division by zero", hint: "convert to float with astype(x, \"f64\") to get inf/nan instead")
        }
        if op == .floorDivide { return T.wrap(mapBinary(u, us, v, vs, out) { T.floorDiv($0, $1) }) }
        return T.wrap(mapBinary(u, us, v, vs, out) { T.mod($0, $1) })
    case .power:
        if !T.isFloat && v.contains(where: { $0 < T.zero }) {
            throw RuntimeError(
                "integers to negative integer powers are not allowed", hint: "use a float base, e.g. 2.0 ** -1")
        }
        return T.wrap(mapBinary(u, us, v, vs, out) { T.power($0, $1) })
    case .equal: return .bool(mapBinary(u, us, v, vs, out) { $0 == $1 })
    case .notEqual: return .bool(mapBinary(u, us, v, vs, out) { $0 != $1 })
    case .less: return .bool(mapBinary(u, us, v, vs, out) { $0 < $1 })
    case .lessEqual: return .bool(mapBinary(u, us, v, vs, out) { $0 <= $1 })
    case .greater: return .bool(mapBinary(u, us, v, vs, out) { $0 > $1 })
    case .greaterEqual: return .bool(mapBinary(u, us, v, vs, out) { $0 >= $1 })
    case .matmul, .and, .or: throw RuntimeError("internal: \(op.symbol) reached the element-wise kernel")
    }
}

/// Python semantics for two unboxed scalars; nil when either side is not one.
func scalarBinary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value) throws -> Value? {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)):
        switch op {
        case .add: return .string(try concatenated([a, b]))
        case .equal: return .bool(codePointEqual(a, b))
        case .notEqual: return .bool(!codePointEqual(a, b))
        case .less: return .bool(codePointLess(a, b))
        case .lessEqual: return .bool(!codePointLess(b, a))
        case .greater: return .bool(codePointLess(b, a))
        case .greaterEqual: return .bool(!codePointLess(a, b))
        default:
            throw RuntimeError(
                "operator \(op.symbol) is not defined for strings",
                hint: op == .modulo
                    ? "FLS formats with f-strings: f\"{s} items\", f\"{x:.2f}\""
                    : "strings support + (concatenation) and comparisons")
        }
    case (.string, .int), (.string, .float), (.string, .bool), (.int, .string), (.float, .string), (.bool, .string):
        if op == .equal { return .bool(false) }
        if op == .notEqual { return .bool(true) }
        let repeats = op == .multiply && (lhs.kindName == "int" || rhs.kindName == "int")
        var hint =
            repeats
            ? "FLS does not repeat strings with *: write join(\"\", repeat(s, n))"
            : "use str(x) to turn a number into text"
        // Python's "%d items" % n.
        if op == .modulo, case .string = lhs { hint = "FLS formats with f-strings: f\"{n:d} items\", f\"{x:.2f}\"" }
        throw RuntimeError("operator \(op.symbol) is not defined for \(lhs.kindName) and \(rhs.kindName)", hint: hint)
    default: break
    }
    func number(_ v: Value) -> (Int64?, Double?)? {
        switch v {
        case .int(let n): return (n, nil)
        case .bool(let b): return (b ? 1 : 0, nil)
        case .float(let x): return (nil, x)
        default: return nil
        }
    }
    guard let l = number(lhs), let r = number(rhs) else { return nil }
    if op == .matmul {
        throw RuntimeError("operator @ needs arrays with at least one axis, got \(lhs.kindName) and \(rhs.kindName)")
    }
    if case .bool(let p) = lhs, case .bool(let q) = rhs, op == .equal || op == .notEqual {
        return .bool((p == q) == (op == .equal))
    }
    if let a = l.0, let b = r.0 {
        switch op {
        case .add: return .int(a &+ b)
        case .subtract: return .int(a &- b)
        case .multiply: return .int(a &* b)
        case .divide: return .float(Double(a) / Double(b))
        case .floorDivide, .modulo:
            if b == 0 {
                throw RuntimeError(
                    "integer division by zero", hint: "divide floats (e.g. 1.0 // 0) to get inf or nan instead")
            }
            return .int(op == .floorDivide ? Int64.floorDiv(a, b) : Int64.mod(a, b))
        case .power:
            if b < 0 { return .float(Double.powF(Double(a), Double(b))) }
            return .int(Int64.power(a, b))
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        default: return nil
        }
    }
    let a = l.1 ?? Double(l.0 ?? 0), b = r.1 ?? Double(r.0 ?? 0)
    switch op {
    case .add: return .float(a + b)
    case .subtract: return .float(a - b)
    case .multiply: return .float(a * b)
    case .divide: return .float(a / b)
    case .floorDivide: return .float(Double.floorDiv(a, b))
    case .modulo: return .float(Double.mod(a, b))
    case .power: return .float(Double.powF(a, b))
    case .equal: return .bool(a == b)
    case .notEqual: return .bool(a != b)
    case .less: return .bool(a < b)
    case .lessEqual: return .bool(a <= b)
    case .greater: return .bool(a > b)
    case .greaterEqual: return .bool(a >= b)
    default: return nil
    }
}

/// Applies a prefix operator: `-` and `+` numerically, `not` element-wise
/// to an array. `not` of any other value is the compiler's, by the language's
/// truthiness (`truthy`), and never comes here.
public func unaryOperation(_ op: UnaryOperator, _ operand: Value) throws -> Value {
    switch (op, operand) {
    case (.negate, .int(let n)): return .int(0 &- n)
    case (.negate, .float(let x)): return .float(-x)
    case (.negate, .bool(let b)): return .int(b ? -1 : 0)
    case (.plus, .int), (.plus, .float): return operand
    case (.plus, .bool(let b)): return .int(b ? 1 : 0)
    case (.not, .array(let a)):
        let b = try a.astype(.bool)
        guard case .bool(let v) = b.storage else { return operand }
        return .array(NDArray(shape: a.shape, storage: .bool(mapUnary(v) { !$0 })))
    case (.negate, .array(let a)):
        switch a.storage {
        case .u8(let v): return .array(NDArray(shape: a.shape, storage: .u8(mapUnary(v) { 0 &- $0 })))
        case .i32(let v): return .array(NDArray(shape: a.shape, storage: .i32(mapUnary(v) { 0 &- $0 })))
        case .i64(let v): return .array(NDArray(shape: a.shape, storage: .i64(mapUnary(v) { 0 &- $0 })))
        case .f32(let v): return .array(NDArray(shape: a.shape, storage: .f32(mapUnary(v) { -$0 })))
        case .f64(let v): return .array(NDArray(shape: a.shape, storage: .f64(mapUnary(v) { -$0 })))
        case .bool:
            throw RuntimeError("operator - is not defined for bool arrays", hint: "use `not x` to flip booleans")
        case .str: throw RuntimeError("operator - is not defined for strings")
        }
    case (.plus, .array(let a)):
        if a.dtype == .str { throw RuntimeError("operator + is not defined for a single string operand") }
        return operand
    default:
        throw RuntimeError("operator \(op.rawValue) is not defined for \(operand.kindName)")
    }
}
