import Foundation
import XCTest

@testable import FLSNotebook

final class IpynbRendererTests: XCTestCase {
    private func renderSample() throws -> String {
        let notebook = try Fixtures.sampleNotebook()
        let kernel = ScriptedKernel(outputs: try Fixtures.sampleOutputs())
        return IpynbRenderer().render(notebook: notebook, results: NotebookRunner.runAll(notebook, kernel: kernel))
    }

    func testSampleIsValidAgainstTheOfficialSchema() throws {
        let (status, message) = try validate(try renderSample())
        XCTAssertEqual(status, 0, message)
    }

    func testSchemaCheckRejectsABrokenNotebook() throws {
        // The check above must be able to fail: nbformat 4.5 requires every cell to have an `id`.
        let broken = try renderSample().replacingOccurrences(of: "\"id\": \"cell-2\",", with: "")
        let (status, message) = try validate(broken)
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(message.contains("ValidationError"), message)
    }

    /// Validates notebook JSON against the committed nbformat 4.5 schema with Python's jsonschema.
    private func validate(_ json: String) throws -> (Int32, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fls-notebook-\(UUID().uuidString).ipynb")
        try json.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                sys.exit(77)
            schema = json.load(open(sys.argv[1]))
            jsonschema.validate(json.load(open(sys.argv[2])), schema)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Fixtures.url("nbformat.v4.5.schema.json").path, path.path]
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw XCTSkip("python3 is not available to run the nbformat schema check")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 || process.terminationStatus == 127 {
            throw XCTSkip("python3 with jsonschema is not installed")
        }
        return (process.terminationStatus, message)
    }

    func testStructureAndOutputs() throws {
        let object = try JSONSerialization.jsonObject(with: Data(try renderSample().utf8)) as? [String: Any]
        let document = try XCTUnwrap(object)
        XCTAssertEqual(document["nbformat"] as? Int, 4)
        XCTAssertEqual(document["nbformat_minor"] as? Int, 5)
        let metadata = try XCTUnwrap(document["metadata"] as? [String: Any])
        XCTAssertEqual(
            metadata["kernelspec"] as? [String: String], ["name": "fls", "display_name": "FLS", "language": "fls"])
        XCTAssertEqual(metadata["language_info"] as? [String: String], ["name": "fls", "file_extension": ".fls"])
        let cells = try XCTUnwrap(document["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.map { $0["id"] as? String }, ["cell-1", "cell-2", "cell-3", "cell-4", "cell-5"])
        XCTAssertEqual(cells.map { $0["cell_type"] as? String }, ["markdown", "code", "code", "markdown", "code"])
        XCTAssertEqual((cells[0]["source"] as? [String])?.first, "# Exploring the *pose* data\n")
        XCTAssertEqual(cells[1]["execution_count"] as? Int, 1)
        XCTAssertEqual((cells[1]["metadata"] as? [String: String])?["title"], "Load the data")
        XCTAssertEqual(
            cells[1]["source"] as? [String],
            [
                "pose = read_pose(\"data/pose.pkl\")\n",
                "print(f\"{len(pose.paths)} frames, {mean(pose.scores):.2f} mean score\")\n",
                "shape(pose.keypoints)",
            ])

        let first = try XCTUnwrap(cells[1]["outputs"] as? [[String: Any]])
        XCTAssertEqual(first[0]["output_type"] as? String, "stream")
        XCTAssertEqual(first[0]["name"] as? String, "stdout")
        XCTAssertEqual(first[0]["text"] as? [String], ["1032 frames, 0.71 mean score\n"])
        XCTAssertEqual(first[1]["output_type"] as? String, "execute_result")
        XCTAssertEqual(first[1]["execution_count"] as? Int, 1)
        XCTAssertEqual((first[1]["data"] as? [String: [String]])?["text/plain"], ["[1032, 17, 2]"])

        let error = try XCTUnwrap((cells[2]["outputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(error["output_type"] as? String, "error")
        XCTAssertEqual(error["evalue"] as? String, "An array cannot be indexed by a string.")
        XCTAssertEqual((error["traceback"] as? [String])?.count, 4)

        let image = try XCTUnwrap((cells[4]["outputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(image["output_type"] as? String, "display_data")
        let data = try XCTUnwrap(image["data"] as? [String: Any])
        XCTAssertEqual(data["image/png"] as? String, Data(try Fixtures.bytes("dot.png")).base64EncodedString())
        XCTAssertEqual(data["text/plain"] as? [String], ["first crop <64x64>"])
    }

    func testUnrunCellsHaveNullCountAndNoOutputs() throws {
        let json = IpynbRenderer().render(notebook: NotebookParser.parse("x = \"\\u{1}\t\"\n"), results: [])
        XCTAssertTrue(json.contains("\"execution_count\": null"))
        XCTAssertTrue(json.contains("\"outputs\": []"))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertNotNil(object)
    }

    func testControlCharactersAreEscaped() throws {
        let results = [CellResult(cellIndex: 0, outputs: [.text("bell\u{7} tab\t quote\" back\\ \u{2028}")])]
        let json = IpynbRenderer().render(notebook: NotebookParser.parse("# %%\nx\n"), results: results)
        XCTAssertTrue(json.contains("\"bell\\u0007 tab\\t quote\\\" back\\\\ \\u2028\""))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let cells = try XCTUnwrap(object["cells"] as? [[String: Any]])
        let outputs = try XCTUnwrap(cells[0]["outputs"] as? [[String: Any]])
        XCTAssertEqual(outputs[0]["text"] as? [String], ["bell\u{7} tab\t quote\" back\\ \u{2028}"])
    }
}
