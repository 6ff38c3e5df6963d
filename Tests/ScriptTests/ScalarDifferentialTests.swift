// The scalar fast path (Sources/FLS/Compile/ScalarCompiler.swift) must not
// change anything a user sees. Every golden script, and a corpus of
// generated programs (Tests/Fixtures/scalar, with its generator), runs with
// the fast path off and on; output, errors and exit status must be equal.

import FLS
import FLSNotebook
import Foundation
import XCTest

final class ScalarDifferentialTests: XCTestCase {
    static let testsRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
    }()

    struct Run: Equatable {
        var status: Int32
        var output: String
        var errors: String
    }

    func run(_ path: String, scalar: Bool) -> Run? {
        guard let text = readTextFile(path) else { return nil }
        let saved = Interpreter.scalarFunctionsByDefault
        Interpreter.scalarFunctionsByDefault = scalar
        defer { Interpreter.scalarFunctionsByDefault = saved }
        let host = CapturingHost()
        let status = ScriptRunner.run(
            text: text, name: (path as NSString).lastPathComponent,
            directory: (path as NSString).deletingLastPathComponent, host: host)
        return Run(status: status, output: host.output, errors: host.errors)
    }

    func programs(under folder: String) -> [String] {
        let root = Self.testsRoot + "/" + folder
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        for case let p as String in e where p.hasSuffix(".fls") { paths.append(root + "/" + p) }
        return paths.sorted().filter { !(readTextFile($0) ?? "").hasPrefix("# support file") }
    }

    func compareBothWays(_ paths: [String]) {
        var differences: [String] = []
        for path in paths {
            guard let generic = run(path, scalar: false), let scalar = run(path, scalar: true) else {
                differences.append("\(path): cannot read")
                continue
            }
            if generic != scalar {
                differences.append("\(path):\n--- generic\n\(generic)\n--- scalar\n\(scalar)")
            }
        }
        XCTAssert(
            differences.isEmpty,
            "\(differences.count) of \(paths.count) programs differ:\n" + differences.joined(separator: "\n\n"))
    }

    func testGoldenScriptsAreTheSameWithoutTheScalarPath() {
        let paths = programs(under: "Scripts")
        XCTAssertGreaterThan(paths.count, 100)
        compareBothWays(paths)
    }

    func testGeneratedProgramsAreTheSameWithoutTheScalarPath() throws {
        let paths = programs(under: "Fixtures/scalar/corpus")
        XCTAssertGreaterThanOrEqual(paths.count, 200, "run Tests/Fixtures/scalar/generate.py (see its README)")
        compareBothWays(paths)
    }
}
