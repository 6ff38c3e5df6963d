// Writing JSON text. Integers print without ".0"; other numbers use the
// shortest text that reads back as the same Double ("0.1", "1e-05"), and
// integral Doubles keep their ".0" so they stay floats when read again.
// JSON has no NaN or infinity: non-finite numbers are written as null
// (what JavaScript's JSON.stringify does), so the output is always valid
// JSON. Strings escape quotes, backslashes, control characters, DEL and
// U+2028/U+2029 (which JavaScript source cannot hold raw) and keep other
// characters as UTF-8. Nesting is walked with an explicit work list,
// so arbitrarily deep values cannot overflow the stack.

extension JSON {
    /// Serializes a value; `pretty` puts each member on its own line,
    /// indented by `indent` spaces per level (nbformat uses 1), and a space after each colon.
    public static func serialize(_ value: JSONValue, pretty: Bool = false, indent: Int = 2) -> String {
        var out: [UInt8] = []
        serialize(value, pretty: pretty, indent: indent, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes a value to a JSON file, with a final newline.
    public static func write(_ value: JSONValue, path: String, pretty: Bool = true) throws {
        var out: [UInt8] = []
        serialize(value, pretty: pretty, into: &out)
        out.append(0x0A)
        let writer = try FormatFileWriter(path: path)
        try writer.write(out)
        try writer.finish()
    }

    /// One step of output; containers push their parts in reverse order.
    private enum Work {
        case value(JSONValue, depth: Int)
        /// A "," unless first, then in pretty mode a newline and indent.
        case separator(first: Bool, depth: Int)
        case key(String)
        /// A newline and indent in pretty mode, then the closing bracket.
        case close(UInt8, depth: Int)
    }

    static func serialize(_ root: JSONValue, pretty: Bool, indent: Int = 2, into out: inout [UInt8]) {
        var work: [Work] = [.value(root, depth: 0)]
        let step = max(0, indent)
        func newline(_ depth: Int) {
            guard pretty else { return }
            out.append(0x0A)
            for _ in 0..<(step * depth) { out.append(0x20) }
        }
        while let item = work.popLast() {
            switch item {
            case .separator(let first, let depth):
                if !first { out.append(UInt8(ascii: ",")) }
                newline(depth)
            case .key(let key):
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
            case .close(let bracket, let depth):
                newline(depth)
                out.append(bracket)
            case .value(let value, let depth):
                switch value {
                case .null: out.append(contentsOf: "null".utf8)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                case .int(let i): out.append(contentsOf: String(i).utf8)
                case .number(let d):
                    out.append(contentsOf: (d.isFinite ? d.description : "null").utf8)
                case .string(let s): appendString(s, to: &out)
                case .array(let items):
                    if items.isEmpty {
                        out.append(contentsOf: "[]".utf8)
                        continue
                    }
                    out.append(UInt8(ascii: "["))
                    work.append(.close(UInt8(ascii: "]"), depth: depth))
                    for (i, element) in items.enumerated().reversed() {
                        work.append(.value(element, depth: depth + 1))
                        work.append(.separator(first: i == 0, depth: depth + 1))
                    }
                case .object(let members):
                    if members.isEmpty {
                        out.append(contentsOf: "{}".utf8)
                        continue
                    }
                    out.append(UInt8(ascii: "{"))
                    work.append(.close(UInt8(ascii: "}"), depth: depth))
                    for (i, member) in members.enumerated().reversed() {
                        work.append(.value(member.1, depth: depth + 1))
                        work.append(.key(member.0))
                        work.append(.separator(first: i == 0, depth: depth + 1))
                    }
                }
            }
        }
    }

    /// Appends a quoted, escaped string.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let utf8 = text.utf8
        // Most strings need no escaping: copy them in one go.
        // (0xE2 starts U+2028 and U+2029.)
        if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        let bytes = Array(utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            if byte == 0xE2, i + 1 < bytes.count, bytes[i] == 0x80, bytes[i + 1] == 0xA8 || bytes[i + 1] == 0xA9 {
                out.append(contentsOf: Array((bytes[i + 1] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                i += 2
                continue
            }
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20, 0x7F:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
