// Selection and search kernels against a full sort on random data with
// ties and nan: quickselect, argpartition, searchsorted, median/quantile.

import XCTest

@testable import FLS

final class SelectTests: XCTestCase {
    var generator = SystemRandomNumberGenerator()

    func randomValues(_ n: Int) -> [Double] {
        (0..<n).map { _ in
            let r = Int.random(in: 0..<20, using: &generator)
            return r == 0 ? .nan : Double(Int.random(in: -30...30, using: &generator)) / 4
        }
    }

    /// A full sort with nan last, the reference.
    func sortedNaNLast(_ v: [Double]) -> [Double] { v.sorted(by: nanLastLess) }

    func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    func testSelectNthPutsTheSortedElementInPlace() {
        for n in [1, 2, 3, 17, 100, 1000] {
            for _ in 0..<20 {
                var v = randomValues(n)
                let reference = sortedNaNLast(v)
                let k = Int.random(in: 0..<n, using: &generator)
                v.withUnsafeMutableBufferPointer { p in selectNth(p.baseAddress!, n, k) }
                XCTAssertTrue(same(v[k], reference[k]), "n \(n) k \(k)")
                for i in 0..<k { XCTAssertFalse(nanLastLess(v[k], v[i])) }
                for i in (k + 1)..<n { XCTAssertFalse(nanLastLess(v[i], v[k])) }
            }
        }
    }

    func testArgpartitionHoldsForEveryLaneAndSeveralK() throws {
        let rows = 7, n = 300
        let values = randomValues(rows * n)
        let x = NDArray(shape: [rows, n], storage: .f64(values))
        let ks = [0, 5, 150, 299]
        let idx = try x.argpartition(ks, axis: 1).storage.int64s
        for r in 0..<rows {
            let lane = Array(values[(r * n)..<((r + 1) * n)])
            let reference = sortedNaNLast(lane)
            let picked = (0..<n).map { lane[Int(idx[r * n + $0])] }
            XCTAssertEqual(Set(idx[(r * n)..<((r + 1) * n)]).count, n, "a permutation")
            for k in ks { XCTAssertTrue(same(picked[k], reference[k]), "row \(r) k \(k)") }
        }
    }

    func testSearchsortedMatchesALinearScan() throws {
        let hay = sortedNaNLast(randomValues(200))
        let needles = randomValues(500)
        let a = NDArray(shape: [hay.count], storage: .f64(hay))
        let v = NDArray(shape: [needles.count], storage: .f64(needles))
        let left = try searchSorted(a, v, right: false), right = try searchSorted(a, v, right: true)
        for (i, x) in needles.enumerated() {
            XCTAssertEqual(Int(left[i]), hay.firstIndex { !nanLastLess($0, x) } ?? hay.count)
            XCTAssertEqual(Int(right[i]), hay.firstIndex { nanLastLess(x, $0) } ?? hay.count)
        }
    }

    func testQuantilesMatchTheSortedDefinition() throws {
        for n in [1, 2, 5, 64, 501] {
            let values = randomValues(n).map { $0.isNaN ? 0 : $0 }
            let sorted = values.sorted()
            let x = NDArray(shape: [n], storage: .f64(values))
            for q in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
                let got = try x.quantiles(
                    [q], qShape: [], axis: nil, median: false, skipNaN: false, inF32: false, name: "quantile"
                ).storage.doubles[0]
                let pos = Double(n - 1) * q
                let lo = Int(pos.rounded(.down)), hi = min(lo + 1, n - 1)
                let want = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
                XCTAssertEqual(got, want, accuracy: 1e-12, "n \(n) q \(q)")
            }
            let median = try x.quantiles(
                [0.5], qShape: [], axis: nil, median: true, skipNaN: false, inF32: false, name: "median"
            ).storage.doubles[0]
            let want = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            XCTAssertEqual(median, want)
        }
    }
}
