// CSV tables: files written by Python's csv module, column typing, our
// writer read back by Python, and malformed input.

import Foundation
import XCTest

@testable import FLSFormats

final class CSVTests: XCTestCase {
    private func read(_ name: String) throws -> [(name: String, column: TypedArray)] {
        try CSV.read(path: formatsFixture("csv", name))
    }

    private func parse(_ text: String) throws -> [(name: String, column: TypedArray)] {
        try CSV.read(bytes: Array(text.utf8))
    }

    func testColumnsFromPythonCSVWriterAreTyped() throws {
        let table = try read("typed.csv")
        XCTAssertEqual(table.map(\.name), ["id", "score", "ok", "name", "mixed"])
        XCTAssertEqual(table[0].column.shape, [5])
        XCTAssertEqual(table[0].column.i64Values, [1, -2, 3, Int64.max, 0])
        let score = try XCTUnwrap(table[1].column.f64Values)
        XCTAssertEqual(score[0], 0.5)
        XCTAssertTrue(score[1].isNaN, "an empty cell in a float column is nan")
        XCTAssertEqual(score[2], 1e-05)
        XCTAssertTrue(score[3].isNaN)
        XCTAssertEqual(score[4], .infinity)
        XCTAssertEqual(table[2].column.boolValues, [true, false, true, false, true])
        XCTAssertEqual(
            table[3].column.strValues, ["plain", "comma, inside", "say \"hi\"", "two\nlines", "h\u{E9}llo \u{1F600}"])
        XCTAssertEqual(table[4].column.strValues, ["1", "2.5", "", "x", "7"])
    }

    func testSpacesAroundNumbersBlankLinesAndUnixLineEnds() throws {
        let table = try read("spaces.csv")
        XCTAssertEqual(table.map(\.name), ["a", "b"])
        XCTAssertEqual(table[0].column.i64Values, [1, 3])
        XCTAssertEqual(table[1].column.f64Values, [2.5, -4])
    }

    func testHeaderOnlyGivesEmptyColumns() throws {
        let table = try read("header_only.csv")
        XCTAssertEqual(table.map(\.name), ["x", "y"])
        XCTAssertEqual(table[0].column.shape, [0])
    }

    func testErrorsGiveTheLineNumber() {
        XCTAssertThrowsError(try read("ragged.csv")) { error in
            XCTAssertEqual(
                String(describing: error),
                "Cannot read '\(formatsFixture("csv", "ragged.csv"))' as CSV: line 3 has 1 field but the header has 2.")
        }
        XCTAssertThrowsError(try read("unclosed_quote.csv")) { error in
            XCTAssertTrue(String(describing: error).contains("line 2: a quoted field is not closed"), "\(error)")
        }
        XCTAssertThrowsError(try parse("a,b\n1,\"x\"y\n")) { error in
            XCTAssertTrue(
                String(describing: error).contains("line 2: unexpected character after a closing quote"), "\(error)")
        }
        XCTAssertThrowsError(try parse("a\n\"multi\nline\"\n\u{FF}\n".replacingOccurrences(of: "\u{FF}", with: "x,y")))
        { error in
            XCTAssertTrue(String(describing: error).contains("line 4 has 2 fields"), "\(error)")
        }
    }

    func testInvalidUTF8IsAnErrorWithTheLine() {
        let bytes = Array("name\nok\n".utf8) + [0xC3, 0x28, 0x0A]
        XCTAssertThrowsError(try CSV.read(bytes: bytes)) { error in
            XCTAssertTrue(String(describing: error).contains("line 3 is not valid UTF-8"), "\(error)")
        }
    }

    func testTypingRules() throws {
        let table = try parse("i,f,b,s,e,big,hex\n1,1,TRUE,1,,99999999999999999999,0x10\n2,2.,false,true,,1,1\n")
        XCTAssertEqual(table[0].column.i64Values, [1, 2])
        XCTAssertEqual(table[1].column.f64Values, [1, 2])
        XCTAssertEqual(table[2].column.boolValues, [true, false])
        XCTAssertEqual(table[3].column.strValues, ["1", "true"])
        XCTAssertEqual(table[4].column.elementType, .f64)
        XCTAssertEqual(table[5].column.f64Values, [1e20, 1], "integers beyond i64 make a float column")
        XCTAssertEqual(table[6].column.strValues, ["0x10", "1"], "hex is not a number in CSV")
        XCTAssertEqual(try parse("x\n-9223372036854775808\n")[0].column.i64Values, [Int64.min])
        XCTAssertEqual(try parse("").count, 0)
        XCTAssertEqual(try parse("\u{FEFF}a\n1").first?.name, "a", "a byte order mark is dropped")
        XCTAssertEqual(try parse("a,b\r\n\"\",\r\n")[1].column.elementType, .f64)
    }

