// .npy reading and writing against files numpy wrote and numpy reads.

import Foundation
import XCTest

@testable import FLSFormats

final class NPYTests: XCTestCase {
    private func read(_ name: String) throws -> TypedArray {
        try NPY.read(path: formatsFixture("npy", name))
    }

    private func assertReadFails(_ name: String, containing text: String, line: UInt = #line) {
        XCTAssertThrowsError(try read(name), line: line) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(text), "'\(message)' does not mention '\(text)'", line: line)
            XCTAssertTrue(message.contains(name), "'\(message)' does not name the file", line: line)
        }
    }

    func testSignedIntegersWidenToI32OrI64InBothByteOrders() throws {
        for tag in ["le", "be"] {
            if tag == "le" {
                XCTAssertEqual(try read("i1_le.npy").i32Values, [-128, 0, 1, 2, 100, 127])
            }
            let i2 = try read("i2_\(tag).npy")
            XCTAssertEqual(i2.shape, [2, 3])
            XCTAssertEqual(i2.i32Values, [-32768, 0, 1, 2, 100, 32767])
            XCTAssertEqual(try read("i4_\(tag).npy").i32Values, [Int32.min, 0, 1, 2, 100, Int32.max])
            XCTAssertEqual(try read("i8_\(tag).npy").i64Values, [Int64.min, 0, 1, 2, 100, Int64.max])
        }
    }

    func testUnsignedIntegersWidenToU8I32OrI64InBothByteOrders() throws {
        XCTAssertEqual(try read("u1_le.npy").u8Values, [0, 0, 1, 2, 100, 255])
        for tag in ["le", "be"] {
            XCTAssertEqual(try read("u2_\(tag).npy").i32Values, [0, 0, 1, 2, 100, 65535])
            XCTAssertEqual(try read("u4_\(tag).npy").i64Values, [0, 0, 1, 2, 100, 4_294_967_295])
            XCTAssertEqual(try read("u8_\(tag).npy").i64Values, [0, 0, 1, 2, 100, Int64.max])
        }
    }

    func testUInt64BeyondI64IsAnError() {
        assertReadFails("u8_too_big.npy", containing: "18446744073709551615")
    }

    func testFloatsInBothByteOrdersAndHalfWidensToF32() throws {
        let expected: [Double] = [-1.5, 0, 0.25, .infinity, -.infinity, 65504]
        for tag in ["le", "be"] {
            let f2 = try read("f2_\(tag).npy")
            XCTAssertEqual(f2.shape, [2, 3])
            XCTAssertEqual(f2.f32Values, expected.map(Float.init))
            XCTAssertEqual(try read("f4_\(tag).npy").f32Values, expected.map(Float.init))
            XCTAssertEqual(try read("f8_\(tag).npy").f64Values, expected)
        }
        let special = try XCTUnwrap(try read("f8_nan.npy").f64Values)
        XCTAssertTrue(special[0].isNaN)
        XCTAssertEqual(special[1], 1e-300)
        XCTAssertEqual(special[2], Double.leastNonzeroMagnitude)
    }

    func testHalfPrecisionConversionIsExact() {
        XCTAssertEqual(NPY.halfToFloat(0x0001), Float(5.960_464_5e-08))  // smallest subnormal
        XCTAssertEqual(NPY.halfToFloat(0x03FF), Float(6.097_555e-05))  // largest subnormal
        XCTAssertEqual(NPY.halfToFloat(0x8000).sign, .minus)
        XCTAssertTrue(NPY.halfToFloat(0x7E00).isNaN)
        XCTAssertEqual(NPY.halfToFloat(0x3C00), 1)
    }

    func testBool() throws {
        XCTAssertEqual(try read("b1.npy").boolValues, [true, false, true, false, false, true])
    }

    func testFortranOrderIsConvertedToCOrder() throws {
        let f8 = try read("f8_fortran.npy")
        XCTAssertEqual(f8.shape, [2, 3, 4])
        XCTAssertEqual(f8.f64Values, (0..<24).map(Double.init))
        let i2 = try read("i2_be_fortran.npy")
        XCTAssertEqual(i2.shape, [2, 3])
        XCTAssertEqual(i2.i32Values, [0, 1, 2, 3, 4, 5])
    }

    func testZeroDimensionalAndEmptyArrays() throws {
        let scalar = try read("scalar_f8.npy")
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.f64Values, [3.5])
        XCTAssertEqual(try read("scalar_i8.npy").i64Values, [-7])
        let empty = try read("empty_f4.npy")
        XCTAssertEqual(empty.shape, [0])
        XCTAssertEqual(empty.f32Values, [])
        let empty2 = try read("empty_3x0_i8.npy")
        XCTAssertEqual(empty2.shape, [3, 0])
        XCTAssertEqual(empty2.i64Values, [])
    }

    func testUnicodeAndByteStrings() throws {
        for name in ["str_U_le.npy", "str_U_be.npy"] {
            let words = try read(name)
            XCTAssertEqual(words.shape, [2, 2])
            XCTAssertEqual(words.strValues, ["", "a", "h\u{E9}llo", "\u{1F600}x"])
        }
        // Byte strings are UTF-8 when they can be, Latin-1 otherwise.
        XCTAssertEqual(try read("str_S.npy").strValues, ["abc", "", "x\u{FF}"])
    }

    func testHeaderVersionsTwoAndThreeAndPython2Longs() throws {
        XCTAssertEqual(try read("v2_f4.npy").f32Values, [0, 1, 2, 3, 4])
        XCTAssertEqual(try read("v3_i4.npy").i32Values, [0, 1, 2, 3, 4])
        let py2 = try read("py2_long_shape.npy")
        XCTAssertEqual(py2.shape, [2, 3])
        XCTAssertEqual(py2.i32Values, [0, 1, 2, 3, 4, 5])
    }

    func testUnsupportedDtypesAreRefusedByName() {
        assertReadFails("object.npy", containing: "object arrays")
        assertReadFails("structured.npy", containing: "structured")
        assertReadFails("complex.npy", containing: "complex")
    }

    func testShapeIsCheckedAgainstFileSize() {
        assertReadFails("truncated_data.npy", containing: "only 72 bytes follow the header")
    }

    func testHugeDeclaredShapeIsRefusedBeforeAllocating() throws {
        let header = NPYWritePlan.makeHeader(descr: "<f8", shape: [1 << 40, 1 << 20])
        XCTAssertThrowsError(try NPY.read(bytes: header + [0, 0, 0, 0])) { error in
            XCTAssertTrue(String(describing: error).contains("bytes follow the header"), "\(error)")
        }
        let overflow = NPYWritePlan.makeHeader(descr: "<f8", shape: [Int.max, 3])
        XCTAssertThrowsError(try NPY.read(bytes: overflow))
    }

    func testReadFromMemoryMatchesReadFromFile() throws {
        for name in ["f8_be.npy", "str_U_le.npy", "f8_fortran.npy", "b1.npy"] {
            let fromFile = try read(name)
            let fromBytes = try NPY.read(bytes: try formatsFixtureBytes("npy", name))
            XCTAssertEqual(fromFile.shape, fromBytes.shape)
            XCTAssertEqual(String(describing: fromFile.data), String(describing: fromBytes.data))
        }
    }

    func testEveryTruncationIsAnError() throws {
        for name in ["f8_le.npy", "str_U_be.npy", "scalar_i8.npy", "v2_f4.npy", "b1.npy"] {
            let bytes = try formatsFixtureBytes("npy", name)
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try NPY.read(bytes: Array(bytes[0..<length])), "\(name) cut at \(length)")
            }
        }
    }

    func testRandomCorruptionNeverCrashes() throws {
        var random = FormatsFuzzRandom(state: 0x9E37_79B9_7F4A_7C15)
        for name in ["f8_le.npy", "str_U_be.npy", "i2_be_fortran.npy", "v3_i4.npy"] {
            let original = try formatsFixtureBytes("npy", name)
            for _ in 0..<2000 {
                var bytes = original
                for _ in 0..<(1 + random.below(4)) {
                    bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                }
                _ = try? NPY.read(bytes: bytes)
            }
        }
        for _ in 0..<2000 {
            let bytes = (0..<random.below(200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            XCTAssertThrowsError(try NPY.read(bytes: NPY.magic + [1, 0] + bytes))
        }
    }

    func testMissingFileErrorNamesThePath() {
        XCTAssertThrowsError(try NPY.read(path: "/nonexistent/x.npy")) { error in
            XCTAssertTrue(String(describing: error).contains("/nonexistent/x.npy"))
        }
    }

    private let samples: [(String, TypedArray)] = [
        ("bool", TypedArray(shape: [2, 2], data: .bool([true, false, false, true]))),
        ("u8", TypedArray(shape: [3], data: .u8([0, 128, 255]))),
        ("i32", TypedArray(shape: [1, 3], data: .i32([Int32.min, -1, Int32.max]))),
        ("i64", TypedArray(shape: [], data: .i64([Int64.min]))),
        ("f32", TypedArray(shape: [2, 0], data: .f32([]))),
        ("f64", TypedArray(shape: [4], data: .f64([0.1, -.infinity, 1e300, -0.0]))),
        ("str", TypedArray(shape: [3], data: .str(["", "h\u{E9}", "\u{1F600}\u{1F600}z"]))),
        ("emptystr", TypedArray(shape: [2], data: .str(["", ""]))),
    ]

    func testWriteThenReadRoundTrips() throws {
        let folder = try formatsScratchFolder()
        for (name, array) in samples {
            let path = folder + "/\(name).npy"
            try NPY.write(array, path: path)
            let back = try NPY.read(path: path)
            XCTAssertEqual(back.shape, array.shape, name)
            XCTAssertEqual(String(describing: back.data), String(describing: array.data), name)
            XCTAssertEqual(try NPY.encode(array), try formatsFixtureBytesAt(path), name)
        }
    }

    private func formatsFixtureBytesAt(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testNumpyReadsWhatWeWrite() throws {
        let folder = try formatsScratchFolder()
        for (name, array) in samples {
            try NPY.write(array, path: folder + "/\(name).npy")
        }
        let script = """
            import sys, numpy as np
            d = sys.argv[1]
            def check(name, dtype, value):
                a = np.load(f"{d}/{name}.npy")
                e = np.array(value, dtype=dtype)
                assert a.dtype == e.dtype, (name, a.dtype, e.dtype)
                assert a.shape == e.shape, (name, a.shape, e.shape)
                assert np.array_equal(a, e), (name, a, e)
                assert a.flags.c_contiguous
            check("bool", "?", [[True, False], [False, True]])
            check("u8", "u1", [0, 128, 255])
            check("i32", "<i4", [[-2**31, -1, 2**31 - 1]])
            check("i64", "<i8", -2**63)
            check("f32", "<f4", np.zeros((2, 0)))
            check("f64", "<f8", [0.1, -np.inf, 1e300, -0.0])
            check("str", "<U3", ["", "h\\u00e9", "\\U0001F600\\U0001F600z"])
            check("emptystr", "<U1", ["", ""])
            print("ok")
            """
        let output = try runPython(script, [folder])
        XCTAssertEqual(output, "ok\n")
    }

    func testWritingAMismatchedShapeIsAnError() {
        let bad = TypedArray(shape: [2, 2], data: .f64([1, 2, 3]))
        XCTAssertThrowsError(try NPY.encode(bad))
        XCTAssertThrowsError(try NPY.write(bad, path: "/tmp/never-written.npy"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never-written.npy"))
    }

    func testLongHeaderUsesVersionTwo() throws {
        let shape = [Int](repeating: 1, count: 30_000)
        let array = TypedArray(shape: shape, data: .u8([7]))
        let bytes = try NPY.encode(array)
        XCTAssertEqual(bytes[6], 2)
        XCTAssertEqual((bytes.count - 1) % 64, 0)
        // numpy reads at most 64 dimensions, and so does the reader.
        XCTAssertThrowsError(try NPY.read(bytes: bytes)) { error in
            XCTAssertTrue(
                "\(error)".contains("the .npy shape has 30000 dimensions; numpy allows at most 64."), "\(error)")
        }
    }
}
