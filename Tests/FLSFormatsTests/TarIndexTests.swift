import Foundation
import XCTest

@testable import FLSFormats

/// The index agrees with Python's tarfile on archives from GNU tar and tarfile.
final class TarIndexTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func open(_ name: String) throws -> TarArchive {
        try TarArchive.open(try TarFixtures.copy(name, to: scratch))
    }

    func testEveryFormatListsTheSameMembersAsTarfile() throws {
        for name in ["gnu.tar", "pax.tar", "ustar.tar", "v7.tar", "py_gnu.tar", "py_pax.tar", "duplicate.tar"] {
            let archive = try open(name)
            let expected = try TarFixtures.listing(name)
            XCTAssertEqual(archive.paths, expected.map { $0.0 }, name)
            XCTAssertEqual(archive.count, expected.count, name)
            for (i, (path, size)) in expected.enumerated() {
                XCTAssertEqual(archive.entry(at: i)?.size, size, "\(name) \(path)")
                XCTAssertEqual(archive.entry(path: path)?.size, size, "\(name) \(path)")
            }
        }
    }

    func testLongAndNonASCIINamesAreComplete() throws {
        for name in ["gnu.tar", "pax.tar", "py_gnu.tar", "py_pax.tar"] {
            let paths = try open(name).paths
            XCTAssertTrue(
                paths.contains("person_0003/" + String(repeating: "v", count: 120) + "/frame_00000.jpg"), name)
            let veryLong =
                "person_0003/" + Array(repeating: String(repeating: "d", count: 60), count: 4).joined(separator: "/")
                + "/frame_00001.jpg"
            XCTAssertGreaterThan(veryLong.utf8.count, 255)
            XCTAssertTrue(paths.contains(veryLong), name)
            XCTAssertTrue(paths.contains("person_0004/vidéo_0000/seq_0000/frame_ü.jpg"), name)
        }
    }

    func testMemberBytesEqualTheFilesThatWereArchived() throws {
        for name in ["gnu.tar", "pax.tar", "ustar.tar", "v7.tar", "py_pax.tar"] {
            let archive = try open(name)
            for (i, path) in archive.paths.enumerated() {
                let original = [UInt8](try Data(contentsOf: TarFixtures.folder.appendingPathComponent("tree/" + path)))
                XCTAssertEqual(try archive.read(index: i), original, "\(name) \(path)")
                XCTAssertEqual(try archive.read(path: path), original, "\(name) \(path)")
            }
        }
    }

    func testDirectoriesAndLinksAreCountedNotListed() throws {
        let gnu = try open("gnu.tar")
        // ".", notes, person_0000..0006 and their subfolders, person_0005/empty.
        XCTAssertGreaterThanOrEqual(gnu.index.directoryCount, 10)
        XCTAssertEqual(gnu.index.linkCount, 1)
        XCTAssertNil(gnu.entry(path: "person_0000/latest.jpg"))
        XCTAssertNil(gnu.entry(path: "person_0005/empty"))
        let v7 = try open("v7.tar")
        XCTAssertGreaterThan(v7.index.directoryCount, 0)
        XCTAssertFalse(v7.paths.contains { $0.hasSuffix("/") })
    }

    func testLeadingDotSlashIsIgnoredInLookups() throws {
        let archive = try open("gnu.tar")
        XCTAssertNotNil(archive.entry(path: "./notes/readme.txt"))
        XCTAssertEqual(archive.position(of: "notes/readme.txt"), 0)
        XCTAssertNil(archive.entry(path: "notes/missing.txt"))
        XCTAssertEqual(
            TarFixtures.message { _ = try archive.read(path: "notes/missing.txt") },
            "\(archive.path) has no member notes/missing.txt")
        XCTAssertEqual(
            TarFixtures.message { _ = try archive.read(index: 99) },
            "member index 99 is out of range; \(archive.path) has \(archive.count) members")
    }

    func testDuplicatePathKeepsTheLaterCopy() throws {
        let archive = try open("duplicate.tar")
        let later = [UInt8](
            try Data(
                contentsOf: TarFixtures.folder.appendingPathComponent(
                    "tree/person_0001/video_0000/seq_0001/frame_00000.jpg")))
        XCTAssertEqual(try archive.read(path: "person_0000/video_0000/seq_0000/frame_00000.jpg"), later)
    }

    func testSparseMembersAreListedAsUnsupported() throws {
        for name in ["gnu_sparse.tar", "pax_sparse.tar"] {
            let archive = try open(name)
            XCTAssertEqual(archive.paths, ["frame.jpg"], name)
            XCTAssertEqual(archive.index.unsupported.map(\.path), ["holes.bin"], name)
            let message = TarFixtures.message { _ = try archive.read(path: "holes.bin") } ?? ""
            XCTAssertTrue(message.hasPrefix("member holes.bin is a GNU sparse file"), message)
            let frame = [UInt8](
                try Data(
                    contentsOf: TarFixtures.folder.appendingPathComponent(
                        "tree/person_0000/video_0000/seq_0000/frame_00000.jpg")))
            XCTAssertEqual(try archive.read(path: "frame.jpg"), frame, name)
        }
    }

    func testNonUTF8NamesAreReadAsLatin1() throws {
        let archive = try open("latin1.tar")
        XCTAssertEqual(archive.paths, ["person_0007/café.jpg"])
        XCTAssertEqual(try archive.read(path: "person_0007/café.jpg").count, archive.entry(at: 0)?.size)
    }

    func testBase256SizeAndSignedChecksumAreAccepted() throws {
        let base256 = try open("base256_size.tar")
        XCTAssertEqual(base256.paths, try TarFixtures.listing("py_gnu.tar").map { $0.0 })
        for i in 0..<base256.count {
            let original = [UInt8](
                try Data(contentsOf: TarFixtures.folder.appendingPathComponent("tree/" + base256.paths[i])))
            XCTAssertEqual(try base256.read(index: i), original)
        }
        XCTAssertEqual(try open("signed_checksum.tar").paths, ["person_0007/café.jpg"])
    }

    func testEmptyArchiveOfZeroBlocksHasNoMembers() throws {
        let archive = try open("hostile/zeros.tar")
        XCTAssertEqual(archive.count, 0)
        XCTAssertEqual(archive.paths, [])
    }

    func testProgressIsReportedUpToTheTotal() throws {
        let path = try TarFixtures.copy("pax.tar", to: scratch)
        let reports = Reports()
        _ = try TarArchive.open(path, useCache: false) { done, total in reports.add(done, total) }
        XCTAssertEqual(reports.values.last?.0, 51_200)
        XCTAssertEqual(reports.values.last?.1, 51_200)
        XCTAssertTrue(zip(reports.values, reports.values.dropFirst()).allSatisfy { $0.0 <= $1.0 })
    }

    func testHeaderNumbersAcceptOctalAndBase256() {
        func parse(_ bytes: [UInt8]) -> Int? {
            var block = [UInt8](repeating: 0, count: 512)
            block.replaceSubrange(124..<(124 + bytes.count), with: bytes)
            return block.withUnsafeBytes { TarHeader.number($0, 124, 12) }
        }
        XCTAssertEqual(parse(Array("00000001750\0".utf8)), 1000)
        XCTAssertEqual(parse(Array("  1750 \0".utf8)), 1000)
        XCTAssertEqual(parse([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0]), 0x20000)
        XCTAssertEqual(parse([0xFF] + [UInt8](repeating: 0xFF, count: 11)), -1)
        XCTAssertNil(parse(Array("12x\0".utf8)))
        XCTAssertNil(parse([0x81] + [UInt8](repeating: 0, count: 11)))
        XCTAssertNil(parse([0x80, 0x7F] + [UInt8](repeating: 0xFF, count: 10)))
    }
}

/// Collects progress callbacks.
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Int, Int)] = []
    func add(_ done: Int, _ total: Int) { lock.lock(); list.append((done, total)); lock.unlock() }
    var values: [(Int, Int)] { lock.lock(); defer { lock.unlock() }; return list }
}
