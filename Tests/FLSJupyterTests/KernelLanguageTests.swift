import FLS
import FLSNotebook
import XCTest

@testable import FLSJupyter

final class KernelLanguageTests: XCTestCase {
    func run(_ language: KernelLanguage, _ code: String, count: Int = 1) -> (KernelLanguage.Outcome, [CellOutput]) {
        var outputs: [CellOutput] = []
        let outcome = language.execute(code, count: count) { output, _ in outputs.append(output) }
        return (outcome, outputs)
    }

    func testOutputsStreamInOrderAndStateIsKept() {
        let language = KernelLanguage(directory: ".")
        let (outcome, outputs) = run(language, "x = 20\nprint(\"a\")\nprint(\"b\")\nx + 1")
        guard case .ok = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(outputs.last, .value("21"))
        let text = outputs.compactMap { if case .text(let t) = $0 { return t } else { return nil } }.joined()
        XCTAssertEqual(text, "a\nb\n")
        let (_, again) = run(language, "x * 2", count: 2)
        XCTAssertEqual(again, [.value("40")])
    }

    func testErrorsNameTheCellAndKeepTheCaret() {
        let language = KernelLanguage(directory: ".")
        let (outcome, _) = run(language, "1 +\n  nope", count: 7)
        guard case .error(let name, let message, let traceback) = outcome else { return XCTFail("expected an error") }
        XCTAssertEqual(name, "Error")
        XCTAssertEqual(message, "name 'nope' is not defined")
        let plain = traceback.joined(separator: "\n").replacingOccurrences(
            of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertTrue(plain.hasPrefix("In[7]:2:3: error: name 'nope' is not defined"), plain)
        XCTAssertTrue(plain.contains("  |   ^^^^"), plain)
    }

    func testIsComplete() {
        let language = KernelLanguage(directory: ".")
        XCTAssertEqual(language.isComplete("x = 1").status, "complete")
        XCTAssertEqual(language.isComplete("not_yet_defined + 1").status, "complete")
        XCTAssertEqual(language.isComplete("fn f(x) {").status, "incomplete")
        XCTAssertEqual(language.isComplete("fn f(x) {").indent, "    ")
        XCTAssertEqual(language.isComplete("y = [1,").status, "incomplete")
        XCTAssertEqual(language.isComplete("x = )").status, "invalid")
    }

    func testCompletionCountsUnicodeScalars() {
        let language = KernelLanguage(directory: ".")
        _ = run(language, "r = {green: 1, grey: 2, blue: 3}")
        // Jupyter counts the cursor in Unicode scalars: "é" is one, "🇫🇷" two (one Character).
        let code = "s = \"é🇫🇷\"\nr.gre"
        let result = language.complete(code, cursor: code.unicodeScalars.count)
        XCTAssertEqual(result.matches, ["green", "grey"])
        XCTAssertEqual(result.end, 15)
        XCTAssertEqual(result.start, 12)
    }

    func testInspect() {
        let language = KernelLanguage(directory: ".")
        _ = run(language, "fn area(w, h = 2) = w * h\nsides = [3, 4]")
        XCTAssertEqual(language.inspect("cosine(a, b)", cursor: 3)?.hasPrefix("cosine(a, b)"), true)
        XCTAssertEqual(language.inspect("cosine(", cursor: 7)?.hasPrefix("cosine(a, b)"), true)
        let function = language.inspect("area(1)", cursor: 2) ?? ""
        XCTAssertTrue(function.contains("area(w, h=2)"), function)
        XCTAssertTrue(function.contains("a function defined at In[1]:1:1"), function)
        XCTAssertEqual(language.inspect("sides", cursor: 5), "sides: i64[2]\n\ni64[2] [3 4]\n")
        XCTAssertNil(language.inspect("nothing_here", cursor: 4))
    }
}
