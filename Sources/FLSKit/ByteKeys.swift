// Grouping strings by their UTF-8 bytes without making Strings: keys are
// byte ranges inside one packed buffer (a str array's column, or prefixes of
// its paths), numbered by first appearance through an open-addressing hash
// table, then ranked in code-point order (UTF-8 byte order). This is what
// `unique`, `mean_by` on str keys and `enumerate_paths` run on: 581,685 kit
// paths group without one String allocation.

import FLS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-range keys inside one buffer, numbered by first appearance.
struct ByteRangeKeys {
    /// Start, length and hash of each distinct key, by number.
    private struct Entry {
        let start: Int
        let length: Int
        let hash: UInt64
    }
    private var entries: [Entry] = []
    /// Open-addressing slots: a key number + 1, or 0 when empty.
    private var slots: [Int32]
    private var mask: Int
    private let seed: UInt64

    init(expected: Int = 16) {
        var size = 16
        while size < expected * 2 && size < 1 << 30 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        seed = UInt64.random(in: 1...UInt64.max)
    }

    var count: Int { entries.count }

    /// Start in the buffer of key k.
    func start(_ k: Int) -> Int { entries[k].start }
    /// Byte length of key k.
    func length(_ k: Int) -> Int { entries[k].length }

    /// The number of the key `bytes[start..<start + length]`, adding it if new.
    mutating func number(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> Int {
        let h = Self.hash(bytes, start, length, seed)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let k = entry - 1
            let e = entries[k]
            if e.hash == h && e.length == length && Self.equal(bytes, e.start, start, length) { return k }
            slot = (slot + 1) & mask
        }
        let k = entries.count
        entries.append(Entry(start: start, length: length, hash: h))
        slots[slot] = Int32(k + 1)
        if entries.count * 2 > slots.count { grow() }
        return k
    }

    /// The number of the key equal to `query` (bytes anywhere), whose stored
    /// keys live in `base`; nil when there is none.
    func find(_ query: UnsafeBufferPointer<UInt8>, in base: UnsafeBufferPointer<UInt8>) -> Int? {
        let length = query.count
        let h = Self.hash(query, 0, length, seed)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let k = entry - 1
            let e = entries[k]
            if e.hash == h && e.length == length {
                if length == 0 { return k }
                if let b = base.baseAddress, let q = query.baseAddress, memcmp(b + e.start, q, length) == 0 { return k }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ length: Int) -> Bool {
        guard length > 0, let base = bytes.baseAddress else { return true }
        return memcmp(base + a, base + b, length) == 0
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        for k in 0..<entries.count {
            var slot = Int(truncatingIfNeeded: entries[k].hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(k + 1)
        }
    }

    /// A seeded 64-bit hash of a byte range (8 bytes at a time, multiply-xorshift).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int, _ seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(length) &* 0x9E37_79B9_7F4A_7C15)
        guard length > 0, let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base + start)
        var i = 0
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < length {
            tail |= UInt64(raw.load(fromByteOffset: i, as: UInt8.self)) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    /// Key numbers in code-point (UTF-8 byte) order.
    func sortedOrder(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress else { return Array(0..<count) }
        return (0..<count).sorted { a, b in
            compareUTF8(
                UnsafeBufferPointer(start: base + entries[a].start, count: entries[a].length),
                UnsafeBufferPointer(start: base + entries[b].start, count: entries[b].length)) < 0
        }
    }

    /// The keys in `order` as a packed str column.
    func column(_ bytes: UnsafeBufferPointer<UInt8>, order: [Int]) -> StringColumn {
        var total = 0
        for k in order { total += entries[k].length }
        var builder = PackedStringsBuilder(capacity: order.count, byteCapacity: total)
        for k in order {
            builder.append(
                UnsafeBufferPointer(rebasing: bytes[entries[k].start..<(entries[k].start + entries[k].length)]))
        }
        return StringColumn(packed: builder.finish())
    }
}
