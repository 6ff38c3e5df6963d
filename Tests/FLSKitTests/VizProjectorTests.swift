import XCTest

@testable import FLSKit

final class VizProjectorTests: XCTestCase {
    var dir: String = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("projector-\(UUID().uuidString)").path
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    func stack(_ n: Int, side: Int) throws -> ImageStack {
        try ImageStack(pixels: (0..<(n * side * side * 3)).map { UInt8($0 % 251) }, count: n, height: side, width: side)
    }

    func testWritesTensorsMetadataSpriteAndConfig() throws {
        let n = 10, d = 3
        let vectors = (0..<(n * d)).map { Float($0) / 4 }
        let out = try Projector.write(
            dir: dir, vectors: vectors, rows: n, cols: d,
            labels: (0..<n).map { "person_\($0 % 2)" }, images: try stack(n, side: 16))
        let tensorRows = try lines(out.tensors)
        XCTAssertEqual(tensorRows.count, n)
        XCTAssertEqual(tensorRows[1], "0.75\t1.0\t1.25")
        XCTAssertTrue(tensorRows.allSatisfy { $0.split(separator: "\t").count == d })
        XCTAssertEqual(try lines(out.metadata), (0..<n).map { "person_\($0 % 2)" }, "one column: no header")

        // 10 images -> a 4 x 4 grid of 16-pixel thumbnails.
        XCTAssertEqual(out.spriteGrid, 4)
        let sprite = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(out.sprite))))
        XCTAssertEqual(VizFixtures.pngSize(sprite)?.0, 64)
        XCTAssertEqual(VizFixtures.pngSize(sprite)?.1, 64)

        let config = try String(contentsOfFile: out.config, encoding: .utf8)
        XCTAssertEqual(
            config,
            """
            embeddings {
              tensor_name: "embedding"
              tensor_path: "tensors.tsv"
              metadata_path: "metadata.tsv"
              sprite {
                image_path: "sprite.png"
                single_image_dim: [16, 16]
              }
            }

            """)
    }

    func testSeveralColumnsGetAHeaderAndTabsAreCleaned() throws {
        let out = try Projector.write(
            dir: dir, vectors: [1, 2, 3, 4], rows: 2, cols: 2,
            columns: [("person", ["a\tb", "c"]), ("video", ["v1", "v2"])])
        XCTAssertEqual(try lines(out.metadata), ["person\tvideo", "a b\tv1", "c\tv2"])
        XCTAssertNil(out.sprite)
        XCTAssertFalse(try String(contentsOfFile: out.config, encoding: .utf8).contains("sprite"))
    }

    func testLargeSpritesShrinkTheirThumbnails() throws {
        // 10 images of 64 px in a 4 x 4 grid need 256 px; with a 100 px limit
        // (8192 in real use) the thumbnails shrink to 25 px.
        let n = 10
        let out = try Projector.write(
            dir: dir, vectors: [Float](repeating: 0.5, count: n), rows: n, cols: 1,
            columns: [("label", (0..<n).map(String.init))], images: try stack(n, side: 64),
            tensorName: "embedding", spriteLimit: 100)
        XCTAssertEqual(out.spriteGrid, 4)
        XCTAssertEqual(out.thumbnailWidth, 25)
        let sprite = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(out.sprite))))
        XCTAssertEqual(VizFixtures.pngSize(sprite)?.0, 100)
        XCTAssertEqual(VizFixtures.pngSize(sprite)?.1, 100)
        XCTAssertTrue(try String(contentsOfFile: out.config, encoding: .utf8).contains("single_image_dim: [25, 25]"))
        XCTAssertEqual(Projector.maxSpriteSide, 8192)
    }

    func testMismatchedCountsAreErrors() {
        XCTAssertThrowsError(try Projector.write(dir: dir, vectors: [1, 2, 3], rows: 2, cols: 2, labels: ["a", "b"]))
        XCTAssertThrowsError(try Projector.write(dir: dir, vectors: [1, 2], rows: 2, cols: 1, labels: ["a"])) { error in
            XCTAssertEqual(
                (error as? VizError)?.message, "projector metadata column 'label' has 1 values for 2 vectors.")
        }
    }
}
