// Reading fields of parsed Jupyter messages (FLSFormats' JSONValue) without
// trusting their shape: a missing or mistyped field reads as nil.

import FLSFormats

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var int: Int? {
        switch self {
        case .int(let n): return Int(n)
        case .number(let d) where d.isFinite && d.rounded() == d && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// The JSON text, as bytes.
    var bytes: [UInt8] { Array(JSON.serialize(self).utf8) }
}
