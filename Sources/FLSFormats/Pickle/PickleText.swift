// Text decodings the pickle formats need: Python 2 `str` is latin-1 (as
// Python 3 reads it with encoding="latin1"), protocol 0 has its own escaped
// forms for `str` (Python 2 repr) and `unicode` (raw-unicode-escape).

/// Text helpers for pickle strings.
enum PickleText {
    /// Decodes latin-1 bytes (every byte is the code point of the same value).
    static func latin1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for b in bytes { scalars.append(Unicode.Scalar(b)) }
        return String(scalars)
    }

    /// Decodes a pickled Python 3 str. CPython writes and reads these with
    /// the "surrogatepass" error handler, so a lone surrogate (U+D800 to
    /// U+DFFF, encoded as ED A0..BF 80..BF) is legal there; a Swift string
    /// cannot hold one, so it becomes U+FFFD, as in the JSON reader. Any
    /// other invalid UTF-8 gives nil (Python raises UnicodeDecodeError).
    static func utf8<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        if let text = bytes.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) })
            ?? String(validating: Array(bytes), as: UTF8.self)
        {
            return text
        }
        let b = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < b.count {
            let lead = b[i]
            var length = 0
            var value: UInt32 = 0
            switch lead {
            case 0x00...0x7F: length = 1; value = UInt32(lead)
            case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
            default: return nil
            }
            guard i + length <= b.count else { return nil }
            for k in 1..<max(length, 1) where length > 1 {
                guard b[i + k] & 0xC0 == 0x80 else { return nil }
                value = value << 6 | UInt32(b[i + k] & 0x3F)
            }
            // Overlong forms and values past U+10FFFF are invalid; surrogates pass.
            let smallest: UInt32 = [0, 0, 0x80, 0x800, 0x10000][length]
            guard value >= smallest, value <= 0x10FFFF else { return nil }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            i += length
        }
        return String(scalars)
    }

    /// Decodes bytes as UTF-8 when they are valid UTF-8, else as latin-1.
    static func bytesToString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: Array(bytes), as: UTF8.self) { return s }
        return latin1(bytes)
    }

    /// The UTF-8 bytes of the text whose code points are `bytes` (latin-1).
    static func utf8FromLatin1(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
            } else {
                out.append(0xC0 | (b >> 6))
                out.append(0x80 | (b & 0x3F))
            }
        }
        return out
    }

    /// Decodes protocol 0 `UNICODE` (raw-unicode-escape) to UTF-8 bytes.
    static func rawUnicodeEscape(_ bytes: [UInt8], offset: Int) throws -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") && i + 1 < bytes.count
                && (bytes[i + 1] == UInt8(ascii: "u") || bytes[i + 1] == UInt8(ascii: "U"))
            {
                let digits = bytes[i + 1] == UInt8(ascii: "u") ? 4 : 8
                guard i + 2 + digits <= bytes.count,
                    let v = UInt32(String(decoding: bytes[(i + 2)..<(i + 2 + digits)], as: UTF8.self), radix: 16),
                    let s = Unicode.Scalar(v)
                else {
                    throw FormatError("bad \\u escape in a protocol 0 unicode string", offset: offset)
                }
                scalars.append(s)
                i += 2 + digits
            } else {
                scalars.append(Unicode.Scalar(b))
                i += 1
            }
        }
        return Array(String(scalars).utf8)
    }

    /// Decodes protocol 0 `STRING`: a quoted Python 2 repr, to its raw bytes.
    static func pythonStringLiteral(_ line: [UInt8], offset: Int) throws -> [UInt8] {
        guard line.count >= 2, let q = line.first, q == line.last,
            q == UInt8(ascii: "'") || q == UInt8(ascii: "\"")
        else {
            throw FormatError("protocol 0 string argument is not quoted", offset: offset)
        }
        let body = line[1..<(line.count - 1)]
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while i < body.endIndex {
            let c = body[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            i += 1
            guard i < body.endIndex else {
                throw FormatError("protocol 0 string ends inside an escape", offset: offset)
            }
            let e = body[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "x"):
                guard i + 1 < body.endIndex, let h = hex(body[i]), let l = hex(body[i + 1]) else {
                    throw FormatError("bad \\x escape in a protocol 0 string", offset: offset)
                }
                out.append(h << 4 | l)
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - UInt8(ascii: "0"))
                var n = 1
                while n < 3 && i < body.endIndex && body[i] >= UInt8(ascii: "0") && body[i] <= UInt8(ascii: "7") {
                    v = v * 8 + Int(body[i] - UInt8(ascii: "0"))
                    i += 1
                    n += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            default:
                out.append(UInt8(ascii: "\\"))
                out.append(e)
            }
        }
        return out
    }
}
