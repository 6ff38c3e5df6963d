// The .npy header: locating it after the magic string and parsing the
// Python dict literal numpy writes there, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// The literal parser accepts the small subset of Python numpy uses
// (dicts, tuples, lists, strings, ints with an optional Python 2 `L`,
// True/False/None) and nothing else; nesting is bounded.

/// A parsed .npy header, checked against the bytes that follow it.
struct NPYHeader {
    /// Headers above this size are refused before reading them (numpy's own
    /// limit is 10,000 bytes; real structured dtypes stay far below 1 MB).
    static let maximumLength = 1 << 20

    var dtype: NPYDType
    var fortranOrder: Bool
    var shape: [Int]
    /// Number of elements: the product of `shape`.
    var count: Int
    /// Byte offset of the first element.
    var dataOffset: Int
    /// Bytes the elements occupy: `count * dtype.itemSize`.
    var dataLength: Int

    /// Checks the magic string and version and returns where the header
    /// text starts and how long it is.
    static func locate(prefix: [UInt8], totalSize: Int) throws -> (start: Int, length: Int) {
        guard prefix.count >= 8, Array(prefix[0..<6]) == NPY.magic else {
            throw FormatError("the file does not start with the .npy magic string '\\x93NUMPY'.", offset: 0)
        }
        let major = prefix[6]
        let start: Int
        let length: Int
        switch major {
        case 1:
            guard prefix.count >= 10 else { throw FormatError("the file ends inside the .npy preamble.", offset: 8) }
            start = 10
            length = Int(prefix[8]) | Int(prefix[9]) << 8
        case 2, 3:
            guard prefix.count >= 12 else { throw FormatError("the file ends inside the .npy preamble.", offset: 8) }
            start = 12
            length = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
        default:
            throw FormatError(
                "unsupported .npy format version \(major).\(prefix[7]) (versions 1.0, 2.0 and 3.0 are known).",
                offset: 6)
        }
        guard length <= maximumLength else {
            throw FormatError("the .npy header claims \(length) bytes, more than the 1 MB limit.", offset: 8)
        }
        guard length <= totalSize - start else {
            throw FormatError(
                "the .npy header claims \(length) bytes but the file ends after \(totalSize - start).", offset: 8)
        }
        return (start, length)
    }

    /// Parses the header text and checks the declared shape against
    /// `availableBytes`, the bytes after the header.
    init(text: [UInt8], version: UInt8, dataOffset: Int, availableBytes: Int) throws {
        var parser = PythonLiteralParser(bytes: text, utf8: version >= 3)
        let literal = try parser.parseHeader()
        guard case .dict(let entries) = literal else {
            throw FormatError("the .npy header is not a Python dict literal.", offset: dataOffset - text.count)
        }
        let keys = Set(entries.map(\.key))
        guard keys == ["descr", "fortran_order", "shape"], entries.count == 3 else {
            throw FormatError(
                "the .npy header must have exactly the keys 'descr', 'fortran_order' and 'shape' (found \(entries.map(\.key).sorted()))."
            )
        }
        var descr = PythonLiteral.none
        var order = PythonLiteral.none
        var shapeLiteral = PythonLiteral.none
        for (key, value) in entries {
            switch key {
            case "descr": descr = value
            case "fortran_order": order = value
            default: shapeLiteral = value
            }
        }
        switch descr {
        case .string(let text): dtype = try NPYDType(descr: text)
        case .list, .tuple:
            throw FormatError("structured (record) dtypes are not supported; save each field as its own array.")
        default:
            throw FormatError("the .npy header's 'descr' is not a dtype string.")
        }
        guard case .bool(let fortran) = order else {
            throw FormatError("the .npy header's 'fortran_order' is not True or False.")
        }
        fortranOrder = fortran
        guard case .tuple(let axes) = shapeLiteral else {
            throw FormatError("the .npy header's 'shape' is not a tuple of integers.")
        }
        // numpy refuses arrays of more than 64 dimensions (NPY_MAXDIMS).
        guard axes.count <= 64 else {
            throw FormatError("the .npy shape has \(axes.count) dimensions; numpy allows at most 64.")
        }
        var shape: [Int] = []
        var count = 1
        for axis in axes {
            guard case .int(let extent) = axis, extent >= 0 else {
                throw FormatError("the .npy header's 'shape' holds something other than a non-negative integer.")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                let text = axes.map { axis -> String in
                    if case .int(let n) = axis { return String(n) }
                    return "?"
                }
                throw FormatError("the .npy shape (\(text.joined(separator: ", "))) has too many elements.")
            }
            shape.append(extent)
            count = product
        }
        let (length, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow, length <= availableBytes else {
            throw FormatError(
                "the .npy header declares shape \(shape) of '\(dtype.descr)' (\(overflow ? "too many" : String(length)) bytes) but only \(availableBytes) bytes follow the header.",
                offset: dataOffset)
        }
        if dtype.itemSize == 0 && count > 0 {
            throw FormatError("the .npy dtype '\(dtype.descr)' has zero-width elements.")
        }
        self.shape = shape
        self.count = count
        self.dataOffset = dataOffset
        self.dataLength = length
    }
}
