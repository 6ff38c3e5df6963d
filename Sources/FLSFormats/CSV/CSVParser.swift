// Splitting CSV text into fields (RFC 4180): fields separated by commas,
// records by LF, CRLF or CR; a field in double quotes may hold commas,
// newlines and doubled quotes. As in Python's csv module, a quote inside an
// unquoted field is an ordinary character and blank lines are skipped.
// Field contents are copied, unquoted, into one byte buffer; a field is
// located by the end offset of the field before it and its own.

/// The fields of a CSV text, record by record.
struct CSVParser {
    /// Unquoted contents of every field, back to back.
    private(set) var cells: [UInt8] = []
    /// End offset in `cells` of each field, record after record.
    private(set) var fieldEnds: [Int] = []
    /// Number of fields in each record (all equal to the header's).
    private(set) var width = 0
    /// Line number where each record after the header starts.
    private(set) var recordLines: [Int] = []

    /// Number of records after the header.
    var rowCount: Int { recordLines.count }

    /// The bytes of field `column` in record `row` (row 0 is the header).
    func field(row: Int, column: Int) -> ArraySlice<UInt8> {
        let index = row * width + column
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return cells[start..<fieldEnds[index]]
    }

    /// Splits `bytes`, checking that every record has as many fields as the header.
    init(bytes input: UnsafeBufferPointer<UInt8>) throws {
        let n = input.count
        var i = 0
        // A UTF-8 byte order mark is not part of the first column's name.
        if n >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { i = 3 }
        var line = 1
        cells.reserveCapacity(n)
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(0x0A), cr = UInt8(0x0D)
        var records = 0

        while i < n {
            let recordLine = line
            let firstField = fieldEnds.count
            var blank = true
            fieldLoop: while true {
                if i < n, input[i] == quote {
                    blank = false
                    let fieldLine = line
                    i += 1
                    while true {
                        guard i < n else {
                            throw FormatError(
                                "line \(fieldLine): a quoted field is not closed before the end of the file.")
                        }
                        let byte = input[i]
                        if byte == quote {
                            if i + 1 < n, input[i + 1] == quote {
                                cells.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if byte == lf || (byte == cr && !(i + 1 < n && input[i + 1] == lf)) { line += 1 }
                        cells.append(byte)
                        i += 1
                    }
                    guard i == n || input[i] == comma || input[i] == lf || input[i] == cr else {
                        throw FormatError(
                            "line \(line): unexpected character after a closing quote; a quote inside a quoted field must be doubled (\"\")."
                        )
                    }
                } else {
                    let start = i
                    while i < n {
                        let byte = input[i]
                        if byte == comma || byte == lf || byte == cr { break }
                        i += 1
                    }
                    if i > start {
                        blank = false
                        cells.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<i]))
                    }
                }
                fieldEnds.append(cells.count)
                if i < n, input[i] == comma {
                    blank = false
                    i += 1
                    continue fieldLoop
                }
                // End of the record: a line break or the end of the text.
                if i < n {
                    if input[i] == cr, i + 1 < n, input[i + 1] == lf { i += 1 }
                    i += 1
                    line += 1
                }
                break
            }
            let fields = fieldEnds.count - firstField
            if blank {
                fieldEnds.removeLast(fields)
                continue
            }
            if records == 0 {
                width = fields
            } else if fields != width {
                throw FormatError(
                    "line \(recordLine) has \(fields) field\(fields == 1 ? "" : "s") but the header has \(width).")
            } else {
                recordLines.append(recordLine)
            }
            records += 1
        }
    }
}
