// POSIX pax extended header records: "<length> <key>=<value>\n", where
// <length> is the decimal byte count of the whole record, itself included.

/// The pax records the index honours, parsed from one extended header.
struct PaxRecords {
    /// The member's full path ("path").
    var path: [UInt8]?
    /// The member's real size ("size"), overriding the header's field.
    var size: Int?
    /// True when the member is a GNU sparse file described in pax ("GNU.sparse.*").
    var isSparse = false
    /// The real name of a GNU sparse 1.0 member ("GNU.sparse.name").
    var sparseName: [UInt8]?

    /// Parses the records in `data`, the content of an 'x' or 'g' header at
    /// `offset`; malformed records are an error rather than guessed at.
    init(_ data: [UInt8], offset: Int) throws {
        func malformed(_ why: String) -> FormatError {
            FormatError("the pax extended header at byte \(offset) is malformed (\(why)); the archive is corrupt")
        }
        var position = 0
        while position < data.count {
            // A pax header may be padded with NULs after its last record.
            if data[position] == 0 { break }
            var length = 0
            var cursor = position
            while cursor < data.count, data[cursor] >= 0x30, data[cursor] <= 0x39 {
                let (times10, overflow) = length.multipliedReportingOverflow(by: 10)
                guard !overflow, times10 <= Int.max - 9 else { throw malformed("a record length is too large") }
                length = times10 + Int(data[cursor] - 0x30)
                cursor += 1
            }
            guard cursor > position, cursor < data.count, data[cursor] == 0x20 else {
                throw malformed("a record does not start with its length")
            }
            // At least the digits, the space and the closing newline.
            guard length >= cursor - position + 2, length <= data.count - position else {
                throw malformed("a record's length runs past the header's end")
            }
            let end = position + length
            guard data[end - 1] == 0x0A else { throw malformed("a record does not end with a newline") }
            let keyStart = cursor + 1
            guard let equals = data[keyStart..<(end - 1)].firstIndex(of: 0x3D) else {
                throw malformed("a record has no '='")
            }
            let key = data[keyStart..<equals]
            let value = data[(equals + 1)..<(end - 1)]
            if key.elementsEqual("path".utf8) {
                // An empty value removes the field: the header's own name applies.
                path = value.isEmpty ? nil : Array(value)
            } else if key.elementsEqual("size".utf8) {
                if value.isEmpty {
                    size = nil
                } else {
                    var number = 0
                    for digit in value {
                        guard digit >= 0x30 && digit <= 0x39 else {
                            throw malformed("the size record is not a decimal number")
                        }
                        let (times10, overflow) = number.multipliedReportingOverflow(by: 10)
                        guard !overflow, times10 <= Int.max - 9 else { throw malformed("the size record is too large") }
                        number = times10 + Int(digit - 0x30)
                    }
                    size = number
                }
            } else if key.starts(with: "GNU.sparse.".utf8) {
                isSparse = true
                // Sparse format 1.0 keeps the real name here and puts a
                // "GNUSparseFile.<pid>/" placeholder in "path".
                if key.elementsEqual("GNU.sparse.name".utf8) && !value.isEmpty { sparseName = Array(value) }
            }
            position = end
        }
    }
}
