// Turning the element bytes of a .npy file into one typed buffer. The
// bytes come from a source (memory or a file read with pread) in chunks of
// about 1 MB, so converting a file never needs a second full-size buffer
// (Fortran-ordered arrays excepted: they are transposed in a second pass).

extension NPY {
    /// Decodes the elements a header describes into a C-ordered array.
    static func decode<Source: NPYByteSource>(_ header: NPYHeader, from source: Source) throws -> TypedArray {
        let dtype = header.dtype
        let n = header.count
        let big = dtype.bigEndian
        // The result's bytes (dtypes the language lacks are widened; a string
        // costs at least a String), twice over when a Fortran-ordered array
        // is transposed, must fit the memory budget before anything is made.
        let resultItem: Int
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, _), (.unsigned, 1): resultItem = 1
        case (.signed, 1), (.signed, 2), (.unsigned, 2), (.signed, 4), (.float, 2), (.float, 4): resultItem = 4
        case (.unicode, _), (.bytes, _): resultItem = MemoryLayout<String>.stride
        default: resultItem = 8
        }
        let copies = header.fortranOrder && header.shape.count > 1 ? 2 : 1
        // A large native-layout file becomes a view of the file (MappedFile):
        // no allocation, no copy. The header pads the data to 64 bytes.
        if !big && 1.littleEndian == 1 && !(header.fortranOrder && header.shape.count > 1) {
            let at = header.dataOffset
            var mapped: ElementBuffer?
            switch (dtype.kind, dtype.itemSize) {
            case (.unsigned, 1): mapped = source.mapped(at: at, count: n, as: UInt8.self).map { .u8($0) }
            case (.signed, 4): mapped = source.mapped(at: at, count: n, as: Int32.self).map { .i32($0) }
            case (.signed, 8): mapped = source.mapped(at: at, count: n, as: Int64.self).map { .i64($0) }
            case (.float, 4): mapped = source.mapped(at: at, count: n, as: Float.self).map { .f32($0) }
            case (.float, 8): mapped = source.mapped(at: at, count: n, as: Double.self).map { .f64($0) }
            default: break
            }
            if let mapped { return TypedArray(shape: header.shape, data: mapped) }
        }
        try FormatFile.checkBudget(
            FormatFile.byteCount(n, resultItem * copies), for: "an array of shape \(header.shape)")
        let data: ElementBuffer
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, _):
            data = .bool(try convert(header, source) { raw, i in raw.load(fromByteOffset: i, as: UInt8.self) != 0 })
        case (.unsigned, 1):
            data = .u8(try copyOrConvert(header, source) { raw, i in raw.load(fromByteOffset: i, as: UInt8.self) })
        case (.signed, 1):
            data = .i32(try convert(header, source) { raw, i in Int32(raw.load(fromByteOffset: i, as: Int8.self)) })
        case (.signed, 2):
            data = .i32(
                try convert(header, source) { raw, i in Int32(Int16(bitPattern: load(raw, i, UInt16.self, big))) })
        case (.unsigned, 2):
            data = .i32(try convert(header, source) { raw, i in Int32(load(raw, i, UInt16.self, big)) })
        case (.signed, 4):
            data = .i32(
                try copyOrConvert(header, source) { raw, i in Int32(bitPattern: load(raw, i, UInt32.self, big)) })
        case (.unsigned, 4):
            data = .i64(try convert(header, source) { raw, i in Int64(load(raw, i, UInt32.self, big)) })
        case (.signed, _):
            data = .i64(
                try copyOrConvert(header, source) { raw, i in Int64(bitPattern: load(raw, i, UInt64.self, big)) })
        case (.unsigned, _):
            data = .i64(
                try convert(header, source) { raw, i in
                    let value = load(raw, i, UInt64.self, big)
                    guard value <= UInt64(Int64.max) else {
                        throw FormatError(
                            "a uint64 element (\(value)) is larger than the largest i64; the language cannot hold it exactly."
                        )
                    }
                    return Int64(value)
                })
        case (.float, 2):
            data = .f32(try convert(header, source) { raw, i in halfToFloat(load(raw, i, UInt16.self, big)) })
        case (.float, 4):
            data = .f32(
                try copyOrConvert(header, source) { raw, i in Float(bitPattern: load(raw, i, UInt32.self, big)) })
        case (.float, _):
            data = .f64(
                try copyOrConvert(header, source) { raw, i in Double(bitPattern: load(raw, i, UInt64.self, big)) })
        case (.unicode, _), (.bytes, _):
            data = .str(try decodeStrings(header, source))
        }
        var array = TypedArray(shape: header.shape, data: data)
        if header.fortranOrder && header.shape.count > 1 && n > 0 {
            array = fortranToC(array)
        }
        return array
    }

    /// Loads one unsigned integer of the file's byte order at element `index`.
    @inline(__always)
    static func load<T: FixedWidthInteger & UnsignedInteger>(
        _ raw: UnsafeRawPointer, _ index: Int, _: T.Type, _ bigEndian: Bool
    ) -> T {
        let value = raw.loadUnaligned(fromByteOffset: index &* MemoryLayout<T>.size, as: T.self)
        return bigEndian ? T(bigEndian: value) : T(littleEndian: value)
    }

    /// Reads the elements straight into the result when the file layout is
    /// the result's layout (little-endian, same width); converts otherwise.
    @inline(__always)
    static func copyOrConvert<T, Source: NPYByteSource>(
        _ header: NPYHeader, _ source: Source,
        _ element: (UnsafeRawPointer, Int) throws -> T
    ) throws -> [T] {
        let native = 1.littleEndian == 1
        guard native, !header.dtype.bigEndian, header.dtype.itemSize == MemoryLayout<T>.stride else {
            return try convert(header, source, element)
        }
        return try [T](unsafeUninitializedCapacity: header.count) { buffer, initialized in
            initialized = 0
            FormatFile.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            try source.read(into: UnsafeMutableRawBufferPointer(buffer), at: header.dataOffset)
            initialized = header.count
        }
    }

    /// Converts the elements chunk by chunk into a new buffer. Inlined so
    /// that each call site's element closure is inlined into the loop.
    @inline(__always)
    static func convert<T, Source: NPYByteSource>(
        _ header: NPYHeader, _ source: Source,
        _ element: (UnsafeRawPointer, Int) throws -> T
    ) throws -> [T] {
        let itemSize = header.dtype.itemSize
        let n = header.count
        let chunk = max(1, (1 << 20) / max(itemSize, 1))
        return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            initialized = 0
            FormatFile.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            guard let out = buffer.baseAddress else { return }
            var start = 0
            while start < n {
                let length = min(chunk, n - start)
                try source.withBytes(at: header.dataOffset + start * itemSize, count: length * itemSize) { raw in
                    guard let base = raw.baseAddress else { return }
                    for i in 0..<length {
                        (out + start + i).initialize(to: try element(base, i))
                    }
                }
                start += length
                initialized = start
            }
        }
    }

    /// Decodes `<U` (UTF-32) and `|S` (bytes) elements; trailing NULs are
    /// padding, as in numpy. Byte strings are UTF-8 when valid, else Latin-1.
    static func decodeStrings<Source: NPYByteSource>(_ header: NPYHeader, _ source: Source) throws -> [String] {
        let itemSize = header.dtype.itemSize
        let n = header.count
        let unicode = header.dtype.kind == .unicode
        let big = header.dtype.bigEndian
        var result: [String] = []
        result.reserveCapacity(n)
        var utf8: [UInt8] = []
        let chunk = max(1, (1 << 20) / max(itemSize, 1))
        var start = 0
        while start < n {
            let length = min(chunk, n - start)
            try source.withBytes(at: header.dataOffset + start * itemSize, count: length * itemSize) { raw in
                guard let base = raw.baseAddress else {
                    result.append(contentsOf: repeatElement("", count: length))
                    return
                }
                for i in 0..<length {
                    let element = base + i * itemSize
                    utf8.removeAll(keepingCapacity: true)
                    if unicode {
                        let units = itemSize / 4
                        var end = units
                        while end > 0, load(element, end - 1, UInt32.self, big) == 0 { end -= 1 }
                        for u in 0..<end {
                            let code = load(element, u, UInt32.self, big)
                            guard let scalar = Unicode.Scalar(code) else {
                                throw FormatError(
                                    "string element \(start + i) holds an invalid code point U+\(String(code, radix: 16, uppercase: true))."
                                )
                            }
                            appendUTF8(scalar, to: &utf8)
                        }
                        result.append(String(decoding: utf8, as: UTF8.self))
                    } else {
                        var end = itemSize
                        while end > 0, element.load(fromByteOffset: end - 1, as: UInt8.self) == 0 { end -= 1 }
                        let bytes = UnsafeRawBufferPointer(start: element, count: end)
                        if let text = String(validating: bytes, as: UTF8.self) {
                            result.append(text)
                        } else {
                            result.append(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })))
                        }
                    }
                }
            }
            start += length
        }
        return result
    }

    /// Appends the UTF-8 encoding of a scalar without allocating.
    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let v = scalar.value
        if v < 0x80 {
            bytes.append(UInt8(v))
        } else if v < 0x800 {
            bytes.append(UInt8(0xC0 | v >> 6))
            bytes.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            bytes.append(UInt8(0xE0 | v >> 12))
            bytes.append(UInt8(0x80 | (v >> 6) & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        } else {
            bytes.append(UInt8(0xF0 | v >> 18))
            bytes.append(UInt8(0x80 | (v >> 12) & 0x3F))
            bytes.append(UInt8(0x80 | (v >> 6) & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Converts an IEEE 754 half-precision bit pattern to a Float exactly.
    @inline(__always)
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x03FF)
        if exponent == 0x1F {
            // Infinity or NaN; the NaN payload is kept in the high mantissa bits.
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or a subnormal: value = mantissa * 2^-24, exact in Float.
            let magnitude = Float(mantissa) * (1.0 / 16_777_216.0)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
    }

    /// Transposes a C-ordered `rows` x `columns` matrix in square tiles, so
    /// that both the reads and the writes stay within a few cache lines.
    static func transposeMatrix<T>(_ source: some ContiguousElements<T>, rows: Int, columns: Int) -> [T] {
        let tile = 32
        return source.withUnsafeBufferPointer { src in
            [T](unsafeUninitializedCapacity: src.count) { out, initialized in
                initialized = 0
                FormatFile.adviseHugePages(UnsafeMutableRawBufferPointer(out))
                guard let base = out.baseAddress, let input = src.baseAddress else { return }
                var r0 = 0
                while r0 < rows {
                    let r1 = min(r0 + tile, rows)
                    var c0 = 0
                    while c0 < columns {
                        let c1 = min(c0 + tile, columns)
                        for c in c0..<c1 {
                            let target = base + c * rows
                            for r in r0..<r1 { (target + r).initialize(to: input[r * columns + c]) }
                        }
                        c0 = c1
                    }
                    r0 = r1
                }
                initialized = src.count
            }
        }
    }

    /// Reorders an array read as Fortran order (its elements are the C-order
    /// elements of the reversed shape) into C order.
    static func fortranToC(_ array: TypedArray) -> TypedArray {
        let shape = array.shape
        switch array.data {
        case .bool(let a): return TypedArray(shape: shape, data: .bool(transposeFortran(a, shape)))
        case .u8(let a): return TypedArray(shape: shape, data: .u8(transposeFortran(a, shape)))
        case .i32(let a): return TypedArray(shape: shape, data: .i32(transposeFortran(a, shape)))
        case .i64(let a): return TypedArray(shape: shape, data: .i64(transposeFortran(a, shape)))
        case .f32(let a): return TypedArray(shape: shape, data: .f32(transposeFortran(a, shape)))
        case .f64(let a): return TypedArray(shape: shape, data: .f64(transposeFortran(a, shape)))
        case .str(let a): return TypedArray(shape: shape, data: .str(transposeFortran(a.array, shape)))
        }
    }

    /// Walks the output in C order with an odometer; the source offset of
    /// axis k advances by the Fortran stride (product of the extents before k).
    static func transposeFortran<T>(_ source: some ContiguousElements<T>, _ shape: [Int]) -> [T] {
        let rank = shape.count
        if rank == 2 { return transposeMatrix(source, rows: shape[1], columns: shape[0]) }
        var strides = [Int](repeating: 1, count: rank)
        for k in 1..<rank { strides[k] = strides[k - 1] * shape[k - 1] }
        let last = rank - 1
        let inner = shape[last]
        let innerStride = strides[last]
        var index = [Int](repeating: 0, count: rank)
        return source.withUnsafeBufferPointer { src in
            [T](unsafeUninitializedCapacity: src.count) { out, initialized in
                initialized = 0
                guard let base = out.baseAddress, inner > 0 else { return }
                var written = 0
                var offset = 0
                while written < src.count {
                    var s = offset
                    for j in 0..<inner {
                        (base + written + j).initialize(to: src[s])
                        s += innerStride
                    }
                    written += inner
                    // Advance the odometer over the axes before the last one.
                    var k = last - 1
                    while k >= 0 {
                        index[k] += 1
                        offset += strides[k]
                        if index[k] < shape[k] { break }
                        offset -= strides[k] * shape[k]
                        index[k] = 0
                        k -= 1
                    }
                }
                initialized = written
            }
        }
    }
}
