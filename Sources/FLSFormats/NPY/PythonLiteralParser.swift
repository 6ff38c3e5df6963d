// The subset of Python literal syntax numpy writes in .npy headers:
// dicts, tuples, lists, strings, ints (with Python 2's `L`), True, False
// and None. Nesting is bounded at 32 levels.

/// The values a .npy header literal may contain.
indirect enum PythonLiteral {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(key: String, value: PythonLiteral)])
}

/// A parser for the Python literal subset numpy writes in .npy headers.
struct PythonLiteralParser {
    private let bytes: [UInt8]
    private let utf8: Bool
    private var position = 0
    private var depth = 0

    init(bytes: [UInt8], utf8: Bool) {
        self.bytes = bytes
        self.utf8 = utf8
    }

    /// Parses one literal followed only by whitespace.
    mutating func parseHeader() throws -> PythonLiteral {
        let value = try parseValue()
        skipSpace()
        guard position == bytes.count else { throw failure("unexpected text after the header dict") }
        return value
    }

    private func failure(_ what: String) -> FormatError {
        FormatError("the .npy header is malformed: \(what) at character \(position).")
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue() throws -> PythonLiteral {
        skipSpace()
        guard position < bytes.count else { throw failure("the header ends where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            return try parseDict()
        case UInt8(ascii: "("), UInt8(ascii: "["):
            return try parseSequence()
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "u"), UInt8(ascii: "b"):
            if position + 1 < bytes.count,
                bytes[position + 1] == UInt8(ascii: "'") || bytes[position + 1] == UInt8(ascii: "\"")
            {
                position += 1
                return .string(try parseString())
            }
            return try parseWord()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseInt()
        default:
            return try parseWord()
        }
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= 32 else { throw failure("nesting deeper than 32 levels") }
    }

    private mutating func parseDict() throws -> PythonLiteral {
        try enter()
        position += 1
        var entries: [(key: String, value: PythonLiteral)] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw failure("the dict is not closed") }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            guard case .string(let key) = try parseValue() else { throw failure("a dict key is not a string") }
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw failure("':' expected after a dict key")
            }
            position += 1
            let value = try parseValue()
            entries.append((key, value))
            skipSpace()
            guard position < bytes.count else { throw failure("the dict is not closed") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == UInt8(ascii: "}") else { throw failure("',' or '}' expected in the dict") }
            position += 1
            break
        }
        depth -= 1
        return .dict(entries)
    }

    private mutating func parseSequence() throws -> PythonLiteral {
        try enter()
        let isTuple = bytes[position] == UInt8(ascii: "(")
        let close = isTuple ? UInt8(ascii: ")") : UInt8(ascii: "]")
        position += 1
        var items: [PythonLiteral] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw failure("a tuple or list is not closed") }
            if bytes[position] == close { position += 1; break }
            items.append(try parseValue())
            skipSpace()
            guard position < bytes.count else { throw failure("a tuple or list is not closed") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == close else { throw failure("',' or a closing bracket expected") }
            position += 1
            break
        }
        depth -= 1
        return isTuple ? .tuple(items) : .list(items)
    }

    private mutating func parseString() throws -> String {
        let quote = bytes[position]
        position += 1
        var content: [UInt8] = []
        while true {
            guard position < bytes.count else { throw failure("a string is not closed") }
            let byte = bytes[position]
            position += 1
            if byte == quote { break }
            if byte == UInt8(ascii: "\\") {
                guard position < bytes.count else { throw failure("a string is not closed") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): content.append(0x0A)
                case UInt8(ascii: "t"): content.append(0x09)
                default: content.append(escaped)
                }
                continue
            }
            content.append(byte)
        }
        if utf8 { return String(decoding: content, as: UTF8.self) }
        // Versions 1.0 and 2.0 store the header as Latin-1.
        return String(String.UnicodeScalarView(content.map { Unicode.Scalar($0) }))
    }

    private mutating func parseInt() throws -> PythonLiteral {
        var negative = false
        if bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (scaled, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = scaled.addingReportingOverflow(Int(bytes[position] - 0x30))
            guard !o1, !o2 else { throw failure("an integer is too large") }
            value = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw failure("a number has no digits") }
        // Python 2 wrote long integers with an `L` suffix, e.g. (3L, 4L).
        if position < bytes.count, bytes[position] == UInt8(ascii: "L") || bytes[position] == UInt8(ascii: "l") {
            position += 1
        }
        return .int(negative ? -value : value)
    }

    private mutating func parseWord() throws -> PythonLiteral {
        let start = position
        while position < bytes.count,
            (bytes[position] >= 0x41 && bytes[position] <= 0x5A) || (bytes[position] >= 0x61 && bytes[position] <= 0x7A)
        {
            position += 1
        }
        switch String(decoding: bytes[start..<position], as: UTF8.self) {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            position = start
            throw failure("unexpected character")
        }
    }
}
