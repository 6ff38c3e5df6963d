import Foundation
import XCTest

@testable import FLSFormats

/// Pickles found by `make fuzz` (target `pickle`) that made the loader use
/// memory out of proportion to the file, and the rules that now bound it.
final class PickleFuzzRegressionTests: XCTestCase {
    /// `PROTO 2`, then `body`, then `STOP`.
    func pickle(_ body: [UInt8]) -> [UInt8] { [0x80, 0x02] + body + [0x2E] }

    /// BINUNICODE of `count` bytes of "t": under the lazy threshold, so the
    /// text is read into the reader's arena (a "short" string).
    func shortText(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x58]
        withUnsafeBytes(of: UInt32(count).littleEndian) { bytes += $0 }
        return bytes + [UInt8](repeating: UInt8(ascii: "t"), count: count)
    }

    /// `levels` times DUP DUP TUPLE3: tuples of tuples of the same object,
    /// 3^levels references to what was on the stack.
    func tuplesOfTuples(_ levels: Int) -> [UInt8] {
        [UInt8]((0..<levels).flatMap { _ in [0x32, 0x32, 0x87] })
    }

    /// The leaves of nested tuples, without recursion.
    func leaves(_ root: PickleValue) -> [PickleValue] {
        var out: [PickleValue] = []
        var stack = [root]
        while let v = stack.popLast() {
            if case .tuple(let items) = v { stack += items } else { out.append(v) }
        }
        return out
    }

    func testAShortTextReachedManyTimesIsMadeOnce() throws {
        // Found by the fuzzer (2,700 bytes): a 1,360-byte str under DUP and
        // TUPLE3 was decoded again at each of its millions of references:
        // 5.8 GB and 14 s before the value budget refused it. Here 20 KB
        // reached 3^9 times would be 394 MB of copies.
        XCTAssertLessThan(20_000, PickleReader.lazyThreshold)
        let value = try Pickle.load(bytes: pickle(shortText(20_000) + tuplesOfTuples(9)))
        let all = leaves(value)
        XCTAssertEqual(all.count, 19_683)
        var buffers = Set<Int>()
        for leaf in all {
            guard case .string(let s) = leaf else { return XCTFail("not a str: \(leaf)") }
            XCTAssertEqual(s.utf8.count, 20_000)
            buffers.insert(s.utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) } ?? -1)
        }
        XCTAssertEqual(buffers.count, 1, "every reference shares one buffer")
    }

    func testAPackedListReachedManyTimesIsPackedOnce() throws {
        // The same for a list of str, which the kit's loader packs into a column.
        let list = [0x5D, 0x28] + shortText(100) + shortText(200) + [0x65]  // EMPTY_LIST MARK ... APPENDS
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("packed-\(getpid()).pkl")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(pickle(list + tuplesOfTuples(7))).write(to: url)
        let all = leaves(try Pickle.load(path: url.path, packStrings: true))
        XCTAssertEqual(all.count, 2_187)
        var columns = Set<ObjectIdentifier>()
        for leaf in all {
            guard case .strings(let column) = leaf, let packed = column.packedStrings else {
                return XCTFail("not a packed column: \(leaf)")
            }
            XCTAssertEqual(column.count, 2)
            columns.insert(ObjectIdentifier(packed))
        }
        XCTAssertEqual(columns.count, 1, "every reference shares one column")
    }

    func testTheFuzzInputIsRefusedByTheValueBudget() throws {
        let path = formatsFixture("hostile", "fuzz_oom_shared_text.pkl")
        XCTAssertThrowsError(try Pickle.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("through shared references"), "\(error)")
        }
    }
}
