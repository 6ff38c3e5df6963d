import Foundation
import XCTest

@testable import FLSFormats

/// The writer: protocol 2 in the kit's Python 2 style, read back by our reader.
/// (Tests/Fixtures/pickle/check_writer.py checks the same files with CPython and numpy 1/2.)
final class PickleWriterTests: XCTestCase {
    func testRewritingTheRealSampleReproducesItByteForByte() throws {
        let original = try PickleFixtures.bytes("pose_sample_person0000.pkl")
        let value = try Pickle.load(bytes: original)
        // Without payload alignment the writer is byte for byte cPickle's.
        let written = try Pickle.dump(value, alignPayloads: false)
        XCTAssertEqual(written.count, original.count)
        if let i = zip(written, original).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("first difference at byte \(i)")
        }
    }

    func testEveryFixtureRoundTrips() throws {
        let expected = try PickleFixtures.expected()
        for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let want = want as? String else { continue }
            let value = try Pickle.load(path: PickleFixtures.path(name))
            let again = try Pickle.load(bytes: try Pickle.dump(value))
            XCTAssertEqual(PickleFixtures.describe(again), want, name)
        }
    }

    func testSaveWritesTheFileAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pickle-writer-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.pkl").path
        let big = TypedArray(shape: [300, 1000], data: .f32((0..<300_000).map { Float($0) * 0.5 }))
        let value = PickleValue.dict([
            (.string("paths"), .list([.string("a"), .string("é")])),
            (.string("signatures"), .array(big)),
        ])
        try Pickle.save(value, path: path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.pkl"])
        let back = try Pickle.load(path: path)
        XCTAssertEqual(PickleFixtures.describe(back), PickleFixtures.describe(value))
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), try Pickle.dump(value))
    }

    func testStringsFollowPython2Style() throws {
        let bytes = try Pickle.dump(.list([.string("abc"), .string("é")]))
        // ASCII as SHORT_BINSTRING ('U'), other text as BINUNICODE ('X').
        XCTAssertEqual(Array(bytes[0..<10]), [0x80, 2, 0x5D, 0x71, 1, 0x28, 0x55, 3, 0x61, 0x62])
        XCTAssertTrue(bytes.contains(0x58))
    }

    func testEveryDepthTheReaderLoadsIsWrittenAndDeeperIsRefused() throws {
        // Two items per level, so every level opens a MARK as cPickle does,
        // and a numpy array (whose state opens more) at the bottom.
        var v = PickleValue.list([.array(TypedArray(shape: [2, 2], data: .f32([1, 2, 3, 4]))), .int(0)])
        for i in 1..<Pickle.maxDepth { v = .list([v, .int(Int64(i))]) }
        let back = try Pickle.load(bytes: try Pickle.dump(v))
        var depth = 0
        var cursor: PickleValue? = back
        var bottom: PickleValue? = nil
        while case .list(let items)? = cursor {
            depth += 1
            bottom = items.first
            cursor = items.first
        }
        XCTAssertEqual(depth, Pickle.maxDepth)
        guard case .array(let a)? = bottom else { return XCTFail("no array at the bottom") }
        XCTAssertEqual(a.shape, [2, 2])
        // One level more is what the reader would refuse: so does the writer.
        XCTAssertThrowsError(try Pickle.dump(.list([v]))) { error in
            XCTAssertEqual("\(error)", "value nests containers more than 10000 levels deep to be pickled")
        }
        // A dict is a level too.
        XCTAssertThrowsError(try Pickle.dump(.dict([(.string("k"), v)])))
    }
}
