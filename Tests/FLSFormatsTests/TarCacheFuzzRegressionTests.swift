import Foundation
import XCTest

@testable import FLSFormats

/// Index caches found by `make fuzz` (target `tarindex`) that crashed the
/// parser; each must now be refused (nil: the index is rebuilt).
final class TarCacheFuzzRegressionTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try TarFixtures.scratchFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// A valid cache of gnu.tar with the 8-byte field at `offset` replaced and the checksum recomputed.
    func forged(_ offset: Int, _ value: Int64) throws -> [UInt8] {
        let tar = try TarFixtures.copy("gnu.tar", to: scratch)
        let bytes = try TarArchive.open(tar, useCache: false).index.cacheBytes(tarPath: "/x/gnu.tar")
        XCTAssertNotNil(TarIndex(cacheBytes: bytes, tarPath: "/x/gnu.tar"))
        var forged = Array(bytes.dropLast(8))
        withUnsafeBytes(of: value.littleEndian) { forged.replaceSubrange(offset..<(offset + 8), with: $0) }
        let check = forged.withUnsafeBytes { TarIndex.checksum($0) }
        withUnsafeBytes(of: check.littleEndian) { forged += $0 }
        return forged
    }

    func testHugeUnsupportedCountIsRefusedWithoutOverflow() throws {
        // Found by the fuzzer: 0x7a00000000000000 unsupported members made `count * 2 + 1` overflow (SIGILL).
        XCTAssertNil(TarIndex(cacheBytes: try forged(80, 0x7a00_0000_0000_0000), tarPath: "/x/gnu.tar"))
    }

    func testNegativeTarSizeIsRefusedWithoutOverflow() throws {
        XCTAssertNil(TarIndex(cacheBytes: try forged(16, Int64.min), tarPath: "/x/gnu.tar"))
    }
}
