// Loading at memory speed: large numpy payloads (pickle, npy) and tar index
// caches are views of their files, copied on the first write; files
// truncated under a mapping are errors, never SIGBUS; lists of str load as
// packed columns with the same results as Swift Strings.

import FLS
import FLSFormats
import Foundation
import XCTest

@testable import FLSKit

final class MappedLoadTests: XCTestCase {
    /// Runs `code` in one interpreter that the test keeps (state survives errors).
    private final class Session {
        let interpreter: Interpreter = {
            var table = PrimitiveTable(Builtins.all)
            table.register(Kit.primitives)
            return Interpreter(host: CapturingHost(), table: table)
        }()
        func value(_ code: String) throws -> Value {
            try interpreter.run(SourceFile(name: "test.fls", text: code)).value ?? .null
        }
    }

    private func storage(_ v: Value) throws -> Storage {
        guard case .array(let a) = v else { throw XCTSkip("not an array: \(v.kindName)") }
        return a.storage
    }

    private func isMapped(_ s: Storage) -> Bool {
        switch s {
        case .f32(let b): return b.isMapped
        case .f64(let b): return b.isMapped
        case .i64(let b): return b.isMapped
        case .i32(let b): return b.isMapped
        case .u8(let b): return b.isMapped
        default: return false
        }
    }

    func testSavedPicklesAlignPayloadsSoTheyLoadMappedAndCPythonReadsThem() throws {
        let folder = try DataTest.scratchFolder()
        let file = folder + "/big.pkl"
        let session = Session()
        _ = try session.value(
            """
            x = reshape(astype(range(600000), "f32"), [2000, 300]) * 0.5
            save_pickle(\(DataTest.literal(file)), {paths: ["a", "b"], signatures: x, ids: range(100000)})
            """)
        let loaded = try session.value("y = load_pickle(\(DataTest.literal(file)))\ny.signatures")
        XCTAssertTrue(isMapped(try storage(loaded)), "an aligned f32 payload is a view of the file")
        XCTAssertTrue(isMapped(try storage(try session.value("y.ids"))))
        XCTAssertEqual(
            displayText(try session.value("sum(astype(y.signatures, \"f64\")) == sum(astype(x, \"f64\"))")), "true")
        XCTAssertEqual(displayText(try session.value("y.paths")), "str[2] ['a' 'b']")

        let check = """
            import pickle, sys
            import numpy as np
            with open(sys.argv[1], "rb") as f:
                v = pickle.load(f, encoding="latin1")
            assert v["paths"] == ["a", "b"], v["paths"]
            assert v["signatures"].dtype == np.float32 and v["signatures"].shape == (2000, 300)
            assert np.array_equal(v["signatures"], (np.arange(600000, dtype=np.float32) * 0.5).reshape(2000, 300))
            assert v["ids"].tolist() == list(range(100000))
            print("ok")
            """
        guard let run = try DataTest.python(["-c", check, file]) else { throw XCTSkip("python3 is not installed") }
        if run.output.contains("No module named 'numpy'") { throw XCTSkip("numpy is not installed") }
        XCTAssertEqual(run.output, "ok\n")
    }

