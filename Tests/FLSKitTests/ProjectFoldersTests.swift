// Where notebooks find their data and put their outputs: from the
// notebook's own folder, never the data folder, whatever the current folder.

import FLS
import FLSKit
import Foundation
import XCTest

final class ProjectFoldersTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fls-project-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/Notebooks", withIntermediateDirectories: true)
        unsetenv("FLS_OUTPUT")
        unsetenv("FLS_DATA")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: root)
        unsetenv("FLS_OUTPUT")
    }

    func run(_ code: String) throws -> String {
        let host = CapturingHost()
        let interpreter = Session.makeInterpreter(host: host, directory: root + "/Notebooks")
        defer { interpreter.close() }
        let outcome = try interpreter.run(SourceFile(name: "t.fls", text: code))
        guard case .string(let s)? = outcome.value else { return "\(String(describing: outcome.value))" }
        return s
    }

    func testTheProjectIsTheFolderHoldingNotebooks() throws {
        XCTAssertEqual(ProjectFolders.project(from: root + "/Notebooks"), try canonical(root))
    }

    func testOutputsGoToTheProjectsOutputFolderOrFLS_OUTPUT() throws {
        let out = try run("output_folder(\"tsne\")")
        XCTAssertTrue(out.hasSuffix("/output/tsne"), out)
        var isDirectory: ObjCBool = false
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: try canonical(root) + "/output/tsne", isDirectory: &isDirectory))
        XCTAssertTrue(isDirectory.boolValue)
        setenv("FLS_OUTPUT", root + "/elsewhere", 1)
        XCTAssertTrue(try run("output_folder()").hasSuffix("/elsewhere"))
    }

    func testDataIsFoundAboveTheNotebookAndNeedsAreChecked() throws {
        try FileManager.default.createDirectory(atPath: root + "/sample-data/tiny", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/sample-data/tiny/signatures.pkl", contents: Data())
        XCTAssertTrue(try run("data_folder([\"signatures.pkl\"])").hasSuffix("/sample-data/tiny"))
        XCTAssertThrowsError(try run("data_folder([\"no_such_file.pkl\"])")) { error in
            XCTAssertTrue("\(error)".contains("no data found"), "\(error)")
        }
    }

    func canonical(_ path: String) throws -> String {
        try XCTUnwrap(
            realpath(path, nil).map { p in
                defer { free(p) }; return String(cString: p)
            })
    }
}
