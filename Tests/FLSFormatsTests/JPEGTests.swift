import Foundation
import XCTest

@testable import FLSFormats

/// Decoding and encoding against Pillow's output (Tests/Fixtures/jpeg/make_fixtures.py).
final class JPEGTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/jpeg").standardized

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
    }

    func manifest() throws -> [String: [String: Int]] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("manifest.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: [String: Int]])
    }

    func testDecodesExactlyLikePillow() throws {
        let entries = try manifest()
        XCTAssertGreaterThanOrEqual(entries.count, 10)
        for (name, size) in entries.sorted(by: { $0.key < $1.key }) {
            let image = try JPEG.decodeRGB(try bytes(name + ".jpg"))
            XCTAssertEqual(image.width, size["width"], name)
            XCTAssertEqual(image.height, size["height"], name)
            XCTAssertEqual(image.pixels, try bytes(name + ".rgb"), "\(name) differs from Pillow's decode")
        }
    }

    func testRestartFixtureReallyHasRestartMarkers() throws {
        let data = try bytes("restart_420_64.jpg")
        XCTAssertTrue(zip(data, data.dropFirst()).contains { $0 == 0xFF && (0xD0...0xD7).contains($1) })
    }

    func testGrayscaleIsExpandedToThreeEqualChannels() throws {
        let image = try JPEG.decodeRGB(try bytes("gray_64.jpg"))
        XCTAssertEqual(image.pixels.count, 64 * 64 * 3)
        for p in stride(from: 0, to: image.pixels.count, by: 3) {
            XCTAssertEqual(image.pixels[p], image.pixels[p + 1])
            XCTAssertEqual(image.pixels[p], image.pixels[p + 2])
        }
    }

    func testDecodeIntoBufferMatchesAndChecksSize() throws {
        let data = try bytes("odd_420_37x23.jpg")
        var output = [UInt8](repeating: 0, count: 37 * 23 * 3)
        let size = try data.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { try JPEG.decodeRGB(input, into: $0) }
        }
        XCTAssertEqual(size.width, 37)
        XCTAssertEqual(size.height, 23)
        XCTAssertEqual(output, try bytes("odd_420_37x23.rgb"))

        var small = [UInt8](repeating: 0, count: 10)
        XCTAssertThrowsError(
            try data.withUnsafeBufferPointer { input in
                try small.withUnsafeMutableBufferPointer { try JPEG.decodeRGB(input, into: $0) }
            }
        ) { error in
            XCTAssertEqual("\(error)", "the data is a 37x23 JPEG, which does not fit an output of 10 bytes")
        }
    }

    func testSizeReadsTheHeaderOnly() throws {
        let size = try JPEG.size(try bytes("odd_444_13x50.jpg"))
        XCTAssertEqual(size.width, 13)
        XCTAssertEqual(size.height, 50)
    }

    func testSwiftFrameSizeAgreesWithLibjpeg() throws {
        for name in try manifest().keys.sorted() {
            let data = try bytes(name + ".jpg")
            let fast = data.withUnsafeBufferPointer { JPEGDecoder.frameSize($0) }
            let slow = try JPEG.size(data)
            XCTAssertEqual(fast?.width, slow.width, name)
            XCTAssertEqual(fast?.height, slow.height, name)
        }
        // Every prefix and random damage: nil or a size, never a crash.
        let data = try bytes("optimized_444_64.jpg")
        for cut in 0...data.count {
            _ = Array(data[0..<cut]).withUnsafeBufferPointer { JPEGDecoder.frameSize($0) }
        }
        XCTAssertNil([0xFF, 0xD8, 0xFF, 0xDA, 0, 2].withUnsafeBufferPointer { JPEGDecoder.frameSize($0) })
    }

    func testNonJPEGDataIsRefusedByName() throws {
        for name in ["not_jpeg.png", "not_jpeg_random.bin", "not_jpeg_empty.bin"] {
            XCTAssertThrowsError(try JPEG.decodeRGB(try bytes(name)), name) { error in
                XCTAssertEqual((error as? JPEGError)?.predicate, "is not a JPEG image")
                XCTAssertEqual(
                    (error as? JPEGError)?.naming("member a/b.png").message, "member a/b.png is not a JPEG image")
            }
        }
    }

    func testCorruptJPEGsThrowClearErrors() throws {
        let cases = [
            "corrupt_header_cut.jpg": "is a corrupt JPEG",
            "corrupt_noise_after_soi.jpg": "is a corrupt JPEG",
            "corrupt_huge_frame.jpg": "is a corrupt JPEG (it claims 65000x65000 pixels but holds only 2453 bytes)",
            "corrupt_zero_width.jpg": "is a corrupt JPEG",
            "cmyk_16.jpg": "is a CMYK JPEG; images read from a tar must be RGB or grayscale",
        ]
        for (name, expected) in cases {
            XCTAssertThrowsError(try JPEG.decodeRGB(try bytes(name)), name) { error in
                let predicate = (error as? JPEGError)?.predicate ?? "\(error)"
                XCTAssertTrue(predicate.hasPrefix(expected), "\(name): \(predicate)")
            }
        }
    }

    func testTruncatedJPEGsAreRefusedNotPaddedWithGrey() throws {
        // libjpeg reports a missing end as a warning and fills the missing rows
        // with grey; Pillow raises "image file is truncated" for every one of
        // these (Tests/Fixtures/jpeg/make_issue17_fixtures.py), and so do we.
        for name in ["corrupt_data_cut.jpg", "corrupt_progressive_cut.jpg", "cut_no_eoi.jpg"] {
            XCTAssertThrowsError(try JPEG.decodeRGB(try bytes(name)), name) { error in
                let predicate = (error as? JPEGError)?.predicate ?? "\(error)"
                XCTAssertTrue(
                    predicate.hasPrefix("is a truncated JPEG (libjpeg-turbo: Premature end of JPEG file)"),
                    "\(name): \(predicate)")
            }
            XCTAssertThrowsError(try JPEG.decode(try bytes(name)), name)
            // The batch path (straight into a caller's buffer) refuses them too.
            var output = [UInt8](repeating: 0, count: 64 * 64 * 3)
            let data = try bytes(name)
            XCTAssertThrowsError(
                try data.withUnsafeBufferPointer { input in
                    try output.withUnsafeMutableBufferPointer { try JPEG.decodeRGB(input, into: $0) }
                }, name)
        }
    }

    func testStrayBytesBetweenMarkersDecodeLikePillow() throws {
        // libjpeg warns about the extraneous bytes but every pixel is decoded.
        let image = try JPEG.decodeRGB(try bytes("extraneous_bytes.jpg"))
        XCTAssertEqual(image.pixels, try bytes("baseline_420_64.rgb"))
    }

    func testCMYKJPEGDecodesToPillowsFourChannels() throws {
        let image = try JPEG.decode(try bytes("cmyk_16.jpg"))
        XCTAssertEqual(image.width, 16)
        XCTAssertEqual(image.height, 16)
        XCTAssertEqual(image.channels, 4)
        XCTAssertEqual(image.pixels, try bytes("cmyk_16.cmyk"))
        // RGB files keep three channels through the same entry point.
        let rgb = try JPEG.decode(try bytes("baseline_444_64.jpg"))
        XCTAssertEqual(rgb.channels, 3)
        XCTAssertEqual(rgb.pixels, try bytes("baseline_444_64.rgb"))
    }

    func testEveryPrefixOfAJPEGIsHandledWithoutCrashing() throws {
        let data = try bytes("progressive_420_64.jpg")
        for cut in 0..<data.count {
            if let image = try? JPEG.decodeRGB(Array(data[0..<cut])) {
                XCTAssertEqual(image.pixels.count, image.width * image.height * 3)
            }
        }
    }

    func testRandomByteDamageNeverCrashes() throws {
        let original = try bytes("baseline_444_64.jpg")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var damaged = original
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(
                    in: 0...255, using: &generator)
            }
            if let image = try? JPEG.decodeRGB(damaged) {
                XCTAssertEqual(image.pixels.count, image.width * image.height * 3)
            }
        }
    }

    func testEncodeRoundTripsCloseToTheOriginal() throws {
        let original = try bytes("baseline_444_64.rgb")
        for subsampling in [JPEG.Subsampling.s444, .s422, .s420] {
            let encoded = try JPEG.encodeRGB(original, width: 64, height: 64, quality: 95, subsampling: subsampling)
            XCTAssertEqual(Array(encoded.prefix(2)), [0xFF, 0xD8])
            XCTAssertEqual(Array(encoded.suffix(2)), [0xFF, 0xD9])
            let decoded = try JPEG.decodeRGB(encoded)
            XCTAssertEqual(decoded.width, 64)
            let error = zip(decoded.pixels, original).map { abs(Int($0) - Int($1)) }.reduce(0, +)
            // Chroma subsampling drops the fixture's per-pixel colour noise, hence the looser bound.
            XCTAssertLessThan(Double(error) / Double(original.count), subsampling == .s444 ? 8 : 12, "\(subsampling)")
        }
        let gray = try JPEG.encodeRGB(original, width: 64, height: 64, subsampling: .gray)
        let decoded = try JPEG.decodeRGB(gray)
        XCTAssertEqual(decoded.pixels[0], decoded.pixels[1])
    }

    func testEncodeQualityControlsFileSize() throws {
        // Our encoder's output must be an ordinary JPEG: the quality setting
        // shows in the file size (higher quality, larger file).
        let pixels = try bytes("baseline_420_64.rgb")
        let low = try JPEG.encodeRGB(pixels, width: 64, height: 64, quality: 30)
        let high = try JPEG.encodeRGB(pixels, width: 64, height: 64, quality: 95)
        XCTAssertLessThan(low.count, high.count)
    }

    func testEncodeRejectsBadArguments() {
        XCTAssertThrowsError(try JPEG.encodeRGB([1, 2, 3], width: 2, height: 2)) { error in
            XCTAssertEqual("\(error)", "2x2 RGB pixels need 12 bytes, not 3")
        }
        XCTAssertThrowsError(try JPEG.encodeRGB([], width: 0, height: 5))
        XCTAssertThrowsError(try JPEG.encodeRGB([UInt8](repeating: 0, count: 12), width: 2, height: 2, quality: 101)) {
            error in
            XCTAssertEqual("\(error)", "JPEG quality must be between 1 and 100, not 101")
        }
    }

    func testConcurrentDecodesUseSeparateHandles() throws {
        let data = try bytes("progressive_420_64.jpg")
        let expected = try bytes("progressive_420_64.rgb")
        let mismatches = Mismatches()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 {
                if (try? JPEG.decodeRGB(data))?.pixels != expected { mismatches.add() }
            }
        }
        XCTAssertEqual(mismatches.count, 0)
    }
}

/// A thread-safe counter for the concurrency test.
final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
