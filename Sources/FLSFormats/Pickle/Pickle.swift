// Entry points for Python pickles: load (protocols 0-5, numpy arrays, an
// allowlist of callables) and save (protocol 2 in the style of the kit's
// Python 2 files, readable by Python 2 and 3, numpy 1 and 2).

/// Loads and saves Python pickles holding plain data and numpy arrays.
public enum Pickle {
    /// Deepest nesting of containers (lists, tuples, dicts, sets, object
    /// arrays) the reader loads and the writer saves: the same bound both
    /// ways, so a value that loaded also saves. Python reads any depth; both
    /// sides walk values with explicit stacks, so this bounds memory, not
    /// the call stack.
    public static let maxDepth = 10_000

    /// Loads the pickle at `path`; large array payloads are read straight into their arrays.
    /// Large numpy payloads are mapped, not copied, when aligned (see
    /// MappedFile); with `packStrings`, lists of str come back as packed
    /// columns (`.strings`) instead of lists of `.string`.
    public static func load(path: String, packStrings: Bool = false) throws -> PickleValue {
        let reader = PickleReader(source: try PickleSource(path: path))
        reader.packStrings = packStrings
        return try reader.load()
    }

    /// Loads a pickle from bytes in memory.
    public static func load(bytes: [UInt8]) throws -> PickleValue {
        let reader = PickleReader(source: PickleSource(bytes: bytes))
        return try reader.load()
    }

    /// Loads from memory under explicit limits (for tests of the limits).
    static func load(bytes: [UInt8], limits: PickleReader.Limits) throws -> PickleValue {
        try PickleReader(source: PickleSource(bytes: bytes), limits: limits).load()
    }

    /// Writes `value` to `path` as a protocol 2 pickle, streaming array data to the file.
    public static func save(_ value: PickleValue, path: String) throws {
        let sink = try PickleSink(path: path)
        do {
            try PickleWriter(sink: sink).write(value)
            try sink.close()
        } catch {
            sink.abandon()
            throw error
        }
    }

    /// The protocol 2 pickle of `value`, as bytes.
    public static func dump(_ value: PickleValue, alignPayloads: Bool = true) throws -> [UInt8] {
        let sink = PickleSink()
        try PickleWriter(sink: sink, alignPayloads: alignPayloads).write(value)
        return sink.bytes
    }

    /// Padding to write before an array payload (at `position`, after an
    /// opcode header of `headerSize` bytes) so the payload starts at a
    /// multiple of 64 bytes, where loaders can map it instead of copying
    /// it (FLS does; see MappedFile). The padding is opcodes every
    /// unpickler runs and forgets: NONE POP (2 bytes) and an empty
    /// SHORT_BINSTRING POP (3 bytes). CPython and numpy read the file as before.
    public static func payloadPadding(position: Int, headerSize: Int) -> [UInt8] {
        var pad = (64 - (position + headerSize) % 64) % 64
        if pad == 1 { pad += 64 }
        var out: [UInt8] = []
        if pad % 2 == 1 {
            out += [0x55, 0x00, 0x30]
            pad -= 3
        }
        for _ in 0..<(pad / 2) { out += [0x4E, 0x30] }
        return out
    }
}
