// The reader's working objects: what the pickle machine pushes, memoises and
// mutates while it runs. Containers are classes because pickles rely on
// reference semantics (a list is memoised empty, then filled through APPENDS).
// Every container is registered with the reader, which empties them all when
// it finishes, so releasing a million-deep chain never recurses.

/// Raw bytes of a string or bytes object, possibly not read from the file yet.
final class Blob {
    enum Storage {
        case loaded([UInt8])
        /// `count` bytes at `offset` of the source, copied only when needed.
        case range(offset: Int, count: Int)
    }

    var storage: Storage
    /// True when the stored bytes are UTF-8 text standing for latin-1 bytes,
    /// the `_codecs.encode(text, "latin1")` form Python 3 uses for bytes.
    let utf8Latin1: Bool

    init(_ storage: Storage, utf8Latin1: Bool = false) {
        self.storage = storage
        self.utf8Latin1 = utf8Latin1
    }

    /// A second identity for the same bytes converted as text.
    private(set) lazy var textKey = TextKey()
    final class TextKey {}

    /// Where the bytes are in the file, when known (for messages).
    var offset: Int? {
        if case .range(let offset, _) = storage { return offset }
        return nil
    }

    /// Stored byte count (before any latin-1 decoding).
    var storedCount: Int {
        switch storage {
        case .loaded(let b): return b.count
        case .range(_, let count): return count
        }
    }
}

/// The callables a pickle may name; anything else is refused by name.
enum PickleGlobal: Equatable {
    case reconstruct, ndarray, dtype, scalar, frombuffer
    case codecsEncode, reconstructor
    case set, frozenset, bytearray, bytes, list, dict, object, orderedDict
}

/// A numpy dtype under construction (REDUCE, then BUILD sets the byte order).
final class DTypeBox {
    /// numpy's kind letter: b i u f c M m U S V O.
    var kind: UInt8
    /// Bytes per element (for `U`, four per character).
    var itemSize: Int
    /// `<`, `>`, `|` or `=`.
    var byteOrder: UInt8

    init(kind: UInt8, itemSize: Int, byteOrder: UInt8) {
        self.kind = kind
        self.itemSize = itemSize
        self.byteOrder = byteOrder
    }
}

/// Something the reader must empty at the end to keep deallocation shallow.
protocol PickleContainer: AnyObject {
    func clear()
    var visiting: Bool { get set }
}

final class ListBox: PickleContainer {
    var items: [PickleObject]
    var visiting = false
    init(_ items: [PickleObject] = []) { self.items = items }
    func clear() { items = [] }
}

final class TupleBox: PickleContainer {
    /// Immutable to the pickle; emptied only at teardown.
    private(set) var items: [PickleObject]
    var visiting = false
    init(_ items: [PickleObject]) { self.items = items }
    func clear() { items = [] }
}

final class DictBox: PickleContainer {
    /// Keys and values in insertion order; a repeated key replaces the value.
    var keys: [PickleObject] = []
    var values: [PickleObject] = []
    var visiting = false
    func clear() { keys = []; values = [] }
}

final class SetBox: PickleContainer {
    var items: [PickleObject]
    let frozen: Bool
    var visiting = false
    init(_ items: [PickleObject], frozen: Bool) { self.items = items; self.frozen = frozen }
    func clear() { items = [] }
}

/// An ndarray under construction (`_reconstruct`), or finished.
final class ArrayBox: PickleContainer {
    enum State {
        case pending
        case typed(TypedArray)
        /// An object (`|O`) array: its items, in C order, and its shape.
        case objects([PickleObject], shape: [Int])
    }
    var state: State = .pending
    var visiting = false
    init() {}
    func clear() { state = .pending }
}

/// One value on the pickle machine's stack or in its memo.
enum PickleObject {
    case none
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// A short str, decoded as it is read; `py2` marks a Python 2 `str`
    /// (latin-1 bytes), which matters when it is used as an array payload.
    case str(String, py2: Bool)
    /// A short str read into the reader's text arena: UTF-8 bytes
    /// `start..<start + count` of it (no String is made unless needed).
    case short(start: Int, count: Int, py2: Bool)
    /// A long Python 3 `str` (UTF-8 in the file), read when needed.
    case text(Blob)
    /// A Python 2 `str`: bytes that read as latin-1 text.
    case py2str(Blob)
    case bytes(Blob)
    case list(ListBox)
    case tuple(TupleBox)
    case dict(DictBox)
    case set(SetBox)
    case global(PickleGlobal)
    case array(ArrayBox)
    case dtype(DTypeBox)
    case scalar(TypedArray)

    var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str, .short, .text, .py2str: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .global: return "global"
        case .array: return "ndarray"
        case .dtype: return "dtype"
        case .scalar: return "numpy scalar"
        }
    }
}
