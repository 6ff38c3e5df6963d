// Runs every golden script under Tests/Scripts/<feature>/<behaviour>.fls.
// A script states what it must show with comments:
//   # expect: <one line of output>        (printed or displayed, in order)
//   # expect error: <text in the error>   (the run must fail with this message;
//                                          several such lines must all appear,
//                                          e.g. the source line and its caret)
// The runner compares the whole output and the error, and reports every
// failing script with a diff.

import FLS
import FLSKit
import FLSNotebook
import XCTest

final class GoldenScriptTests: XCTestCase {
    static let scriptsRoot: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts").path
    }()

    struct Expectation {
        var lines: [String] = []
        var errors: [String] = []
    }

    static func expectations(_ text: String) -> Expectation {
        var e = Expectation()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let r = line.range(of: "# expect") else { continue }
            let rest = line[r.upperBound...]
            if rest.hasPrefix(": ") {
                e.lines.append(String(rest.dropFirst(2)))
            } else if rest.hasPrefix(":") {
                e.lines.append("")
            } else if rest.hasPrefix(" error: ") {
                e.errors.append(String(rest.dropFirst(8)))
            }
        }
        return e
    }

    func testGoldenScripts() throws {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(atPath: Self.scriptsRoot) else {
            return XCTFail("no Tests/Scripts folder at \(Self.scriptsRoot)")
        }
        var paths: [String] = []
        for case let p as String in enumerator where p.hasSuffix(".fls") { paths.append(p) }
        paths.sort()
        XCTAssertGreaterThan(paths.count, 50, "expected the golden script suite")
        var failures: [String] = []
        for rel in paths {
            let path = Self.scriptsRoot + "/" + rel
            guard let text = readTextFile(path) else {
                failures.append("\(rel): cannot read")
                continue
            }
            if text.hasPrefix("# support file") { continue }
            let expected = Self.expectations(text)
            let host = CapturingHost()
            let status = ScriptRunner.run(
                text: text, name: rel, directory: (path as NSString).deletingLastPathComponent, host: host)
            var output = host.output
            if output.hasSuffix("\n") { output.removeLast() }
            let lines =
                output.isEmpty ? [] : output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var problems: [String] = []
            if lines != expected.lines {
                problems.append(
                    "output differs:\n--- expected\n\(expected.lines.joined(separator: "\n"))\n--- got\n\(lines.joined(separator: "\n"))"
                )
            }
            if !expected.errors.isEmpty {
                if status == 0 {
                    problems.append("expected an error containing '\(expected.errors[0])', but it ran cleanly")
                }
                for err in expected.errors where status != 0 && !host.errors.contains(err) {
                    problems.append("expected an error containing '\(err)', got:\n\(host.errors)")
                }
            } else if status != 0 {
                problems.append("unexpected error:\n\(host.errors)")
            }
            if !problems.isEmpty { failures.append("\(rel): " + problems.joined(separator: "\n")) }
        }
        if !failures.isEmpty {
            XCTFail(
                "\(failures.count) of \(paths.count) golden scripts failed:\n\n" + failures.joined(separator: "\n\n"))
        }
    }
}
