// load_pickle and save_pickle: CPython's and numpy's pickles map onto FLS
// values as LANGUAGE.md says, values survive a round trip, Python reads
// what we write, and hostile files are runtime errors naming the file.

import FLS
import FLSFormats
import Foundation
import XCTest

@testable import FLSKit

final class DataPickleTests: XCTestCase {
    private func load(_ fixture: String) -> String {
        "p = load_pickle(\(DataTest.literal(DataTest.fixture(fixture))))\n"
    }

    func testPlainPythonValuesMapToFLSValues() throws {
        let p = load("pickle/plain_p2.pkl")
        XCTAssertEqual(
            try DataTest.show(
                p + "list(p.text, p.unicode, p.empty, p.int_64, p.int_min, p.float, p.inf, p[\"true\"], p[\"none\"])"),
            "list(\"hello\", \"café ☃ 😀\", \"\", 4611686018427387909, -9223372036854775808, 0.1, inf, true, null)")
        // Mixed lists and tuples stay lists; sets and frozensets become lists.
        XCTAssertEqual(try DataTest.show(p + "p.list"), "list(1, \"two\", 3.0, null, list(4, list(5, list())))")
        XCTAssertEqual(
            try DataTest.show(p + "list(p.tuple0, p.tuple1, p.tuple5, p.set, p.frozen)"),
            "list(list(), list(1), list(1, 2, 3, 4, \"five\"), list(3), list(\"x\"))")
        // Bytes become u8 arrays; int dict keys become their text.
        XCTAssertEqual(
            try DataTest.show(p + "list(p.bytes, p.empty_bytes, p.bytearray, p[\"7\"])"),
            "list(u8[6] [  0 255 128  97  98  99], u8[0] [], u8[3] [  1   2 254], \"int key\")")
        // A homogeneous list of ints is an i64 array.
        XCTAssertEqual(
            try DataTest.show(p + "x = p.long_list\nprint(dtype(x), len(x), x[1099])\np.nested.a.b.c[2].d"),
            "i64 1100 1099\n\"deep\"")
    }

    func testNumpyArraysKeepTheirDtypeShapeAndValues() throws {
        let p = load("pickle/arrays_p2.pkl")
        XCTAssertEqual(
            try DataTest.show(
                p + "list(dtype(p.c_b1), dtype(p.c_u1), dtype(p.c_i1), dtype(p.c_i2), dtype(p.c_i4), dtype(p.c_i8))"),
            "list(\"bool\", \"u8\", \"i32\", \"i32\", \"i32\", \"i64\")")
        XCTAssertEqual(
            try DataTest.show(
                p + "list(dtype(p.c_u2), dtype(p.c_u4), dtype(p.c_u8), dtype(p.c_f2), dtype(p.c_f4), dtype(p.c_f8))"),
            "list(\"i32\", \"i64\", \"i64\", \"f32\", \"f32\", \"f64\")")
        XCTAssertEqual(
            try DataTest.show(p + "print(p.c_i2[0, 0], p.c_i2[0, 1], p.c_u8[0, 1])"), "-32768 32767 9223372036854775807"
        )
        // Fortran-ordered and big-endian arrays arrive in C order with native values.
        XCTAssertEqual(try DataTest.show(p + "all(p.fortran_f8 == reshape(range(24), [2, 3, 4]))"), "true")
        XCTAssertEqual(try DataTest.show(p + "p.big_f8 == [1.5, -2.25, 1e300]"), "bool[3] [ true  true  true]")
        XCTAssertEqual(try DataTest.show(p + "p.big_u2"), "i32[2] [    1 65535]")
        XCTAssertEqual(
            try DataTest.show(p + "list(p.zero_d, shape(p.empty), dtype(p.empty))"), "list(3.25, i64[2] [0 3], \"f32\")"
        )
        XCTAssertEqual(
            try DataTest.show(p + "list(p.unicode, p.bytes_s)"),
            "list(str[4] ['ab' 'cé' '' '☃x'], str[3] ['ab' 'c' ''])")
        XCTAssertEqual(
            try DataTest.show(p + "list(p.scalar_f4, dtype(p.scalar_f4), p.scalar_u1, dtype(p.scalar_u1), p.scalar_b)"),
            "list(1.5, \"f32\", 200, \"u8\", true)")
        XCTAssertEqual(try DataTest.show(p + "p.object"), "list(1, \"a\", null)")
        XCTAssertEqual(try DataTest.show(p + "shape(p.keypoints)"), "i64[3] [ 4 17  2]")
    }

    func testArraysLoadWithoutCopyingTheirBuffer() throws {
        // The NDArray's storage is the TypedArray's Swift array itself: same base address.
        let v = PickleValue.array(TypedArrayFixture.f32)
        guard case .array(let a) = try PickleMapping.value(v), case .f32(let mapped) = a.storage,
            case .f32(let original) = TypedArrayFixture.f32.data
        else { return XCTFail("not an f32 array") }
        let same = mapped.withUnsafeBufferPointer { m in
            original.withUnsafeBufferPointer { o in m.baseAddress == o.baseAddress }
        }
        XCTAssertTrue(same)
    }

