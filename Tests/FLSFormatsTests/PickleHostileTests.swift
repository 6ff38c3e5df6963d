import Foundation
import XCTest

@testable import FLSFormats

/// Broken and malicious pickles: each must end in a FormatError, never a crash,
/// a hang, or an allocation the file's size does not justify.
final class PickleHostileTests: XCTestCase {
    private let proto2: [UInt8] = [0x80, 0x02]

    func testForbiddenGlobalsWrittenByCPythonAreRefusedByName() throws {
        guard let hostile = try PickleFixtures.expected()["_hostile"] as? [String: String] else {
            return XCTFail("expected.json lacks the hostile list")
        }
        XCTAssertEqual(hostile.count, 5)
        for (name, message) in hostile {
            PickleFixtures.assertRejects(try PickleFixtures.bytes(name), message)
        }
        PickleFixtures.assertRejects(
            try PickleFixtures.bytes("evil_os_system_p0.pkl"),
            "pickles may only construct numpy arrays and plain data")
    }

    func testEveryTruncationOfValidFilesIsAnError() throws {
        // Every offset of three small files (protocol 1, protocol 5 with
        // frames, Python 2 style), and 400 spread offsets of two text-protocol files.
        let files = ["plain_p1.pkl": 1, "arrays_p5.pkl": 1, "py2style.pkl": 1, "plain_p0.pkl": 20, "arrays_p0.pkl": 17]
        for (name, step) in files {
            let bytes = try PickleFixtures.bytes(name)
            for cut in stride(from: 0, to: bytes.count, by: step) {
                do {
                    _ = try Pickle.load(bytes: Array(bytes[0..<cut]))
                    XCTFail("\(name) cut at \(cut) loaded")
                } catch is FormatError {
                } catch {
                    XCTFail("\(name) cut at \(cut): \(error)")
                }
            }
        }
        PickleFixtures.assertRejects(
            [0x80, 0x02, 0x55, 0x05, 0x61], "truncated pickle: expected 5 more bytes at offset 4")
    }

