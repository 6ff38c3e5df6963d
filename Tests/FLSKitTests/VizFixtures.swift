import Foundation
import XCTest

/// Access to Tests/Fixtures/viz, made by Tests/Fixtures/viz/make_fixtures.py.
enum VizFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/viz")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: data(name))
    }

    static func float32(_ name: String) throws -> [Float] {
        let bytes = try data(name)
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 4)).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    static func int64(_ name: String) throws -> [Int64] {
        let bytes = try data(name)
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 8)).map {
                Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))
            }
        }
    }

    /// Width and height from a PNG's IHDR chunk, nil when the signature or chunk is wrong.
    static func pngSize(_ png: [UInt8]) -> (Int, Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard png.count > 24, Array(png[0..<8]) == signature, Array(png[12..<16]) == Array("IHDR".utf8) else {
            return nil
        }
        func be32(_ o: Int) -> Int {
            Int(png[o]) << 24 | Int(png[o + 1]) << 16 | Int(png[o + 2]) << 8 | Int(png[o + 3])
        }
        return (be32(16), be32(20))
    }

    /// Decodes a PNG with Python's Pillow and returns (width, height, mode, RGB bytes);
    /// skips the test when python3 with Pillow is not installed.
    static func decodeWithPillow(_ png: [UInt8]) throws -> (Int, Int, String, [UInt8]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("viz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.png"), output = dir.appendingPathComponent("out.rgb")
        try Data(png).write(to: input)
        let script = """
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]); im.load()
            print(im.size[0], im.size[1], im.mode)
            open(sys.argv[2], "wb").write(im.convert("RGB").tobytes())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input.path, output.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do { try process.run() } catch { throw XCTSkip("python3 is not available to decode PNGs") }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XCTSkip("python3 with Pillow is not available to decode PNGs")
        }
        let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 3, let w = Int(parts[0]), let h = Int(parts[1]) else {
            throw XCTSkip("unexpected Pillow output: \(text)")
        }
        return (w, h, parts[2], [UInt8](try Data(contentsOf: output)))
    }
}

/// Counts the non-overlapping occurrences of `needle` in `haystack`.
func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
