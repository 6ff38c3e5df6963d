// Shared helpers of the FLSKit tests: a primitive table with the core and
// the kit installed, running FLS source as the REPL shows it, and the
// fixtures folder.

import FLS
import Foundation
import XCTest

@testable import FLSKit

enum KitTest {
    /// Tests/Fixtures/kit, found from this file's path.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kit")

    /// A fresh table: the core's built-ins, then the kit, plus `extra`.
    static func table(_ extra: [Primitive] = []) -> PrimitiveTable {
        var table = PrimitiveTable(Builtins.all)
        Kit.install(into: &table)
        if table["top"] == nil { table.register([topStandIn]) }
        table.register(extra)
        return table
    }

    /// What the REPL shows for `code`: printed lines, then the display of the
    /// last expression's value (nothing for null), without the final newline.
    static func show(_ code: String, table: PrimitiveTable? = nil) throws -> String {
        let host = CapturingHost()
        let interpreter = Interpreter(host: host, table: table ?? self.table())
        let outcome = try interpreter.run(SourceFile(name: "test.fls", text: code))
        var text = host.takeOutput()
        if let v = outcome.value {
            if case .null = v {} else { text += displayText(v) }
        }
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The message of the error `code` raises, or nil when it runs.
    static func errorMessage(_ code: String, table: PrimitiveTable? = nil) -> String? {
        do {
            _ = try show(code, table: table)
            return nil
        } catch let e as RuntimeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    /// The snapshot of the core this package builds against has no `top` yet
    /// (the Numbers family is being written elsewhere). This stand-in follows
    /// the contract of LANGUAGE.md (indices of the k largest along the last
    /// axis, largest first, ties lower index first) so the baseline can run
    /// as written; the core's own `top` replaces it once present.
    static var topStandIn: Primitive {
        Primitive(
            "top", family: "Numbers", params: [Param("x"), Param("k"), Param("axis", .int(-1))],
            summary: "Test stand-in for the core's top."
        ) { args, _ in
            let x = try args.array(0)
            let k = try args.int(1)
            guard x.ndim >= 1, try args.int(2) == -1 || args.int(2) == x.ndim - 1 else {
                throw RuntimeError("top stand-in: only the last axis")
            }
            guard case .f64(let v) = try x.astype(.f64).storage else {
                throw RuntimeError("top stand-in: numbers only")
            }
            let r = x.shape[x.ndim - 1]
            let kk = min(k, r)
            var out: [Int64] = []
            for start in stride(from: 0, to: v.count, by: max(r, 1)) {
                let order = (0..<r).sorted {
                    v[start + $0] > v[start + $1] || (v[start + $0] == v[start + $1] && $0 < $1)
                }
                out += order.prefix(kk).map { Int64($0) }
            }
            return .array(NDArray(shape: Array(x.shape.dropLast()) + [kk], storage: .i64(out)))
        }
    }
}

extension XCTestCase {
    /// Asserts that `code` fails with a message containing `fragment`.
    func assertError(_ code: String, contains fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let message = KitTest.errorMessage(code) else {
            XCTFail("expected an error containing \"\(fragment)\" from: \(code)", file: file, line: line)
            return
        }
        XCTAssertTrue(
            message.contains(fragment), "message \"\(message)\" lacks \"\(fragment)\"", file: file, line: line)
    }

    /// Asserts that `code` shows exactly `expected`.
    func assertShows(_ code: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let shown = try KitTest.show(code)
            XCTAssertEqual(shown, expected, file: file, line: line)
        } catch {
            XCTFail("\(code) failed: \(error)", file: file, line: line)
        }
    }
}
