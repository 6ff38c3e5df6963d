// The elements of a str array. Loaders and path operations keep them packed
// in Arrow's layout: one UTF-8 byte buffer and `count + 1` offsets, so the
// 581,685 paths of a kit file are two allocations instead of 581,685, and
// `dirname`, `unique`, `sort`, `==`... work on bytes. Everything else sees a
// collection of Swift Strings: reading element i of a packed column makes
// that one String; the first write unpacks the column into [String].

/// UTF-8 strings back to back, with `count + 1` offsets into the bytes.
public final class PackedStrings: @unchecked Sendable {
    /// The strings' UTF-8 bytes, back to back.
    public let bytes: Buffer<UInt8>
    /// Offsets[i]..<offsets[i + 1] is string i; offsets[0] == 0.
    public let offsets: Buffer<Int>

    /// Wraps bytes and offsets; the caller guarantees offsets start at 0, never
    /// decrease, end at bytes.count, and that each range is valid UTF-8.
    public init(bytes: Buffer<UInt8>, offsets: Buffer<Int>) {
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Number of strings.
    public var count: Int { offsets.count - 1 }
}

/// The elements of a str array: packed UTF-8 or Swift Strings.
@frozen
public struct StringColumn: RandomAccessCollection, MutableCollection, RangeReplaceableCollection {
    @usableFromInline var strings: [String]
    @usableFromInline var packed: PackedStrings?

    @inlinable public init() {
        strings = []
        packed = nil
    }

    /// Holds `strings` as they are.
    @inlinable public init(_ strings: [String]) {
        self.strings = strings
        packed = nil
    }

    @inlinable public init<S: Sequence>(_ elements: S) where S.Element == String {
        strings = Array(elements)
        packed = nil
    }

    /// A packed column.
    @inlinable public init(packed: PackedStrings) {
        strings = []
        self.packed = packed
    }

    @inlinable public init(repeating value: String, count: Int) {
        strings = Array(repeating: value, count: count)
        packed = nil
    }

    /// The packed form, when the column is packed.
    @inlinable public var packedStrings: PackedStrings? { packed }

    /// The strings as a Swift array (made string by string when packed).
    @inlinable public var array: [String] {
        guard let packed else { return strings }
        return (0..<packed.count).map { Self.string(packed, $0) }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var count: Int { packed.map { $0.count } ?? strings.count }
    @inlinable public var isEmpty: Bool { count == 0 }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }
    @inlinable public var indices: Range<Int> { 0..<count }

    @inlinable static func string(_ packed: PackedStrings, _ i: Int) -> String {
        packed.bytes.withUnsafeBufferPointer { bytes in
            String(
                decoding: UnsafeBufferPointer(rebasing: bytes[packed.offsets[i]..<packed.offsets[i + 1]]), as: UTF8.self
            )
        }
    }

    @inlinable public subscript(i: Int) -> String {
        get {
            if let packed {
                precondition(i >= 0 && i < packed.count, "StringColumn index out of range")
                return Self.string(packed, i)
            }
            return strings[i]
        }
        _modify {
            if packed != nil { unpack() }
            yield &strings[i]
        }
        set {
            if packed != nil { unpack() }
            strings[i] = newValue
        }
    }

    @inlinable public subscript(bounds: Range<Int>) -> Slice<StringColumn> {
        get { Slice(base: self, bounds: bounds) }
        set {
            if packed != nil { unpack() }
            for (k, v) in zip(bounds, newValue) { strings[k] = v }
        }
    }

    /// Calls `body` with the UTF-8 bytes of element i, without making a String when packed.
    @inlinable public func withUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let packed {
            return try packed.bytes.withUnsafeBufferPointer { bytes in
                try body(UnsafeBufferPointer(rebasing: bytes[packed.offsets[i]..<packed.offsets[i + 1]]))
            }
        }
        var s = strings[i]
        return try s.withUTF8(body)
    }

    /// The UTF-8 length of element i.
    @inlinable public func utf8Count(_ i: Int) -> Int {
        if let packed { return packed.offsets[i + 1] - packed.offsets[i] }
        return strings[i].utf8.count
    }

    /// Turns a packed column into Swift Strings (before a write).
    @inlinable public mutating func unpack() {
        guard let packed else { return }
        strings = (0..<packed.count).map { Self.string(packed, $0) }
        self.packed = nil
    }

    /// The same strings, packed (free when already packed).
    public func packedForm() -> PackedStrings {
        if let packed { return packed }
        var builder = PackedStringsBuilder(capacity: strings.count)
        for var s in strings { s.withUTF8 { builder.append($0) } }
        return builder.finish()
    }

    @inlinable public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
    where C.Element == String {
        if packed != nil { unpack() }
        strings.replaceSubrange(subrange, with: newElements)
    }

    @inlinable public mutating func reserveCapacity(_ n: Int) {
        if packed != nil { unpack() }
        strings.reserveCapacity(n)
    }

    @inlinable public mutating func append(_ element: String) {
        if packed != nil { unpack() }
        strings.append(element)
    }

    @inlinable public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == String {
        if packed != nil { unpack() }
        strings.append(contentsOf: elements)
    }
}

extension StringColumn: ExpressibleByArrayLiteral {
    @inlinable public init(arrayLiteral elements: String...) {
        strings = elements
        packed = nil
    }
}

extension StringColumn: Equatable {
    public static func == (a: StringColumn, b: StringColumn) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where !a.withUTF8(i, { x in b.withUTF8(i) { y in x.elementsEqual(y) } }) { return false }
        return true
    }
}

extension StringColumn: @unchecked Sendable {}

extension StringColumn: CustomStringConvertible {
    public var description: String { array.description }
}

extension Array where Element == String {
    /// The strings of a column as an array.
    @inlinable public init(_ column: StringColumn) {
        self = column.array
    }
}

/// Appends UTF-8 strings into one packed buffer.
public struct PackedStringsBuilder {
    public private(set) var bytes: [UInt8] = []
    public private(set) var offsets: [Int] = [0]

    public init(capacity: Int = 0, byteCapacity: Int = 0) {
        offsets.reserveCapacity(capacity + 1)
        bytes.reserveCapacity(byteCapacity)
    }

    /// Number of strings so far.
    public var count: Int { offsets.count - 1 }

    /// Appends one string's UTF-8 bytes (the caller guarantees they are valid UTF-8).
    public mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: utf8)
        offsets.append(bytes.count)
    }

    /// Appends one string made of two pieces of UTF-8.
    public mutating func append(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: first)
        bytes.append(contentsOf: second)
        offsets.append(bytes.count)
    }

    /// Appends the bytes of a string piece by piece; `finishString()` ends it.
    public mutating func appendPiece(_ piece: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: piece)
    }

    /// Ends the string whose pieces were appended since the last one ended.
    public mutating func finishString() {
        offsets.append(bytes.count)
    }

    /// Appends a Swift String.
    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// The packed strings.
    public func finish() -> PackedStrings {
        PackedStrings(bytes: Buffer(bytes), offsets: Buffer(offsets))
    }
}

// The generic kernels (gather, scatter, flip...) see a column as contiguous
// Strings; a packed column is unpacked for them. Path operations use the
// packed bytes instead (withUTF8).
extension StringColumn: MutableContiguousElements {
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<String>) throws -> R) rethrows -> R {
        if packed != nil { return try array.withUnsafeBufferPointer(body) }
        return try strings.withUnsafeBufferPointer(body)
    }

    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<String>) throws -> R
    ) rethrows -> R {
        if packed != nil { unpack() }
        return try strings.withUnsafeMutableBufferPointer(body)
    }
}
