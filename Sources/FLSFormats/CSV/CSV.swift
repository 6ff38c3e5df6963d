// CSV tables as named, typed columns. The first record is the header; each
// column gets the narrowest type that holds all of its cells:
//   every cell an integer that fits i64          -> i64
//   every non-empty cell a number (empty -> nan)  -> f64
//   every cell true/false (any letter case)       -> bool
//   anything else                                 -> str (cells as written)
// A column with no non-empty cell is f64 (all nan), as in pandas. Numbers
// and booleans may be surrounded by spaces; strings keep their spaces.
// Numbers are decimal (`12`, `-3.5`, `1e-3`, `.5`) or nan/inf/infinity
// with an optional sign, as Python's float() reads them.

/// Reader and writer for CSV files of named columns.
public enum CSV {
    /// Reads a CSV file into columns, named by the header, in header order.
    public static func read(path: String) throws -> [(name: String, column: TypedArray)] {
        let bytes = try FormatFile.readAll(path: path)
        do {
            return try read(bytes: bytes)
        } catch let error as FormatError {
            throw FormatError("Cannot read '\(path)' as CSV: \(error.message)", offset: error.offset)
        }
    }

    /// Reads CSV text held in memory.
    public static func read(bytes: [UInt8]) throws -> [(name: String, column: TypedArray)] {
        let table = try bytes.withUnsafeBufferPointer { try CSVParser(bytes: $0) }
        if table.width == 0 { return [] }
        var columns: [(name: String, column: TypedArray)] = []
        columns.reserveCapacity(table.width)
        for column in 0..<table.width {
            let name = try text(table.field(row: 0, column: column), line: 1)
            columns.append((name, try typedColumn(table, column)))
        }
        return columns
    }

    private static func text(_ bytes: ArraySlice<UInt8>, line: Int) throws -> String {
        guard let value = bytes.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) else {
            throw FormatError("line \(line) is not valid UTF-8 text.")
        }
        return value
    }

    /// Infers a column's type from all its cells, then converts them.
    private static func typedColumn(_ table: CSVParser, _ column: Int) throws -> TypedArray {
        let rows = table.rowCount
        var allInt = true, allNumber = true, allBool = true, anyEmpty = false, anyValue = false
        for row in stride(from: 1, through: rows, by: 1) {
            let cell = trimmed(table.field(row: row, column: column))
            if cell.isEmpty {
                anyEmpty = true
                allBool = false
                continue
            }
            anyValue = true
            if allInt || allNumber {
                if allInt && parseInt(cell) == nil { allInt = false }
                if !allInt && allNumber && parseDouble(cell) == nil { allNumber = false }
            }
            if allBool && parseBool(cell) == nil { allBool = false }
            if !allNumber && !allBool { break }
        }
        let shape = [rows]
        if !anyValue {
            return TypedArray(shape: shape, data: .f64([Double](repeating: .nan, count: rows)))
        }
        if allInt && !anyEmpty {
            var values: [Int64] = []
            values.reserveCapacity(rows)
            for row in 1...rows { values.append(parseInt(trimmed(table.field(row: row, column: column))) ?? 0) }
            return TypedArray(shape: shape, data: .i64(values))
        }
        if allNumber {
            var values: [Double] = []
            values.reserveCapacity(rows)
            for row in 1...rows {
                let cell = trimmed(table.field(row: row, column: column))
                values.append(cell.isEmpty ? .nan : parseDouble(cell) ?? .nan)
            }
            return TypedArray(shape: shape, data: .f64(values))
        }
        if allBool {
            var values: [Bool] = []
            values.reserveCapacity(rows)
            for row in 1...rows { values.append(parseBool(trimmed(table.field(row: row, column: column))) ?? false) }
            return TypedArray(shape: shape, data: .bool(values))
        }
        var values: [String] = []
        values.reserveCapacity(rows)
        for row in 1...rows {
            values.append(try text(table.field(row: row, column: column), line: table.recordLines[row - 1]))
        }
        return TypedArray(shape: shape, data: .str(values))
    }

    private static func trimmed(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = cell.startIndex, end = cell.endIndex
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        return cell[start..<end]
    }

    /// An optionally signed run of decimal digits that fits in i64.
    static func parseInt(_ cell: ArraySlice<UInt8>) -> Int64? {
        var i = cell.startIndex
        var negative = false
        if i < cell.endIndex, cell[i] == UInt8(ascii: "-") || cell[i] == UInt8(ascii: "+") {
            negative = cell[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < cell.endIndex else { return nil }
        var value: Int64 = 0
        while i < cell.endIndex {
            let digit = cell[i] &- 0x30
            guard digit < 10 else { return nil }
            // Accumulate negatively so that Int64.min parses too.
            let (scaled, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = scaled.subtractingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            value = sum
            i += 1
        }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }

    /// A decimal number or nan/inf/infinity, with an optional sign.
    static func parseDouble(_ cell: ArraySlice<UInt8>) -> Double? {
        var i = cell.startIndex
        let end = cell.endIndex
        var negative = false
        if i < end, cell[i] == UInt8(ascii: "-") || cell[i] == UInt8(ascii: "+") {
            negative = cell[i] == UInt8(ascii: "-")
            i += 1
        }
        if i < end, (cell[i] | 0x20) == UInt8(ascii: "n") || (cell[i] | 0x20) == UInt8(ascii: "i") {
            switch String(decoding: cell[i..<end], as: UTF8.self).lowercased() {
            case "nan": return .nan
            case "inf", "infinity": return negative ? -.infinity : .infinity
            default: return nil
            }
        }
        func digits() -> Int {
            let start = i
            while i < end, cell[i] &- 0x30 < 10 { i += 1 }
            return i - start
        }
        var mantissa = digits()
        if i < end, cell[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if i < end, cell[i] == UInt8(ascii: "e") || cell[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, cell[i] == UInt8(ascii: "-") || cell[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == end else { return nil }
        // The grammar is checked above, so Swift's locale-independent parser
        // sees only plain decimal text (never hex floats or nan payloads).
        return Double(String(decoding: cell, as: UTF8.self))
    }

    static func parseBool(_ cell: ArraySlice<UInt8>) -> Bool? {
        guard cell.count == 4 || cell.count == 5 else { return nil }
        switch String(decoding: cell, as: UTF8.self).lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}
