// What writing one array as .npy takes: the padded header and a way to
// stream the element bytes. Numeric buffers are handed out as they are
// (the supported hosts, x86_64 and arm64, are little-endian, which is the
// byte order written); strings are encoded to fixed-width UTF-32 in chunks.

/// The header and element stream for one array written as `.npy`.
struct NPYWritePlan {
    let array: TypedArray
    /// Magic, version, header length and the padded header dict.
    let header: [UInt8]
    /// Bytes of element data that follow the header.
    let dataLength: Int
    /// For strings: the width in UTF-32 code units of every element.
    private let stringWidth: Int

    init(_ array: TypedArray) throws {
        self.array = array
        var count = 1
        for extent in array.shape {
            guard extent >= 0 else {
                throw FormatError("cannot write an array with a negative extent in shape \(array.shape).")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else {
                throw FormatError("cannot write an array of shape \(array.shape): too many elements.")
            }
            count = product
        }
        guard count == array.data.count else {
            throw FormatError(
                "cannot write an array whose shape \(array.shape) holds \(count) elements but whose buffer holds \(array.data.count)."
            )
        }
        let descr: String
        var width = 0
        switch array.data {
        case .bool: descr = "|b1"
        case .u8: descr = "|u1"
        case .i32: descr = "<i4"
        case .i64: descr = "<i8"
        case .f32: descr = "<f4"
        case .f64: descr = "<f8"
        case .str(let strings):
            // numpy gives an array of empty strings the dtype <U1, not <U0.
            width = 1
            for s in strings { width = max(width, s.unicodeScalars.count) }
            descr = "<U\(width)"
        }
        stringWidth = width
        let itemSize = array.elementType == .str ? 4 * width : array.elementType.byteWidth
        let (length, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow else { throw FormatError("cannot write an array of shape \(array.shape): too many bytes.") }
        dataLength = length
        header = NPYWritePlan.makeHeader(descr: descr, shape: array.shape)
    }

    /// Builds the preamble and header, padded with spaces and a final
    /// newline so the data starts at a multiple of 64 bytes, as numpy does.
    static func makeHeader(descr: String, shape: [Int]) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let dict = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        func padded(preamble: Int) -> Int {
            let unpadded = preamble + dict.count + 1
            return dict.count + 1 + (64 - unpadded % 64) % 64
        }
        var length = padded(preamble: 10)
        var bytes = NPY.magic
        if length <= 0xFFFF {
            bytes += [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            length = padded(preamble: 12)
            bytes += [2, 0]
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((length >> shift) & 0xFF)) }
        }
        bytes += dict
        bytes += [UInt8](repeating: 0x20, count: length - dict.count - 1)
        bytes.append(0x0A)
        return bytes
    }

    /// Hands the element bytes to `sink`, in order, in one or more blocks.
    func emitData(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch array.data {
        case .bool(let a): try a.withUnsafeBytes { try sink($0) }
        case .u8(let a): try a.withUnsafeBytes { try sink($0) }
        case .i32(let a): try a.withUnsafeBytes { try sink($0) }
        case .i64(let a): try a.withUnsafeBytes { try sink($0) }
        case .f32(let a): try a.withUnsafeBytes { try sink($0) }
        case .f64(let a): try a.withUnsafeBytes { try sink($0) }
        case .str(let strings):
            let perChunk = max(1, (1 << 18) / stringWidth)
            var units = [UInt32](repeating: 0, count: perChunk * stringWidth)
            var start = 0
            while start < strings.count {
                let length = min(perChunk, strings.count - start)
                units.withUnsafeMutableBufferPointer { buffer in
                    for i in 0..<length {
                        var j = i * stringWidth
                        let end = j + stringWidth
                        for scalar in strings[start + i].unicodeScalars {
                            buffer[j] = scalar.value.littleEndian
                            j += 1
                        }
                        while j < end { buffer[j] = 0; j += 1 }
                    }
                }
                try units.withUnsafeBytes {
                    try sink(UnsafeRawBufferPointer(rebasing: $0[0..<(length * stringWidth * 4)]))
                }
                start += length
            }
        }
    }
}
