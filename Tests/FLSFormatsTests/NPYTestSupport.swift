// Helpers shared by the NPY, NPZ, CSV and JSON tests: fixture paths,
// scratch folders, and running python3 to check that numpy and Python's
// modules read what the Swift writers produce.

import Foundation
import XCTest

@testable import FLSFormats

/// The path of a committed fixture, Tests/Fixtures/<area>/<name>.
func formatsFixture(_ area: String, _ name: String) -> String {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/\(area)/\(name)").path
}

/// A fresh empty folder under the system's temporary directory.
func formatsScratchFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("fls-formats-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Runs `python3 -c script args...`, returning stdout; skips the test when
/// python3 or numpy is missing, fails it when the script fails.
func runPython(_ script: String, _ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws
    -> String
{
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    let candidates = folders.map { "\($0)/python3" }
    guard let python = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw XCTSkip("python3 is not installed")
    }
    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }
    if try run(["-c", "import numpy"]).status != 0 { throw XCTSkip("numpy is not installed for python3") }
    let result = try run(["-c", script] + arguments)
    XCTAssertEqual(result.status, 0, "python3 failed: \(result.err)", file: file, line: line)
    return result.out
}

/// Bytes of a committed fixture.
func formatsFixtureBytes(_ area: String, _ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: formatsFixture(area, name))))
}

/// A small deterministic generator for fuzzing (xorshift64*).
struct FormatsFuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

extension TypedArray {
    var f64Values: [Double]? { if case .f64(let a) = data { return a.array }; return nil }
    var f32Values: [Float]? { if case .f32(let a) = data { return a.array }; return nil }
    var i64Values: [Int64]? { if case .i64(let a) = data { return a.array }; return nil }
    var i32Values: [Int32]? { if case .i32(let a) = data { return a.array }; return nil }
    var u8Values: [UInt8]? { if case .u8(let a) = data { return a.array }; return nil }
    var boolValues: [Bool]? { if case .bool(let a) = data { return a.array }; return nil }
    var strValues: [String]? { if case .str(let a) = data { return a.array }; return nil }
}
