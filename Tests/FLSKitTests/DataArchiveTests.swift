// load_tar, archive indexing and read_images against GNU tar's archive of
// Pillow-made JPEGs, compared with Python's tarfile listing and Pillow's pixels.

import FLS
import FLSFormats
import Foundation
import XCTest

@testable import FLSKit

final class DataArchiveTests: XCTestCase {
    private struct Member: Decodable {
        let path: String
        let shape: [Int]
        let offset: Int
    }

    private var tarPath = ""

    override func setUpWithError() throws {
        tarPath = try DataTest.scratchCopy("tar/gnu.tar")
    }

    private func pillowPixels() throws -> (members: [Member], bytes: [UInt8]) {
        struct Manifest: Decodable { let members: [Member] }
        let json = try Data(contentsOf: URL(fileURLWithPath: DataTest.fixture("data/gnu_pixels.json")))
        let manifest = try JSONDecoder().decode(Manifest.self, from: json)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: DataTest.fixture("data/gnu_pixels.bin"))))
        return (manifest.members, bytes)
    }

    private func open() -> String { "a = load_tar(\(DataTest.literal(tarPath)))\n" }

    private func u8(_ v: Value) -> [UInt8]? {
        if case .array(let a) = v, case .u8(let p) = a.storage { return p.array }
        return nil
    }

    func testPathsAreSortedAndMatchPythonsListing() throws {
        // Python's listing holds [name, size] pairs, in archive order.
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: DataTest.fixture("tar/gnu.tar.listing.json"))))
        let members = ((json as? [String: Any])?["members"] as? [[Any]]) ?? []
        let expected = members.compactMap { $0.first as? String }
            .map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        XCTAssertEqual(expected.count, 10)
        guard case .array(let paths) = try DataTest.value(open() + "a.paths"), case .str(let got) = paths.storage else {
            return XCTFail("a.paths is not a str array")
        }
        XCTAssertEqual(paths.shape, [10])
        XCTAssertEqual(got.array, expected)
        XCTAssertEqual(
            try DataTest.show(open() + "print(len(a), a.count, dtype(a.paths))\na"),
            "10 10 str\n<archive gnu.tar: 10 images>")
        XCTAssertEqual(try DataTest.show(open() + "a.path == \(DataTest.literal(tarPath))"), "true")
        XCTAssertEqual(try DataTest.show(open() + "keys(a)"), "str[3] ['paths' 'path' 'count']")
    }

    func testImagesDecodeToPillowsPixels() throws {
        let (members, bytes) = try pillowPixels()
        XCTAssertEqual(members.count, 9)
        guard case .array(let listed) = try DataTest.value(open() + "a.paths"), case .str(let paths) = listed.storage
        else {
            return XCTFail("a.paths is not a str array")
        }
        for m in members {
            let count = m.shape.reduce(1, *)
            let expected = Array(bytes[m.offset..<(m.offset + count)])
            let byPath = try DataTest.value(open() + "a[\(DataTest.literal(m.path))]")
            guard case .array(let image) = byPath else { return XCTFail("\(m.path) gave \(byPath.kindName)") }
            XCTAssertEqual(image.shape, m.shape, m.path)
            XCTAssertEqual(u8(byPath), expected, m.path)
            guard let position = paths.firstIndex(of: m.path) else { return XCTFail("\(m.path) is not in a.paths") }
            XCTAssertEqual(u8(try DataTest.value(open() + "a[\(position)]")), expected, "a[\(position)]")
        }
    }

    func testIntegerIndexCountsFromTheEndAndChecksRange() throws {
        XCTAssertEqual(try DataTest.show(open() + "all(a[-1] == a[len(a) - 1])"), "true")
        XCTAssertEqual(try DataTest.show(open() + "all(a[-9] == a[1])"), "true")
        assertDataError(open() + "a[10]", contains: "image index 10 is out of range", "10 images")
        assertDataError(open() + "a[-11]", contains: "image index -11 is out of range")
        assertDataError(open() + "a[1.5]", contains: "indexed by an integer position or a member path")
        assertDataError(open() + "a[\"person_9999/x.jpg\"]", contains: "has no member person_9999/x.jpg")
    }

    func testANonImageMemberIsAnErrorNamingIt() {
        assertDataError(open() + "a[0]", contains: "gnu.tar", "member notes/readme.txt is not a JPEG image")
        assertDataError(open() + "a[\"notes/readme.txt\"]", contains: "member notes/readme.txt is not a JPEG image")
    }

    func testReadImagesStacksTheSelectionInTheOrderGiven() throws {
        let (members, bytes) = try pillowPixels()
        func pixels(_ path: String) -> [UInt8] {
            guard let m = members.first(where: { $0.path == path }) else { return [] }
            return Array(bytes[m.offset..<(m.offset + m.shape.reduce(1, *))])
        }
        let first4 = members.prefix(4).map(\.path)  // the four 16x16 frames of person_0000/0001
        let byPaths = try DataTest.value(open() + "read_images(a, a.paths[1:5])")
        guard case .array(let batch) = byPaths else { return XCTFail("not an array") }
        XCTAssertEqual(batch.shape, [4, 16, 16, 3])
        XCTAssertEqual(u8(byPaths), first4.flatMap(pixels))

        // Positions (negative too), a list of paths and a mask give the same rows.
        let last = members[members.count - 1].path
        XCTAssertEqual(
            u8(try DataTest.value(open() + "read_images(a, [2, 1, -1])")),
            pixels(first4[1]) + pixels(first4[0]) + pixels(last))
        XCTAssertEqual(
            u8(try DataTest.value(open() + "read_images(a, list(a.paths[2], -1))")),
            pixels(first4[1]) + pixels(last))
        XCTAssertEqual(
            u8(try DataTest.value(open() + "m = zeros(len(a)) > 0\nm[1] = true\nm[3] = true\nread_images(a, m)")),
            pixels(first4[0]) + pixels(first4[2]))
        XCTAssertEqual(try DataTest.show(open() + "shape(read_images(a, list()))"), "i64[4] [0 0 0 3]")
    }

    func testReadImagesRefusesMixedSizesAndBadSelections() {
        assertDataError(
            open() + "read_images(a, a.paths[1:7])", contains: "person_0002", "24x16", "must all have one size")
        assertDataError(
            open() + "read_images(a, a.paths[0:3])", contains: "member notes/readme.txt is not a JPEG image")
        assertDataError(open() + "read_images(a, [1, 99])", contains: "image index 99 is out of range")
        assertDataError(open() + "read_images(a, [\"nope.jpg\"])", contains: "has no member nope.jpg")
        assertDataError(open() + "read_images(a, [1.5, 2.5])", contains: "'paths' must be a 1-d str array")
        assertDataError(open() + "read_images(a, zeros(3) > 0)", contains: "mask of 3 booleans")
        assertDataError("read_images(list(), [1])", contains: "argument 'a' must be an archive")
    }

    func testReadImagesStopsOnCtrlC() {
        Interrupt.request()
        defer { Interrupt.clear() }
        assertDataError(open() + "read_images(a, a.paths[1:5])", contains: "interrupted")
        XCTAssertFalse(Interrupt.requested, "the interrupt was handled, so the flag is cleared")
    }

    func testProgressIsDrawnOnlyForHostsThatShowIt() throws {
        final class TerminalLikeHost: FLS.Host {
            var errors = ""
            func write(_ text: String) {}
            func writeError(_ text: String) { errors += text }
            var showsProgress: Bool { true }
        }
        let terminal = TerminalLikeHost()
        let fresh = try DataTest.scratchCopy("tar/gnu.tar")
        let interpreter = Interpreter(host: terminal, table: DataTest.table())
        _ = try interpreter.run(
            SourceFile(
                name: "t.fls", text: "a = load_tar(\(DataTest.literal(fresh)))\nx = read_images(a, a.paths[1:5])"))
        XCTAssertTrue(terminal.errors.contains("\rindexing gnu.tar ["), terminal.errors)
        XCTAssertTrue(terminal.errors.contains("\rdecoding 4 images ["), terminal.errors)
        XCTAssertTrue(terminal.errors.contains("] 100%\n"), terminal.errors)

        let quiet = CapturingHost()
        _ = try DataTest.show(open() + "x = read_images(a, a.paths[1:5])", host: quiet)
        XCTAssertEqual(quiet.errors, "")
    }

    func testReopeningUsesTheCachedIndex() throws {
        XCTAssertEqual(try DataTest.show(open() + "len(a)"), "10")
        // load_tar writes the cache in the background; fls waits for it at exit.
        TarArchive.finishCacheWrites()
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: tarPath + ".flsindex"), "the index is cached beside the tar")
        XCTAssertEqual(try DataTest.show(open() + "print(len(a))\nshape(a[1])"), "10\ni64[3] [16 16  3]")
    }

    func testHostileTarsAreErrorsNamingTheFile() throws {
        for name in ["short.tar", "random.tar"] {
            let copy = try DataTest.scratchCopy("tar/hostile/\(name)")
            assertDataError("load_tar(\(DataTest.literal(copy)))", contains: name)
        }
        assertDataError("load_tar(\"/nonexistent/images.tar\")", contains: "/nonexistent/images.tar")
    }

    func testAScriptBrowsesTheArchiveAsAUserWould() throws {
        let script =
            open() + """
                frames = a.paths[1:5]
                batch = read_images(a, frames)
                print(shape(batch), dtype(batch))
                for p in frames {
                    if not all(a[p] == batch[0]) and p == frames[0] { print("mismatch") }
                }
                n = 0
                for i in range(1, len(a)) {
                    img = a[i]
                    n += shape(img)[0] * shape(img)[1]
                }
                n
                """
        XCTAssertEqual(try DataTest.show(script), "[ 4 16 16  3] u8\n\(16 * 16 * 8 + 24 * 16)")
    }
}
