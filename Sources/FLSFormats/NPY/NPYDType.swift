// The dtype strings of .npy headers (`<f8`, `|b1`, `>U12`) and the
// language types they are read as.

/// A .npy element type: what the file holds and what the language gets.
struct NPYDType {
    enum Kind { case bool, signed, unsigned, float, unicode, bytes }

    var kind: Kind
    /// Bytes per element in the file.
    var itemSize: Int
    /// Whether multi-byte elements are stored most significant byte first.
    var bigEndian: Bool
    /// The descr string as written, for messages.
    var descr: String

    /// The language type this dtype is read as.
    var elementType: ElementType {
        switch (kind, itemSize) {
        case (.bool, _): return .bool
        case (.unsigned, 1): return .u8
        case (.signed, 1), (.signed, 2), (.unsigned, 2), (.signed, 4): return .i32
        case (.signed, _), (.unsigned, _): return .i64
        case (.float, 8): return .f64
        case (.float, _): return .f32
        case (.unicode, _), (.bytes, _): return .str
        }
    }

    /// Parses a descr such as `<f8`, `|b1`, `>i2`, `<U12` or `|S5`.
    init(descr: String) throws {
        self.descr = descr
        var chars = Substring(descr)
        var big = false
        if let first = chars.first, "<>|=".contains(first) {
            big = first == ">"
            chars = chars.dropFirst()
        }
        guard let kindChar = chars.first else {
            throw FormatError("the .npy dtype '\(descr)' is empty.")
        }
        let digits = chars.dropFirst()
        let size: Int?
        if digits.isEmpty {
            size = nil
        } else {
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 12, let value = Int(digits) else {
                throw FormatError("the .npy dtype '\(descr)' has an invalid size.")
            }
            size = value
        }
        bigEndian = big
        switch kindChar {
        case "b", "?":
            guard size == nil || size == 1 else { throw FormatError("the .npy dtype '\(descr)' is not a 1-byte bool.") }
            kind = .bool
            itemSize = 1
        case "i", "u":
            guard let size, [1, 2, 4, 8].contains(size) else {
                throw FormatError("the .npy dtype '\(descr)' is not an integer of 1, 2, 4 or 8 bytes.")
            }
            kind = kindChar == "i" ? .signed : .unsigned
            itemSize = size
        case "f":
            guard let size, [2, 4, 8].contains(size) else {
                throw FormatError(
                    "the .npy dtype '\(descr)' is not a float of 2, 4 or 8 bytes (long double is not supported).")
            }
            kind = .float
            itemSize = size
        case "U":
            let (bytes, overflow) = (size ?? 0).multipliedReportingOverflow(by: 4)
            guard !overflow else { throw FormatError("the .npy dtype '\(descr)' is too wide.") }
            kind = .unicode
            itemSize = bytes
        case "S", "a":
            kind = .bytes
            itemSize = size ?? 0
        case "O":
            throw FormatError(
                "object arrays (dtype 'O') hold pickled Python objects and are not read; re-save with a numeric or string dtype."
            )
        case "c":
            throw FormatError(
                "complex dtypes ('\(descr)') are not supported; save the real and imaginary parts separately.")
        case "M", "m":
            throw FormatError("datetime dtypes ('\(descr)') are not supported; save them as int64 or as strings.")
        default:
            throw FormatError("the .npy dtype '\(descr)' is not supported (bool, integers, floats and strings are).")
        }
    }
}
