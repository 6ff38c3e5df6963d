import Foundation
import XCTest

@testable import FLSFormats

/// A cache large enough to be mapped (a 25,000-member tar written by
/// Python's tarfile): opened as a view of the cache file, correct when many
/// opens build and read it at once, and rebuilt when the tar changes.
final class TarCacheMappedTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// A tar of `count` 3-byte members in shuffled order, written by CPython's tarfile.
    private func makeTar(_ count: Int) throws -> String {
        let tar = scratch.appendingPathComponent("many.tar").path
        let script = """
            import io, random, sys, tarfile
            names = [f"person_{i % 101:04d}/video_{i % 7:04d}/frame_{i:06d}.jpg" for i in range(int(sys.argv[2]))]
            random.Random(1).shuffle(names)
            with tarfile.open(sys.argv[1], "w", format=tarfile.USTAR_FORMAT) as t:
                for n in names:
                    info = tarfile.TarInfo(n)
                    info.size = 3
                    t.addfile(info, io.BytesIO(n[-7:-4].encode()))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, tar, String(count)]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("python3 could not write the tar") }
        return tar
    }

    func testConcurrentOpensBuildOneValidMappedCache() throws {
        let tar = try makeTar(25_000)
        // Eight opens at once with no cache: every one scans and writes the
        // cache (a temporary file renamed over it), while the others may be
        // reading the one renamed before.
        let results = UnsafeMutablePointer<[String]?>.allocate(capacity: 8)
        results.initialize(repeating: nil, count: 8)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { k in
            results[k] = try? TarArchive.open(tar, useCache: true, cacheInBackground: false).paths
        }
        let expected = (0..<25_000).map {
            String(format: "person_%04d/video_%04d/frame_%06d.jpg", $0 % 101, $0 % 7, $0)
        }.sorted()
        for k in 0..<8 { XCTAssertEqual(results[k], expected, "open \(k)") }

        let cached = try TarArchive.open(tar)
        XCTAssertEqual(cached.loadedFromCache, tar + ".flsindex")
        XCTAssertTrue(cached.index.names.isMapped, "a large cache is a view of the cache file")
        XCTAssertTrue(cached.index.nameOffsets.isMapped)
        XCTAssertEqual(cached.index.pathColumn.array, expected)
        XCTAssertNotNil(cached.index.pathColumn.packedStrings)
        for i in [0, 1, 12_345, 24_999] {
            XCTAssertEqual(try cached.read(index: i), Array(expected[i].suffix(7).prefix(3).utf8))
        }
        XCTAssertEqual(cached.position(of: expected[777]), 777)
    }

    func testAChangedTarRebuildsTheMappedCache() throws {
        let tar = try makeTar(25_000)
        _ = try TarArchive.open(tar, cacheInBackground: false)
        let mapped = try TarArchive.open(tar)
        XCTAssertTrue(mapped.index.names.isMapped)
        // Append a member (GNU tar does it in place; Python rewrites): the
        // size and mtime move, so the cache is stale and rebuilt.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import io, sys, tarfile
            names = [m.name for m in tarfile.open(sys.argv[1])]
            with tarfile.open(sys.argv[1] + ".new", "w", format=tarfile.USTAR_FORMAT) as t:
                for n in names + ["zz/extra.jpg"]:
                    info = tarfile.TarInfo(n); info.size = 3
                    t.addfile(info, io.BytesIO(b"new"))
            """, tar,
        ]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(rename(tar + ".new", tar), 0)
        let again = try TarArchive.open(tar)
        XCTAssertNil(again.loadedFromCache, "stale: rebuilt")
        XCTAssertEqual(again.count, 25_001)
        XCTAssertEqual(again.paths.last, "zz/extra.jpg")
        XCTAssertEqual(try again.read(index: 25_000), Array("new".utf8))
        // The old archive's view still reads its own, unchanged cache mapping.
        XCTAssertEqual(mapped.count, 25_000)
    }
}
