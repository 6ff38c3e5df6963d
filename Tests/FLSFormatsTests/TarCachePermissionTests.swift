import Foundation
import XCTest

@testable import FLSFormats

#if canImport(Glibc)
import Glibc
#endif

/// Who may read an index cache: the cache lists the tar's member names, so it
/// is never more readable than the tar, and the per-user folder is private.
final class TarCachePermissionTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0, path)
        return info.st_mode & 0o777
    }

    func testCacheBesideAPrivateTarIsPrivate() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "private.tar")
        chmod(tar, 0o600)
        _ = try TarArchive.open(tar)
        XCTAssertEqual(mode(tar + ".flsindex"), 0o600)
    }

    func testCacheBesideAShareableTarIsReadableLikeIt() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "shared.tar")
        chmod(tar, 0o644)
        _ = try TarArchive.open(tar)
        XCTAssertEqual(mode(tar + ".flsindex"), 0o644)
    }

    func testUserCacheFolderIsCreatedForItsOwnerOnly() throws {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch, as: "images.tar")
        try FileManager.default.createDirectory(atPath: tar + ".flsindex", withIntermediateDirectories: false)
        let cacheHome = scratch.appendingPathComponent("xdg")
        setenv("XDG_CACHE_HOME", cacheHome.path, 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        _ = try TarArchive.open(tar)
        XCTAssertEqual(mode(cacheHome.path), 0o700)
        XCTAssertEqual(mode(cacheHome.appendingPathComponent("fls").path), 0o700)
    }
}
