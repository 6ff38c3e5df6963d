// The JSON parser behind JSON.parse: one pass over the bytes with an
// explicit stack of open containers instead of recursion.

/// The state of one parse: the input, a position, and the open containers.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    /// An array or object being filled.
    private struct Frame {
        var isObject: Bool
        var items: [JSONValue] = []
        var members: [(String, JSONValue)] = []
        var pendingKey = ""
        /// Key positions, built once an object grows past a few keys, to
        /// find repeated keys without a quadratic scan.
        var index: [String: Int]?
    }

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws -> JSONValue {
        // A UTF-8 byte order mark is allowed before the document.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        var stack: [Frame] = []
        var value: JSONValue
        parsing: while true {
            skipSpace()
            guard position < bytes.count else {
                throw failure(
                    stack.isEmpty
                        ? "the document is empty"
                        : "the document ends inside an unclosed \(stack[stack.count - 1].isObject ? "object" : "array")"
                )
            }
            switch bytes[position] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[position] == UInt8(ascii: "{")
                guard stack.count < JSON.maximumDepth else {
                    throw failure("arrays and objects nest deeper than \(JSON.maximumDepth) levels")
                }
                position += 1
                skipSpace()
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if position < bytes.count, bytes[position] == close {
                    position += 1
                    value = isObject ? .object([]) : .array([])
                } else {
                    var frame = Frame(isObject: isObject)
                    if isObject { frame.pendingKey = try parseKey() }
                    stack.append(frame)
                    continue parsing
                }
            default:
                value = try parseScalar()
            }

            // A complete value: add it to the open container, then see what
            // follows it, closing containers as long as they end here.
            while true {
                guard !stack.isEmpty else {
                    skipSpace()
                    guard position == bytes.count else { throw failure("unexpected text after the JSON value") }
                    return value
                }
                let top = stack.count - 1
                if stack[top].isObject {
                    Self.add(value, to: &stack[top])
                } else {
                    stack[top].items.append(value)
                }
                skipSpace()
                guard position < bytes.count else {
                    throw failure("the document ends inside an unclosed \(stack[top].isObject ? "object" : "array")")
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") {
                    position += 1
                    if stack[top].isObject { stack[top].pendingKey = try parseKey() }
                    continue parsing
                }
                let close = stack[top].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard byte == close else {
                    throw failure(
                        stack[top].isObject
                            ? "expected ',' or '}' after an object member"
                            : "expected ',' or ']' after an array element")
                }
                position += 1
                let frame = stack.removeLast()
                value = frame.isObject ? .object(frame.members) : .array(frame.items)
            }
        }
    }

    /// Appends a member, or replaces the value of a repeated key in place.
    private static func add(_ value: JSONValue, to frame: inout Frame) {
        let key = frame.pendingKey
        if frame.index == nil && frame.members.count >= 16 {
            var index: [String: Int] = [:]
            for (i, member) in frame.members.enumerated() { index[member.0] = i }
            frame.index = index
        }
        let existing = frame.index != nil ? frame.index?[key] : frame.members.firstIndex { $0.0 == key }
        if let existing {
            frame.members[existing].1 = value
            return
        }
        frame.index?[key] = frame.members.count
        frame.members.append((key, value))
    }

    /// Reads `"key" :` and returns the key.
    private mutating func parseKey() throws -> String {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw failure("expected a string key in double quotes")
        }
        let key = try parseString()
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw failure("expected ':' after an object key")
        }
        position += 1
        return key
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseScalar() throws -> JSONValue {
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if byte == UInt8(ascii: "-"), matches("-Infinity") {
                position += 9
                return .number(-.infinity)
            }
            return try parseNumber()
        case UInt8(ascii: "t") where matches("true"):
            position += 4
            return .bool(true)
        case UInt8(ascii: "f") where matches("false"):
            position += 5
            return .bool(false)
        case UInt8(ascii: "n") where matches("null"):
            position += 4
            return .null
        case UInt8(ascii: "N") where matches("NaN"):
            position += 3
            return .number(.nan)
        case UInt8(ascii: "I") where matches("Infinity"):
            position += 8
            return .number(.infinity)
        default:
            throw failure("unexpected character; expected a value")
        }
    }

    private func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        let pointer = word.utf8Start
        for i in 0..<count where bytes[position + i] != pointer[i] { return false }
        return true
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let first = position
            while position < bytes.count, bytes[position] &- 0x30 < 10 { position += 1 }
            return position - first
        }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("a number needs digits") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
            position = integerStart
            throw failure("numbers may not have leading zeros")
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard digits() > 0 else { throw failure("a decimal point must be followed by digits") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { throw failure("an exponent needs digits") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text) else { throw failure("the number \(text) cannot be read") }
        return .number(value)
    }

    /// Reads a string starting at its opening quote.
    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        // Fast path: no escapes, so the bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
                guard let text = String(validating: raw, as: UTF8.self) else {
                    position = start
                    throw failure("a string is not valid UTF-8")
                }
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while true {
            guard position < bytes.count else { throw failure("a string is not closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                break
            }
            if byte < 0x20 {
                throw failure("control characters must be escaped inside strings")
            }
            if byte != UInt8(ascii: "\\") {
                utf8.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { throw failure("a string is not closed") }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00 {
                    // A high surrogate pairs with a following \uDC00-\uDFFF.
                    if matches("\\u") {
                        let save = position
                        position += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            position = save
                        }
                    }
                }
                NPY.appendUTF8(Unicode.Scalar(code) ?? "\u{FFFD}", to: &utf8)
            default:
                position -= 1
                throw failure("unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
            }
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            position = start
            throw failure("a string is not valid UTF-8")
        }
        return text
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw failure("\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x41 + 10
            default: throw failure("\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// An error at the current position, with its line and column (both
    /// from 1; columns count characters, not bytes).
    private func failure(_ what: String) -> FormatError {
        var line = 1
        var column = 1
        for i in 0..<min(position, bytes.count) {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return FormatError("line \(line), column \(column): \(what).", offset: position)
    }
}
