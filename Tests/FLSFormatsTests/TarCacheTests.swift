import Foundation
import XCTest

@testable import FLSFormats

#if canImport(Glibc)
import Glibc
#endif

/// The index cache: reused when valid, rebuilt silently when stale or damaged,
/// and a tar rewritten behind a valid-looking cache is an error, never wrong bytes.
final class TarCacheTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func testIndexIsCachedBesideTheTarAndReused() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "images.tar")
        let first = try TarArchive.open(tar)
        XCTAssertNil(first.loadedFromCache)
        XCTAssertTrue(FileManager.default.fileExists(atPath: tar + ".flsindex"))
        let second = try TarArchive.open(tar)
        XCTAssertEqual(second.loadedFromCache, tar + ".flsindex")
        XCTAssertEqual(second.paths, first.paths)
        XCTAssertEqual(second.index.directoryCount, first.index.directoryCount)
        XCTAssertEqual(second.index.linkCount, first.index.linkCount)
        for i in 0..<first.count {
            XCTAssertEqual(second.entry(at: i), first.entry(at: i))
            XCTAssertEqual(try second.read(index: i), try first.read(index: i))
        }
    }

    func testUnsupportedMembersSurviveTheCache() throws {
        let tar = try TarFixtures.copy("gnu_sparse.tar", to: scratch)
        _ = try TarArchive.open(tar)
        let cached = try TarArchive.open(tar)
        XCTAssertNotNil(cached.loadedFromCache)
        XCTAssertEqual(
            cached.index.unsupported,
            [TarUnsupportedMember(path: "holes.bin", reason: "is a GNU sparse file, which is not supported")])
    }

    func testRewrittenTarWithSameSizeAndTimeIsAnError() throws {
        let tar = try TarFixtures.copy("ustar.tar", to: scratch, as: "images.tar")
        let original = try TarArchive.open(tar)
        XCTAssertGreaterThan(original.count, 2)
        let reopened = try TarArchive.open(tar)
        XCTAssertEqual(reopened.loadedFromCache, tar + ".flsindex")
        // Swap two members' names in place (fixing checksums) and restore the
        // mtime, so size and time match the cache but the headers do not.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: tar)))
        let a = try XCTUnwrap(original.entry(at: 1)).headerOffset
        let b = try XCTUnwrap(original.entry(at: 2)).headerOffset
        let nameA = Array(bytes[a..<(a + 100)]), nameB = Array(bytes[b..<(b + 100)])
        bytes.replaceSubrange(a..<(a + 100), with: nameB)
        bytes.replaceSubrange(b..<(b + 100), with: nameA)
        for offset in [a, b] {
            bytes.replaceSubrange((offset + 148)..<(offset + 156), with: [UInt8](repeating: 0x20, count: 8))
            let sum = bytes[offset..<(offset + 512)].reduce(0) { $0 + Int($1) }
            let field = Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, 0x20]
            bytes.replaceSubrange((offset + 148)..<(offset + 156), with: field)
        }
        var info = stat()
        XCTAssertEqual(stat(tar, &info), 0)
        try Data(bytes).write(to: URL(fileURLWithPath: tar))
        var times = [info.st_atim, info.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, tar, &times, 0), 0)

        // An archive opened from the cache before the rewrite refuses the
        // members whose headers changed.
        let expected = "the cached index \(tar).flsindex no longer matches \(tar); delete it and open the tar again"
        XCTAssertEqual(TarFixtures.message { _ = try reopened.read(index: 1) }, expected)
        XCTAssertEqual(TarFixtures.message { _ = try reopened.readImages(indices: [2, 1]) }, expected)
        // Members whose headers did not move still read correctly.
        XCTAssertEqual(try reopened.read(index: 0), try original.read(index: 0))

        // Opening again spot-checks the cache against the tar, finds it
        // wrong and rebuilds it.
        let rebuilt = try TarArchive.open(tar)
        XCTAssertNil(rebuilt.loadedFromCache)
        XCTAssertEqual(try TarArchive.open(tar).loadedFromCache, tar + ".flsindex")
        XCTAssertEqual(try rebuilt.read(path: rebuilt.paths[1]).count, rebuilt.entry(at: 1)?.size)
    }

    func testTarChangedAfterOpeningWithoutCacheSaysSo() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch)
        let archive = try TarArchive.open(tar, useCache: false)
        let other = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TarFixtures.path("pax.tar"))))
        try Data(other).write(to: URL(fileURLWithPath: tar))
        XCTAssertEqual(
            TarFixtures.message { _ = try archive.read(index: 3) }, "\(tar) changed after it was opened; open it again")
    }

    func testStaleCacheIsRebuiltSilently() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "images.tar")
        _ = try TarArchive.open(tar)
        // Replace the tar with a different archive: size and mtime change.
        try FileManager.default.removeItem(atPath: tar)
        _ = try TarFixtures.copy("v7.tar", to: scratch, as: "images.tar")
        let reopened = try TarArchive.open(tar)
        XCTAssertNil(reopened.loadedFromCache)
        XCTAssertEqual(reopened.paths, try TarFixtures.listing("v7.tar").map { $0.0 })
        XCTAssertNotNil(try TarArchive.open(tar).loadedFromCache)
    }

    func testDamagedCacheFilesAreRebuiltNotTrusted() throws {
        let tar = try TarFixtures.copy("pax.tar", to: scratch)
        let good = try TarArchive.open(tar)
        let cachePath = tar + ".flsindex"
        let cache = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cachePath)))
        var generator = SystemRandomNumberGenerator()
        var damagedVersions: [[UInt8]] = [
            [], Array(cache.prefix(50)), Array(cache.prefix(cache.count - 1)), cache + [0],
        ]
        for _ in 0..<50 {
            var damaged = cache
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= UInt8.random(
                in: 1...255, using: &generator)
            damagedVersions.append(damaged)
        }
        for damaged in damagedVersions {
            try Data(damaged).write(to: URL(fileURLWithPath: cachePath))
            let archive = try TarArchive.open(tar)
            XCTAssertNil(archive.loadedFromCache)
            XCTAssertEqual(archive.paths, good.paths)
        }
    }

    func testCacheParserRejectsInconsistentLengths() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch)
        let archive = try TarArchive.open(tar, useCache: false)
        let bytes = archive.index.cacheBytes(tarPath: "/x/gnu.tar")
        XCTAssertNotNil(TarIndex(cacheBytes: bytes, tarPath: "/x/gnu.tar"))
        XCTAssertNil(TarIndex(cacheBytes: bytes, tarPath: "/y/gnu.tar"))
        // A huge member count with a recomputed checksum must be refused before allocating.
        var forged = Array(bytes.dropLast(8))
        withUnsafeBytes(of: Int64(1 << 60).littleEndian) { forged.replaceSubrange(40..<48, with: $0) }
        let check = forged.withUnsafeBytes { TarIndex.checksum($0) }
        withUnsafeBytes(of: check.littleEndian) { forged += $0 }
        XCTAssertNil(TarIndex(cacheBytes: forged, tarPath: "/x/gnu.tar"))
    }

    func testUnwritableFolderFallsBackToTheUserCache() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "images.tar")
        // A folder where the cache file should be makes writing beside the tar
        // fail even for root, which ignores permission bits.
        try FileManager.default.createDirectory(atPath: tar + ".flsindex", withIntermediateDirectories: false)
        let cacheHome = scratch.appendingPathComponent("xdg")
        setenv("XDG_CACHE_HOME", cacheHome.path, 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        let first = try TarArchive.open(tar)
        XCTAssertNil(first.loadedFromCache)
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheHome.appendingPathComponent("fls").path)
        XCTAssertEqual(files.count, 1)
        XCTAssertTrue(files[0].hasPrefix("images.tar-") && files[0].hasSuffix(".flsindex"), files[0])
        let second = try TarArchive.open(tar)
        XCTAssertEqual(second.loadedFromCache, cacheHome.appendingPathComponent("fls/" + files[0]).path)
        XCTAssertEqual(second.paths, first.paths)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// A cache crafted by someone who can write beside a tar they cannot change
