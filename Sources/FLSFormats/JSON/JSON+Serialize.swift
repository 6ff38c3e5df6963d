// Writing JSON text. Integers print without ".0"; other numbers use the
// shortest text that reads back as the same Double ("0.1", "1e-05"), and
// integral Doubles keep their ".0" so they stay floats when read again.
// JSON has no NaN or infinity: non-finite numbers are written as null
// (what JavaScript's JSON.stringify does), so the output is always valid
// JSON. Strings escape quotes, backslashes and control characters and keep
// other characters as UTF-8. Nesting is walked with an explicit work list,
// so arbitrarily deep values cannot overflow the stack.

extension JSON {
    /// Serializes a value; `pretty` puts each member on its own line,
    /// indented by two spaces, and a space after each colon.
    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> String {
        var out: [UInt8] = []
        serialize(value, pretty: pretty, into: &out)
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

    static func serialize(_ root: JSONValue, pretty: Bool, into out: inout [UInt8]) {
        var work: [Work] = [.value(root, depth: 0)]
        func newline(_ depth: Int) {
            guard pretty else { return }
            out.append(0x0A)
            for _ in 0..<(2 * depth) { out.append(0x20) }
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
        if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append(contentsOf: utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
