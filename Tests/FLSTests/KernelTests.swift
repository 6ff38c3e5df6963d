// Kernel behaviours beyond the numpy fixtures: the multi-core path, Ctrl-C,
// copy-on-write, top-k ties and the random generator's determinism.

import XCTest

@testable import FLS

final class KernelTests: XCTestCase {
    func testLargeKernelsSplitAcrossCoresGiveTheSameResult() throws {
        let n = 3_000_000
        let a = NDArray(shape: [n], storage: .f32((0..<n).map { Float($0 % 97) }))
        guard case .array(let r) = try binaryOperation(.multiply, .array(a), .float(2)) else { return XCTFail() }
        XCTAssertEqual(r.dtype, .f32)
        guard case .f32(let v) = r.storage else { return XCTFail() }
        for i in stride(from: 0, to: n, by: 99_991) { XCTAssertEqual(v[i], Float(i % 97) * 2) }
        let s = try a.reduce(.sum, axis: nil)
        XCTAssertEqual(s.dtype, .f32)
        let exact = (0..<n).reduce(0.0) { $0 + Double($1 % 97) }
        XCTAssertEqual(s.storage.doubles[0], exact, accuracy: exact * 1e-6)
    }

    func testInterruptStopsALongKernel() {
        let n = 2_000_000
        let a = Value.array(NDArray(shape: [n], storage: .f64(Array(repeating: 1, count: n))))
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try binaryOperation(.add, a, a)) { e in
            XCTAssertEqual((e as? RuntimeError)?.message, "interrupted")
        }
    }

    func testAssignmentDoesNotChangeOtherCopies() throws {
        let a = NDArray(shape: [2, 2], storage: .f64([1, 2, 3, 4]))
        var b = a
        try b.subscriptSet([.int(0)], .int(9))
        XCTAssertEqual(a.storage.doubles, [1, 2, 3, 4])
        XCTAssertEqual(b.storage.doubles, [9, 9, 3, 4])
        var u = NDArray(shape: [3], storage: .u8([1, 2, 3]))
        XCTAssertThrowsError(try u.subscriptSet([.int(0)], .int(300)))
        try u.subscriptSet([.int(-1)], .float(7.9))
        XCTAssertEqual(u.storage.int64s, [1, 2, 7])
    }

    func testTopBreaksTiesByLowerIndexAndNeverSortsNaNFirst() throws {
        let a = NDArray(shape: [6], storage: .f64([1, .nan, 5, 5, 0, 5]))
        XCTAssertEqual(try a.top(4).intElements(), [2, 3, 5, 0])
        XCTAssertEqual(try a.top(0).count, 0)
    }

    func testStringArraysSortAndCompareByCodePoint() throws {
        let s = NDArray(shape: [4], storage: .str(["b", "a", "B", "ab"]))
        XCTAssertEqual(displayText(.array(try s.sorted())), "str[4] ['B' 'a' 'ab' 'b']")
        XCTAssertEqual(printText(.array(try s.reduce(.max, axis: nil))), "b")
        XCTAssertEqual(try s.reduce(.argmin, axis: nil).intElements(), [2])
        XCTAssertThrowsError(try s.reduce(.sum, axis: nil))
    }

    func testSeedMakesRandomNumbersRepeatable() throws {
        var a = RandomGenerator(seed: 5), b = RandomGenerator(seed: 5)
        let x = (0..<5).map { _ in a.uniform() }
        let y = (0..<5).map { _ in b.uniform() }
        XCTAssertEqual(x, y)
        XCTAssertTrue(x.allSatisfy { $0 >= 0 && $0 < 1 })
        var g = RandomGenerator(seed: 1)
        let normals = (0..<20_000).map { _ in g.normal() }
        let mean = normals.reduce(0, +) / Double(normals.count)
        XCTAssertEqual(mean, 0, accuracy: 0.05)
    }

    func testScalarArithmeticFollowsPython() throws {
        func v(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> String {
            displayText(try binaryOperation(op, a, b))
        }
        XCTAssertEqual(try v(.floorDivide, .int(-7), .int(2)), "-4")
        XCTAssertEqual(try v(.modulo, .int(-7), .int(2)), "1")
        XCTAssertEqual(try v(.modulo, .float(-7.5), .int(2)), "0.5")
        XCTAssertEqual(try v(.divide, .int(7), .int(2)), "3.5")
        XCTAssertEqual(try v(.add, .int(Int64.max), .int(1)), String(Int64.min))
        XCTAssertEqual(try v(.power, .int(2), .int(10)), "1024")
        XCTAssertEqual(try v(.add, .string("ab"), .string("c")), "\"abc\"")
        XCTAssertEqual(try v(.less, .string("B"), .string("a")), "true")
        XCTAssertEqual(displayText(try unaryOperation(.negate, .int(3))), "-3")
        let mask = NDArray(shape: [2], storage: .bool([true, false]))
        XCTAssertEqual(displayText(try unaryOperation(.not, .array(mask))), "bool[2] [false  true]")
        XCTAssertEqual(displayText(try binaryOperation(.and, .array(mask), .bool(true))), "bool[2] [ true false]")
    }
}