    private let columns: [(name: String, column: TypedArray)] = [
        ("flag", TypedArray(shape: [3], data: .bool([true, false, true]))),
        ("count", TypedArray(shape: [3], data: .i64([Int64.min, 0, 42]))),
        ("small", TypedArray(shape: [3], data: .i32([-1, 0, 1]))),
        ("byte", TypedArray(shape: [3], data: .u8([0, 7, 255]))),
        ("x", TypedArray(shape: [3], data: .f64([0.1, 1e-300, -2.5e10]))),
        ("y", TypedArray(shape: [3], data: .f32([0.1, 3, -0.5]))),
        ("text, quoted", TypedArray(shape: [3], data: .str(["a,b", "say \"hi\"", "line\nbreak"]))),
    ]

    func testWriteThenReadRoundTrips() throws {
        let path = try formatsScratchFolder() + "/table.csv"
        try CSV.write(columns: columns, path: path)
        let back = try CSV.read(path: path)
        XCTAssertEqual(back.map(\.name), columns.map(\.name))
        XCTAssertEqual(back[0].column.boolValues, [true, false, true])
        XCTAssertEqual(back[1].column.i64Values, [Int64.min, 0, 42])
        XCTAssertEqual(back[2].column.i64Values, [-1, 0, 1])
        XCTAssertEqual(back[3].column.i64Values, [0, 7, 255])
        XCTAssertEqual(
            back[4].column.f64Values, [0.1, 1e-300, -2.5e10], "floats are written in shortest round-trip form")
        XCTAssertEqual(back[5].column.f64Values?.map(Float.init), [0.1, 3, -0.5])
        XCTAssertEqual(back[6].column.strValues, ["a,b", "say \"hi\"", "line\nbreak"])
        let nonFinite = [("v", TypedArray(shape: [3], data: .f64([.nan, .infinity, -.infinity])))]
        let text = String(decoding: try CSV.encode(columns: nonFinite), as: UTF8.self)
        XCTAssertEqual(text, "v\nnan\ninf\n-inf\n")
    }

    func testPythonReadsWhatWeWrite() throws {
        let path = try formatsScratchFolder() + "/table.csv"
        try CSV.write(columns: columns, path: path)
        let script = """
            import csv, sys
            rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
            assert rows[0] == ["flag", "count", "small", "byte", "x", "y", "text, quoted"], rows[0]
            assert [r[6] for r in rows[1:]] == ["a,b", 'say "hi"', "line\\nbreak"]
            assert [float(r[4]) for r in rows[1:]] == [0.1, 1e-300, -2.5e10]
            assert [int(r[1]) for r in rows[1:]] == [-2**63, 0, 42]
            print(len(rows))
            """
        let output = try runPython(script, [path])
        XCTAssertEqual(output, "4\n")
    }

    func testWritingRaggedOrMultiDimensionalColumnsIsAnError() {
        let a = TypedArray(shape: [2], data: .i64([1, 2]))
        let b = TypedArray(shape: [3], data: .i64([1, 2, 3]))
        let m = TypedArray(shape: [1, 2], data: .i64([1, 2]))
        XCTAssertThrowsError(try CSV.encode(columns: [("a", a), ("b", b)]))
        XCTAssertThrowsError(try CSV.encode(columns: [("m", m)]))
    }

    func testWritingToADeviceWritesThroughIt() throws {
        let column = [("x", TypedArray(shape: [1], data: .i64([1])))]
        try CSV.write(columns: column, path: "/dev/null")
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeCharacterSpecial)
    }

    func testReadingADeviceIsRefused() {
        // /dev/zero and /dev/urandom never end; readers take regular files only.
        for device in ["/dev/null", "/dev/zero", "/dev/urandom"] {
            XCTAssertThrowsError(try CSV.read(path: device)) { error in
                XCTAssertEqual(
                    "\(error)",
                    "Cannot read '\(device)': it is not a regular file (a device, pipe or socket); save the data to a file first."
                )
            }
            XCTAssertThrowsError(try JSON.parse(path: device)) { error in
                XCTAssertTrue("\(error)".contains("is not a regular file"), "\(error)")
            }
            XCTAssertThrowsError(try NPY.read(path: device)) { error in
                XCTAssertTrue("\(error)".contains("is not a regular file"), "\(error)")
            }
            XCTAssertThrowsError(try NPZ.read(path: device)) { error in
                XCTAssertTrue("\(error)".contains("is not a regular file"), "\(error)")
            }
        }
    }

    func testRandomBytesNeverCrash() {
        var random = FormatsFuzzRandom(state: 0x1234_5678_9ABC_DEF1)
        let alphabet = Array("a1,\"\n\r .e-".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<3000 {
            let bytes = (0..<random.below(60)).map { _ in alphabet[random.below(alphabet.count)] }
            _ = try? CSV.read(bytes: bytes)
        }
    }
}