    func testWritingAMappedArrayCopiesItAndLeavesTheFileAlone() throws {
        let folder = try DataTest.scratchFolder()
        let file = folder + "/w.npy"
        let session = Session()
        _ = try session.value("save_npy(\(DataTest.literal(file)), astype(range(1000000), \"f64\"))")
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        XCTAssertTrue(isMapped(try storage(try session.value("a = load_npy(\(DataTest.literal(file)))\na"))))
        _ = try session.value("b = a\nb[0] = 42.0\na[1] = -1.0")
        XCTAssertEqual(displayText(try session.value("[a[0], a[1], b[0], b[1]]")), "f64[4] [ 0. -1. 42.  1.]")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), before, "a mapped file is never written")
        XCTAssertEqual(displayText(try session.value("load_npy(\(DataTest.literal(file)))[0:2]")), "f64[2] [0. 1.]")
    }

    func testAFileTruncatedUnderItsMappingIsAnErrorAndTheSessionGoesOn() throws {
        let folder = try DataTest.scratchFolder()
        let file = folder + "/t.npy"
        let session = Session()
        _ = try session.value("save_npy(\(DataTest.literal(file)), astype(range(2000000), \"f64\"))\nkeep = 7")
        XCTAssertTrue(isMapped(try storage(try session.value("a = load_npy(\(DataTest.literal(file)))\na"))))
        // Another program rewrites the file in place: it is cut to one page.
        XCTAssertEqual(truncate(file, 4096), 0)
        XCTAssertThrowsError(try session.value("sum(a)")) { error in
            let message = (error as? RuntimeError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("t.npy was truncated by another program while in use"), message)
            XCTAssertTrue(message.contains("load it again"), message)
        }
        XCTAssertEqual(displayText(try session.value("keep")), "7", "the session keeps its state")
    }

    func testAFileRewrittenInPlaceIsReportedAndOneReplacedByRenameIsNot() throws {
        let folder = try DataTest.scratchFolder()
        let file = folder + "/r.npy", other = folder + "/other.npy"
        let session = Session()
        _ = try session.value(
            """
            save_npy(\(DataTest.literal(file)), astype(range(1000000), "f64"))
            save_npy(\(DataTest.literal(other)), astype(range(1000000), "f64") * 2)
            a = load_npy(\(DataTest.literal(file)))
            """)
        XCTAssertTrue(isMapped(try storage(try session.value("a"))))
        // Replaced by rename (how numpy and FLS write): the mapping keeps the old file.
        XCTAssertEqual(rename(other, file), 0)
        XCTAssertEqual(displayText(try session.value("a[3]")), "3.0")
        // Rewritten in place at the same size: reported once, after the unit.
        let b = try session.value("b = load_npy(\(DataTest.literal(file)))\nb[3]")
        XCTAssertEqual(displayText(b), "6.0")
        guard let handle = FileHandle(forWritingAtPath: file) else { return XCTFail("cannot open") }
        handle.seek(toFileOffset: 4096)
        handle.write(Data(repeating: 0, count: 8))
        handle.closeFile()
        var times = [timespec(tv_sec: 1, tv_nsec: 0), timespec(tv_sec: 1, tv_nsec: 0)]
        XCTAssertEqual(utimensat(AT_FDCWD, file, &times, 0), 0, "a different mtime, whatever the clock's resolution")
        XCTAssertThrowsError(try session.value("x = 1")) { error in
            let message = (error as? RuntimeError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("r.npy was changed in place by another program while in use"), message)
        }
        XCTAssertEqual(displayText(try session.value("x + 1")), "2", "reported once; the session goes on")
    }

    func testPackedPathsGiveTheSameIdsGroupsAndOrderAsStrings() throws {
        let paths = [
            "person_0001/video_0000/seq_0001/frame_00002.jpg", "person_0000/video_0001/seq_0000/frame_00000.jpg",
            "seq_0007/frame_00012.jpg", "person_0000/video_0001/seq_0000/frame_00001.jpg", "é/v/s/f.jpg", "a.jpg",
        ]
        var builder = PackedStringsBuilder()
        for p in paths { builder.append(p) }
        let packed = StringColumn(packed: builder.finish())
        let plain = StringColumn(paths)
        XCTAssertEqual(packed.array, paths)
        let a = Paths.enumerate(packed), b = Paths.enumerate(plain)
        XCTAssertEqual(a.person, b.person)
        XCTAssertEqual(a.video, b.video)
        XCTAssertEqual(a.seq, b.seq)
        XCTAssertEqual(a.person, [1, 0, -1, 0, 2, -1])
        let ga = GroupKeys.strings(packed), gb = GroupKeys.strings(plain)
        XCTAssertEqual(ga.codes, gb.codes)
        guard case .str(let va) = ga.values, case .str(let vb) = gb.values else { return XCTFail("str keys") }
        XCTAssertEqual(va.array, vb.array)
        XCTAssertEqual(va.array, paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    func testKitPicklePathsLoadPackedAndMatchTheListCPythonReads() throws {
        let sample = DataTest.fixture("pickle/pose_sample_person0000.pkl")
        guard FileManager.default.fileExists(atPath: sample) else { throw XCTSkip("no sample") }
        let packed = try Pickle.load(path: sample, packStrings: true)
        let plain = try Pickle.load(path: sample)
        guard case .strings(let column)? = packed["paths"], case .list(let items)? = plain["paths"] else {
            return XCTFail("paths should load packed with packStrings and as a list without")
        }
        XCTAssertEqual(column.array, items.compactMap { if case .string(let s) = $0 { return s } else { return nil } })
        XCTAssertEqual(column.count, 1032)
    }
}
