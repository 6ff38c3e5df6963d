// What a run loads. The libraries only some runs need (OpenBLAS and LAPACK,
// cairo, ZeroMQ, OpenSSL, libcurl) are opened at their first call
// (Sources/CLazyLoad), so a script that only computes starts without them,
// and one that solves a linear system opens BLAS/LAPACK when it does.

import Foundation
import XCTest

final class StartupTests: XCTestCase {
    /// Libraries a run opens only when it uses them.
    let onDemand = ["libopenblas", "liblapacke", "libcairo", "libzmq", "libcrypto", "libcurl"]

    /// The shared objects the dynamic loader opened, as LD_DEBUG=files reports them.
    func opened(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "file=") else { return nil }
            let rest = line[start.upperBound...]
            return String(rest.prefix { $0 != " " })
        }
    }

    func script(_ text: String, named name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "fls-startup-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func testAScriptThatOnlyComputesOpensNoOnDemandLibrary() throws {
        let file = try script("print(sum([1, 2, 3]))\n", named: "compute.fls")
        let r = try Binary.run(["run", file], environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "6\n")
        let libraries = opened(r.stderr)
        XCTAssertFalse(libraries.isEmpty, "LD_DEBUG=files reported nothing: \(r.stderr.prefix(300))")
        for name in onDemand {
            XCTAssertFalse(libraries.contains { $0.contains(name) }, "\(name) was loaded at start: \(libraries)")
        }
        let version = try Binary.run(["--version"], environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(version.status, 0)
        for name in onDemand {
            XCTAssertFalse(opened(version.stderr).contains { $0.contains(name) }, "\(name) was loaded by --version")
        }
    }

    func testLinearAlgebraOpensBLASAndLAPACKAtItsFirstCall() throws {
        let file = try script(
            "print(solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 8.0]))\nprint([[1.0, 2.0], [3.0, 4.0]] @ [[1.0], [1.0]])\n",
            named: "solve.fls")
        let r = try Binary.run(["run", file], environment: ["LD_DEBUG": "files"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[1. 2.]\n[[3.]\n [7.]]\n")
        let libraries = opened(r.stderr)
        XCTAssertTrue(libraries.contains { $0.contains("liblapacke") }, "\(libraries)")
        XCTAssertTrue(libraries.contains { $0.contains("libopenblas") }, "\(libraries)")
        XCTAssertFalse(libraries.contains { $0.contains("libcairo") }, "\(libraries)")
    }
}
