import XCTest

@testable import FLSKit

final class VizPCATests: XCTestCase {
    func check(_ name: String) throws {
        let all = try XCTUnwrap(VizFixtures.json("pca.json") as? [String: Any])
        let item = try XCTUnwrap(all[name] as? [String: Any])
        let rows = try XCTUnwrap(item["rows"] as? Int), cols = try XCTUnwrap(item["cols"] as? Int)
        let k = try XCTUnwrap(item["k"] as? Int)
        let x = try XCTUnwrap(item["x"] as? [Double])
        let result = try PCA.fit(x, rows: rows, cols: cols, k: k)
        let coords = try XCTUnwrap(item["coords"] as? [Double])
        let components = try XCTUnwrap(item["components"] as? [Double])
        let variance = try XCTUnwrap(item["explained_variance"] as? [Double])
        XCTAssertEqual(result.coords.count, rows * k)
        XCTAssertEqual(result.components.count, k * cols)
        for (a, b) in zip(result.components, components) { XCTAssertEqual(a, b, accuracy: 1e-8, name) }
        for (a, b) in zip(result.coords, coords) { XCTAssertEqual(a, b, accuracy: 1e-7 * max(1, abs(b)), name) }
        for (a, b) in zip(result.explainedVariance, variance) { XCTAssertEqual(a, b, accuracy: 1e-9 * b, name) }
    }

    func testTallMatrixMatchesNumpySVD() throws { try check("tall") }

    func testWideMatrixMatchesNumpySVD() throws { try check("wide") }

    func testFloat32InputAndSignConvention() throws {
        // Points on a line along -x: the axis is flipped so that its largest entry is positive.
        let x: [Float] = [3, 0, 2, 0, 1, 0, 0, 0]
        let r = try PCA.fit(x, rows: 4, cols: 2, k: 1)
        XCTAssertEqual(r.components[0], 1, accuracy: 1e-12)
        XCTAssertEqual(r.components[1], 0, accuracy: 1e-12)
        XCTAssertEqual(r.coords, [1.5, 0.5, -0.5, -1.5])
        XCTAssertEqual(r.explainedVariance[0], 5.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(r.mean, [1.5, 0])
    }

    func testBadArgumentsAreErrors() {
        XCTAssertThrowsError(try PCA.fit([1, 2, 3, 4] as [Double], rows: 2, cols: 2, k: 3)) { error in
            XCTAssertEqual(
                (error as? VizError)?.message, "pca can keep between 1 and 2 components for a [2, 2] matrix, got k = 3."
            )
        }
        XCTAssertThrowsError(try PCA.fit([1, .nan, 3, 4] as [Double], rows: 2, cols: 2, k: 1)) { error in
            XCTAssertEqual(
                (error as? VizError)?.message, "pca input contains NaN or infinite values; filter them first.")
        }
        XCTAssertThrowsError(try PCA.fit([1, 2, 3] as [Double], rows: 2, cols: 2, k: 1))
    }
}
