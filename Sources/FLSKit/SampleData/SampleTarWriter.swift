// A minimal streaming tar writer: POSIX ustar headers for regular files,
// data padded to 512-byte blocks, two zero blocks at the end and the
// archive padded to a whole 10 KiB record, as GNU tar and Python's tarfile
// write it. Headers carry a fixed date so the same input gives the same bytes.

import FLSFormats

/// Writes regular-file members to a tar, one after the other.
final class SampleTarWriter {
    private let file: FormatFileWriter
    /// The modification time of every member (2019-05-01, the challenge's spring).
    static let fixedTime = 1_556_668_800
    private static let recordSize = 10_240

    init(path: String) throws {
        file = try FormatFileWriter(path: path)
    }

    /// Appends one member.
    func add(path: String, data: [UInt8]) throws {
        try file.write(try SampleTarWriter.header(path: path, size: data.count))
        try file.write(data)
        let padding = (512 - data.count % 512) % 512
        if padding > 0 { try file.write([UInt8](repeating: 0, count: padding)) }
    }

    /// Writes the end-of-archive blocks and closes the file.
    func finish() throws {
        try file.write([UInt8](repeating: 0, count: 1024))
        let padding =
            (SampleTarWriter.recordSize - file.offset % SampleTarWriter.recordSize) % SampleTarWriter.recordSize
        if padding > 0 { try file.write([UInt8](repeating: 0, count: padding)) }
        try file.finish()
    }

    /// The 512-byte ustar header of a regular file with mode 0644.
    static func header(path: String, size: Int) throws -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        let name = Array(path.utf8)
        var prefix: [UInt8] = []
        var rest = name
        if name.count > 100 {
            // ustar splits long paths at a slash into a 155-byte prefix and a 100-byte name.
            guard
                let cut = name.indices.last(where: {
                    name[$0] == UInt8(ascii: "/") && $0 <= 155 && name.count - $0 - 1 <= 100
                }),
                cut > 0
            else {
                throw SampleDataError("The member path '\(path)' is too long for a ustar header.")
            }
            prefix = Array(name[..<cut])
            rest = Array(name[(cut + 1)...])
        }
        guard size >= 0, size < 0o77777777777 else {
            throw SampleDataError("The member '\(path)' is too large for a ustar header.")
        }
        func put(_ bytes: [UInt8], at offset: Int) {
            for (k, b) in bytes.enumerated() { block[offset + k] = b }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(rest, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(fixedTime, width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        block[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0] + Array("00".utf8), at: 257)
        put(Array("fls".utf8), at: 265)
        put(Array("fls".utf8), at: 297)
        put(octal(0, width: 8), at: 329)
        put(octal(0, width: 8), at: 337)
        put(prefix, at: 345)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        return block
    }
}
