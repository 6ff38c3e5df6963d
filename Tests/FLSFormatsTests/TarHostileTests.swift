import Foundation
import XCTest

@testable import FLSFormats

/// Damaged, hostile and compressed archives give one clear error each, never a crash or a hang.
final class TarHostileTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func openError(_ name: String) throws -> String {
        let path = try TarFixtures.copy(name, to: scratch)
        return TarFixtures.message { _ = try TarArchive.open(path, useCache: false) } ?? "no error"
    }

    func testDamagedHeadersAreReportedWithTheirOffset() throws {
        let gnu = try TarFixtures.listing("py_gnu.tar")
        XCTAssertFalse(gnu.isEmpty)
        let expectations: [(String, String)] = [
            ("hostile/bad_checksum.tar", "the tar header at byte 7168 has a bad checksum; the archive is corrupt"),
            ("hostile/bad_first_checksum.tar", "is not a tar archive (its first header has a bad checksum)"),
            ("hostile/negative_size.tar", "the tar header at byte 7168 has an invalid size field"),
            ("hostile/bad_size_digits.tar", "the tar header at byte 7168 has an invalid size field"),
            ("hostile/huge_size_base256.tar", "the tar header at byte 7168 has an invalid size field"),
            ("hostile/random.tar", "is not a tar archive (its first header has a bad checksum)"),
            ("hostile/short.tar", "is truncated: it ends in the middle of the tar header at byte 0"),
            ("hostile/empty.tar", "is empty; a tar archive holds at least one 512-byte header"),
            (
                "hostile/pax_malformed.tar",
                "the pax extended header at byte 0 is malformed (a record's length runs past the header's end); the archive is corrupt"
            ),
        ]
        for (name, expected) in expectations {
            let message = try openError(name)
            XCTAssertTrue(message.hasSuffix(expected), "\(name): \(message)")
        }
    }

    func testSizesBeyondTheFileAreTruncationErrors() throws {
        let octal = try openError("hostile/huge_size_octal.tar")
        XCTAssertTrue(
            octal.contains(
                "is truncated: member person_0000/video_0000/seq_0000/frame_00000.jpg (header at byte 7168) needs 8589934591 bytes of data but the file ends at byte 40960"
            ), octal)
        let pax = try openError("hostile/pax_size_too_big.tar")
        XCTAssertTrue(
            pax.contains(
                "is truncated: member person_0000/video_0000/seq_0000/frame_00000.jpg (header at byte 1024) needs 99999999 bytes"
            ), pax)
    }

    func testPaxSizeTooSmallLandsOnDataAndFailsTheChecksum() throws {
        let message = try openError("hostile/pax_size_too_small.tar")
        XCTAssertTrue(message.contains("has a bad checksum; the archive is corrupt"), message)
    }

    func testCompressedTarsAreRefusedWithTheFix() throws {
        XCTAssertEqual(
            try openError("compressed.tar.gz"),
            "this tar is gzip-compressed; decompress it first (gunzip compressed.tar.gz)")
        XCTAssertEqual(
            try openError("compressed_gnu.tar.gz"),
            "this tar is gzip-compressed; decompress it first (gunzip compressed_gnu.tar.gz)")
        XCTAssertEqual(
            try openError("compressed.tar.bz2"),
            "this tar is bzip2-compressed; decompress it first (bunzip2 compressed.tar.bz2)")
        XCTAssertEqual(
            try openError("compressed.tar.xz"),
            "this tar is xz-compressed; decompress it first (unxz compressed.tar.xz)")
        let zstd = scratch.appendingPathComponent("images.tar.zst")
        try Data([0x28, 0xB5, 0x2F, 0xFD] + [UInt8](repeating: 0, count: 600)).write(to: zstd)
        XCTAssertEqual(
            TarFixtures.message { _ = try TarArchive.open(zstd.path) },
            "this tar is zstd-compressed; decompress it first (unzstd images.tar.zst)")
    }

    func testMissingFileAndFolderAreClearErrors() throws {
        let missing = scratch.appendingPathComponent("nope.tar").path
        XCTAssertEqual(
            TarFixtures.message { _ = try TarArchive.open(missing) },
            "cannot open \(missing): No such file or directory")
        XCTAssertEqual(
            TarFixtures.message { _ = try TarArchive.open(self.scratch.path) }, "\(scratch.path) is not a regular file")
    }

    func testEveryTruncationIsAnErrorOrAPrefixOfTheMembers() throws {
        let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TarFixtures.path("pax.tar"))))
        let all = try TarArchive.open(try TarFixtures.copy("pax.tar", to: scratch), useCache: false).paths
        let cutPath = scratch.appendingPathComponent("cut.tar").path
        var errors = 0
        // Every block boundary, and odd offsets inside headers and data.
        var cuts = Array(stride(from: 512, to: whole.count, by: 512))
        cuts += stride(from: 1, to: whole.count, by: 397)
        for cut in cuts {
            try Data(whole[0..<cut]).write(to: URL(fileURLWithPath: cutPath))
            do {
                let archive = try TarArchive.open(cutPath, useCache: false)
                // Cut between members: a valid, shorter archive, whose members read back.
                XCTAssertEqual(archive.paths, Array(all.prefix(archive.count)), "cut at \(cut)")
                for i in 0..<archive.count { _ = try archive.read(index: i) }
            } catch let error as FormatError {
                errors += 1
                XCTAssertTrue(error.message.contains("is truncated"), "cut at \(cut): \(error)")
            }
        }
        XCTAssertGreaterThan(errors, cuts.count / 2)
    }

    func testRandomDamageNeverCrashes() throws {
        let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TarFixtures.path("gnu.tar"))))
        let damagedPath = scratch.appendingPathComponent("damaged.tar").path
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var damaged = whole
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                // Mostly in headers, where damage matters most.
                let block = Int.random(in: 0..<(whole.count / 512), using: &generator)
                damaged[block * 512 + Int.random(in: 0..<512, using: &generator)] = UInt8.random(
                    in: 0...255, using: &generator)
            }
            try Data(damaged).write(to: URL(fileURLWithPath: damagedPath))
            if let archive = try? TarArchive.open(damagedPath, useCache: false) {
                for i in 0..<archive.count { _ = try? archive.readImage(index: i) }
            }
        }
    }
}
