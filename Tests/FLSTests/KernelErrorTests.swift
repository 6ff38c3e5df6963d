// Errors users meet: each is a thrown RuntimeError with an actionable
// message, never a crash.

import XCTest

@testable import FLS

final class KernelErrorTests: XCTestCase {
    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            XCTFail("expected an error")
            return ""
        } catch let e as RuntimeError {
            return e.message
        } catch {
            XCTFail("unexpected error type \(error)")
            return ""
        }
    }

    func vector(_ xs: [Double]) -> Value { .array(NDArray(shape: [xs.count], storage: .f64(xs))) }

    func testIndexOutOfRangeNamesAxisIndexAndSize() throws {
        let a = NDArray(shape: [2, 3], storage: .i64([1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(
            message { try a.subscriptGet([.int(0), .int(3)]) }, "index 3 is out of bounds for axis 1 with size 3")
        XCTAssertEqual(message { try a.subscriptGet([.int(-3)]) }, "index -3 is out of bounds for axis 0 with size 2")
        let v = NDArray(shape: [3], storage: .f64([1, 2, 3]))
        XCTAssertEqual(message { try v.subscriptGet([.int(7)]) }, "index 7 is out of bounds for axis 0 with size 3")
        XCTAssertTrue(message { try a.subscriptGet([.int(0), .int(0), .int(0)]) }.contains("too many indices"))
        XCTAssertTrue(
            message { try v.subscriptGet([.array(NDArray(shape: [2], storage: .i64([0, 5])))]) }.contains(
                "index 5 is out of bounds"))
        XCTAssertTrue(
            message { try v.subscriptGet([.array(NDArray(shape: [2], storage: .bool([true, false])))]) }.contains(
                "boolean index of shape [2]"))
        XCTAssertEqual(
            message { try v.subscriptGet([.slice(start: nil, stop: nil, step: 0)]) }, "slice step cannot be zero")
        // Extreme slice bounds and steps are clamped, never overflow.
        XCTAssertEqual(try v.subscriptGet([.slice(start: Int.min, stop: Int.max, step: Int.max)]).asArray()?.count, 1)
        XCTAssertEqual(try v.subscriptGet([.slice(start: Int.max, stop: Int.min, step: Int.min)]).asArray()?.count, 1)
        XCTAssertEqual(
            try v.subscriptGet([.slice(start: nil, stop: nil, step: -2)]).asArray()?.storage.doubles, [3, 1])
    }

    func testBroadcastMismatchShowsBothShapes() {
        let a = Value.array(NDArray(shape: [2, 3], storage: .f64(Array(repeating: 1, count: 6))))
        let b = Value.array(NDArray(shape: [4], storage: .f64(Array(repeating: 1, count: 4))))
        XCTAssertEqual(
            message { try binaryOperation(.add, a, b) }, "shapes [2, 3] and [4] cannot be broadcast together")
        var target = NDArray(shape: [3], storage: .f64([1, 2, 3]))
        XCTAssertTrue(
            message { try target.subscriptSet([.slice(start: nil, stop: nil, step: nil)], vector([1, 2])) }.contains(
                "shape [2] to a selection of shape [3]"))
    }

    func testIntegerDivisionByZeroIsAnErrorButFloatDivisionIsNot() throws {
        XCTAssertEqual(message { try binaryOperation(.floorDivide, .int(1), .int(0)) }, "integer division by zero")
        XCTAssertEqual(message { try binaryOperation(.modulo, .int(1), .int(0)) }, "integer division by zero")
        let ints = Value.array(NDArray(shape: [2], storage: .i32([4, 5])))
        XCTAssertEqual(message { try binaryOperation(.floorDivide, ints, .int(0)) }, "integer division by zero")
        guard case .float(let x) = try binaryOperation(.divide, .int(1), .int(0)) else { return XCTFail() }
        XCTAssertEqual(x, .infinity)
        guard case .float(let y) = try binaryOperation(.floorDivide, .float(1), .float(0)) else { return XCTFail() }
        XCTAssertEqual(y, .infinity)
        guard case .float(let z) = try binaryOperation(.power, .int(2), .int(-1)) else { return XCTFail() }
        XCTAssertEqual(z, 0.5)
        XCTAssertTrue(message { try binaryOperation(.power, ints, .int(-1)) }.contains("negative integer powers"))
    }

    func testWeakIntegerOutOfRangeForDtype() {
        let u8 = Value.array(NDArray(shape: [2], storage: .u8([1, 2])))
        XCTAssertEqual(message { try binaryOperation(.add, u8, .int(300)) }, "the integer 300 is out of bounds for u8")
    }

    func testHugeAllocationsAreErrors() {
        XCTAssertTrue(message { try NDArray.zeros([10_000_000_000_000], .f64) }.contains("too large to allocate"))
        XCTAssertTrue(message { try NDArray.zeros([1 << 40, 1 << 40], .u8) }.contains("too large to allocate"))
        XCTAssertTrue(message { try NDArray.zeros([-1], .f64) }.contains("negative dimension"))
        XCTAssertTrue(message { try NDArray.arange(0, 1e300, 1, float: true) }.contains("too large"))
    }

    func testRaggedLiteralSuggestsList() {
        let m = message { try stackLiteral([vector([1, 2]), vector([3])]) }
        XCTAssertTrue(m.hasPrefix("ragged nesting"), m)
        do { _ = try stackLiteral([vector([1, 2]), vector([3])]) } catch let e as RuntimeError {
            XCTAssertTrue(e.hint?.contains("list(...)") ?? false)
        } catch { XCTFail() }
    }

    func testStringArithmeticNamesTheOperator() {
        XCTAssertEqual(
            message { try binaryOperation(.multiply, .string("a"), .string("b")) },
            "operator * is not defined for strings")
        let s = Value.array(NDArray(shape: [1], storage: .str(["a"])))
        XCTAssertEqual(message { try binaryOperation(.subtract, s, s) }, "operator - is not defined for strings")
        XCTAssertTrue(message { try binaryOperation(.add, s, .int(1)) }.contains("cannot combine str and int"))
    }

    func testReductionAndShapeErrors() {
        let empty = NDArray(shape: [0], storage: .f64([]))
        XCTAssertTrue(message { try empty.reduce(.min, axis: nil) }.contains("empty"))
        let a = NDArray(shape: [2, 3], storage: .f64(Array(repeating: 0, count: 6)))
        XCTAssertEqual(message { try a.reduce(.sum, axis: 2) }, "axis 2 is out of bounds for an array with 2 axes")
        XCTAssertTrue(message { try a.reshaped([4, -1]) }.contains("cannot reshape an array of 6 elements"))
        XCTAssertTrue(message { try a.top(4, axis: -1) }.contains("between 0 and 3"))
        XCTAssertTrue(message { try matmul(a, a) }.contains("do not align (3 != 2)"))
    }
}
