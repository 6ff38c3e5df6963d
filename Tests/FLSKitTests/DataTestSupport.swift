// Shared helpers of the Data tests: a table with the core and the Data
// primitives, running FLS source as the REPL shows it, fixture paths, and
// scratch folders (tar indexes are cached beside the tar, so tests open
// copies in a temporary folder and never write next to the fixtures).

import FLS
import Foundation
import XCTest

@testable import FLSKit

enum DataTest {
    /// Tests/Fixtures, found from this file's path.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ relative: String) -> String {
        fixtures.appendingPathComponent(relative).path
    }

    /// A fresh table: the core's built-ins, then the Data family.
    static func table() -> PrimitiveTable {
        var table = PrimitiveTable(Builtins.all)
        table.register(Kit.data)
        return table
    }

    /// What the REPL shows for `code`: printed lines, then the display of the
    /// last expression's value (nothing for null), without the final newline.
    static func show(_ code: String, host: CapturingHost = CapturingHost()) throws -> String {
        let interpreter = Interpreter(host: host, table: table())
        let outcome = try interpreter.run(SourceFile(name: "test.fls", text: code))
        var text = host.takeOutput()
        if let v = outcome.value {
            if case .null = v {} else { text += displayText(v) }
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The value of the last expression of `code`.
    static func value(_ code: String) throws -> Value {
        let interpreter = Interpreter(host: CapturingHost(), table: table())
        return try interpreter.run(SourceFile(name: "test.fls", text: code)).value ?? .null
    }

    /// The message of the RuntimeError `code` raises, or nil when it runs.
    static func errorMessage(_ code: String) -> String? {
        do {
            _ = try show(code)
            return nil
        } catch let e as RuntimeError {
            return e.message
        } catch {
            return "not a RuntimeError: \(error)"
        }
    }

    /// A new empty folder under the system's temporary folder.
    static func scratchFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fls-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Copies a fixture into a fresh scratch folder and returns the copy's path.
    static func scratchCopy(_ relative: String) throws -> String {
        let folder = try scratchFolder()
        let target = folder + "/" + (relative as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: fixture(relative), toPath: target)
        return target
    }

    /// Runs python3 with `arguments`; nil when python3 is not installed.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String)? {
        // The first python3 on PATH, as a user's shell would pick it.
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard
            let executable = folders.map({ "\($0)/python3" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// FLS source text for a string literal holding `path`.
    static func literal(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension XCTestCase {
    /// Asserts that `code` fails with a RuntimeError whose message contains every fragment.
    func assertDataError(
        _ code: String, contains fragments: String..., file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let message = DataTest.errorMessage(code) else {
            XCTFail("expected an error from: \(code)", file: file, line: line)
            return
        }
        for fragment in fragments {
            XCTAssertTrue(
                message.contains(fragment), "message \"\(message)\" lacks \"\(fragment)\"", file: file, line: line)
        }
    }
}
