// Completion and commands of the interactive session, without a terminal.

import FLS
import FLSREPL
import XCTest

final class CompletionTests: XCTestCase {
    func session() -> REPLSession {
        REPLSession(host: CapturingHost(), color: false, directory: NSTemporaryDirectory())
    }

    func testCompletesPrimitivesAndVariables() {
        let s = session()
        s.handle("signature_count = 3")
        let (names, replace) = s.completions(before: "x = sign")
        XCTAssertEqual(replace, 4)
        XCTAssertTrue(names.contains("signature_count"), "\(names)")
        XCTAssertTrue(s.completions(before: "argso").candidates.contains("argsort"))
    }

    func testCompletesRecordFieldsAfterDot() {
        let s = session()
        s.handle("r = {person: 1, video: 2, seq: 3}")
        XCTAssertEqual(s.completions(before: "r.v").candidates, ["video"])
        XCTAssertEqual(s.completions(before: "r.").candidates, ["person", "seq", "video"])
    }

    func testCompletesKeywordArgumentsInsideCalls() {
        let s = session()
        let c = s.completions(before: "sum(x, ax").candidates
        XCTAssertTrue(c.contains("axis="), "\(c)")
    }

    func testCompletesCommands() {
        XCTAssertEqual(session().completions(before: ":va").candidates, [":vars"])
    }

    func testCompletesPathsInsideStrings() throws {
        let dir = NSTemporaryDirectory() + "fls-complete-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/data/signatures.pkl", contents: Data())
        let c = session().completions(before: "x = read_signatures(\"\(dir)/data/sig")
        XCTAssertEqual(c.candidates, ["\(dir)/data/signatures.pkl"])
    }

    func testVarsTypeAndErrorsKeepState() {
        let host = CapturingHost()
        let s = REPLSession(host: host, color: false, directory: NSTemporaryDirectory())
        s.handle("a = zeros([2, 3])")
        s.handle("oops + 1")
        XCTAssertTrue(host.errors.contains("name 'oops' is not defined"), host.errors)
        s.handle(":vars")
        XCTAssertTrue(host.output.contains("a     array  f64    [2,3]  48 B"), host.output)
        s.handle(":type a")
        XCTAssertTrue(host.output.contains("f64[2,3]"), host.output)
        XCTAssertFalse(s.handle(":quit"))
    }

    func testVarsSaysWhichArraysAreViewsOfAFile() throws {
        let host = CapturingHost()
        let folder = NSTemporaryDirectory() + "fls-vars-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = REPLSession(host: host, color: false, directory: folder)
        let file = folder + "/big.npy"
        s.handle("save_npy(\"\(file)\", astype(range(1000000), \"f32\"))")
        s.handle("m = load_npy(\"\(file)\")")
        s.handle("c = m * 2")
        s.handle(":vars")
        XCTAssertTrue(host.output.contains("m     array  f32    [1000000]  3.8 MiB (mapped file)"), host.output)
        XCTAssertTrue(host.output.contains("c     array  f32    [1000000]  3.8 MiB\n"), host.output)
    }
}
