// The format cases of issue 17: files built to make a loader crash, use
// memory out of proportion to the file, or return wrong data. Fixtures are
// in Tests/Fixtures/hostile (made by make_fixtures.py there, which checks
// what CPython, numpy and zipfile do with each); files that only make sense
// at sizes too large to commit are built here.

import Foundation
import XCTest

@testable import FLSFormats

final class HostileFormatTests: XCTestCase {
    func hostile(_ name: String) -> String { formatsFixture("hostile", name) }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    // MARK: - Pickle

    func testA501DeepListLoadsAsPythonReadsIt() throws {
        var value = try Pickle.load(path: hostile("deep_list_501.pkl"))
        var depth = 1
        while case .list(let items) = value, let first = items.first {
            value = first
            depth += 1
        }
        XCTAssertEqual(depth, 501)
    }

    func testNestingAtTheBoundLoadsAndIsFreedOnAnOrdinaryThread() throws {
        // 10,000 EMPTY_LISTs, then 9,999 APPENDs: a list nested 10,000 deep,
        // loaded and released on the test thread's ordinary 8 MB stack.
        var bytes: [UInt8] = [0x80, 0x02]
        bytes += [UInt8](repeating: 0x5D, count: 10_000)
        bytes += [UInt8](repeating: 0x61, count: 9_999)
        bytes.append(0x2E)
        var value: PickleValue? = try Pickle.load(bytes: bytes)
        var depth = 0
        var cursor = value
        while case .list(let items)? = cursor {
            depth += 1
            cursor = items.first
        }
        XCTAssertEqual(depth, 10_000)
        cursor = nil
        value = nil
        XCTAssertNil(value)
    }

    func testNestingBeyondTheBoundIsRefused() {
        XCTAssertEqual(
            message { _ = try Pickle.load(path: hostile("deep_list_10001.pkl")) },
            "pickle nests containers more than 10000 levels deep")
    }

    func testInvalidUTF8InAStrIsRefusedAsPythonDoes() {
        XCTAssertEqual(
            message { _ = try Pickle.load(path: hostile("bad_utf8_short.pkl")) },
            "a pickled str is not valid UTF-8 (as Python also refuses) (at byte 4)")
        // Past the lazy threshold the text is decoded later, with the same check.
        XCTAssertEqual(
            message { _ = try Pickle.load(path: hostile("bad_utf8_long.pkl")) },
            "a pickled str is not valid UTF-8 (as Python also refuses) (at byte 7)")
    }

    func testALoneSurrogateLoadsAsReplacementCharacter() throws {
        // CPython pickles lone surrogates with "surrogatepass" and loads them back.
        guard case .string(let text) = try Pickle.load(path: hostile("lone_surrogate.pkl")) else {
            return XCTFail("not a str")
        }
        XCTAssertEqual(text, "a\u{FFFD}b")
        XCTAssertEqual(PickleText.utf8([0x61, 0xED, 0xA0, 0x80, 0x62]), "a\u{FFFD}b")
        XCTAssertNil(PickleText.utf8([0xC0, 0x80]), "overlong")
        XCTAssertNil(PickleText.utf8([0xF4, 0x90, 0x80, 0x80]), "past U+10FFFF")
        XCTAssertNil(PickleText.utf8([0xE2, 0x82]), "cut")
        XCTAssertEqual(PickleText.utf8(Array("héllo €𝄞".utf8)), "héllo €𝄞")
    }

    func testObjectArraysWithAnEmptyAxisNestLikeTolist() throws {
        guard case .list(let three) = try Pickle.load(path: hostile("object_3x0x5.pkl")) else {
            return XCTFail("not a list")
        }
        XCTAssertEqual(three.count, 3)
        for item in three {
            guard case .list(let inner) = item else { return XCTFail("not a list of lists") }
            XCTAssertTrue(inner.isEmpty)
        }
        guard case .list(let two) = try Pickle.load(path: hostile("object_2x3x0.pkl")) else {
            return XCTFail("not a list")
        }
        XCTAssertEqual(two.count, 2)
        for item in two {
            guard case .list(let inner) = item else { return XCTFail("not nested") }
            XCTAssertEqual(inner.count, 3)
            for leaf in inner {
                guard case .list(let empty) = leaf else { return XCTFail("not nested") }
                XCTAssertTrue(empty.isEmpty)
            }
        }
    }

