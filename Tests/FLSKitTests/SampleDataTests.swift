// The sample-data generator: deterministic bytes, files the kit's Python
// tools read, pickles in the exact style of the real ones, and a truth file
// that matches the evaluation sequences.

import FLSFormats
import Foundation
import XCTest

@testable import FLSKit

final class SampleDataTests: XCTestCase {
    /// One tiny data set shared by the read-only tests (generating it takes a few seconds in debug builds).
    static let shared: (dir: String, summary: SampleData.Summary?, error: Error?) = {
        let dir = SampleDataTests.temporaryDirectory("shared")
        do {
            return (dir, try SampleData.generate(to: dir, scale: .tiny, seed: 42, progress: nil), nil)
        } catch {
            return (dir, nil, error)
        }
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: shared.dir)
        super.tearDown()
    }

    static func temporaryDirectory(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "fls-sampledata-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: dir)
        return dir
    }

    func sharedData() throws -> (dir: String, summary: SampleData.Summary) {
        if let error = SampleDataTests.shared.error { throw error }
        guard let summary = SampleDataTests.shared.summary else { throw XCTSkip("no shared data set") }
        return (SampleDataTests.shared.dir, summary)
    }

    func path(_ dir: String, _ name: String) -> String { (dir as NSString).appendingPathComponent(name) }

    func testSameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws {
        let (dir, _) = try sharedData()
        let again = SampleDataTests.temporaryDirectory("again")
        let other = SampleDataTests.temporaryDirectory("other")
        defer {
            try? FileManager.default.removeItem(atPath: again)
            try? FileManager.default.removeItem(atPath: other)
        }
        _ = try SampleData.generate(to: again, scale: .tiny, seed: 42, progress: nil)
        for name in SampleData.fileNames {
            let a = FileManager.default.contents(atPath: path(dir, name))
            let b = FileManager.default.contents(atPath: path(again, name))
            XCTAssertNotNil(a, name)
            XCTAssertEqual(a, b, "\(name) differs between two runs with the same seed")
        }
        _ = try SampleData.generate(to: other, scale: .tiny, seed: 43, progress: nil)
        XCTAssertNotEqual(
            FileManager.default.contents(atPath: path(dir, "images.tar")),
            FileManager.default.contents(atPath: path(other, "images.tar")))
        XCTAssertNotEqual(
            FileManager.default.contents(atPath: path(dir, "signatures.pkl")),
            FileManager.default.contents(atPath: path(other, "signatures.pkl")))
    }

    func testTarOpensAndEveryMemberIsA64x64JPEG() throws {
        let (dir, summary) = try sharedData()
        let archive = try TarArchive.open(path(dir, "images.tar"), useCache: false)
        XCTAssertEqual(archive.count, summary.trainingFrames)
        XCTAssertEqual(archive.paths.first, "person_0000/video_0000/seq_0000/frame_00000.jpg")
        for i in stride(from: 0, to: archive.count, by: 97) {
            let image = try archive.readImage(index: i)
            XCTAssertEqual(image.width, 64)
            XCTAssertEqual(image.height, 64)
        }
        let eval = try TarArchive.open(path(dir, "eval_images.tar"), useCache: false)
        XCTAssertEqual(eval.count, summary.evaluationFrames)
        XCTAssertEqual(eval.paths.first, "seq_0000/frame_00000.jpg")
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path(dir, "images.tar"))[.size] as? Int)
        XCTAssertEqual(size % 10_240, 0, "the tar is padded to whole 10 KiB records like GNU tar's")
    }

    func testPythonTarfileListsTheMembers() throws {
        let (dir, summary) = try sharedData()
        let script =
            "import tarfile,sys\nt=tarfile.open(sys.argv[1])\nm=t.getmembers()\n"
            + "print(len(m), all(x.isfile() for x in m), m[0].name, m[-1].name, t.extractfile(m[0]).read()[:2].hex())"
        let output = try runPython(["-c", script, path(dir, "images.tar")])
        let archive = try TarArchive.open(path(dir, "images.tar"), useCache: false)
        XCTAssertEqual(
            output.trimmingCharacters(in: .whitespacesAndNewlines),
            "\(summary.trainingFrames) True \(archive.paths[0]) \(archive.paths[archive.count - 1]) ffd8")
    }

    func testPoseAndSignaturePicklesHaveTheKitShapes() throws {
        let (dir, summary) = try sharedData()
        let pose = try Pickle.load(path: path(dir, "pose.pkl"))
        guard case .dict(let items) = pose else { return XCTFail("pose.pkl is not a dict") }
        XCTAssertEqual(
            items.map { key, _ in if case .string(let s) = key { return s } else { return "?" } },
            ["paths", "keypoints", "scores"])
        guard case .list(let paths) = try XCTUnwrap(pose["paths"]),
            case .array(let keypoints) = try XCTUnwrap(pose["keypoints"]),
            case .array(let scores) = try XCTUnwrap(pose["scores"])
        else { return XCTFail("pose.pkl entries have the wrong kinds") }
        let n = summary.trainingFrames
        XCTAssertEqual(paths.count, n)
        XCTAssertEqual(keypoints.shape, [n, 17, 2])
        XCTAssertEqual(keypoints.elementType, .f64)
        XCTAssertEqual(scores.shape, [n, 17])
        guard case .f32(let s) = scores.data, case .f64(let k) = keypoints.data else { return XCTFail("wrong dtypes") }
        let missed = Double(s.filter { $0 <= 0 }.count) / Double(s.count)
        XCTAssertGreaterThan(missed, 0.08)
        XCTAssertLessThan(missed, 0.25)
        XCTAssertTrue(k.allSatisfy { $0 > -0.1 && $0 < 1.15 })

        let signatures = try Pickle.load(path: path(dir, "signatures.pkl"))
        guard case .list(let signaturePaths) = try XCTUnwrap(signatures["paths"]),
            case .array(let matrix) = try XCTUnwrap(signatures["signatures"]),
            case .f32(let values) = matrix.data
        else { return XCTFail("signatures.pkl entries have the wrong kinds") }
        XCTAssertEqual(signaturePaths.count, summary.trainingSignatures)
        XCTAssertEqual(matrix.shape, [summary.trainingSignatures, 2048])
        XCTAssertTrue(values.allSatisfy { $0 >= 0 })
        XCTAssertGreaterThan(values.filter { $0 == 0 }.count, values.count / 20, "ReLU features have zeros")
    }

    func testStreamedPicklesAreByteIdenticalToPickleSave() throws {
        let (dir, _) = try sharedData()
        for name in ["pose.pkl", "signatures.pkl", "eval_pose.pkl", "eval_signatures.pkl"] {
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path(dir, name)))
            let value = try Pickle.load(bytes: [UInt8](bytes))
            XCTAssertEqual(try Pickle.dump(value), [UInt8](bytes), "\(name) is not in Pickle.save's style")
        }
    }

    func testTruthFileMatchesTheEvaluationSequences() throws {
        let (dir, summary) = try sharedData()
        guard case .object(let fields) = try JSON.parse(path: path(dir, "eval_truth.json")) else {
            return XCTFail("eval_truth.json is not an object")
        }
        let truth = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(truth["format"], .string("fls-leaderboard-truth"))
        XCTAssertEqual(truth["version"], .int(1))
        XCTAssertEqual(truth["sequences"], .int(Int64(summary.evaluationSequences)))
        guard case .array(let labels) = try XCTUnwrap(truth["labels"]) else { return XCTFail("labels is not a list") }
        let values = labels.compactMap { label -> Int? in
            if case .int(let i) = label { return Int(i) } else { return nil }
        }
        XCTAssertEqual(values.count, summary.evaluationSequences)
        XCTAssertTrue(values.allSatisfy { $0 >= -1 && $0 < summary.people })
        XCTAssertTrue(values.contains(-1), "extra identities are present")
        XCTAssertGreaterThan(Set(values.filter { $0 >= 0 }).count, summary.people / 2, "most people are evaluated")

        let archive = try TarArchive.open(path(dir, "eval_images.tar"), useCache: false)
        let folders = Set(archive.paths.map { $0.split(separator: "/")[0] })
        XCTAssertEqual(folders.count, summary.evaluationSequences)
        XCTAssertEqual(folders, Set((0..<summary.evaluationSequences).map { "seq_" + SampleLayout.padded($0, 4) }))
        guard case .list(let posePaths) = try XCTUnwrap(try Pickle.load(path: path(dir, "eval_pose.pkl"))["paths"])
        else {
            return XCTFail("eval_pose.pkl has no path list")
        }
        XCTAssertEqual(
            posePaths.compactMap { if case .string(let s) = $0 { return s } else { return nil } }, archive.paths)
    }

    func testLayoutOfTheEvaluationIsAShuffleOfHeldOutVideos() throws {
        let layout = SampleLayout(plan: ScalePlan(.small), seed: 5)
        let labels = layout.evalLabels
        XCTAssertEqual(labels.count, layout.eval.sequences.count)
        // Held-out videos are new videos of their person, never training ones.
        for s in layout.eval.sequences where s.person < layout.plan.people {
            XCTAssertGreaterThanOrEqual(s.video, layout.trainVideos[s.person])
        }
        XCTAssertNotEqual(labels.filter { $0 >= 0 }, labels.filter { $0 >= 0 }.sorted(), "the order is shuffled")
    }

    func testFullScaleLayoutHasTheRealFrameCount() {
        let layout = SampleLayout(plan: ScalePlan(.full), seed: 0)
        XCTAssertEqual(layout.train.frameCount, 581_685)
        XCTAssertTrue(layout.train.sequences.allSatisfy { (20...80).contains($0.frames) })
        XCTAssertTrue(layout.trainVideos.allSatisfy { (15...40).contains($0) })
        XCTAssertEqual(layout.trainVideos.count, 101)
    }

    func testTarHeaderSplitsLongPathsAndRejectsImpossibleOnes() throws {
        let long = String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 60) + ".jpg"
        let header = try SampleTarWriter.header(path: long, size: 1234)
        XCTAssertEqual(
            String(decoding: header[0..<64].prefix { $0 != 0 }, as: UTF8.self),
            String(repeating: "f", count: 60) + ".jpg")
        XCTAssertEqual(
            String(decoding: header[345..<500].prefix { $0 != 0 }, as: UTF8.self), String(repeating: "d", count: 90))
        var sum = 0
        for (i, b) in header.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(b) }
        XCTAssertEqual(String(decoding: header[148..<154], as: UTF8.self), String(sum, radix: 8).leftPadded(6))
        XCTAssertThrowsError(try SampleTarWriter.header(path: String(repeating: "x", count: 120), size: 1))
    }

    func testUnwritableDirectoryIsAClearError() {
        XCTAssertThrowsError(try SampleData.generate(to: "/dev/null/samples", scale: .tiny, seed: 0, progress: nil)) {
            error in
            XCTAssertTrue("\(error)".contains("/dev/null/samples"), "\(error)")
        }
    }

    func testPythonCheckScriptPassesOnTinyData() throws {
        let (dir, _) = try sharedData()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sampledata/check_sample.py").path
        _ = try runPython(["-c", "import numpy, cv2, PIL"])
        let output = try runPython([script, dir, "--scale", "tiny"])
        XCTAssertTrue(output.contains("all checks passed"), output)
    }

    /// Runs the python3 found on PATH and returns its standard output; skips when python3 or a module is missing.
    func runPython(_ arguments: [String]) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env") else {
            throw XCTSkip("no /usr/bin/env to find python3")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus == 127 { throw XCTSkip("python3 is not installed") }
        if process.terminationStatus != 0 && arguments.first == "-c" && arguments.count == 2 {
            throw XCTSkip("python3 lacks numpy, OpenCV or Pillow")
        }
        XCTAssertEqual(process.terminationStatus, 0, text)
        return text
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