    func testTruncatedRealSampleFileIsAnError() throws {
        let bytes = try PickleFixtures.bytes("pose_sample_person0000.pkl")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pickle-hostile-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Cuts inside the path list, inside each array payload, and just before STOP.
        for cut in [1, 5000, 55_000, 200_000, 335_950, 400_000, bytes.count - 1] {
            let path = dir.appendingPathComponent("cut.pkl").path
            try Data(bytes[0..<cut]).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try Pickle.load(path: path)) { XCTAssertTrue($0 is FormatError, "cut \(cut)") }
        }
    }

    func testUnknownOpcodeNamesItsByteAndOffset() {
        PickleFixtures.assertRejects(proto2 + [0x4E, 0xFF], "unknown pickle opcode 0xff at offset 3")
        PickleFixtures.assertRejects(proto2 + [0x80, 0x09, 0x4E, 0x2E], "unsupported pickle protocol 9")
        PickleFixtures.assertRejects(proto2 + [0x50] + Array("id\n".utf8) + [0x2E], "persistent ids")
        PickleFixtures.assertRejects([0x80, 0x05, 0x97, 0x2E], "out-of-band buffers")
    }

    func testHugeDeclaredLengthsAreCheckedBeforeAllocating() {
        let huge8: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0x40]  // 2^62
        PickleFixtures.assertRejects([0x80, 0x04, 0x8D] + huge8, "truncated pickle")
        PickleFixtures.assertRejects([0x80, 0x04, 0x8E] + huge8, "truncated pickle")
        PickleFixtures.assertRejects([0x80, 0x05, 0x96] + huge8, "truncated pickle")
        PickleFixtures.assertRejects([0x80, 0x04, 0x95] + huge8, "truncated pickle")
        PickleFixtures.assertRejects(
            [0x80, 0x04, 0x8E] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "more than any file holds")
        PickleFixtures.assertRejects(
            proto2 + [0x58, 0xFF, 0xFF, 0xFF, 0xFF], "truncated pickle: expected 4294967295 more bytes at offset 7")
        PickleFixtures.assertRejects(proto2 + [0x54, 0xFF, 0xFF, 0xFF, 0xFF], "negative BINSTRING length")
        PickleFixtures.assertRejects(proto2 + [0x8B, 0xFF, 0xFF, 0xFF, 0x7F], "truncated pickle")
        PickleFixtures.assertRejects(
            proto2 + [0x8B, 0x10, 0, 0, 0] + [UInt8](repeating: 1, count: 16) + [0x2E], "integer too large")
        PickleFixtures.assertRejects(
            proto2 + [0x8A, 0x09] + [UInt8](repeating: 1, count: 9) + [0x2E], "integer too large")
        PickleFixtures.assertRejects(Array("L123456789012345678901234567890L\n.".utf8), "integer too large")
    }

    /// An ndarray pickle in numpy's protocol 2 form with the given shape and payload size.
    private func arrayPickle(shape: [Int64], payload: Int, dtype: String = "f8") -> [UInt8] {
        var b = proto2 + Array("cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n".utf8)
        b += [0x4B, 0, 0x85, 0x55, 1, 0x62, 0x87, 0x52, 0x28, 0x4B, 1, 0x28]
        for d in shape {
            b.append(0x8A)
            b.append(8)
            for k in 0..<8 { b.append(UInt8(truncatingIfNeeded: d >> Int64(8 * k))) }
        }
        b += [0x74] + Array("cnumpy\ndtype\n".utf8) + [0x55, UInt8(dtype.utf8.count)] + Array(dtype.utf8)
        b += [0x4B, 0, 0x4B, 1, 0x87, 0x52, 0x28, 0x4B, 3, 0x55, 1, UInt8(ascii: "<"), 0x4E, 0x4E, 0x4E]
        b += [0x4A, 0xFF, 0xFF, 0xFF, 0xFF, 0x4A, 0xFF, 0xFF, 0xFF, 0xFF, 0x4B, 0, 0x74, 0x62, 0x89]
        b += [0x54] + (0..<4).map { UInt8(truncatingIfNeeded: payload >> (8 * $0)) }
        b += [UInt8](repeating: 0, count: payload) + [0x74, 0x62, 0x2E]
        return b
    }

    func testHugeShapesAreRejectedWithoutAllocating() throws {
        // Sanity: the builder makes a loadable array when shape and payload agree.
        guard case .array(let ok) = try Pickle.load(bytes: arrayPickle(shape: [2, 3], payload: 48)) else {
            return XCTFail("expected an array")
        }
        XCTAssertEqual(ok.shape, [2, 3])
        PickleFixtures.assertRejects(arrayPickle(shape: [1 << 40, 1 << 40], payload: 8), "too many elements")
        PickleFixtures.assertRejects(arrayPickle(shape: [1 << 30, 1 << 30], payload: 8), "too many elements")
        PickleFixtures.assertRejects(arrayPickle(shape: [1_000_000_000], payload: 8), "need 8000000000")
        PickleFixtures.assertRejects(arrayPickle(shape: [-1], payload: 8), "negative extent")
        PickleFixtures.assertRejects(arrayPickle(shape: [3], payload: 8, dtype: "U0"), "shape [3]")
        PickleFixtures.assertRejects(arrayPickle(shape: [1], payload: 16, dtype: "c16"), "complex")
        PickleFixtures.assertRejects(arrayPickle(shape: [1], payload: 8, dtype: "M8"), "datetime")
        PickleFixtures.assertRejects(arrayPickle(shape: Array(repeating: 1, count: 65), payload: 8), "64")
    }

    func testDeepNestingIsBoundedWithoutRecursion() {
        // A million MARKs.
        PickleFixtures.assertRejects(proto2 + [UInt8](repeating: 0x28, count: 1_000_000), "MARKs")
        // A million nested lists built with EMPTY_LIST and APPEND: the machine
        // builds them; the conversion refuses the depth; teardown must not recurse.
        let n = 1_000_000
        PickleFixtures.assertRejects(
            proto2 + [UInt8](repeating: 0x5D, count: n)
                + [UInt8](repeating: 0x61, count: n - 1) + [0x2E], "levels deep")
        // A million nested one-tuples.
        PickleFixtures.assertRejects(proto2 + [0x4E] + [UInt8](repeating: 0x85, count: n) + [0x2E], "levels deep")
        // Nested dicts through SETITEM.
        var dicts = proto2
        for _ in 0..<100_000 { dicts += [0x7D, 0x55, 1, 0x6B] }
        for _ in 0..<99_999 { dicts += [0x73] }
        // SETITEM needs key, value: the stack is dict,key,dict,key,...; the last dict is a value.
        PickleFixtures.assertRejects(dicts + [0x2E])
        // Just under the limit loads.
        let ok = proto2 + [UInt8](repeating: 0x5D, count: 400) + [UInt8](repeating: 0x61, count: 399) + [0x2E]
        XCTAssertNoThrow(try Pickle.load(bytes: ok))
    }

    func testMemoBombsAndSharingExplosionsAreRefused() {
        // Exponential sharing: each list holds the previous one twice (2^200 leaves).
        var b = proto2 + [0x5D, 0x94]
        for i in 0..<200 {
            b += [0x28, 0x6A] + (0..<4).map { UInt8(truncatingIfNeeded: i >> (8 * $0)) }
            b += [0x6A] + (0..<4).map { UInt8(truncatingIfNeeded: i >> (8 * $0)) } + [0x6C, 0x94]
            // LIST leaves the new list on the stack above the older ones; STOP takes the last.
        }
        b += [0x2E]
        PickleFixtures.assertRejects(b, "shared references")
        // Memo entries beyond the limit (lowered here to keep the test fast).
        var small = PickleReader.Limits()
        small.maxMemo = 1000
        small.maxStack = 1000
        XCTAssertThrowsError(
            try Pickle.load(
                bytes: proto2 + [0x4E] + [UInt8](repeating: 0x94, count: 1001) + [0x2E],
                limits: small)
        ) { XCTAssertTrue("\($0)".contains("memo grew beyond 1000")) }
        XCTAssertNoThrow(
            try Pickle.load(
                bytes: proto2 + [0x4E] + [UInt8](repeating: 0x94, count: 1000) + [0x2E],
                limits: small))
        // Sparse huge memo indexes are fine, unknown ones are errors.
        XCTAssertNoThrow(try Pickle.load(bytes: proto2 + [0x4E, 0x72, 0xFF, 0xFF, 0xFF, 0xFF, 0x2E]))
        PickleFixtures.assertRejects(proto2 + [0x6A, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E], "never stored")
        // A stack flood.
        XCTAssertThrowsError(
            try Pickle.load(
                bytes: proto2 + [UInt8](repeating: 0x4E, count: 1001) + [0x2E],
                limits: small)
        ) { XCTAssertTrue("\($0)".contains("stack grew beyond 1000")) }
        // A list that contains itself.
        PickleFixtures.assertRejects(proto2 + [0x5D, 0x71, 0, 0x68, 0, 0x61, 0x2E], "contains itself")
    }

    func testMalformedStacksAreErrors() {
        PickleFixtures.assertRejects(proto2 + [0x2E], "underflow")
        PickleFixtures.assertRejects(proto2 + [0x61, 0x2E], "underflow")
        PickleFixtures.assertRejects(proto2 + [0x65, 0x2E], "MARK that was never set")
        PickleFixtures.assertRejects(proto2 + [0x4E, 0x28, 0x61, 0x2E], "underflow")
        PickleFixtures.assertRejects(proto2 + [0x4E, 0x4E, 0x61, 0x2E], "not a list")
        PickleFixtures.assertRejects(proto2 + [0x7D, 0x28, 0x4E, 0x75, 0x2E], "odd number")
        PickleFixtures.assertRejects(proto2 + [0x7D, 0x4E, 0x4E, 0x73, 0x2E], "keys must be str or int")
        PickleFixtures.assertRejects(proto2 + [0x4E, 0x4E, 0x52, 0x2E], "not a callable")
        PickleFixtures.assertRejects(Array("cnumpy\nndarray\n.".utf8), "class or function")
    }

    func testMutatedAndRandomBytesNeverCrash() throws {
        var seeded = SplitMix(seed: 20_190_601)
        let seeds = try ["plain_p2.pkl", "arrays_p2.pkl", "arrays_p4.pkl", "plain_p0.pkl", "py2style.pkl"]
            .map { try PickleFixtures.bytes($0) }
        var loaded = 0, rejected = 0
        for round in 0..<3000 {
            var b: [UInt8]
            if round % 3 == 0 {
                b = (0..<Int(seeded.next() % 200)).map { _ in UInt8(truncatingIfNeeded: seeded.next()) }
                if round % 2 == 0 { b = [0x80, 0x02] + b }
            } else {
                b = seeds[Int(seeded.next() % UInt64(seeds.count))]
                for _ in 0..<(1 + Int(seeded.next() % 4)) {
                    b[Int(seeded.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: seeded.next())
                }
            }
            do {
                _ = try Pickle.load(bytes: b)
                loaded += 1
            } catch is FormatError {
                rejected += 1
            } catch {
                XCTFail("round \(round): not a FormatError: \(error)")
            }
        }
        XCTAssertGreaterThan(rejected, 1000)
        XCTAssertEqual(loaded + rejected, 3000)
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
