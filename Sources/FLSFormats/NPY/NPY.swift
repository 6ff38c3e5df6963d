// NumPy's .npy format (versions 1.0, 2.0 and 3.0): a magic string, a Python
// dict literal describing dtype, order and shape, then the raw elements.
// Reading checks the declared shape against the bytes that exist before
// allocating, and decodes straight into the final typed buffer: when the
// file's element layout already matches the language's type (native byte
// order, C order, same width) the bytes are read directly into the array's
// storage; otherwise they are converted chunk by chunk while being read.
// Fortran-ordered files need one extra pass to transpose into C order.

/// Reader and writer for NumPy `.npy` files.
public enum NPY {
    /// The six bytes every .npy file starts with.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Reads a `.npy` file into a C-ordered typed array, widening dtypes the
    /// language lacks (int8/int16/uint16 -> i32, uint32/uint64 -> i64, float16 -> f32).
    public static func read(path: String) throws -> TypedArray {
        do {
            let reader = try FormatFileReader(path: path)
            // Only the magic, the length field and the header itself are read
            // here; the elements go straight into the result below.
            return try read(source: NPYFileSource(reader: reader), size: reader.size)
        } catch let error as FormatError {
            // Errors about the file itself (missing, a device) already name it.
            if error.message.hasPrefix("Cannot read '\(path)'") || error.message.hasPrefix("Cannot open '\(path)'") {
                throw error
            }
            throw FormatError("Cannot read '\(path)' as .npy: \(error.message)", offset: error.offset)
        }
    }

    /// Reads a `.npy` image of `size` bytes from a source read in pieces.
    static func read<Source: NPYByteSource>(source: Source, size: Int) throws -> TypedArray {
        var prefix = [UInt8](repeating: 0, count: min(size, 12))
        try prefix.withUnsafeMutableBytes { try source.read(into: $0, at: 0) }
        let (headerStart, headerLength) = try NPYHeader.locate(prefix: prefix, totalSize: size)
        var text = [UInt8](repeating: 0, count: headerLength)
        try text.withUnsafeMutableBytes { try source.read(into: $0, at: headerStart) }
        let header = try NPYHeader(
            text: text, version: prefix[6], dataOffset: headerStart + headerLength,
            availableBytes: size - headerStart - headerLength)
        return try decode(header, from: source)
    }

    /// Reads a `.npy` image held in memory.
    public static func read(bytes: [UInt8]) throws -> TypedArray {
        try bytes.withUnsafeBytes { try read(buffer: $0) }
    }

    /// Reads a `.npy` image from raw memory (for example a stored zip member).
    static func read(buffer: UnsafeRawBufferPointer) throws -> TypedArray {
        let prefix = Array(buffer.prefix(12))
        let (headerStart, headerLength) = try NPYHeader.locate(prefix: prefix, totalSize: buffer.count)
        let text = Array(buffer[headerStart..<(headerStart + headerLength)])
        let header = try NPYHeader(
            text: text, version: prefix[6], dataOffset: headerStart + headerLength,
            availableBytes: buffer.count - headerStart - headerLength)
        return try decode(header, from: NPYMemorySource(bytes: buffer))
    }

    /// Encodes an array as a little-endian `.npy` image (version 1.0, or 2.0
    /// when the header needs more than 65,535 bytes); strings become `<U{maxlen}`.
    public static func encode(_ array: TypedArray) throws -> [UInt8] {
        let plan = try NPYWritePlan(array)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(plan.header.count + plan.dataLength)
        bytes.append(contentsOf: plan.header)
        try plan.emitData { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Writes an array to a `.npy` file that `numpy.load` reads back unchanged.
    public static func write(_ array: TypedArray, path: String) throws {
        let plan = try NPYWritePlan(array)
        let writer = try FormatFileWriter(path: path)
        try writer.write(plan.header)
        try plan.emitData { try writer.write($0) }
        try writer.finish()
    }
}
