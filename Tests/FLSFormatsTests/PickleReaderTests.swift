import Foundation
import XCTest

@testable import FLSFormats

/// The reader against files written by CPython and numpy (Tests/Fixtures/pickle).
final class PickleReaderTests: XCTestCase {
    func testEveryFixtureLoadsWithPythonsValues() throws {
        let expected = try PickleFixtures.expected()
        var checked = 0
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let want = want as? String else { continue }
            let value = try Pickle.load(path: PickleFixtures.path(name))
            XCTAssertEqual(PickleFixtures.describe(value), want, name)
            // The in-memory path gives the same value.
            let fromBytes = try Pickle.load(bytes: try PickleFixtures.bytes(name))
            XCTAssertEqual(PickleFixtures.describe(fromBytes), want, name + " (bytes)")
            checked += 1
        }
        XCTAssertEqual(checked, 19, "plain and array fixtures for protocols 0-5 (numpy 2 and numpy 1), plus py2style")
    }

    func testRealPoseSampleLoadsExactly() throws {
        let value = try Pickle.load(path: PickleFixtures.path("pose_sample_person0000.pkl"))
        guard case .list(let paths)? = value["paths"],
            case .array(let keypoints)? = value["keypoints"],
            case .array(let scores)? = value["scores"]
        else {
            return XCTFail("pose sample should be a dict of paths, keypoints and scores")
        }
        let wantPaths = try String(contentsOfFile: PickleFixtures.path("pose_sample_paths.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(paths.count, 1032)
        XCTAssertEqual(
            paths.map { v -> String in if case .string(let s) = v { return s } else { return "?" } }, wantPaths)
        XCTAssertEqual(keypoints.shape, [1032, 17, 2])
        XCTAssertEqual(scores.shape, [1032, 17])
        guard case .f64(let k) = keypoints.data, case .f32(let s) = scores.data else {
            return XCTFail("keypoints should be f64 and scores f32")
        }
        XCTAssertEqual(k.withUnsafeBytes { [UInt8]($0) }, try PickleFixtures.bytes("pose_sample_keypoints_f64.bin"))
        XCTAssertEqual(s.withUnsafeBytes { [UInt8]($0) }, try PickleFixtures.bytes("pose_sample_scores_f32.bin"))
        guard case .dict(let pairs) = value else { return XCTFail("not a dict") }
        XCTAssertEqual(
            pairs.map { PickleFixtures.describe($0.0) },
            ["paths", "keypoints", "scores"].map {
                "s:" + PickleFixtures.hex(Array($0.utf8))
            })
    }

    func testWideningRules() throws {
        let value = try Pickle.load(path: PickleFixtures.path("arrays_p2.pkl"))
        let want: [String: ElementType] = [
            "c_b1": .bool, "c_u1": .u8, "c_i1": .i32, "c_i2": .i32, "c_i4": .i32, "c_i8": .i64,
            "c_u2": .i32, "c_u4": .i64, "c_u8": .i64, "c_f2": .f32, "c_f4": .f32, "c_f8": .f64,
            "unicode": .str, "bytes_s": .str,
        ]
        for (key, type) in want {
            guard case .array(let a)? = value[key] else { XCTFail("\(key) missing"); continue }
            XCTAssertEqual(a.elementType, type, key)
        }
        guard case .scalar(let s)? = value["scalar_f4"], case .f32(let f) = s.data else {
            return XCTFail("scalar_f4 should be a f32 scalar")
        }
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(f, [1.5])
        guard case .list(let objects)? = value["object"] else { return XCTFail("object array should be a list") }
        XCTAssertEqual(objects.count, 3)
    }

    func testFortranOrderBecomesRowMajor() throws {
        let value = try Pickle.load(path: PickleFixtures.path("arrays_p4.pkl"))
        guard case .array(let a)? = value["fortran_f8"], case .f64(let d) = a.data else {
            return XCTFail("fortran_f8 missing")
        }
        XCTAssertEqual(a.shape, [2, 3, 4])
        XCTAssertEqual(d.array, (0..<24).map(Double.init))
    }

    func testUInt64BeyondInt64IsAnError() throws {
        // numpy.dtype('u8') array holding 2**64 - 1, written by hand in numpy's protocol 2 form.
        var b: [UInt8] = [0x80, 0x02]
        b += Array("cnumpy.core.multiarray\n_reconstruct\n".utf8)
        b += Array("cnumpy\nndarray\n".utf8) + [0x4B, 0, 0x85, 0x55, 1, 0x62, 0x87, 0x52]
        b += [0x28, 0x4B, 1, 0x4B, 1, 0x85] + Array("cnumpy\ndtype\n".utf8)
        b += [0x55, 2] + Array("u8".utf8) + [0x4B, 0, 0x4B, 1, 0x87, 0x52]
        b += [0x28, 0x4B, 3, 0x55, 1, UInt8(ascii: "<"), 0x4E, 0x4E, 0x4E, 0x4B, 0, 0x4B, 0, 0x4B, 0, 0x74, 0x62]
        b += [0x89, 0x55, 8] + [UInt8](repeating: 0xFF, count: 8) + [0x74, 0x62, 0x2E]
        PickleFixtures.assertRejects(b, "beyond the i64 range")
        // The same file with a value that fits loads.
        var ok = b
        ok[ok.count - 4] = 0x7F  // the payload's most significant byte
        guard case .array(let a) = try Pickle.load(bytes: ok), case .i64(let v) = a.data else {
            return XCTFail("expected an i64 array")
        }
        XCTAssertEqual(v, [Int64.max])
    }
}

/// Payloads that Python 3 writes at protocol 2 as `_codecs.encode(text, "latin1")`.
final class PickleLatin1PayloadTests: XCTestCase {
    private func check(_ value: PickleValue) {
        guard case .array(let u)? = value["u1"], case .u8(let u8) = u.data,
            case .array(let f)? = value["f4"], case .f32(let f32) = f.data,
            case .array(let b)? = value["i8_big_endian"], case .i64(let i64) = b.data
        else {
            return XCTFail("expected u1, f4 and i8 arrays")
        }
        XCTAssertEqual(u8.array, (0..<100_000).map { UInt8($0 % 251) })
        XCTAssertEqual(f32.array, (0..<20_000).map { Float($0) * 0.25 })
        XCTAssertEqual(i64.array, (0..<10_000).map { Int64($0) * -3 })
    }

    func testLargeTextPayloadsDecodeFromFileAndMemory() throws {
        check(try Pickle.load(path: PickleFixtures.path("latin1_payload_p2.pkl")))
        check(try Pickle.load(bytes: try PickleFixtures.bytes("latin1_payload_p2.pkl")))
    }

    func testPayloadTextBeyondLatin1IsAnError() throws {
        var bytes = try PickleFixtures.bytes("latin1_payload_p2.pkl")
        // Replace the first two-byte sequence (C2 xx or C3 xx) with a three-byte lead.
        guard let at = bytes.indices.dropFirst(200).first(where: { bytes[$0] == 0xC3 || bytes[$0] == 0xC2 }) else {
            return XCTFail("no two-byte sequence found")
        }
        bytes[at] = 0xE2
        PickleFixtures.assertRejects(bytes, "not latin-1")
    }
}
