#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// Turns a numpy dtype, a shape and a payload into a TypedArray, copying the
// payload once: native little-endian types are read straight into the final
// Swift array; types that need widening or byte swapping go through a
// bounded scratch chunk. Sizes are checked before anything is allocated.

/// Builds typed arrays from numpy's pickled (dtype, shape, order, bytes) form.
enum NumpyArrayBuilder {
    /// numpy allows at most 64 dimensions; so do we.
    static let maxDimensions = 64
    /// Elements converted per scratch chunk.
    private static let chunkElements = 1 << 16

    /// The element count of `shape`, checked for overflow.
    static func elementCount(_ shape: [Int]) throws -> Int {
        guard shape.count <= maxDimensions else {
            throw FormatError("array has \(shape.count) dimensions; numpy allows at most \(maxDimensions)")
        }
        var count = 1
        for d in shape {
            guard d >= 0 else { throw FormatError("array shape has a negative extent (\(d))") }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw FormatError("array shape \(shape) has too many elements") }
            count = p
        }
        return count
    }

    /// Builds the array from `payload`; `fortran` means the payload is column-major.
    static func build(
        dtype: DTypeBox, shape: [Int], fortran: Bool, payload: Blob,
        source: PickleSource
    ) throws -> TypedArray {
        let count = try elementCount(shape)
        let itemSize = dtype.itemSize
        let (nbytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
        guard !overflow else { throw FormatError("array shape \(shape) has too many elements") }
        if payload.utf8Latin1 {
            // Each latin-1 byte is one or two UTF-8 bytes.
            guard payload.storedCount >= nbytes, payload.storedCount / 2 <= nbytes else {
                throw FormatError("array payload size does not match shape \(shape) and dtype \(describe(dtype))")
            }
        } else if payload.storedCount != nbytes {
            throw FormatError(
                "array payload has \(payload.storedCount) bytes but shape \(shape) and dtype \(describe(dtype)) need \(nbytes)"
            )
        }
        // A large native-layout payload stored as is becomes a view of the
        // file: no allocation, no copy (see MappedFile).
        if !payload.utf8Latin1, case .range(let offset, _) = payload.storage, !(fortran && shape.count > 1),
            let data = mapped(dtype, count: count, offset: offset, source: source)
        {
            return TypedArray(shape: shape, data: data)
        }
        // The result (widened where the language lacks the dtype; a string
        // costs a String plus its text), twice over when a Fortran-ordered
        // array is transposed, must fit the memory budget.
        let kind = dtype.kind
        let resultItem: Int
        if kind == UInt8(ascii: "U") || kind == UInt8(ascii: "S") {
            resultItem = MemoryLayout<String>.stride + itemSize
        } else if itemSize < 4 && kind != UInt8(ascii: "b") && !(kind == UInt8(ascii: "u") && itemSize == 1) {
            resultItem = 4
        } else {
            resultItem = itemSize
        }
        try FormatFile.checkBudget(
            FormatFile.byteCount(count, resultItem * (fortran ? 2 : 1)),
            for: "an array of shape \(shape) and dtype \(describe(dtype))")
        var stream = PayloadStream(source: source, blob: payload)
        var data = try decode(dtype: dtype, count: count, stream: &stream)
        try stream.finish(expected: nbytes)
        if fortran && shape.count > 1 && count > 0 {
            data = fortranToC(data, shape: shape)
        }
        return TypedArray(shape: shape, data: data)
    }

    /// The payload as a mapped buffer when its dtype is one FLS stores as is
    /// (f8, f4, i8, i4, u1 in native byte order); nil otherwise.
    private static func mapped(_ d: DTypeBox, count: Int, offset: Int, source: PickleSource) -> ElementBuffer? {
        if swapped(d) { return nil }
        switch (d.kind, d.itemSize) {
        case (UInt8(ascii: "f"), 8):
            return source.mappedElements(at: offset, count: count, as: Double.self).map { .f64($0) }
        case (UInt8(ascii: "f"), 4):
            return source.mappedElements(at: offset, count: count, as: Float.self).map { .f32($0) }
        case (UInt8(ascii: "i"), 8):
            return source.mappedElements(at: offset, count: count, as: Int64.self).map { .i64($0) }
        case (UInt8(ascii: "i"), 4):
            return source.mappedElements(at: offset, count: count, as: Int32.self).map { .i32($0) }
        case (UInt8(ascii: "u"), 1):
            return source.mappedElements(at: offset, count: count, as: UInt8.self).map { .u8($0) }
        default: return nil
        }
    }

    /// numpy's name for a dtype, for messages (for example `<f4`).
    static func describe(_ d: DTypeBox) -> String {
        let kind = String(UnicodeScalar(d.kind))
        let order = String(UnicodeScalar(d.byteOrder))
        let size = d.kind == UInt8(ascii: "U") ? d.itemSize / 4 : d.itemSize
        return order + kind + String(size)
    }

    private static func swapped(_ d: DTypeBox) -> Bool {
        // This reader runs on little-endian machines only (x86-64, arm64).
        d.byteOrder == UInt8(ascii: ">") && d.itemSize > 1
    }

    private static func decode(dtype d: DTypeBox, count: Int, stream: inout PayloadStream) throws -> ElementBuffer {
        let swap = swapped(d)
        switch (d.kind, d.itemSize) {
        case (UInt8(ascii: "f"), 8):
            if !swap { return .f64(try direct(count, &stream)) }
            return .f64(
                try converted(count, 8, &stream) { raw, i in
                    Double(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
                })
        case (UInt8(ascii: "f"), 4):
            if !swap { return .f32(try direct(count, &stream)) }
            return .f32(
                try converted(count, 4, &stream) { raw, i in
                    Float(bitPattern: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                })
        case (UInt8(ascii: "f"), 2):
            return .f32(
                try converted(count, 2, &stream) { raw, i in
                    let bits = raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                    return halfToFloat(swap ? bits.byteSwapped : bits)
                })
        case (UInt8(ascii: "i"), 8):
            if !swap { return .i64(try direct(count, &stream)) }
            return .i64(
                try converted(count, 8, &stream) { raw, i in
                    Int64(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))
                })
        case (UInt8(ascii: "i"), 4):
            if !swap { return .i32(try direct(count, &stream)) }
            return .i32(
                try converted(count, 4, &stream) { raw, i in
                    Int32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
                })
        case (UInt8(ascii: "i"), 2):
            return .i32(
                try converted(count, 2, &stream) { raw, i in
                    let v = raw.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)
                    return Int32(swap ? v.byteSwapped : v)
                })
        case (UInt8(ascii: "i"), 1):
            return .i32(
                try converted(count, 1, &stream) { raw, i in
                    Int32(raw.load(fromByteOffset: i, as: Int8.self))
                })
        case (UInt8(ascii: "u"), 1):
            return .u8(try direct(count, &stream))
        case (UInt8(ascii: "u"), 2):
            return .i32(
                try converted(count, 2, &stream) { raw, i in
                    let v = raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                    return Int32(swap ? v.byteSwapped : v)
                })
        case (UInt8(ascii: "u"), 4):
            return .i64(
                try converted(count, 4, &stream) { raw, i in
                    let v = raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                    return Int64(swap ? v.byteSwapped : v)
                })
        case (UInt8(ascii: "u"), 8):
            var tooLarge = false
            let values: [Int64] = try converted(count, 8, &stream) { raw, i in
                var v = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                if swap { v = v.byteSwapped }
                if v > UInt64(Int64.max) { tooLarge = true }
                return Int64(truncatingIfNeeded: v)
            }
            if tooLarge {
                throw FormatError("uint64 array holds a value beyond the i64 range, which FLS cannot represent exactly")
            }
            return .i64(values)
        case (UInt8(ascii: "b"), 1):
            return .bool(
                try converted(count, 1, &stream) { raw, i in
                    raw.load(fromByteOffset: i, as: UInt8.self) != 0
                })
        case (UInt8(ascii: "U"), _), (UInt8(ascii: "S"), _):
            return .str(try strings(d, count: count, stream: &stream))
        case (UInt8(ascii: "c"), _):
            throw FormatError(
                "complex arrays (\(describe(d))) are not supported; convert them to two float arrays in Python first")
        case (UInt8(ascii: "M"), _), (UInt8(ascii: "m"), _):
            throw FormatError(
                "datetime arrays (\(describe(d))) are not supported; convert them to integers in Python first")
        default:
            throw FormatError("arrays of dtype \(describe(d)) are not supported")
        }
    }

    /// Reads native-layout elements straight into the final array: the one copy.
    /// A large payload goes into populated anonymous memory (see AnonymousRegion).
    private static func direct<T>(_ count: Int, _ stream: inout PayloadStream) throws -> Buffer<T> {
        let bytes = count * MemoryLayout<T>.stride
        if bytes >= 32 << 20, let region = AnonymousRegion.allocate(bytes) {
            try stream.read(into: UnsafeMutableRawBufferPointer(start: region.base, count: bytes))
            return region.elements(count: count, as: T.self)
        }
        return Buffer(
            try [T](unsafeUninitializedCapacity: count) { buf, done in
                done = 0
                try stream.read(into: UnsafeMutableRawBufferPointer(buf))
                done = count
            })
    }

    /// Reads elements of `width` bytes through a scratch chunk, converting each.
    private static func converted<T>(
        _ count: Int, _ width: Int, _ stream: inout PayloadStream,
        _ convert: (UnsafeRawBufferPointer, Int) -> T
    ) throws -> [T] {
        var scratch = [UInt8](repeating: 0, count: min(count, chunkElements) * width)
        return try [T](unsafeUninitializedCapacity: count) { out, done in
            done = 0
            guard let base = out.baseAddress else { return }
            var start = 0
            while start < count {
                let n = min(chunkElements, count - start)
                try scratch.withUnsafeMutableBytes { raw in
                    let part = UnsafeMutableRawBufferPointer(rebasing: raw[0..<(n * width)])
                    try stream.read(into: part)
                    let src = UnsafeRawBufferPointer(part)
                    for i in 0..<n {
                        (base + start + i).initialize(to: convert(src, i))
                    }
                }
                start += n
                done = start
            }
        }
    }

    private static func strings(_ d: DTypeBox, count: Int, stream: inout PayloadStream) throws -> [String] {
        let width = d.itemSize
        if count == 0 { return [] }
        guard width > 0 else { throw FormatError("string arrays with zero-width elements are not supported") }
        var raw = [UInt8](repeating: 0, count: count * width)
        try raw.withUnsafeMutableBytes { try stream.read(into: $0) }
        var out: [String] = []
        out.reserveCapacity(count)
        if d.kind == UInt8(ascii: "U") {
            guard width % 4 == 0 else {
                throw FormatError("unicode array element width \(width) is not a multiple of 4")
            }
            let bigEndian = d.byteOrder == UInt8(ascii: ">")
            try raw.withUnsafeBytes { buf in
                for e in 0..<count {
                    var scalars = String.UnicodeScalarView()
                    var chars = width / 4
                    // numpy drops trailing NUL characters.
                    while chars > 0
                        && buf.loadUnaligned(fromByteOffset: e * width + (chars - 1) * 4, as: UInt32.self) == 0
                    {
                        chars -= 1
                    }
                    for c in 0..<chars {
                        var v = buf.loadUnaligned(fromByteOffset: e * width + c * 4, as: UInt32.self)
                        if bigEndian { v = v.byteSwapped }
                        guard let s = Unicode.Scalar(v) else {
                            throw FormatError("unicode array holds an invalid code point \(v)")
                        }
                        scalars.append(s)
                    }
                    out.append(String(scalars))
                }
            }
        } else {
            for e in 0..<count {
                var end = (e + 1) * width
                while end > e * width && raw[end - 1] == 0 { end -= 1 }
                out.append(PickleText.bytesToString(raw[(e * width)..<end]))
            }
        }
        return out
    }

    /// IEEE half to single precision, exactly (every half is a float).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exp = Int((h >> 10) & 0x1F)
        let frac = UInt32(h & 0x3FF)
        if exp == 0 {
            // Zero or subnormal: frac * 2^-24.
            let v = Float(frac) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -v : v
        }
        if exp == 31 {
            return Float(bitPattern: sign | 0x7F80_0000 | (frac << 13))
        }
        return Float(bitPattern: sign | (UInt32(exp - 15 + 127) << 23) | (frac << 13))
    }

    /// Reorders a column-major buffer into row-major order for `shape`.
    static func fortranToC(_ data: ElementBuffer, shape: [Int]) -> ElementBuffer {
        switch data {
        case .bool(let a): return .bool(transpose(a, shape))
        case .u8(let a): return .u8(transpose(a, shape))
        case .i32(let a): return .i32(transpose(a, shape))
        case .i64(let a): return .i64(transpose(a, shape))
        case .f32(let a): return .f32(transpose(a, shape))
        case .f64(let a): return .f64(transpose(a, shape))
        case .str(let a): return .str(transpose(a.array, shape))
        }
    }

    /// Reorders column-major elements of `shape` into row-major order.
    static func transpose<T>(_ a: some ContiguousElements<T>, _ shape: [Int]) -> [T] {
        let n = shape.count
        // Column-major strides, in elements.
        var fstride = [Int](repeating: 1, count: n)
        for k in 1..<n { fstride[k] = fstride[k - 1] * shape[k - 1] }
        var index = [Int](repeating: 0, count: n)
        var out: [T] = []
        out.reserveCapacity(a.count)
        a.withUnsafeBufferPointer { src in
            var f = 0
            for _ in 0..<src.count {
                out.append(src[f])
                // Advance the row-major multi-index, last axis fastest.
                var k = n - 1
                while k >= 0 {
                    index[k] += 1
                    f += fstride[k]
                    if index[k] < shape[k] { break }
                    f -= fstride[k] * shape[k]
                    index[k] = 0
                    k -= 1
                }
            }
        }
        return out
    }
}
