// unique, split_by, mean_by, first_by, count_by: numpy's results on the
// dense and the hashed key paths, empty input and argument errors.

import FLS
import XCTest

@testable import FLSKit

final class KitGroupsTests: XCTestCase {
    func testUniqueDenseAndHashedKeysAgree() throws {
        // Small-range keys use a table, wide-range keys a hash map; both
        // must give np.unique's answer.
        let dense = GroupKeys.integers([5, -2, 5, 0, -2, 5], dtype: .i64)
        XCTAssertEqual(dense.codes, [2, 0, 2, 1, 0, 2])
        XCTAssertEqual(dense.counts, [2, 1, 3])
        XCTAssertEqual(dense.firstRow, [1, 3, 0])
        let wide = GroupKeys.integers([5_000_000_000_000, -2, 5_000_000_000_000, 0, -2, Int64.min], dtype: .i64)
        XCTAssertEqual(wide.codes, [3, 1, 3, 2, 1, 0])
        XCTAssertEqual(wide.counts, [1, 2, 1, 2])
        guard case .i64(let values) = wide.values else { return XCTFail() }
        XCTAssertEqual(values, [Int64.min, -2, 0, 5_000_000_000_000])
    }

    func testUniqueKinds() {
        assertShows("unique([]).values", "f64[0] []")
        assertShows("unique([true, false, true]).counts", "i64[2] [1 2]")
        // numpy 2: the inverse has the input's shape.
        assertShows("unique([[2, 1], [1, 2]]).inverse", "i64[2,2]\n[[1 0]\n [0 1]]")
        assertShows("unique([\"b\", \"B\", \"a\"]).inverse", "i64[3] [2 0 1]")
        // Floats too (numpy 2: sorted, -0.0 equals 0.0, every nan one value at the end).
        assertShows("unique([2.5, -0.0, 1.5, 0.0, 2.5]).counts", "i64[3] [2 1 2]")
        assertShows("unique(astype([2.5, 1.5], \"f32\")).values", "f32[2] [1.5 2.5]")
        assertError("mean_by([1.0, 2.0], [1.5, 2.5])", contains: "must hold integers or strings, got f64")
    }

    func testSplitByCutsRunsOfConsecutiveKeys() {
        assertShows("split_by([[1, 2], [3, 4], [5, 6]], [\"a\", \"b\", \"b\"])[1]", "i64[2,2]\n[[3 4]\n [5 6]]")
        assertShows("split_by([[1, 2], [3, 4], [5, 6]], [\"a\", \"b\", \"b\"])[0]", "i64[1,2] [[1 2]]")
        assertShows("split_by([5, 6, 7, 8], [1, 2, 1, 1])", "list(i64[1] [5], i64[1] [6], i64[2] [7 8])")
        assertShows("split_by([], [])", "list()")
        assertError("split_by([1, 2, 3], [0, 0])", contains: "'x' has 3 rows but 'keys' has 2 keys")
        assertError("split_by([1, 2], [[0, 0]])", contains: "'keys' must be a 1-d array of keys, got shape [1, 2]")
        assertError("split_by([1, 2], [0.5, 1.5])", contains: "'keys' must hold integers or strings")
        assertError("split_by(1, [0])", contains: "at least one axis")
    }

    func testMeanByDtypesAndShapes() {
        // f32 stays f32; rows with inner axes keep them.
        let x = NDArray(shape: [3, 2, 2], storage: .f32([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]))
        let k = GroupKeys.integers([1, 1, 0], dtype: .i64)
        let m = try? Groups.mean(x, k)
        XCTAssertEqual(m?.shape, [2, 2, 2])
        if case .f32(let v)? = m?.storage { XCTAssertEqual(v, [0, 0, 0, 0, 3, 4, 5, 6]) } else { XCTFail("not f32") }
        // 1-d f32 is summed in f64 and stays f32.
        let one = try? Groups.mean(
            NDArray(shape: [3], storage: .f32([0.1, 0.2, 0.3])), GroupKeys.integers([0, 0, 0], dtype: .i64))
        if case .f32(let v)? = one?.storage {
            XCTAssertEqual(v, [Float((Double(Float(0.1)) + Double(Float(0.2)) + Double(Float(0.3))) / 3)])
        } else {
            XCTFail("not f32")
        }
        assertShows("mean_by([true, false, true], [0, 0, 1])", "f64[2] [0.5 1. ]")
    }

    func testMeanByErrors() {
        assertError("mean_by([1.0, 2.0], [0])", contains: "'x' has 2 rows but 'keys' has 1 keys")
        assertError("mean_by([[1.0, 2.0]], [[0]])", contains: "'keys' must be a 1-d array of keys")
        assertError("mean_by([\"a\"], [0])", contains: "'x' must be numeric, got str")
        assertError("mean_by(1.0, 0)", contains: "'keys' must be a 1-d array of keys, got shape []")
        assertError("mean_by([1.0], [0.0])", contains: "'keys' must hold integers or strings, got f64")
    }

    func testEmptyGroups() throws {
        let x = NDArray(shape: [0, 4], storage: .f32([]))
        let m = try Groups.mean(x, GroupKeys.integers([], dtype: .i64))
        XCTAssertEqual(m.shape, [0, 4])
        XCTAssertEqual(m.dtype, .f32)
        assertShows("count_by([]).counts", "i64[0] []")
        assertShows("first_by([], [])", "f64[0] []")
    }

    func testFirstByAndCountBy() {
        assertShows("first_by([[1, 2], [3, 4], [5, 6]], [\"y\", \"x\", \"x\"])", "i64[2,2]\n[[3 4]\n [1 2]]")
        assertShows("count_by([3, 3, 1, 3]).counts", "i64[2] [1 3]")
        assertError("first_by([1, 2], [0, 1, 2])", contains: "'x' has 2 rows but 'keys' has 3 keys")
        assertError("count_by([[1]])", contains: "'keys' must be a 1-d array of keys")
        assertError("count_by({a: 1})", contains: "'keys' must be an array")
    }
}
