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
    public static func load(path: String) throws -> PickleValue {
        let reader = PickleReader(source: try PickleSource(path: path))
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
    public static func dump(_ value: PickleValue) throws -> [UInt8] {
        let sink = PickleSink()
        try PickleWriter(sink: sink).write(value)
        return sink.bytes
    }
}
