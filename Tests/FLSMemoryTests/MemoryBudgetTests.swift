// MemoryBudget.swift: the one gatekeeper for large allocations. The pure
// parts (sizes, arithmetic) are tested in process; the cap from
// FLS_MAX_MEMORY and the room under `ulimit -v` are read once per process,
// so they are tested by running the built `fls` in a subprocess.

import FLSMemory
import Foundation
import XCTest

final class MemoryBudgetTests: XCTestCase {
    func testParseSizeAcceptsBytesAndBinarySuffixes() {
        XCTAssertEqual(MemoryBudget.parseSize("100000"), 100_000)
        XCTAssertEqual(MemoryBudget.parseSize("2k"), 2 << 10)
        XCTAssertEqual(MemoryBudget.parseSize("512M"), 512 << 20)
        XCTAssertEqual(MemoryBudget.parseSize("4G"), 4 << 30)
        XCTAssertEqual(MemoryBudget.parseSize("3t"), 3 << 40)
        XCTAssertEqual(MemoryBudget.parseSize("  8G "), 8 << 30)
    }

    func testParseSizeRefusesWhatIsNotASize() {
        for text in ["", "G", "0", "-5G", "4X", "4GB", "1.5G", "ten", "4 G", "9999999999T", "99999999999999999999"] {
            XCTAssertNil(MemoryBudget.parseSize(text), "'\(text)' should not parse")
        }
    }

    func testTallyAsksTheBudgetOnlyPastEachSmallRequest() {
        var tally = MemoryBudget.Tally()
        // Small steps up to the always-allowed size never ask.
        for _ in 0..<64 { XCTAssertTrue(tally.add(MemoryBudget.smallRequest / 64)) }
        XCTAssertEqual(tally.bytes, MemoryBudget.smallRequest)
        // A total no machine has is refused, and so is one that overflows.
        XCTAssertFalse(tally.add(1 << 62))
        var huge = MemoryBudget.Tally()
        XCTAssertFalse(huge.add(Int.max))
        XCTAssertFalse(huge.add(Int.max))
    }

    func testDescribe() {
        XCTAssertEqual(MemoryBudget.describe(1536 << 20), "1.5 GiB")
        XCTAssertEqual(MemoryBudget.describe(100 << 20), "100 MiB")
        XCTAssertEqual(MemoryBudget.describe(24 << 30), "24.0 GiB")
    }

    func testSmallRequestsAreAlwaysAllowedAndOverflowNever() {
        XCTAssertTrue(MemoryBudget.allows(MemoryBudget.smallRequest))
        XCTAssertTrue(MemoryBudget.allows(count: 1000, of: 8))
        XCTAssertFalse(MemoryBudget.allows(count: Int.max / 2, of: 8), "the product overflows")
        XCTAssertFalse(MemoryBudget.allows(count: -1, of: 8))
        XCTAssertFalse(MemoryBudget.allows(count: 8, of: -1))
        XCTAssertFalse(MemoryBudget.allows(Int.max))
        XCTAssertGreaterThan(MemoryBudget.available(), 0)
        XCTAssertLessThanOrEqual(MemoryBudget.available(), MemoryBudget.cap)
        XCTAssertGreaterThan(MemoryBudget.physicalMemory, 0)
    }

    func testFLSMaxMemoryCapsEveryAllocation() throws {
        // 10^8 doubles are 800 MB: refused under a 100 MiB cap, allowed under 2 GiB.
        let program = "print(len(zeros(100000000)))\n"
        let capped = try runFLS(program, environment: ["FLS_MAX_MEMORY": "100M"])
        XCTAssertEqual(capped.status, 1, capped.stderr)
        XCTAssertTrue(capped.stderr.contains("too large to allocate"), capped.stderr)
        XCTAssertTrue(capped.stderr.contains("100 MiB now (set by FLS_MAX_MEMORY)"), capped.stderr)
        let raised = try runFLS("print(len(zeros(1000000)))\n", environment: ["FLS_MAX_MEMORY": "2G"])
        XCTAssertEqual(raised.status, 0, raised.stderr)
        XCTAssertEqual(raised.stdout, "1000000\n")
        // A malformed value is ignored (the documented default applies).
        let malformed = try runFLS("print(len(zeros(1000000)))\n", environment: ["FLS_MAX_MEMORY": "lots"])
        XCTAssertEqual(malformed.status, 0, malformed.stderr)
    }

