// The element buffer behind every array: either a Swift array the program
// owns, or elements that live elsewhere (a read-only mapping of a file
// region, see MappedFile). Both read the same way; the first write to a
// buffer whose elements live elsewhere copies them into an owned array, so
// value semantics hold (`b = a; b[0] = 9` leaves `a` alone) and a mapped
// file is never written. Loading a large numpy payload therefore costs a
// mapping, not a copy, until somebody changes it.

/// Elements stored outside a Swift array, kept alive by `owner`.
public final class ForeignElements<T>: @unchecked Sendable {
    /// The first element; valid for `count` elements while this object lives.
    public let base: UnsafePointer<T>
    /// Number of elements.
    public let count: Int
    /// What keeps the memory alive (a MappedFile), if anything.
    public let owner: AnyObject?

    /// Elements at `base`, alive as long as `owner` is.
    public init(base: UnsafePointer<T>, count: Int, owner: AnyObject?) {
        self.base = base
        self.count = count
        self.owner = owner
    }
}

/// A contiguous, typed, copy-on-write element buffer (owned or mapped).
@frozen
public struct Buffer<T>: RandomAccessCollection, MutableCollection, RangeReplaceableCollection {
    /// The elements when owned (empty while `foreign` holds them).
    @usableFromInline var owned: [T]
    /// The elements when they live outside (a file mapping).
    @usableFromInline var foreign: ForeignElements<T>?

    /// An empty buffer.
    @inlinable public init() {
        owned = []
        foreign = nil
    }

    /// Owns `array` (no copy: Swift arrays are copy-on-write).
    @inlinable public init(_ array: [T]) {
        owned = array
        foreign = nil
    }

    /// The elements of any sequence, owned.
    @inlinable public init<S: Sequence>(_ elements: S) where S.Element == T {
        owned = Array(elements)
        foreign = nil
    }

    /// Reads elements that live elsewhere; they are copied on the first write.
    @inlinable public init(foreign: ForeignElements<T>) {
        owned = []
        self.foreign = foreign
    }

    /// `count` copies of `value`.
    @inlinable public init(repeating value: T, count: Int) {
        owned = Array(repeating: value, count: count)
        foreign = nil
    }

    /// Fills a new owned buffer the way Array(unsafeUninitializedCapacity:) does.
    @inlinable public init(
        unsafeUninitializedCapacity capacity: Int,
        initializingWith body: (inout UnsafeMutableBufferPointer<T>, inout Int) throws -> Void
    ) rethrows {
        owned = try Array(unsafeUninitializedCapacity: capacity, initializingWith: body)
        foreign = nil
    }

    /// True when the elements are a view of a file (not yet copied).
    @inlinable public var isMapped: Bool { foreign != nil }

    /// What keeps foreign elements alive (a MappedFile), if any.
    public var foreignOwner: AnyObject? { foreign?.owner }

    /// The elements as a Swift array: free when owned, a copy when mapped.
    @inlinable public var array: [T] {
        guard let foreign else { return owned }
        return Array(UnsafeBufferPointer(start: foreign.base, count: foreign.count))
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { foreign?.count ?? owned.count }
    @inlinable public var count: Int { foreign?.count ?? owned.count }
    @inlinable public var isEmpty: Bool { count == 0 }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }
    @inlinable public var indices: Range<Int> { 0..<count }

    @inlinable public subscript(i: Int) -> T {
        get {
            if let foreign {
                precondition(i >= 0 && i < foreign.count, "Buffer index out of range")
                return foreign.base[i]
            }
            return owned[i]
        }
        _modify {
            if foreign != nil { makeOwned() }
            yield &owned[i]
        }
        set {
            if foreign != nil { makeOwned() }
            owned[i] = newValue
        }
    }

    @inlinable public subscript(bounds: Range<Int>) -> Slice<Buffer<T>> {
        get { Slice(base: self, bounds: bounds) }
        set {
            if foreign != nil { makeOwned() }
            for (k, v) in zip(bounds, newValue) { owned[k] = v }
        }
    }

    /// Copies foreign elements into an owned array (before a write).
    @inlinable public mutating func makeOwned() {
        guard let foreign else { return }
        owned = Array(UnsafeBufferPointer(start: foreign.base, count: foreign.count))
        self.foreign = nil
    }

    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        if let foreign { return try body(UnsafeBufferPointer(start: foreign.base, count: foreign.count)) }
        return try owned.withUnsafeBufferPointer(body)
    }

    @inlinable public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }

    @inlinable public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        if foreign != nil { makeOwned() }
        return try owned.withUnsafeMutableBufferPointer(body)
    }

    @inlinable public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R)
        rethrows -> R
    {
        try withUnsafeMutableBufferPointer { try body(UnsafeMutableRawBufferPointer($0)) }
    }

    @inlinable public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<T>) throws -> R) rethrows
        -> R?
    {
        try withUnsafeBufferPointer(body)
    }

    @inlinable public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
    where C.Element == T {
        if foreign != nil { makeOwned() }
        owned.replaceSubrange(subrange, with: newElements)
    }

    @inlinable public mutating func reserveCapacity(_ n: Int) {
        if foreign != nil { makeOwned() }
        owned.reserveCapacity(n)
    }

    @inlinable public mutating func append(_ element: T) {
        if foreign != nil { makeOwned() }
        owned.append(element)
    }

    @inlinable public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == T {
        if foreign != nil { makeOwned() }
        owned.append(contentsOf: elements)
    }

    @inlinable public func map<U>(_ transform: (T) throws -> U) rethrows -> [U] {
        try withUnsafeBufferPointer { try $0.map(transform) }
    }
}

extension Buffer: ExpressibleByArrayLiteral {
    @inlinable public init(arrayLiteral elements: T...) {
        owned = elements
        foreign = nil
    }
}

extension Buffer: Equatable where T: Equatable {
    @inlinable public static func == (a: Buffer, b: Buffer) -> Bool {
        a.count == b.count
            && a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.elementsEqual(pb) } }
    }
}

extension Buffer: @unchecked Sendable where T: Sendable {}

extension Buffer: CustomStringConvertible {
    public var description: String { array.description }
}

extension Array {
    /// The elements of a buffer as an array (free when the buffer owns them).
    @inlinable public init(_ buffer: Buffer<Element>) {
        self = buffer.array
    }
}

/// A random-access collection whose elements are contiguous in memory:
/// Array, ArraySlice and Buffer. Kernels take `some ContiguousElements<T>`
/// so that owned and mapped buffers (and plain arrays) go through one code path.
public protocol ContiguousElements<Element>: RandomAccessCollection where Index == Int {
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R
}

extension Array: ContiguousElements {}
extension ArraySlice: ContiguousElements {}
extension ContiguousArray: ContiguousElements {}
extension Buffer: ContiguousElements {}

extension ContiguousElements {
    /// The elements' bytes.
    @inlinable public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }
}

/// ContiguousElements that can also be written in place (Array, Buffer).
public protocol MutableContiguousElements<Element>: ContiguousElements, MutableCollection {
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R)
        rethrows -> R
}

extension Array: MutableContiguousElements {}
extension ContiguousArray: MutableContiguousElements {}
extension Buffer: MutableContiguousElements {}
