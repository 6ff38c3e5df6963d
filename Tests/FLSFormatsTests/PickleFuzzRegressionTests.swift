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

/// Containers copied from others (`list(x)`, `dict(d)`, BUILD's update)
/// cost memory but no bytes of the file; their total is bounded.
final class PickleCopyBudgetTests: XCTestCase {
    /// `PROTO 2`, `body`, `STOP`.
    func pickle(_ body: [UInt8]) -> [UInt8] { [0x80, 0x02] + body + [0x2E] }

    /// {0: 0}, then `times` DUP BUILD: the dict updated with itself.
    func selfUpdates(_ times: Int) -> [UInt8] {
        pickle([0x7D, 0x4B, 0x00, 0x4B, 0x00, 0x73] + [UInt8]((0..<times).flatMap { _ in [0x32, 0x62] }))
    }

    func testADictUpdatedWithItselfIsRefusedBeforeItDoubles() throws {
        // Found by the fuzzer (165 bytes): 69 such updates doubled a dict's
        // entries 69 times (out of memory at 3 GB). Ten are harmless: the
        // keys are one key, and the last value wins.
        guard case .dict(let pairs) = try Pickle.load(bytes: selfUpdates(10)) else { return XCTFail("not a dict") }
        XCTAssertEqual(pairs.count, 1)
        var small = PickleReader.Limits()
        small.maxCopies = 1000
        XCTAssertNoThrow(try Pickle.load(bytes: selfUpdates(9), limits: small))
        XCTAssertThrowsError(try Pickle.load(bytes: selfUpdates(10), limits: small)) { error in
            XCTAssertTrue("\(error)".contains("pickle copies its containers into more than 1000 entries"), "\(error)")
        }
        XCTAssertThrowsError(try Pickle.load(bytes: selfUpdates(69))) { error in
            XCTAssertTrue("\(error)".contains("copies its containers"), "\(error)")
        }
    }

    /// `list(x)` of a 600-item list, made `calls` times: 600 entries copied each.
    func listCalls(_ calls: Int) -> [UInt8] {
        var body: [UInt8] = [0x63] + Array("builtins\nlist\n".utf8) + [0x94]  // GLOBAL, MEMOIZE 0
        body += [0x5D, 0x94, 0x28] + [UInt8]((0..<600).flatMap { _ in [0x4B, 0x07] }) + [0x65]  // list 1, APPENDS
        for _ in 0..<calls { body += [0x68, 0x00, 0x68, 0x01, 0x85, 0x52, 0x30] }  // list(x), POP
        return pickle(body + [0x68, 0x01])
    }

    func testListCallsAreCountedAgainstTheFileSize() throws {
        // The bound is at least four entries per byte of the file: 8 calls
        // (4,800 entries, 1,271 bytes) fit, 10 calls (6,000, 1,285) do not.
        var small = PickleReader.Limits()
        small.maxCopies = 100
        XCTAssertNoThrow(try Pickle.load(bytes: listCalls(8), limits: small))
        let ten = listCalls(10)
        XCTAssertThrowsError(try Pickle.load(bytes: ten, limits: small)) { error in
            XCTAssertTrue(
                "\(error)".contains("copies its containers into more than \(ten.count * 4) entries"), "\(error)")
        }
    }

    func testTheFuzzInputIsRefused() throws {
        let path = formatsFixture("hostile", "fuzz_oom_dict_updated_with_itself.pkl")
        XCTAssertThrowsError(try Pickle.load(path: path)) { error in
            XCTAssertTrue("\(error)".contains("copies its containers"), "\(error)")
        }
    }
}
