// The plain data a pickle may hold once it has been loaded: no live Python
// objects, only values and typed arrays. Containers are fully built trees
// (shared references in the file become copies), with bounded depth.

/// A value read from (or to be written to) a Python pickle.
public enum PickleValue: Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([PickleValue])
    /// A list of str, packed (what `Pickle.load(path:packStrings: true)`
    /// gives for a list whose items are all strings).
    case strings(StringColumn)
    case tuple([PickleValue])
    /// A dict, in the file's insertion order.
    case dict([(PickleValue, PickleValue)])
    case set([PickleValue])
    case frozenset([PickleValue])
    /// A numpy ndarray.
    case array(TypedArray)
    /// A numpy scalar such as `np.float32(1.5)`, as a 0-d array.
    case scalar(TypedArray)
    /// A numpy dtype object, by its numpy name (for example `<f4`).
    case dtype(String)
}

extension PickleValue {
    /// The value under `key` when this is a dict with string keys.
    public subscript(key: String) -> PickleValue? {
        guard case .dict(let items) = self else { return nil }
        for (k, v) in items {
            if case .string(let s) = k, s == key { return v }
        }
        return nil
    }

    /// A short name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list, .strings: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .frozenset: return "frozenset"
        case .array: return "ndarray"
        case .scalar: return "numpy scalar"
        case .dtype: return "dtype"
        }
    }
}
