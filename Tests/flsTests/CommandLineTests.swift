// The command line as users meet it: exit codes, usage errors, scripts on
// stdin, and hostile input that must never end in a signal.

import Foundation
import XCTest

final class CommandLineTests: XCTestCase {
    func testVersion() throws {
        let r = try Binary.run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("fls "), r.stdout)
    }

    func testHelpListsPrimitivesAndShowsOne() throws {
        let all = try Binary.run(["help"])
        XCTAssertEqual(all.status, 0)
        XCTAssertTrue(all.stdout.contains("mean_by"), all.stdout)
        let one = try Binary.run(["help", "argsort"])
        XCTAssertEqual(one.status, 0)
        XCTAssertTrue(one.stdout.hasPrefix("argsort("), one.stdout)
        let unknown = try Binary.run(["help", "argsrot"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("did you mean 'argsort'?"), unknown.stderr)
    }

    func testScriptOnStdinShowsLastValue() throws {
        let r = try Binary.run([], stdin: Array("x = [1, 2, 3]\nsum(x) * 2\n".utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "12\n")
    }

    func testPrintWritesEveryByteOfItsText() throws {
        // A NUL character is text like any other: `fputs` stopped at it,
        // cutting the line and its newline.
        let r = try Binary.run([], stdin: Array("print(\"a\\0b\", 1)\nprint(2)\n".utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "a\u{0}b 1\n2\n")
    }

    func testProgramErrorExitsOneWithLocation() throws {
        let dir = NSTemporaryDirectory() + "fls-cli-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/bad.fls"
        try "x = 1\ny = x + nope\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Binary.run([file])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.fls:2:9: error: name 'nope' is not defined"), r.stderr)
        XCTAssertTrue(r.stderr.contains("  2 | y = x + nope"), r.stderr)
        XCTAssertTrue(r.stderr.contains("^^^^"), r.stderr)
    }

    func testBadUsageExitsTwo() throws {
        XCTAssertEqual(try Binary.run(["run"]).status, 2)
        XCTAssertEqual(try Binary.run(["/no/such/file.fls"]).status, 2)
        XCTAssertEqual(try Binary.run(["render", "x.fls", "-o", "out.pdf"]).status, 2)
        XCTAssertEqual(try Binary.run(["--no-such-flag"]).status, 2)
    }

    func testHostileProgramsNeverCrash() throws {
        var generator = SplitMix(seed: 7)
        var cases: [[UInt8]] = [
            Array(String(repeating: "[", count: 5000).utf8),
            Array(String(repeating: "(", count: 100_000).utf8),
            Array("fn f(n) = f(n + 1) + 1\nf(0)\n".utf8),
            Array("x = zeros([100000, 100000, 100000])\n".utf8),
            Array("x = 1 // 0\n".utf8),
            Array("a = [1, 2, 3]\na[10]\n".utf8),
            Array("\u{0}\u{1}\u{2}\u{FF}".utf8),
            Array("x = \"\\u{110000}\"\n".utf8),
            Array("f\"{\"\n".utf8),
        ]
        for _ in 0..<30 {
            cases.append((0..<Int(generator.next() % 400)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        for source in cases {
            let r = try Binary.run([], stdin: source, timeout: 30)
            XCTAssertFalse(r.signalled, "crashed on \(source.prefix(40))")
            XCTAssertTrue(r.status == 0 || r.status == 1 || r.status == 2, "exit \(r.status) on \(source.prefix(40))")
            XCTAssertFalse(r.stderr.contains("Fatal error"), r.stderr)
        }
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
