// Every FLS value. Scalars from literals and scalar arithmetic are unboxed
// (`.int`, `.float`, `.bool`, `.string`) and behave as numpy's "weak" Python
// scalars in promotion; a 0-d array (what indexing one element or a
// reduction gives) keeps its dtype, as a numpy scalar does.

/// An FLS value.
public enum Value {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case array(NDArray)
    case list([Value])
    case record(Record)
    case function(Function)
    case handle(Handle)

    /// The kind's name as users see it in messages (`"i64[3]"`, `"list"`).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .array(let a):
            return a.ndim == 0 ? "\(a.dtype) scalar" : "\(a.dtype)\(String(formatShape(a.shape).filter { $0 != " " }))"
        case .list: return "list"
        case .record: return "record"
        case .function: return "function"
        case .handle(let h): return h.typeName
        }
    }

    /// `kindName` with its article, as read aloud: "an int", "a list",
    /// "an f64[3]", "an i64 scalar", "a u8[2]".
    public var kindWithArticle: String {
        let k = kindName
        let vowel = k.first.map { "aeio".contains($0) } ?? false
        return (vowel || k.hasPrefix("f32") || k.hasPrefix("f64") ? "an " : "a ") + k
    }
}

/// An ordered map from string keys to values (`{person: p, video: v}`).
/// Copy-on-write: one reference inside, so a Value stays small.
public struct Record {
    private final class Box {
        var keys: [String] = []
        var values: [Value] = []
        var index: [String: Int] = [:]
        /// The slot found last through `index`: code that tests a key and
        /// then reads or changes it (`if w in g { g[w] = append(g[w], i) }`)
        /// asks for one key several times in a row, and comparing it with
        /// the key in this slot costs less than hashing it again.
        var lastFound = -1
        func copy() -> Box {
            let b = Box()
            b.keys = keys
            b.values = values
            b.index = index
            b.lastFound = lastFound
            return b
        }
    }
    private var box = Box()

    public init() {}

    public init(_ pairs: [(String, Value)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { box.keys.count }
    public var keys: [String] { box.keys }
    public var values: [Value] { box.values }

    private func slot(_ key: String) -> Int? {
        if box.keys.count <= 8 {
            for i in 0..<box.keys.count where box.keys[i] == key { return i }
            return nil
        }
        let b = box
        if b.lastFound >= 0, b.keys[b.lastFound] == key { return b.lastFound }
        let found = b.index[key]
        if let found { b.lastFound = found }
        return found
    }

    /// The value for `key`; setting appends new keys at the end, setting nil removes.
    public subscript(key: String) -> Value? {
        get { slot(key).map { box.values[$0] } }
        set {
            if !isKnownUniquelyReferenced(&box) { box = box.copy() }
            if let i = slot(key) {
                if let newValue {
                    box.values[i] = newValue
                } else {
                    box.keys.remove(at: i)
                    box.values.remove(at: i)
                    box.index = [:]
                    box.lastFound = -1
                    for (j, k) in box.keys.enumerated() { box.index[k] = j }
                }
            } else if let newValue {
                box.index[key] = box.keys.count
                box.keys.append(key)
                box.values.append(newValue)
            }
        }
    }

    /// Key-value pairs in order.
    public var pairs: [(String, Value)] { Array(zip(box.keys, box.values)) }

    /// Applies `body` to the value of `key` (null when there is none: the
    /// key is then added at the end). The value is moved out of the record
    /// while it changes, so it is not shared and changes where it is. When
    /// `body` fails, the record keeps the value as `body` left it, and no key
    /// is added.
    /// Changes the field `key` in its slot. A missing field is added (its
    /// value starting as null) when `creating` (a store); otherwise nothing
    /// is done and the result is false (the caller names the missing field).
    @discardableResult
    mutating func modify(_ key: String, creating: Bool, _ body: (inout Value) throws -> Void) throws -> Bool {
        guard let i = slot(key) else {
            if !creating { return false }
            var v = Value.null
            try body(&v)
            self[key] = v
            return true
        }
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        var v = Value.null
        swap(&v, &box.values[i])
        defer { swap(&v, &box.values[i]) }
        try body(&v)
        return true
    }
}

/// A native object behind a value (an image archive, a plot).
open class Handle {
    public init() {}
    /// The name shown for the kind (`"archive"`).
    open var typeName: String { "handle" }
    /// One-line display.
    open var summary: String { "<\(typeName)>" }
    /// `h.name`; nil when there is no such field.
    open func field(_ name: String) throws -> Value? { nil }
    /// Field names, for completion and `keys(h)`.
    open var fieldNames: [String] { [] }
    /// `h[i]`; nil when the handle is not indexable.
    open func index(_ key: Value) throws -> Value? { nil }
    /// `len(h)`; nil when it has no length.
    open var length: Int? { nil }
}

/// A callable: a built-in primitive or a user closure.
public final class Function {
    public enum Body {
        case primitive(Primitive)
        case closure(Closure)
    }
    public let body: Body
    /// The closure, when this is one (read on every call, so stored apart
    /// from `body`: copying `body` would retain every field of a primitive).
    public let closure: Closure?

    public init(_ body: Body) {
        self.body = body
        if case .closure(let c) = body { closure = c } else { closure = nil }
    }

    /// The function's name, for messages.
    public var name: String {
        switch body {
        case .primitive(let p): return p.name
        case .closure(let c): return c.name
        }
    }
}