    func testStringsStopAtTheCap() throws {
        let r = try runFLS("s = \"ab\"\nfor i in range(64) { s = s + s }\n", environment: ["FLS_MAX_MEMORY": "64M"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertFalse(r.signalled)
        XCTAssertTrue(r.stderr.contains("a string of 134217728 bytes is too large to build"), r.stderr)
    }

    func testAddressSpaceLimitIsRespected() throws {
        // Under `ulimit -v` (4 GiB) a 3.2 GB array cannot be mapped whatever
        // the machine has free: an error naming the limit, not an abort.
        let r = try runFLS("x = zeros(400000000)\n", addressSpaceKiB: 4 << 20)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertFalse(r.signalled)
        XCTAssertTrue(r.stderr.contains("too large to allocate"), r.stderr)
        XCTAssertTrue(r.stderr.contains("ulimit -v"), r.stderr)
        let doubling = try runFLS("s = \"ab\"\nfor i in range(64) { s = s + s }\n", addressSpaceKiB: 4 << 20)
        XCTAssertEqual(doubling.status, 1, doubling.stderr)
        XCTAssertTrue(doubling.stderr.contains("is too large to build"), doubling.stderr)
        let fits = try runFLS("print(len(zeros(10000000)))\n", addressSpaceKiB: 4 << 20)
        XCTAssertEqual(fits.status, 0, fits.stderr)
    }

    func testSmallIntegerArraysAreReducedAndPrintedInPlace() throws {
        // A 128 MiB u8 array under an address space with about 400 MiB of
        // room beside it: sum, mean and print must not widen it to 8 bytes
        // per element (the 1 GiB widened copy is refused, as the control
        // shows). The room is measured from what fls itself maps, which
        // depends on the machine.
        let kib = try baselineAddressSpaceKiB() + (128 << 10) + (400 << 10)
        let inPlace = try runFLS(
            "x = zeros(134217728, dtype=\"u8\")\nprint(sum(x), mean(x))\nprint(x)\n", addressSpaceKiB: kib)
        XCTAssertEqual(inPlace.status, 0, inPlace.stderr)
        XCTAssertEqual(inPlace.stdout, "0 0.0\n[0 0 0 ... 0 0 0]\n")
        let widened = try runFLS(
            "x = zeros(134217728, dtype=\"u8\")\nprint(sum(astype(x, \"i64\")))\n", addressSpaceKiB: kib)
        XCTAssertEqual(widened.status, 1, widened.stderr)
        XCTAssertTrue(widened.stderr.contains("too large to allocate"), widened.stderr)
    }

    // MARK: - Running the built fls

    struct Result {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// FLS_BIN, or the debug (else release) build of this package.
    var flsPath: String {
        if let p = ProcessInfo.processInfo.environment["FLS_BIN"], FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for config in ["debug", "release"] {
            let p = root.appendingPathComponent(".build/\(config)/fls").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root.appendingPathComponent(".build/debug/fls").path
    }

    /// The address space (VmSize, KiB) of a running fls that has done nothing.
    func baselineAddressSpaceKiB() throws -> Int {
        let dir = NSTemporaryDirectory() + "fls-memory-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/idle.fls"
        try "t = clock()\nwhile clock() - t < 1.5 { }\n".write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: flsPath)
        process.arguments = [file]
        try process.run()
        defer { process.waitUntilExit() }
        Thread.sleep(forTimeInterval: 0.8)
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        for line in status.split(separator: "\n") where line.hasPrefix("VmSize:") {
            if let kib = Int(line.filter(\.isNumber)) { return kib }
        }
        throw XCTSkip("no VmSize in /proc/\(process.processIdentifier)/status")
    }

    /// Runs `program` (a file in a temporary folder) with fls, optionally
    /// under `ulimit -v` through /bin/sh.
    func runFLS(_ program: String, environment: [String: String] = [:], addressSpaceKiB: Int? = nil) throws -> Result {
        let dir = NSTemporaryDirectory() + "fls-memory-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/program.fls"
        try program.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        if let kib = addressSpaceKiB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(kib) && exec \"$0\" \"$1\"", flsPath, file]
        } else {
            process.executableURL = URL(fileURLWithPath: flsPath)
            process.arguments = [file]
        }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "FLS_MAX_MEMORY")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
