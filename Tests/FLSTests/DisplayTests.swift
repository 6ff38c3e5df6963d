// What users see: the REPL's display text and print's text.

import XCTest

@testable import FLS

final class DisplayTests: XCTestCase {
    func testScalarsDisplayBare() {
        XCTAssertEqual(displayText(.int(42)), "42")
        XCTAssertEqual(displayText(.float(3.5)), "3.5")
        XCTAssertEqual(displayText(.float(1)), "1.0")
        XCTAssertEqual(displayText(.float(1e16)), "1e+16")
        XCTAssertEqual(displayText(.float(0.0001)), "0.0001")
        XCTAssertEqual(displayText(.bool(true)), "true")
        XCTAssertEqual(displayText(.null), "null")
        XCTAssertEqual(displayText(.array(NDArray(scalar: Float(0.1)))), "0.1")
        XCTAssertEqual(displayText(.array(NDArray(scalar: Int64(7)))), "7")
        XCTAssertEqual(displayText(.array(NDArray(scalar: true))), "true")
    }

    func testStringsAreQuotedOnlyInDisplay() {
        XCTAssertEqual(displayText(.string("a \"b\"\n")), "\"a \\\"b\\\"\\n\"")
        XCTAssertEqual(printText(.string("a \"b\"")), "a \"b\"")
        XCTAssertEqual(displayText(.array(NDArray(scalar: "x"))), "\"x\"")
        XCTAssertEqual(printText(.array(NDArray(scalar: "x"))), "x")
    }

    func testArraysGetAHeader() {
        let a = NDArray(shape: [3], storage: .i64([1, 2, 3]))
        XCTAssertEqual(displayText(.array(a)), "i64[3] [1 2 3]")
        XCTAssertEqual(printText(.array(a)), "[1 2 3]")
        let m = NDArray(shape: [2, 2], storage: .f32([1, 2, 3, 4]))
        XCTAssertEqual(displayText(.array(m)), "f32[2,2]\n[[1. 2.]\n [3. 4.]]")
        XCTAssertEqual(
            displayText(.array(NDArray(shape: [2], storage: .bool([true, false])))), "bool[2] [ true false]")
        XCTAssertEqual(displayText(.array(NDArray(shape: [2], storage: .str(["a", "b"])))), "str[2] ['a' 'b']")
        XCTAssertEqual(displayText(.array(NDArray(shape: [0, 3], storage: .f64([])))), "f64[0,3] []")
    }

    func testLongArraysAreSummarisedAndWrapped() {
        let a = NDArray(shape: [2000], storage: .i64((0..<2000).map { Int64($0) }))
        XCTAssertEqual(printText(.array(a)), "[   0    1    2 ... 1997 1998 1999]")
        let b = NDArray(shape: [30], storage: .i64((0..<30).map { Int64($0) }))
        XCTAssertEqual(
            printText(.array(b)),
            "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29]")
    }

    func testListsRecordsAndFunctions() {
        XCTAssertEqual(displayText(.list([.int(1), .float(2.5), .string("a")])), "list(1, 2.5, \"a\")")
        let long = Value.list((0..<25).map { .int(Int64($0)) })
        XCTAssertEqual(
            displayText(long), "list(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ..., 15, 16, 17, 18, 19, 20, 21, 22, 23, 24)")
        let inner = Record([("x", .int(1))])
        let r = Record([
            ("name", .string("bob")), ("scores", .array(NDArray(shape: [2, 2], storage: .i64([1, 2, 3, 4])))),
            ("inner", .record(inner)),
        ])
        XCTAssertEqual(displayText(.record(r)), "name: \"bob\"\nscores: i64[2,2]\n  [[1 2]\n   [3 4]]\ninner:\n  x: 1")
        guard let p = PrimitiveTable(Builtins.numbers)["clip"] else { return XCTFail() }
        XCTAssertEqual(displayText(.function(Function(.primitive(p)))), "<fn clip(x, min=null, max=null)>")
        let interpreter = Interpreter(host: CapturingHost())
        XCTAssertNoThrow(try interpreter.run(SourceFile(name: "t", text: "fn square(x, k = 2) = x ** k")))
        guard let square = interpreter.globals["square"] else { return XCTFail("square is not defined") }
        XCTAssertEqual(displayText(square), "<fn square(x, k=2)>")
    }

    func testLiteralText() {
        XCTAssertEqual(Value.null.literalText, "null")
        XCTAssertEqual(Value.int(5).literalText, "5")
        XCTAssertEqual(Value.float(0.5).literalText, "0.5")
        XCTAssertEqual(Value.string("f64").literalText, "\"f64\"")
        XCTAssertEqual(Value.bool(true).literalText, "true")
    }
}
