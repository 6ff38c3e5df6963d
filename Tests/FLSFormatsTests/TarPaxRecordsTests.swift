import XCTest

@testable import FLSFormats

/// Pax record parsing, record by record.
final class PaxRecordsTests: XCTestCase {
    func records(_ text: String) throws -> PaxRecords { try PaxRecords(Array(text.utf8), offset: 0) }

    func testPathSizeAndSparseRecords() throws {
        let parsed = try records("30 path=person_0000/frame.jpg\n11 size=42\n22 GNU.sparse.major=1\n")
        XCTAssertEqual(parsed.path.map { String(decoding: $0, as: UTF8.self) }, "person_0000/frame.jpg")
        XCTAssertEqual(parsed.size, 42)
        XCTAssertTrue(parsed.isSparse)
        XCTAssertNil(try records("").path)
        XCTAssertNil(try records("8 path=\n").path)
    }

    func testMalformedRecordsAreErrors() {
        for bad in [
            "5 a=b", "x path=a\n", "99 path=a\n", "2 \n", "1 \n", "11 path=a\n", "12 size=1x2\n", "7 abc\n",
            "39 size=" + String(repeating: "9", count: 30) + "\n", "99999999999999999999999 a=b\n",
        ] {
            XCTAssertThrowsError(try records(bad), bad) { error in
                XCTAssertTrue("\(error)".hasPrefix("the pax extended header at byte 0 is malformed ("), "\(error)")
            }
        }
    }
}
