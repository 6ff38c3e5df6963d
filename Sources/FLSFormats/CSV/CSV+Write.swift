// Writing columns as CSV: a header of names, then one record per row,
// "\n" line ends. Fields are quoted only when they must be (they contain a
// comma, a quote or a line break) or when they start or end with a space
// or tab, which some readers trim from unquoted fields. Floats use the shortest text
// that reads back as the same value (Swift's description: "0.1", "1e-05",
// "nan", "inf", "-inf"); booleans are "true" and "false".

extension CSV {
    /// Writes equal-length 1-d columns to a CSV file, header first.
    public static func write(columns: [(name: String, column: TypedArray)], path: String) throws {
        let writer = try FormatFileWriter(path: path)
        try encode(columns: columns) { try writer.write($0) }
        try writer.finish()
    }

    /// Encodes equal-length 1-d columns as CSV text.
    public static func encode(columns: [(name: String, column: TypedArray)]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try encode(columns: columns) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func encode(columns: [(name: String, column: TypedArray)], _ sink: ([UInt8]) throws -> Void) throws {
        guard let first = columns.first else { return }
        let rows = first.column.data.count
        for (name, column) in columns {
            guard column.shape.count == 1 else {
                throw FormatError("CSV column '\(name)' has shape \(column.shape); CSV columns must be 1-d.")
            }
            guard column.shape[0] == rows, column.data.count == rows else {
                throw FormatError(
                    "CSV column '\(name)' has \(column.data.count) rows but column '\(first.name)' has \(rows); all columns need the same length."
                )
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        for (index, column) in columns.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(column.name, to: &out)
        }
        out.append(0x0A)
        for row in 0..<rows {
            for (index, column) in columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                switch column.column.data {
                case .bool(let a): out.append(contentsOf: (a[row] ? "true" : "false").utf8)
                case .u8(let a): out.append(contentsOf: String(a[row]).utf8)
                case .i32(let a): out.append(contentsOf: String(a[row]).utf8)
                case .i64(let a): out.append(contentsOf: String(a[row]).utf8)
                case .f32(let a): out.append(contentsOf: a[row].description.utf8)
                case .f64(let a): out.append(contentsOf: a[row].description.utf8)
                case .str(let a): appendField(a[row], to: &out)
                }
            }
            out.append(0x0A)
            if out.count >= 1 << 16 {
                try sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try sink(out)
    }

    /// Appends a text field, quoted and with doubled quotes when needed.
    private static func appendField(_ text: String, to out: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes =
            utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20 || utf8.first == 0x09 || utf8.last == 0x09
        guard needsQuotes else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
