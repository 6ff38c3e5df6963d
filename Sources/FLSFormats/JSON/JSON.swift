// A small JSON reader (RFC 8259) that keeps object key order. Nesting is
// handled with an explicit stack, not recursion, so a hostile file cannot
// overflow the thread's stack; more than 512 levels is an error. Python's
// json module writes NaN, Infinity and -Infinity by default, so those are
// accepted too. A key repeated in one object keeps its first position and
// its last value, as Python's dict does. A lone UTF-16 surrogate in a
// \u escape cannot be held in a Swift string and becomes U+FFFD.

/// Reader and writer for JSON documents.
public enum JSON {
    /// Containers may nest this deep; deeper documents are refused.
    public static let maximumDepth = 512

    /// Parses a JSON file.
    public static func parse(path: String) throws -> JSONValue {
        let bytes = try FormatFile.readAll(path: path)
        do {
            return try parse(bytes: bytes)
        } catch let error as FormatError {
            throw FormatError("Cannot read '\(path)' as JSON: \(error.message)", offset: error.offset)
        }
    }

    /// Parses JSON text; errors name the line and column.
    public static func parse(bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON text given as a string.
    public static func parse(text: String) throws -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }
}
