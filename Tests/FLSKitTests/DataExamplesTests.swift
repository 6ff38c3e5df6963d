// Every example in the Data registry entries runs, in a temporary folder,
// and shows exactly the documented output. load_tar and read_images have
// none: an example would need a tar, and FLS code cannot create one.

import FLS
import Foundation
import XCTest

@testable import FLSKit

final class DataExamplesTests: XCTestCase {
    func testEveryExampleShowsItsDocumentedOutput() throws {
        let folder = try DataTest.scratchFolder()
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        var checked = 0
        for p in Kit.data {
            XCTAssertFalse(p.summary.isEmpty, "\(p.name) has no summary")
            XCTAssertFalse(p.doc.isEmpty, "\(p.name) has no doc")
            if !["load_tar", "read_images"].contains(p.name) {
                XCTAssertFalse(p.examples.isEmpty, "\(p.name) has no example")
            }
            for ex in p.examples {
                do {
                    let shown = try DataTest.show(ex.code)
                    XCTAssertEqual(shown, ex.output, "example of \(p.name): \(ex.code)")
                } catch {
                    XCTFail("example of \(p.name) failed: \(ex.code): \(error)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 7)
    }

    func testTheContractNamesAndSignatures() {
        let table = DataTest.table()
        XCTAssertEqual(table["load_tar"]?.signature, "load_tar(path)")
        XCTAssertEqual(table["read_images"]?.signature, "read_images(a, paths)")
        XCTAssertEqual(table["load_image"]?.signature, "load_image(path)")
        XCTAssertEqual(table["load_pickle"]?.signature, "load_pickle(path)")
        XCTAssertEqual(table["save_pickle"]?.signature, "save_pickle(path, value)")
        XCTAssertEqual(table["read_pose"]?.signature, "read_pose(path)")
        XCTAssertEqual(table["read_signatures"]?.signature, "read_signatures(path)")
        XCTAssertEqual(Set(Kit.data.map(\.family)), ["Data"])
    }
}