    func testValuesSurviveARoundTrip() throws {
        let folder = try DataTest.scratchFolder()
        let path = DataTest.literal(folder + "/round.pkl")
        let value = """
            {
                b: [true, false], u: astype([1, 255], "u8"), i: astype([-5, 7], "i32"), l: [1, 2, 3],
                f: astype([0.5, -1.25], "f32"), d: [0.1, 1e300], grid: reshape(range(6), [2, 3]),
                zero: astype(3, "f32"), empty: zeros([0, 4]), paths: ["a.jpg", "é.jpg"],
                text: "hi", n: 42, x: 2.5, yes: true, none: null,
                items: list(1, "two", list(3.5, null)), inner: {k: "v", deep: {z: [1.5]}}
            }
            """
        let original = try DataTest.show("v = \(value)\nv")
        let loaded = try DataTest.show("save_pickle(\(path), \(value))\nload_pickle(\(path))")
        XCTAssertEqual(loaded, original)
    }

    func testPythonReadsWhatSavePickleWrites() throws {
        let folder = try DataTest.scratchFolder()
        let file = folder + "/for_python.pkl"
        _ = try DataTest.show(
            """
            save_pickle(\(DataTest.literal(file)), {
                paths: ["person_0000/video_0000/seq_0000/frame_00000.jpg", "café.jpg"],
                keypoints: reshape(range(68) / 100, [2, 17, 2]),
                scores: astype(ones([2, 17]), "f32"),
                ids: astype([3, 4], "i32"), mask: [true, false], pixels: astype([0, 255], "u8"),
                grid: [["a", "b"], ["c", "d"]], zero: astype(7, "i64"),
                nested: {items: list(1, "x", null, 2.5)}
            })
            """)
        let check = """
            import pickle, sys
            import numpy as np
            with open(sys.argv[1], "rb") as f:
                v = pickle.load(f, encoding="latin1")
            assert list(v) == ["paths", "keypoints", "scores", "ids", "mask", "pixels", "grid", "zero", "nested"], list(v)
            assert v["paths"] == ["person_0000/video_0000/seq_0000/frame_00000.jpg", "café.jpg"], v["paths"]
            assert v["keypoints"].dtype == np.float64 and v["keypoints"].shape == (2, 17, 2)
            assert np.array_equal(v["keypoints"], (np.arange(68) / 100).reshape(2, 17, 2))
            assert v["scores"].dtype == np.float32 and v["scores"].shape == (2, 17) and (v["scores"] == 1).all()
            assert v["ids"].dtype == np.int32 and v["ids"].tolist() == [3, 4]
            assert v["mask"].dtype == np.bool_ and v["mask"].tolist() == [True, False]
            assert v["pixels"].dtype == np.uint8 and v["pixels"].tolist() == [0, 255]
            assert v["grid"] == [["a", "b"], ["c", "d"]], v["grid"]
            assert np.asarray(v["zero"]).shape == () and int(v["zero"]) == 7
            assert v["nested"] == {"items": [1, "x", None, 2.5]}, v["nested"]
            print("ok")
            """
        guard let run = try DataTest.python(["-c", check, file]) else {
            throw XCTSkip("python3 is not installed")
        }
        if run.output.contains("No module named 'numpy'") { throw XCTSkip("numpy is not installed") }
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertEqual(run.output, "ok\n")
    }

    func testHostileAndMissingFilesAreErrorsNamingTheFile() throws {
        let evil = DataTest.fixture("pickle/evil_os_system_p2.pkl")
        assertDataError(
            "load_pickle(\(DataTest.literal(evil)))", contains: evil + ": ", "refusing to load global posix.system")
        let cut = DataTest.fixture("data/hostile_signatures_truncated.pkl")
        assertDataError("load_pickle(\(DataTest.literal(cut)))", contains: cut + ": truncated pickle")
        assertDataError("load_pickle(\"no/such/file.pkl\")", contains: "no/such/file.pkl", "No such file")
        assertDataError("save_pickle(\"no/such/dir/out.pkl\", 1)", contains: "no/such/dir/out.pkl")
        assertDataError("save_pickle(\"x.pkl\", print)", contains: "cannot save the function print")
        assertDataError("load_pickle(42)", contains: "argument 'path' must be a string")
    }

    func testSavePickleTakesWhatLoadPickleTakesAndRefusesDeeper() throws {
        // Run on this test thread's ordinary stack: saving walks the value
        // without recursion. 10,000 lists (the reader's bound) save and load.
        let folder = try DataTest.scratchFolder()
        let path = DataTest.literal(folder + "/deep.pkl")
        let deep = "x = list()\nfor i in range(9999) { x = list(x, i) }\n"
        XCTAssertEqual(
            try DataTest.show(
                deep
                    + "save_pickle(\(path), x)\ny = load_pickle(\(path))\nn = 0\nwhile len(y) > 0 { y = y[0]\n n = n + 1 }\nwhile len(x) > 0 { x = x[0] }\nn + 1"
            ),
            "10000")
        // Records are levels too; one more level is refused, naming the bound.
        assertDataError(
            deep + "save_pickle(\(path), {a: x})",
            contains: "nests lists and records more than 10000 levels deep")
    }
}

/// A small typed array for the no-copy check.
enum TypedArrayFixture {
    static let f32 = TypedArray(shape: [2, 2], data: .f32([1, 2, 3, 4]))
}
