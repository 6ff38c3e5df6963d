// The core sees files, the environment and the clocks only through its Host:
// a host that substitutes them is what the program sees.

import XCTest

@testable import FLS

/// A host with made-up files, environment and clocks.
final class StagedHost: FLS.Host {
    var files: [String: String] = [:]
    var variables: [String: String] = [:]
    var monotonic = 0.0
    var wallClock = 0.0
    var output = ""
    var reads: [String] = []

    func write(_ text: String) { output += text }
    func writeError(_ text: String) {}
    func readText(path: String) -> String? {
        reads.append(path)
        return files[path]
    }
    func environment(_ name: String) -> String? { variables[name] }
    func monotonicSeconds() -> Double { monotonic }
    func wallClockSeconds() -> Double { wallClock }
}

final class HostTests: XCTestCase {
    /// What the last expression of `code` displays, run in a fresh session on `host`.
    func run(_ code: String, _ host: StagedHost, directory: String = "/staged") throws -> String? {
        try Interpreter(host: host, directory: directory).run(SourceFile(name: "t.fls", text: code)).value.map(
            displayText)
    }

    func testUseReadsFilesThroughTheHost() throws {
        let host = StagedHost()
        host.files["/staged/helpers.fls"] = "fn twice(x) = 2 * x"
        host.files["/staged/lib/more.fls"] = "answer = 42"
        XCTAssertEqual(try run("use \"helpers.fls\"\ntwice(21)", host), "42")
        XCTAssertEqual(try run("use \"lib/more.fls\"\nanswer", host), "42")
        XCTAssertThrowsError(try run("use \"missing.fls\"", host)) { error in
            XCTAssertEqual((error as? RuntimeError)?.message, "cannot read module file \"missing.fls\"")
        }
        XCTAssertEqual(host.reads, ["/staged/helpers.fls", "/staged/lib/more.fls", "/staged/missing.fls"])
    }

    func testSearchPathComesFromTheHostsEnvironment() throws {
        let host = StagedHost()
        host.variables["FLS_PATH"] = "/first:/second"
        host.files["/second/shared.fls"] = "greeting = \"hi\""
        XCTAssertEqual(try run("use shared\ngreeting", host), "\"hi\"")
        XCTAssertEqual(host.reads, ["/staged/shared.fls", "/first/shared.fls", "/second/shared.fls"])
    }

    func testTheTypedPathSwitchComesFromTheHostsEnvironment() throws {
        let host = StagedHost()
        XCTAssertTrue(Interpreter(host: host).scalarFunctions)
        host.variables["FLS_SCALAR"] = "0"
        XCTAssertFalse(Interpreter(host: host).scalarFunctions)
    }

    func testEnvReadsTheHostsEnvironment() throws {
        let host = StagedHost()
        host.variables["FLS_DATA"] = "/data/tiny"
        XCTAssertEqual(try run("env(\"FLS_DATA\", \"x\")", host), "\"/data/tiny\"")
        XCTAssertEqual(try run("env(\"HOME\", \"none\")", host), "\"none\"")
    }

    func testClockReadsTheHostsClock() throws {
        let host = StagedHost()
        host.monotonic = 12.5
        XCTAssertEqual(try run("clock()", host), "12.5")
    }

    func testUnseededRandomNumbersFollowTheHostsWallClock() throws {
        let first = StagedHost(), second = StagedHost(), later = StagedHost()
        first.wallClock = 1_700_000_000.25
        second.wallClock = 1_700_000_000.25
        later.wallClock = 1_700_000_001.25
        let a = try run("rand(3)", first), b = try run("rand(3)", second), c = try run("rand(3)", later)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testSessionsHaveTheirOwnRandomGenerators() throws {
        let host = StagedHost()
        let one = Interpreter(host: host), two = Interpreter(host: host)
        func run(_ i: Interpreter, _ code: String) throws -> String? {
            try i.run(SourceFile(name: "t.fls", text: code)).value.map(displayText)
        }
        _ = try run(one, "seed(7)")
        _ = try run(two, "seed(7)")
        let x = try run(one, "rand()")
        _ = try run(two, "seed(99); rand(5)")
        XCTAssertEqual(try run(two, "seed(7); rand()"), x)
        XCTAssertEqual(try run(one, "rand()"), try run(two, "rand()"))
    }
}
