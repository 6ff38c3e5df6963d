import Foundation
import XCTest

@testable import FLSFormats

/// The scanner's read-ahead window is as large as the file needs (8 MB at
/// most), and archives of every size around it index and read correctly.
final class TarScannerWindowTests: XCTestCase {
    func testTheWindowIsNeverLargerThanTheFile() {
        XCTAssertEqual(TarScanner.windowCapacity(fileSize: 0), 512)
        XCTAssertEqual(TarScanner.windowCapacity(fileSize: 10_240), 10_240)
        XCTAssertEqual(TarScanner.windowCapacity(fileSize: 1 << 30), 8 << 20)
    }

    /// GNU tar archives of many small members, smaller and larger than the
    /// big (parallel) window: every member is listed and its bytes read back.
    func testArchivesAroundTheWindowSizesIndexEveryMember() throws {
        let scratch = try TarFixtures.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for members in [3, 200, 5_600] {
            let folder = scratch.appendingPathComponent("m\(members)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var names: [String] = []
            for i in 0..<members {
                let name = String(format: "f%05d.bin", i)
                names.append(name)
                // 700 bytes: a header and two blocks per member.
                try Data(repeating: UInt8(i % 251), count: 700).write(to: folder.appendingPathComponent(name))
            }
            let tarPath = scratch.appendingPathComponent("m\(members).tar").path
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            tar.arguments = ["tar", "--format=gnu", "-cf", tarPath, "-C", folder.path] + names
            try tar.run()
            tar.waitUntilExit()
            XCTAssertEqual(tar.terminationStatus, 0)
            let size = (try FileManager.default.attributesOfItem(atPath: tarPath)[.size] as? Int) ?? 0
            if members == 5_600 { XCTAssertGreaterThan(size, 8 << 20) }
            let archive = try TarArchive.open(tarPath, useCache: false)
            XCTAssertEqual(archive.paths, names, "\(members) members")
            for i in [0, members / 2, members - 1] {
                XCTAssertEqual(
                    try archive.read(index: i), [UInt8](repeating: UInt8(i % 251), count: 700),
                    "member \(i) of \(members)")
            }
        }
    }
}