    func testFarMemoIndicesDoNotGrowTheDenseMemo() throws {
        // EMPTY_LIST, then LONG_BINPUT at 0, 4096, 8192, ...: each put is 5
        // bytes; the dense memo used to grow by 4,096 slots for each.
        var bytes: [UInt8] = [0x80, 0x02, 0x5D]
        for k in 0..<20_000 {
            bytes.append(0x72)
            withUnsafeBytes(of: UInt32(k * 4096).littleEndian) { bytes += $0 }
        }
        bytes.append(0x2E)
        let reader = PickleReader(source: PickleSource(bytes: bytes))
        _ = try reader.run()
        XCTAssertLessThan(reader.memoDense.count, 2 * 20_000 + 4097)
        XCTAssertEqual(reader.memoCount, 20_000)
        // Dense indices still go to the array.
        var dense: [UInt8] = [0x80, 0x02, 0x5D]
        for k in 0..<10_000 {
            dense.append(0x72)
            withUnsafeBytes(of: UInt32(k).littleEndian) { dense += $0 }
        }
        dense.append(0x2E)
        let denseReader = PickleReader(source: PickleSource(bytes: dense))
        _ = try denseReader.run()
        XCTAssertEqual(denseReader.memoDense.count, 10_000)
        XCTAssertTrue(denseReader.memoSparse.isEmpty)
    }