/// must never make a read serve another member's bytes (issue 17).
final class TarCraftedCacheTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// The index with every member pointing at member `source`'s header
    /// (offset, record, size and fingerprint all copied, as an attacker can).
    func redirected(_ index: TarIndex, to source: Int) -> TarIndex {
        var crafted = index
        for i in 0..<index.count {
            crafted.headerOffsets[i] = index.headerOffsets[source]
            crafted.recordOffsets[i] = index.recordOffsets[source]
            crafted.sizes[i] = index.sizes[source]
            crafted.fingerprints[i] = index.fingerprints[source]
        }
        return crafted
    }

    func testEveryMemberOfRealTarsMatchesItsHeader() throws {
        // ustar prefixes, GNU long names ('L'), pax paths (GNU tar and Python).
        for name in [
            "ustar.tar", "gnu.tar", "pax.tar", "py_pax.tar", "py_gnu.tar", "v7.tar", "latin1.tar", "duplicate.tar",
        ] {
            let archive = try TarArchive.open(TarFixtures.path(name), useCache: false)
            XCTAssertTrue(archive.index.spotCheck(archive.file), name)
            for i in 0..<archive.count {
                XCTAssertNoThrow(try archive.read(index: i), "\(name) member \(i)")
            }
        }
    }

    func testARedirectingEntryIsDetectedForShortAndLongNames() throws {
        for name in ["gnu.tar", "pax.tar", "py_pax.tar"] {
            let archive = try TarArchive.open(TarFixtures.path(name), useCache: false)
            let longest =
                (0..<archive.count).max {
                    archive.index.path(at: $0).utf8.count < archive.index.path(at: $1).utf8.count
                } ?? 0
            for source in [0, longest] {
                let crafted = redirected(archive.index, to: source)
                XCTAssertFalse(crafted.spotCheck(archive.file), name)
                var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
                for i in 0..<archive.count where i != source {
                    _ = try block.withUnsafeMutableBytes { raw in
                        try archive.file.read(
                            at: crafted.headerOffsets[i], count: TarHeader.blockSize, into: raw.baseAddress!)
                    }
                    let matches = block.withUnsafeBytes { crafted.headerMatches(i, block: $0, file: archive.file) }
                    XCTAssertFalse(matches, "\(name): member \(i) served from member \(source)'s header")
                }
            }
        }
    }

    func testACraftedCacheBesideTheTarIsRebuiltNotServed() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "images.tar")
        let genuine = try TarArchive.open(tar, useCache: false)
        // Written the way an attacker would: a valid cache file (its own
        // trailing fingerprint recomputed) whose entries all point at member 0.
        let crafted = redirected(genuine.index, to: 0)
        let bytes = crafted.cacheBytes(tarPath: TarIndexCache.absolute(tar))
        try Data(bytes).write(to: URL(fileURLWithPath: tar + ".flsindex"))
        XCTAssertNotNil(TarIndex(cacheBytes: bytes, tarPath: TarIndexCache.absolute(tar)), "the crafted cache parses")

        let opened = try TarArchive.open(tar)
        XCTAssertNil(opened.loadedFromCache, "the crafted cache was not used")
        for i in 0..<genuine.count {
            XCTAssertEqual(try opened.read(index: i), try genuine.read(index: i))
        }
        // It was replaced by a genuine one.
        XCTAssertEqual(try TarArchive.open(tar).loadedFromCache, tar + ".flsindex")
    }

    func testACacheWithUnsortedOrRepeatedNamesIsRefused() throws {
        let tar = try TarFixtures.copy("ustar.tar", to: scratch)
        let genuine = try TarArchive.open(tar, useCache: false)
        let path = TarIndexCache.absolute(tar)
        XCTAssertNotNil(TarIndex(cacheBytes: genuine.index.cacheBytes(tarPath: path), tarPath: path))
        // Swap the first two names (same lengths needed to keep the blob consistent: rebuild it).
        var swapped = genuine.index
        let first = Array(genuine.index.names[genuine.index.nameRange(0)])
        let second = Array(genuine.index.names[genuine.index.nameRange(1)])
        let rest = Array(genuine.index.names[genuine.index.nameOffsets[2]...])
        swapped.names = Buffer(second + first + rest)
        swapped.nameOffsets[1] = second.count
        XCTAssertNil(TarIndex(cacheBytes: swapped.cacheBytes(tarPath: path), tarPath: path), "unsorted")
        var repeated = genuine.index
        repeated.names = Buffer(first + first + rest)
        repeated.nameOffsets[1] = first.count
        repeated.nameOffsets[2] = 2 * first.count
        let shift = 2 * first.count - genuine.index.nameOffsets[2]
        for i in 3...repeated.count { repeated.nameOffsets[i] += shift }
        XCTAssertNil(TarIndex(cacheBytes: repeated.cacheBytes(tarPath: path), tarPath: path), "repeated")
    }

    func testCachePermissions() throws {
        let tar = try TarFixtures.copy("ustar.tar", to: scratch)
        XCTAssertEqual(chmod(tar, 0o640), 0)
        _ = try TarArchive.open(tar)
        var info = stat()
        XCTAssertEqual(stat(tar + ".flsindex", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o640, "readable by whoever can read the tar, writable by its owner")
    }
}
