// JSON: documents written by Python's json module, key order, limits,
// errors with line and column, and serialization read back by Python.

import Foundation
import XCTest

@testable import FLSFormats

final class JSONTests: XCTestCase {
    private func read(_ name: String) throws -> JSONValue {
        try JSON.parse(path: formatsFixture("json", name))
    }

    private func member(_ value: JSONValue, _ key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0 == key }?.1
    }

    func testPythonDocumentsKeepKeyOrderAndTypes() throws {
        for name in ["document_ascii.json", "document_pretty.json"] {
            let document = try read(name)
            guard case .object(let members) = document else { return XCTFail("not an object") }
            XCTAssertEqual(
                members.map(\.0), ["zeta", "alpha", "text", "flags", "nested", "nan", "inf", "float_int"], name)
            XCTAssertEqual(member(document, "zeta"), .int(1))
            guard case .array(let alpha)? = member(document, "alpha") else { return XCTFail("alpha") }
            XCTAssertEqual(alpha.count, 6)
            if case .int(let one) = alpha[0] { XCTAssertEqual(one, 1) } else { XCTFail("1 is an int") }
            if case .number(let big) = alpha[4] {
                XCTAssertEqual(big, Double("12345678901234567890"))
            } else {
                XCTFail("beyond i64 is a double")
            }
            if case .int(let min) = alpha[5] { XCTAssertEqual(min, Int64.min) } else { XCTFail("i64 min is an int") }
            XCTAssertEqual(alpha[3], .number(1e-05))
            XCTAssertEqual(
                member(document, "text"), .string("quote \" backslash \\ tab \t newline \n h\u{E9}llo \u{1F600} \u{01}")
            )
            XCTAssertEqual(member(document, "flags"), .array([.bool(true), .bool(false), .null]))
            guard case .object(let nested)? = member(document, "nested") else { return XCTFail("nested") }
            XCTAssertEqual(nested.map(\.0), ["b", "a"])
            guard case .number(let nan)? = member(document, "nan") else { return XCTFail("NaN") }
            XCTAssertTrue(nan.isNaN)
            XCTAssertEqual(member(document, "inf"), .array([.number(.infinity), .number(-.infinity)]))
            guard case .number(let two)? = member(document, "float_int") else { return XCTFail("2.0 is a double") }
            XCTAssertEqual(two, 2)
        }
    }

    func testNestingLimit() throws {
        XCTAssertNoThrow(try read("deep_512.json"))
        XCTAssertThrowsError(try read("deep_513.json")) { error in
            XCTAssertTrue(
                String(describing: error).contains(
                    "line 1, column 513: arrays and objects nest deeper than 512 levels"), "\(error)")
        }
        // Far deeper input fails the same way instead of exhausting the stack.
        XCTAssertThrowsError(try JSON.parse(bytes: [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)))
    }

    func testErrorsGiveLineAndColumn() {
        XCTAssertThrowsError(try read("missing_comma.json")) { error in
            XCTAssertEqual(
                String(describing: error),
                "Cannot read '\(formatsFixture("json", "missing_comma.json"))' as JSON: line 3, column 11: expected ',' or ']' after an array element. (at byte 22)"
            )
        }
        let cases: [(String, String)] = [
            ("", "line 1, column 1: the document is empty"),
            ("{\"a\" 1}", "line 1, column 6: expected ':' after an object key"),
            ("[1,]", "line 1, column 4: unexpected character; expected a value"),
            ("{\"é\": tru}", "line 1, column 7: unexpected character"),
            ("01", "numbers may not have leading zeros"),
            ("\"a\u{01}\"", "control characters must be escaped"),
            ("\"\\x\"", "unknown escape '\\x'"),
            ("[1] 2", "unexpected text after the JSON value"),
            ("{1: 2}", "expected a string key"),
            ("[\n\n  1.e5]", "line 3, column 5: a decimal point must be followed by digits"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try JSON.parse(text: text), text) { error in
                XCTAssertTrue(String(describing: error).contains(expected), "'\(error)' lacks '\(expected)'")
            }
        }
        XCTAssertThrowsError(try JSON.parse(bytes: [0x22, 0xFF, 0x22]))
    }

    func testEscapesSurrogatesAndRepeatedKeys() throws {
        XCTAssertEqual(try JSON.parse(text: #""\ud83d\ude00\u00e9\/""#), .string("\u{1F600}\u{E9}/"))
        XCTAssertEqual(try JSON.parse(text: #""\ud800x""#), .string("\u{FFFD}x"), "a lone surrogate becomes U+FFFD")
        XCTAssertEqual(try JSON.parse(text: #"{"a": 1, "b": 2, "a": 3}"#), .object([("a", .int(3)), ("b", .int(2))]))
        let many = "{" + (0..<40).map { "\"k\($0 % 20)\": \($0)" }.joined(separator: ", ") + "}"
        guard case .object(let members) = try JSON.parse(text: many) else { return XCTFail("object") }
        XCTAssertEqual(members.count, 20)
        XCTAssertEqual(members[3].1, .int(23))
        XCTAssertEqual(try JSON.parse(text: "\u{FEFF} -0 "), .int(0))
    }

    func testSerializeCompactAndPretty() {
        let value: JSONValue = .object([
            ("n", .int(-3)), ("x", .number(2)), ("y", .number(0.1)), ("bad", .number(.nan)),
            ("s", .string("a\"b\\c\n\u{01}é")), ("list", .array([.null, .bool(true), .array([]), .object([])])),
        ])
        XCTAssertEqual(
            JSON.serialize(value, pretty: false),
            #"{"n":-3,"x":2.0,"y":0.1,"bad":null,"s":"a\"b\\c\n\u0001é","list":[null,true,[],{}]}"#)
        XCTAssertEqual(
            JSON.serialize(.array([.int(1), .object([("k", .array([.int(2)]))])]), pretty: true),
            "[\n  1,\n  {\n    \"k\": [\n      2\n    ]\n  }\n]")
    }

    func testRoundTripAndVeryDeepValuesSerializeWithoutRecursion() throws {
        let document = try read("document_ascii.json")
        for pretty in [false, true] {
            let text = JSON.serialize(document, pretty: pretty)
            let back = try JSON.parse(text: text)
            // NaN and infinities are written as null, the rest survives.
            guard case .object(var a) = document, case .object(var b) = back else { return XCTFail("objects") }
            a.removeAll { $0.0 == "nan" || $0.0 == "inf" }
            XCTAssertEqual(b.first { $0.0 == "nan" }?.1, .null)
            b.removeAll { $0.0 == "nan" || $0.0 == "inf" }
            XCTAssertEqual(JSONValue.object(a), JSONValue.object(b))
        }
        var deep = JSONValue.int(1)
        for _ in 0..<100_000 { deep = .array([deep]) }
        XCTAssertEqual(JSON.serialize(deep).count, 200_001)
        // Dismantle iteratively: releasing 100,000 nested enums at once recurses.
        while case .array(let inner) = deep, let first = inner.first { deep = first }
    }

    func testPythonReadsWhatWeWrite() throws {
        let path = try formatsScratchFolder() + "/out.json"
        let value: JSONValue = .object([
            (
                "b",
                .array([.int(Int64.max), .number(1e-300), .number(0.1), .string("\u{1F600}\"\n"), .number(.infinity)])
            ),
            ("a", .object([("z", .bool(false)), ("y", .null)])),
        ])
        try JSON.write(value, path: path, pretty: true)
        let script = """
            import json, sys
            d = json.load(open(sys.argv[1], encoding="utf-8"))
            assert list(d.keys()) == ["b", "a"]
            assert d["b"] == [2**63 - 1, 1e-300, 0.1, "\\U0001F600\\"\\n", None], d["b"]
            assert list(d["a"].items()) == [("z", False), ("y", None)]
            print("ok")
            """
        let output = try runPython(script, [path])
        XCTAssertEqual(output, "ok\n")
    }

    func testEveryTruncationAndRandomInputIsHandled() throws {
        let bytes = try formatsFixtureBytes("json", "document_ascii.json")
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try JSON.parse(bytes: Array(bytes[0..<length])), "cut at \(length)")
        }
        var random = FormatsFuzzRandom(state: 0xCAFE_F00D_1234_5678)
        let alphabet = Array("{}[],:\"\\u0123456789.eE+-tfnrNI \n".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<5000 {
            let input = (0..<random.below(40)).map { _ in alphabet[random.below(alphabet.count)] }
            _ = try? JSON.parse(bytes: input)
        }
    }
}