    func testAMemoisedTextFetchedManyTimesIsSharedNotCopied() throws {
        // One 100 KB str, memoised, then fetched 2,000 times into a list.
        let text = [UInt8](repeating: UInt8(ascii: "t"), count: 100_000)
        var bytes: [UInt8] = [0x80, 0x04, 0x5D, 0x28, 0x58]
        withUnsafeBytes(of: UInt32(text.count).littleEndian) { bytes += $0 }
        bytes += text
        bytes.append(0x94)  // MEMOIZE as 0
        for _ in 0..<2_000 { bytes += [0x68, 0x00] }  // BINGET 0
        bytes += [0x65, 0x2E]  // APPENDS, STOP
        guard case .list(let items) = try Pickle.load(bytes: bytes) else { return XCTFail("not a list") }
        XCTAssertEqual(items.count, 2_001)
        var addresses = Set<Int>()
        for item in items {
            guard case .string(let s) = item else { return XCTFail("not a str") }
            let base = s.utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) }
            addresses.insert(base ?? -1)
        }
        XCTAssertEqual(addresses.count, 1, "every copy shares one buffer")
    }

    // MARK: - npy and npz

    func testMoreThan64DimensionsAreRefused() {
        XCTAssertEqual(
            message { _ = try NPY.read(path: hostile("dims65.npy")) },
            "Cannot read '\(hostile("dims65.npy"))' as .npy: the .npy shape has 65 dimensions; numpy allows at most 64."
        )
    }

    func testOverlappingZipEntriesAreRefused() {
        let text = message { _ = try NPZ.read(path: hostile("npz_shared_stream.npz")) }
        XCTAssertTrue(text.contains("zip members 'x.npy' and 'x.npy' overlap (bytes 0 to "), text)
        XCTAssertTrue(text.contains("the archive is malformed or a zip bomb."), text)
    }

    /// A zip of `count` deflated members, each declaring `declared` bytes from
    /// `compressed` bytes of (never read) data, as a sparse file.
    func writeDeclaredBomb(_ path: String, count: Int, compressed: Int, declared: Int) throws {
        var directory: [UInt8] = []
        var locals: [(Int, [UInt8])] = []
        var offset = 0
        func le(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
            for i in 0..<width { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
        }
        for k in 0..<count {
            let name = Array("m\(k).npy".utf8)
            var local: [UInt8] = []
            le(0x0403_4B50, 4, &local); le(20, 2, &local); le(0, 2, &local); le(8, 2, &local)
            le(0, 4, &local); le(0, 4, &local); le(compressed, 4, &local); le(declared, 4, &local)
            le(name.count, 2, &local); le(0, 2, &local)
            local += name
            locals.append((offset, local))
            le(0x0201_4B50, 4, &directory); le(20, 2, &directory); le(20, 2, &directory); le(0, 2, &directory)
            le(8, 2, &directory); le(0, 4, &directory); le(0, 4, &directory)
            le(compressed, 4, &directory); le(declared, 4, &directory)
            le(name.count, 2, &directory); le(0, 2, &directory); le(0, 2, &directory); le(0, 2, &directory)
            le(0, 2, &directory); le(0, 4, &directory); le(offset, 4, &directory)
            directory += name
            offset += local.count + compressed
        }
        var end: [UInt8] = []
        le(0x0605_4B50, 4, &end); le(0, 2, &end); le(0, 2, &end); le(count, 2, &end); le(count, 2, &end)
        le(directory.count, 4, &end); le(offset, 4, &end); le(0, 2, &end)
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        for (at, local) in locals { _ = local.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(at)) } }
        let tail = directory + end
        _ = tail.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) }
    }

    func testMembersInflatingBeyondMemoryTogetherAreRefusedBeforeInflating() throws {
        // 200 members, each passing the per-member ratio check (2 MB declaring
        // 2 GB), 400 GB together: refused before any member is inflated.
        let folder = try formatsScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/bomb.npz"
        try writeDeclaredBomb(path, count: 200, compressed: 2 << 20, declared: 2_000 << 20)
        let text = message { _ = try NPZ.read(path: path) }
        XCTAssertTrue(
            text.hasPrefix(
                "Cannot read '\(path)' as .npz: its 200 arrays hold 390.6 GiB together, more than memory allows: the limit for one allocation is "
            ), text)
    }

    func testAnNPZTruncatedWhileLoadingGivesAnErrorNotSIGBUS() throws {
        // What a concurrent np.savez does to the file being read: it is cut
        // after the directory was read. A memory map would fault (SIGBUS) on
        // the missing pages; positioned reads see the file end early.
        let folder = try formatsScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/stored.npz"
        let big = TypedArray(shape: [200_000], data: .f64((0..<200_000).map(Double.init)))
        try NPZ.write([("a", big), ("b", big)], path: path, compressed: false)
        XCTAssertEqual(try NPZ.read(path: path).count, 2)
        NPZ.testHookBeforeMembers = { _ = truncate(path, 100) }
        defer { NPZ.testHookBeforeMembers = nil }
        let text = message { _ = try NPZ.read(path: path) }
        XCTAssertTrue(
            text.hasPrefix(
                "Cannot read '\(path)' as .npz: member 'a.npy': '\(path)' ended early: it changed while being read."),
            text)
    }

    func testStoredMemberCRCIsStillChecked() throws {
        let folder = try formatsScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/stored.npz"
        try NPZ.write(
            [("a", TypedArray(shape: [1000], data: .f64(Array(repeating: 1.5, count: 1000))))], path: path,
            compressed: false)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[500] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let text = message { _ = try NPZ.read(path: path) }
        XCTAssertTrue(text.contains("member 'a.npy': its CRC-32 is 0x"), text)
        XCTAssertTrue(text.contains("the file is corrupt."), text)
    }

    // MARK: - Writing

    func testWriterNeverFollowsAPlantedSymlink() throws {
        let folder = try formatsScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let victim = folder + "/victim.txt"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        let target = folder + "/out.json"
        // The old predictable temporary name, and the final name, both
        // planted as links to the victim.
        XCTAssertEqual(symlink(victim, target + ".tmp-\(getpid())"), 0)
        XCTAssertEqual(symlink(victim, target), 0)
        try JSON.write(.array([.int(1)]), path: target)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "precious")
        // The link at the final name was replaced by the new file, atomically.
        var info = stat()
        XCTAssertEqual(lstat(target, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFREG)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8).filter { !$0.isWhitespace }, "[1]")
        // No temporary file is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.contains(".tmp-") && !$0.hasSuffix("\(getpid())")
        }
        XCTAssertEqual(left, [])
    }

    func testTemporaryNamesAreUnpredictableAndExclusive() throws {
        let folder = try formatsScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = try FormatFileWriter.createTemporary(beside: folder + "/x", mode: 0o600)
        let b = try FormatFileWriter.createTemporary(beside: folder + "/x", mode: 0o600)
        defer { close(a.0); close(b.0); unlink(a.1); unlink(b.1) }
        XCTAssertNotEqual(a.1, b.1)
        XCTAssertFalse(a.1.hasSuffix(".tmp-\(getpid())"))
    }

    func testWriterPermissions() throws {
        let folder = try formatsScratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let previous = umask(0o022)
        defer { umask(previous) }
        let plain = folder + "/plain.bin"
        let writer = try FormatFileWriter(path: plain)
        try writer.write([1, 2, 3])
        try writer.finish()
        let exact = folder + "/exact.bin"
        let cache = try FormatFileWriter(path: exact, permissions: 0o600)
        try cache.finish()
        var info = stat()
        XCTAssertEqual(stat(plain, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o644, "0666 less the umask, like Python's open()")
        XCTAssertEqual(stat(exact, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }
}
