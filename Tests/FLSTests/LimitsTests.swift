// Limits.swift: strings, printed text and item lists ask the memory
// gatekeeper before they are built. The cap is lowered to 1 MiB here
// (`Limits.maxArrayBytes`), so each case reaches it in milliseconds.

import XCTest

@testable import FLS

final class LimitsTests: XCTestCase {
    override func setUp() {
        Limits.maxArrayBytes = 1 << 20
        Interrupt.clear()
    }

    override func tearDown() {
        Limits.maxArrayBytes = nil
        Interrupt.clear()
    }

    /// Runs `source`; the rendered error, or "" when it succeeds.
    func error(_ source: String) -> String {
        let interpreter = Interpreter(host: CapturingHost())
        do {
            _ = try runOnLargeStack { try interpreter.run(SourceFile(name: "t.fls", text: source)) }
            return ""
        } catch let e as RuntimeError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    func testStringDoublingStopsAtTheGatekeeper() {
        // "ab" doubled 20 times is 2 MiB, the first size past the cap.
        XCTAssertEqual(
            error("s = \"ab\"\nfor i in range(64) { s = s + s }"), "a string of 2097152 bytes is too large to build")
        XCTAssertEqual(
            error("s = \"ab\"\nfor i in range(64) { s = f\"{s}{s}\" }"),
            "a string of 2097152 bytes is too large to build")
        XCTAssertEqual(
            error("s = \"ab\"\nfor i in range(64) { s = f\"{s}-{s}\" }").hasSuffix("is too large to build"), true)
    }

    /// The string `s` of a session after running `source` (its error ignored).
    func text(after source: String) -> String? {
        let interpreter = Interpreter(host: CapturingHost())
        _ = try? runOnLargeStack { try interpreter.run(SourceFile(name: "t.fls", text: source)) }
        guard case .string(let s)? = interpreter.globals.variables.first(where: { $0.name == "s" })?.value else {
            return nil
        }
        return s
    }

    func testAStringGrownInPlaceStopsAtTheGatekeeperAndKeepsItsValue() {
        // `s += s` and `s = s + s + "!"` grow the string in its variable
        // (Compiler.concatInPlace): the cap is checked before the variable is
        // touched, so after the error it holds its last value.
        XCTAssertEqual(
            error("s = \"ab\"\nfor i in range(64) { s += s }"), "a string of 2097152 bytes is too large to build")
        XCTAssertEqual(text(after: "s = \"ab\"\nfor i in range(64) { s += s }")?.utf8.count, 1 << 20)
        XCTAssertTrue(error("s = \"ab\"\nfor i in range(64) { s = s + s + \"!\" }").hasSuffix("is too large to build"))
        // 2, 5, 11, ...: 3 * 2^k - 1 bytes, the last below the cap.
        XCTAssertEqual(
            text(after: "s = \"ab\"\nfor i in range(64) { s = s + s + \"!\" }")?.utf8.count, 3 * (1 << 18) - 1)
        // A part that is not a string fails at its `+` and leaves the variable as it was.
        XCTAssertEqual(error("s = \"ab\"\ns = s + \"c\" + 3"), "operator + is not defined for string and int")
        XCTAssertEqual(text(after: "s = \"ab\"\ns = s + \"c\" + 3"), "ab")
        XCTAssertEqual(text(after: "s = \"ab\"\ns += 3"), "ab")
    }

    func testStringArrayConcatenationCountsItsText() {
        // 1024 elements of 1 KiB each joined with themselves: 2 MiB of text.
        XCTAssertEqual(
            error("t = \"a\"\nfor i in range(10) { t = t + t }\nx = full(1024, t)\nx + x"),
            "a string of 2097152 bytes is too large to build")
    }

    func testFormatWidthIsAskedOfTheGatekeeper() {
        XCTAssertEqual(error("f\"{1:2000000}\""), "a string of 2000000 bytes is too large to build")
        XCTAssertEqual(error("f\"{1:_>2000000}\""), "a string of 2000000 bytes is too large to build")
        XCTAssertEqual(error("f\"{1:999999}\""), "")
    }

    func testPrintedTextIsAskedOfTheGatekeeper() {
        // Axes of length 2 are never summarised (numpy prints them whole):
        // 2^20 elements is megabytes of text.
        let source = "x = zeros([" + Array(repeating: "2", count: 20).joined(separator: ", ") + "], dtype=\"u8\")\n"
        XCTAssertTrue(error(source + "print(x)").hasSuffix("is too large to build"))
        XCTAssertTrue(error(source + "str(x)").hasSuffix("is too large to build"))
        XCTAssertTrue(error(source + "f\"{x}\"").hasSuffix("is too large to build"))
        XCTAssertEqual(error(source + "print(sum(x))"), "")
    }

    func testCtrlCStopsTheFormattingOfALongArray() {
        Limits.maxArrayBytes = nil
        let a = NDArray(shape: Array(repeating: 2, count: 14), storage: .u8(Array(repeating: 7, count: 1 << 14)))
        XCTAssertNoThrow(try a.arrayText())
        Interrupt.request()
        XCTAssertThrowsError(try a.arrayText()) { e in
            XCTAssertEqual((e as? RuntimeError)?.message, "interrupted")
        }
        Interrupt.request()
        XCTAssertThrowsError(try displayTextChecked(.array(a)))
    }

    func testItemListsAreChecked() {
        XCTAssertThrowsError(try Limits.checkItems(1 << 40, bytesEach: 16, what: "rows")) { e in
            XCTAssertEqual((e as? RuntimeError)?.message, "1099511627776 rows are too large to allocate")
        }
        XCTAssertThrowsError(try Limits.checkItems(Int.max, bytesEach: 16, what: "rows"))
        XCTAssertNoThrow(try Limits.checkItems(1000, bytesEach: 16, what: "rows"))
        XCTAssertThrowsError(try Limits.stringSum(Int.max, 1))
    }

    func testSmallIntegerReductionsMatchNumpy() throws {
        // Read in place, accumulated exactly: numpy's results.
        let u = NDArray(shape: [2, 3], storage: .u8([255, 255, 255, 1, 2, 4]))
        XCTAssertEqual(try u.reduce(.sum, axis: nil).storage.int64s, [772])
        XCTAssertEqual(try u.reduce(.sum, axis: 1).storage.int64s, [765, 7])
        XCTAssertEqual(try u.reduce(.mean, axis: 0).storage.doubles, [128, 128.5, 129.5])
        XCTAssertEqual(try u.reduce(.var, axis: 1).storage.doubles[0], 0)
        XCTAssertEqual(try u.reduce(.std, axis: 1).storage.doubles[1], 1.247219128924647, accuracy: 1e-15)
        let i = NDArray(shape: [3], storage: .i32([Int32.max, Int32.max, -1]))
        XCTAssertEqual(try i.reduce(.sum, axis: nil).storage.int64s, [4_294_967_293])
        XCTAssertEqual(try i.reduce(.mean, axis: nil).storage.doubles, [1431655764.3333333])
        let b = NDArray(shape: [4], storage: .bool([true, false, true, true]))
        XCTAssertEqual(try b.reduce(.sum, axis: nil).storage.int64s, [3])
        XCTAssertEqual(try b.reduce(.mean, axis: nil).storage.doubles, [0.75])
        XCTAssertEqual(try u.arrayText(), "[[255 255 255]\n [  1   2   4]]")
    }
}
