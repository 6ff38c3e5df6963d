// cosine and the BLAS matmul hook.

import FLS
import XCTest

@testable import FLSKit

final class KitLinalgTests: XCTestCase {
    func testCosineF32StaysF32AndZeroRowsStayZero() throws {
        let a = NDArray(shape: [2, 3], storage: .f32([3, 0, 4, 0, 0, 0]))
        let b = NDArray(shape: [2, 3], storage: .f32([6, 0, 8, 0, 1, 0]))
        let c = try Linalg.cosine(a, b)
        XCTAssertEqual(c.shape, [2, 2])
        guard case .f32(let v) = c.storage else { return XCTFail("not f32") }
        XCTAssertEqual(v[0], 1, accuracy: 1e-6)
        XCTAssertEqual(v[1], 0)
        XCTAssertEqual(v[2], 0)
        XCTAssertEqual(v[3], 0)
        XCTAssertFalse(v.contains { $0.isNaN })
    }

    func testCosineShapesAndTypes() {
        assertShows("cosine([1, 0], [0, 1])", "0.0")
        assertShows("cosine([], [])", "0.0")
        assertError(
            "cosine([[1.0, 2.0]], [[1.0, 2.0, 3.0]])", contains: "rows of 'a' have 2 values but rows of 'b' have 3")
        assertError(
            "cosine([[[1.0]]], [[1.0]])",
            contains: "'a' must be a vector or a matrix of row vectors, got shape [1, 1, 1]")
        assertError("cosine([\"a\"], [\"b\"])", contains: "must be numeric")
        assertError("cosine(1.0, [1.0])", contains: "'a' must be a vector or a matrix")
    }

    func testCosineWithEmptySideGivesEmptyMatrix() throws {
        let a = NDArray(shape: [0, 4], storage: .f32([]))
        let b = NDArray(shape: [3, 4], storage: .f32(Array(repeating: 1, count: 12)))
        XCTAssertEqual(try Linalg.cosine(a, b).shape, [0, 3])
        XCTAssertEqual(try Linalg.cosine(b, a).shape, [3, 0])
    }

    func testMatmulHookMatchesTheProduct() throws {
        assertShows("[[1.0, 2.0], [3.0, 4.0]] @ [[5.0], [6.0]]", "f64[2,1]\n[[17.]\n [39.]]")
        let a = NDArray(shape: [2, 3], storage: .f32([1, 2, 3, 4, 5, 6]))
        let b = NDArray(shape: [3, 2], storage: .f32([7, 8, 9, 10, 11, 12]))
        let c = try Linalg.matmul(a, b)
        guard case .f32(let v) = c.storage else { return XCTFail("not f32") }
        XCTAssertEqual(c.shape, [2, 2])
        XCTAssertEqual(v, [58, 64, 139, 154])
        let empty = try Linalg.matmul(
            NDArray(shape: [2, 0], storage: .f64([])), NDArray(shape: [0, 3], storage: .f64([])))
        XCTAssertEqual(empty.shape, [2, 3])
        if case .f64(let z) = empty.storage { XCTAssertEqual(z, [0, 0, 0, 0, 0, 0]) } else { XCTFail() }
        XCTAssertThrowsError(try Linalg.matmul(a, NDArray(shape: [2, 2], storage: .f32([1, 2, 3, 4]))))
    }
}
