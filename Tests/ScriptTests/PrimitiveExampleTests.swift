// Every example in the registry runs and shows exactly its documented output.

import FLS
import FLSKit
import FLSNotebook
import XCTest

final class PrimitiveExampleTests: XCTestCase {
    /// Primitives whose examples would need a file or a server that an
    /// example cannot make; each is exercised by its own tests instead.
    static let withoutExamples: Set<String> = [
        "load_tar",  // needs a tar on disk: Tests/FLSKitTests/DataArchiveTests
        "read_images",  // needs a tar on disk: Tests/FLSKitTests/DataArchiveTests
        "submit",  // needs a leaderboard: Tests/FLSLeaderboardTests/SubmitPrimitiveTests
        "data_folder",  // depends on the folders around the program: Tests/flsTests/SessionCommandTests
        "output_folder",  // depends on the folders around the program: Tests/FLSKitTests/ProjectFoldersTests
    ]

    func testEveryPrimitiveHasSummaryAndExample() {
        for p in Session.table.entries {
            XCTAssertFalse(p.summary.isEmpty, "\(p.name) has no summary")
            XCTAssertFalse(p.doc.isEmpty, "\(p.name) has no doc paragraph")
            if !Self.withoutExamples.contains(p.name) {
                XCTAssertFalse(p.examples.isEmpty, "\(p.name) has no example")
            }
        }
    }

    func testEveryExampleShowsItsOutput() throws {
        // Examples write files with relative paths: run them in a scratch folder.
        let scratch = NSTemporaryDirectory() + "fls-examples-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(scratch))
        defer {
            FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(atPath: scratch)
        }
        var failures: [String] = []
        var count = 0
        for p in Session.table.entries {
            for example in p.examples {
                count += 1
                let host = CapturingHost()
                let interpreter = Session.makeInterpreter(host: host, directory: NSTemporaryDirectory())
                // Examples that draw random numbers start from the same seed.
                _ = try? interpreter.run(SourceFile(name: "<seed>", text: "seed(0)"))
                let status = ScriptRunner.runUnit(
                    interpreter, SourceFile(name: "<example \(p.name)>", text: example.code), host: host, color: false)
                var got = host.output
                if got.hasSuffix("\n") { got.removeLast() }
                if status != 0 {
                    failures.append("\(p.name): `\(example.code)` failed:\n\(host.errors)")
                } else if got != example.output {
                    failures.append(
                        "\(p.name): `\(example.code)`\n  expected: \(example.output.debugDescription)\n  got:      \(got.debugDescription)"
                    )
                }
            }
        }
        XCTAssertGreaterThan(count, 60)
        if !failures.isEmpty {
            XCTFail("\(failures.count) of \(count) examples differ:\n" + failures.joined(separator: "\n"))
        }
    }
}

final class PrimitiveDocsTests: XCTestCase {
    /// docs/primitives.md is generated from the registry; it must not drift.
    func testPrimitivesReferenceIsUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("docs/primitives.md").path
        let committed = readTextFile(path) ?? ""
        XCTAssertEqual(
            committed, HelpText.markdown(Session.table),
            "docs/primitives.md is out of date: run `make docs`")
    }

    /// The Stdlib sources embedded in the binary match Stdlib/*.fls.
    func testEmbeddedStdlibIsUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("Stdlib").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".fls") }
        XCTAssertEqual(Set(files.map { String($0.dropLast(4)) }), Set(StdlibSources.modules.keys), "run `make stdlib`")
        for file in files {
            let text = readTextFile(folder + "/" + file) ?? ""
            XCTAssertEqual(
                StdlibSources.modules[String(file.dropLast(4))].map { $0 + "\n" }, text, "\(file): run `make stdlib`")
        }
    }
}
