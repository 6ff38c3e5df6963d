import Foundation
import XCTest

@testable import FLSFormats

/// Batch decoding of members into one [N, H, W, 3] array.
final class TarImagesTests: XCTestCase {
    var scratch: URL!
    var archive: TarArchive!

    override func setUpWithError() throws {
        scratch = try TarFixtures.scratchFolder()
        archive = try TarArchive.open(try TarFixtures.copy("gnu.tar", to: scratch))
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func position(_ path: String) throws -> Int { try XCTUnwrap(archive.position(of: path)) }

    var sameSize: [String] {
        [
            "person_0000/video_0000/seq_0000/frame_00000.jpg", "person_0000/video_0000/seq_0000/frame_00001.jpg",
            "person_0000/video_0001/seq_0000/frame_00000.jpg", "person_0001/video_0000/seq_0001/frame_00000.jpg",
            "person_0004/vidéo_0000/seq_0000/frame_ü.jpg",
        ]
    }

    func testBatchEqualsOneByOneDecodesOnAnyThreadCount() throws {
        let indices = try sameSize.map(position) + [try position(sameSize[0])]
        var expected: [UInt8] = []
        for i in indices {
            let image = try archive.readImage(index: i)
            XCTAssertEqual(image.width, 16)
            expected += image.pixels
        }
        for threads in [1, 2, 3, 8] {
            let batch = try archive.readImages(indices: indices, threads: threads)
            XCTAssertEqual(batch.shape, [6, 16, 16, 3])
            guard case .u8(let pixels) = batch.data else { return XCTFail("not u8") }
            XCTAssertEqual(pixels.array, expected, "threads \(threads)")
        }
    }

    func testEmptyBatch() throws {
        let batch = try archive.readImages(indices: [])
        XCTAssertEqual(batch.shape, [0, 0, 0, 3])
    }

    func testDifferentSizeNamesTheMemberAndTheFirst() throws {
        let indices = [
            try position(sameSize[0]), try position(sameSize[1]),
            try position("person_0002/video_0000/seq_0000/frame_00000.jpg"),
        ]
        XCTAssertEqual(
            TarFixtures.message { _ = try self.archive.readImages(indices: indices, threads: 2) },
            "member person_0002/video_0000/seq_0000/frame_00000.jpg is 24x16, but the first image (person_0000/video_0000/seq_0000/frame_00000.jpg) is 16x16; images read together must all have one size"
        )
    }

    func testNonJPEGMemberIsNamed() throws {
        let text = try position("notes/readme.txt")
        XCTAssertEqual(
            TarFixtures.message { _ = try self.archive.readImages(indices: [text]) },
            "member notes/readme.txt is not a JPEG image")
        XCTAssertEqual(
            TarFixtures.message {
                _ = try self.archive.readImages(indices: [try self.position(self.sameSize[0]), text])
            },
            "member notes/readme.txt is not a JPEG image")
        XCTAssertEqual(
            TarFixtures.message { _ = try self.archive.readImage(index: text) },
            "member notes/readme.txt is not a JPEG image")
    }

    func testDamagedMemberOfTheRightSizeGetsLibjpegsMessage() throws {
        // A member whose headers are fine but whose Huffman tables are broken
        // passes the fast size check and must still fail with a named error.
        let tree = TarFixtures.folder.appendingPathComponent("tree")
        let folder = scratch.appendingPathComponent("damaged")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var good = [UInt8](try Data(contentsOf: tree.appendingPathComponent(sameSize[0])))
        try Data(good).write(to: folder.appendingPathComponent("a.jpg"))
        let dht = try XCTUnwrap(zip(good.indices, good.dropFirst()).first { good[$0.0] == 0xFF && $0.1 == 0xC4 }).0
        for k in (dht + 5)..<(dht + 21) { good[k] = 0xFF }  // impossible code-length counts
        try Data(good).write(to: folder.appendingPathComponent("b.jpg"))
        let tarPath = scratch.appendingPathComponent("damaged.tar").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "--format=gnu", "-cf", tarPath, "-C", folder.path, "a.jpg", "b.jpg"]
        try process.run()
        process.waitUntilExit()
        let damaged = try TarArchive.open(tarPath, useCache: false)
        let message = TarFixtures.message { _ = try damaged.readImages(indices: [0, 1]) } ?? ""
        XCTAssertTrue(message.hasPrefix("member b.jpg is a corrupt JPEG ("), message)
    }

    func testOutOfRangeIndexIsAnError() {
        XCTAssertEqual(
            TarFixtures.message { _ = try self.archive.readImages(indices: [0, -1]) },
            "member index -1 is out of range; \(archive.path) has \(archive.count) members")
    }

    func testShouldStopInterrupts() throws {
        let indices = Array(repeating: try position(sameSize[0]), count: 50)
        let calls = Reports()
        XCTAssertThrowsError(
            try archive.readImages(
                indices: indices, threads: 1,
                shouldStop: {
                    calls.add(0, 0)
                    return calls.values.count > 10
                })
        ) { error in
            let interrupted = error as? ReadInterrupted
            XCTAssertEqual(interrupted?.completed, 10)
            XCTAssertEqual(interrupted?.total, 50)
        }
    }

    func testProgressReachesTheTotal() throws {
        let indices = Array(repeating: try position(sameSize[1]), count: 300)
        let reports = Reports()
        _ = try archive.readImages(indices: indices, threads: 2, progress: { reports.add($0, $1) })
        XCTAssertEqual(reports.values.last?.0, 300)
        XCTAssertEqual(reports.values.last?.1, 300)
        XCTAssertGreaterThanOrEqual(reports.values.count, 50)
        XCTAssertLessThanOrEqual(reports.values.count, 101)
    }
}
