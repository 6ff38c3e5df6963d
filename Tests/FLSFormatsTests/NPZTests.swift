// .npz archives: numpy's stored, deflated and streamed archives, archives
// we write (read back by numpy), and hostile zips.

import Foundation
import XCTest

@testable import FLSFormats

final class NPZTests: XCTestCase {
    private func assertMembers(_ members: [(name: String, array: TypedArray)], line: UInt = #line) {
        XCTAssertEqual(members.map(\.name), ["b", "s", "arr_0"], line: line)
        guard members.count == 3 else { return }
        XCTAssertEqual(members[0].array.f32Values, [0.5, -1.0], line: line)
        XCTAssertEqual(members[1].array.strValues, ["x", "yz"], line: line)
        XCTAssertEqual(members[2].array.shape, [2, 3], line: line)
        XCTAssertEqual(members[2].array.i64Values, [0, 1, 2, 3, 4, 5], line: line)
    }

    func testStoredArchiveFromSavez() throws {
        assertMembers(try NPZ.read(path: formatsFixture("npy", "savez.npz")))
    }

    func testDeflatedArchiveFromSavezCompressed() throws {
        assertMembers(try NPZ.read(path: formatsFixture("npy", "savez_compressed.npz")))
    }

    func testStreamedArchiveWithDataDescriptorsCommentAndNonArrayMember() throws {
        let members = try NPZ.read(path: formatsFixture("npy", "streamed.npz"))
        XCTAssertEqual(members.map(\.name), ["first", "second"])
        XCTAssertEqual(members.first?.array.i64Values, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(members.last?.array.f32Values, [0.5, -1.0])
    }

    func testZip64EndRecordAndCentralExtraFields() throws {
        let members = try NPZ.read(path: formatsFixture("npy", "zip64_forced.npz"))
        XCTAssertEqual(members.map(\.name), ["a", "b"])
        XCTAssertEqual(members.first?.array.i32Values, [0, 1, 2, 3])
        XCTAssertEqual(members.last?.array.f64Values, [1.5])
    }

    func testEmptyArchive() throws {
        XCTAssertEqual(try NPZ.read(path: formatsFixture("npy", "empty.npz")).count, 0)
    }

    private let members: [(name: String, array: TypedArray)] = [
        ("weights", TypedArray(shape: [2, 2], data: .f32([1, 2, 3, 4]))),
        ("labels", TypedArray(shape: [3], data: .str(["a", "\u{E9}t\u{E9}", ""]))),
        ("flag", TypedArray(shape: [], data: .bool([true]))),
        ("big", TypedArray(shape: [1000], data: .i64((0..<1000).map { Int64($0 % 7) }))),
    ]

    func testWriteThenReadRoundTripsStoredAndCompressed() throws {
        let folder = try formatsScratchFolder()
        for compressed in [false, true] {
            let path = folder + "/out-\(compressed).npz"
            try NPZ.write(members, path: path, compressed: compressed)
            let back = try NPZ.read(path: path)
            XCTAssertEqual(back.map(\.name), members.map(\.name))
            for (a, b) in zip(back, members) {
                XCTAssertEqual(a.array.shape, b.array.shape)
                XCTAssertEqual(String(describing: a.array.data), String(describing: b.array.data))
            }
        }
        let stored = try NPZ.encode(members, compressed: false)
        let deflated = try NPZ.encode(members, compressed: true)
        XCTAssertLessThan(deflated.count, stored.count)
    }

    func testNumpyReadsWhatWeWrite() throws {
        let folder = try formatsScratchFolder()
        try NPZ.write(members, path: folder + "/stored.npz", compressed: false)
        try NPZ.write(members, path: folder + "/deflated.npz", compressed: true)
        let script = """
            import sys, zipfile, numpy as np
            for name in ["stored", "deflated"]:
                path = f"{sys.argv[1]}/{name}.npz"
                assert zipfile.ZipFile(path).testzip() is None
                with np.load(path) as z:
                    assert list(z.keys()) == ["weights", "labels", "flag", "big"], list(z.keys())
                    assert z["weights"].dtype == np.float32 and z["weights"].tolist() == [[1, 2], [3, 4]]
                    assert z["labels"].tolist() == ["a", "\\u00e9t\\u00e9", ""]
                    assert z["flag"].shape == () and z["flag"].dtype == np.bool_ and bool(z["flag"])
                    assert np.array_equal(z["big"], np.arange(1000) % 7)
            print("ok")
            """
        let output = try runPython(script, [folder])
        XCTAssertEqual(output, "ok\n")
    }

    func testDuplicateOrEmptyNamesAreRefusedWhenWriting() {
        let a = TypedArray(shape: [1], data: .u8([1]))
        XCTAssertThrowsError(try NPZ.encode([("x", a), ("x", a)], compressed: false))
        XCTAssertThrowsError(try NPZ.encode([("", a)], compressed: false))
    }

    func testEveryTruncationIsAnError() throws {
        for name in ["savez.npz", "savez_compressed.npz", "streamed.npz", "zip64_forced.npz"] {
            let bytes = try formatsFixtureBytes("npy", name)
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try NPZ.read(bytes: Array(bytes[0..<length])), "\(name) cut at \(length)")
            }
        }
    }

    func testRandomCorruptionNeverCrashes() throws {
        var random = FormatsFuzzRandom(state: 0xD1B5_4A32_D192_ED03)
        for name in ["savez.npz", "savez_compressed.npz", "streamed.npz", "zip64_forced.npz"] {
            let original = try formatsFixtureBytes("npy", name)
            for _ in 0..<3000 {
                var bytes = original
                for _ in 0..<(1 + random.below(3)) {
                    bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                }
                _ = try? NPZ.read(bytes: bytes)
            }
        }
    }

    // Offsets into an archive written by NPZ.encode with one member.
    private func oneMember(_ array: TypedArray, compressed: Bool) throws -> (bytes: [UInt8], central: Int) {
        let bytes = try NPZ.encode([("m", array)], compressed: compressed)
        let central = bytes.count - 22 - 46 - 5  // end record, entry, "m.npy"
        XCTAssertEqual(Array(bytes[central..<(central + 4)]), [0x50, 0x4B, 0x01, 0x02])
        return (bytes, central)
    }

    private func patch32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    private func assertFails(_ bytes: [UInt8], _ text: String, line: UInt = #line) {
        XCTAssertThrowsError(try NPZ.read(bytes: bytes), line: line) { error in
            XCTAssertTrue(String(describing: error).contains(text), "'\(error)' does not mention '\(text)'", line: line)
        }
    }

    func testCorruptDataFailsTheCRCCheck() throws {
        var (bytes, _) = try oneMember(TypedArray(shape: [4], data: .f64([1, 2, 3, 4])), compressed: false)
        bytes[30 + 5 + 130] ^= 0xFF
        assertFails(bytes, "CRC-32")
    }

    func testLyingSizesAreErrors() throws {
        let zeros = TypedArray(shape: [100_000], data: .u8([UInt8](repeating: 0, count: 100_000)))
        let (original, central) = try oneMember(zeros, compressed: true)
        // Declared smaller than the stream inflates to: a zip bomb is cut off.
        var bytes = original
        patch32(&bytes, central + 24, 1000)
        assertFails(bytes, "more than its declared size")
        // Declared larger than deflate could ever produce from the input.
        bytes = original
        patch32(&bytes, central + 24, 0xFFFF_FFF0)
        assertFails(bytes, "more than deflate can produce")
        // Declared a little larger: the stream ends early.
        bytes = original
        patch32(&bytes, central + 24, 100_500)
        assertFails(bytes, "declares 100500")
        // Compressed size past the end of the archive.
        bytes = original
        patch32(&bytes, central + 20, 0x7FFF_FFFF)
        assertFails(bytes, "claims")
        // Stored member whose sizes disagree.
        var (stored, storedCentral) = try oneMember(zeros, compressed: false)
        patch32(&stored, storedCentral + 24, 5)
        assertFails(stored, "stored")
    }

    func testBadOffsetsAreErrors() throws {
        let (original, central) = try oneMember(TypedArray(shape: [2], data: .i32([1, 2])), compressed: false)
        var bytes = original
        patch32(&bytes, central + 42, 0x00FF_FFFF)
        assertFails(bytes, "no local header")
        bytes = original
        patch32(&bytes, bytes.count - 6, UInt32(bytes.count))
        assertFails(bytes, "outside the archive")
        bytes = original
        bytes[bytes.count - 12] = 0xFF  // member count far above what fits
        bytes[bytes.count - 11] = 0xFF
        assertFails(bytes, "claims 65535 members")
        assertFails(Array("not a zip at all, just text".utf8), "not a zip archive")
    }

    func testUnsupportedMethodAndEncryptionAreRefused() throws {
        var (bytes, central) = try oneMember(TypedArray(shape: [1], data: .u8([1])), compressed: false)
        bytes[central + 10] = 12  // bzip2
        assertFails(bytes, "method 12")
        (bytes, central) = try oneMember(TypedArray(shape: [1], data: .u8([1])), compressed: false)
        bytes[central + 8] |= 1
        assertFails(bytes, "encrypted")
    }

    func testAMemberThatIsNotNPYIsReportedWithItsName() throws {
        var (bytes, _) = try oneMember(TypedArray(shape: [1], data: .u8([1])), compressed: false)
        bytes[30 + 5] = 0  // break the .npy magic, then fix the CRC to match
        let data = Array(bytes[35..<(35 + 129)])
        let crc = data.withUnsafeBytes { ZipCodec.crc32($0) }
        let central = bytes.count - 22 - 46 - 5
        patch32(&bytes, 14, crc)
        patch32(&bytes, central + 16, crc)
        assertFails(bytes, "member 'm.npy'")
    }
}
