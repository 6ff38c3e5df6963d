// Value conversions that argument accessors and array literals rely on.

import XCTest

@testable import FLS

final class ConversionTests: XCTestCase {
    func testStackLiteralPromotes() throws {
        guard case .array(let a) = try stackLiteral([.int(1), .float(2.5)]) else { return XCTFail() }
        XCTAssertEqual(a.dtype, .f64)
        guard case .array(let b) = try stackLiteral([.int(1), .int(2)]) else { return XCTFail() }
        XCTAssertEqual(b.dtype, .i64)
        guard case .array(let c) = try stackLiteral([.bool(true), .bool(false)]) else { return XCTFail() }
        XCTAssertEqual(c.dtype, .bool)
        guard case .array(let d) = try stackLiteral([.string("a"), .string("b")]) else { return XCTFail() }
        XCTAssertEqual(d.dtype, .str)
        let row = Value.array(NDArray(shape: [2], storage: .i64([1, 2])))
        guard case .array(let m) = try stackLiteral([row, row, row]) else { return XCTFail() }
        XCTAssertEqual(m.shape, [3, 2])
        let f32 = Value.array(NDArray(scalar: Float(1))), i32 = Value.array(NDArray(shape: [], storage: .i32([2])))
        guard case .array(let p) = try stackLiteral([f32, i32]) else { return XCTFail() }
        XCTAssertEqual(p.dtype, .f64)
        // As np.array([np.float32(1), 2.5]): the typed number counts as f64.
        guard case .array(let q) = try stackLiteral([f32, .float(2.5)]) else { return XCTFail() }
        XCTAssertEqual(q.dtype, .f64)
    }

    func testScalarAccessors() throws {
        XCTAssertEqual(Value.int(3).asInt(), 3)
        XCTAssertEqual(Value.array(NDArray(shape: [], storage: .i32([4]))).asInt(), 4)
        XCTAssertNil(Value.float(3).asInt())
        XCTAssertNil(Value.bool(true).asInt())
        XCTAssertEqual(Value.int(3).asDouble(), 3)
        XCTAssertEqual(Value.array(NDArray(scalar: Float(0.5))).asDouble(), 0.5)
        XCTAssertEqual(Value.string("s").asString(), "s")
        XCTAssertEqual(Value.array(NDArray(scalar: "t")).asString(), "t")
        XCTAssertEqual(try Value.int(3).asArray()?.dtype, .i64)
        XCTAssertEqual(try Value.float(3).asArray()?.dtype, .f64)
        XCTAssertNil(try Value.null.asArray())
    }

    func testRowsAndIntElements() throws {
        let a = NDArray(shape: [2, 2], storage: .f32([1, 2, 3, 4]))
        let rows = try a.rows()
        XCTAssertEqual(rows.count, 2)
        guard case .array(let r) = rows[1] else { return XCTFail() }
        XCTAssertEqual(r.shape, [2])
        XCTAssertEqual(r.storage.doubles, [3, 4])
        let s = NDArray(shape: [2], storage: .str(["a", "b"]))
        guard case .string(let t) = try s.rows()[1] else { return XCTFail() }
        XCTAssertEqual(t, "b")
        guard case .array(let e) = try NDArray(shape: [2], storage: .i32([5, 6])).rows()[0] else { return XCTFail() }
        XCTAssertEqual(e.shape, [])
        XCTAssertEqual(e.dtype, .i32)
        XCTAssertEqual(NDArray(shape: [2], storage: .f64([1.9, -1.9])).intElements(), [1, -1])
    }

    func testIndexingReturnsStrongScalarsAndCopies() throws {
        let a = NDArray(shape: [3], storage: .u8([1, 2, 3]))
        guard case .array(let x) = try a.subscriptGet([.int(-1)]) else { return XCTFail() }
        XCTAssertEqual(x.dtype, .u8)
        XCTAssertEqual(x.shape, [])
        // A 0-d u8 is strong: adding a weak int keeps u8.
        guard case .array(let y) = try binaryOperation(.add, .array(x), .int(1)) else { return XCTFail() }
        XCTAssertEqual(y.dtype, .u8)
        var b = a
        try b.subscriptSet([.int(0)], .float(9.7))
        XCTAssertEqual(b.storage.int64s, [9, 2, 3])
        XCTAssertEqual(a.storage.int64s, [1, 2, 3])
    }

    func testMatmulKernelIsUsedForFloatMatrices() throws {
        let a = NDArray(shape: [2, 2], storage: .f64([1, 2, 3, 4]))
        let kernels = Kernels(matmul: { x, y in NDArray(shape: [x.shape[0], y.shape[1]], storage: .f64([7, 7, 7, 7])) })
        try kernels.bind {
            guard case .array(let r) = try binaryOperation(.matmul, .array(a), .array(a)) else { return XCTFail() }
            XCTAssertEqual(r.storage.doubles, [7, 7, 7, 7])
            let i = NDArray(shape: [2, 2], storage: .i64([1, 2, 3, 4]))
            guard case .array(let s) = try binaryOperation(.matmul, .array(i), .array(i)) else { return XCTFail() }
            XCTAssertEqual(s.storage.int64s, [7, 10, 15, 22])
        }
        // Outside the binding the portable loop runs again.
        guard case .array(let r) = try binaryOperation(.matmul, .array(a), .array(a)) else { return XCTFail() }
        XCTAssertEqual(r.storage.doubles, [7, 10, 15, 22])
    }

    func testEachSessionUsesItsOwnTablesKernels() throws {
        var fake = PrimitiveTable.core
        fake.kernels.matmul = { x, y in NDArray(shape: [x.shape[0], y.shape[1]], storage: .f64([7, 7, 7, 7])) }
        let faked = Interpreter(host: CapturingHost(), table: fake)
        let plain = Interpreter(host: CapturingHost())
        let code = SourceFile(name: "t.fls", text: "a = [[1.0, 2.0], [3.0, 4.0]]\na @ a")
        XCTAssertEqual(try faked.run(code).value.map(displayText), "f64[2,2]\n[[7. 7.]\n [7. 7.]]")
        XCTAssertEqual(try plain.run(code).value.map(displayText), "f64[2,2]\n[[ 7. 10.]\n [15. 22.]]")
        // A function of one session called from outside still uses that session's kernels.
        _ = try faked.run(SourceFile(name: "t.fls", text: "fn sq(m) = m @ m"))
        guard case .function(let sq)? = faked.globals["sq"] else { return XCTFail() }
        let m = Value.array(NDArray(shape: [2, 2], storage: .f64([1, 2, 3, 4])))
        guard case .array(let r) = try faked.call(sq, [m]) else { return XCTFail() }
        XCTAssertEqual(r.storage.doubles, [7, 7, 7, 7])
        // Front ends run on a thread of their own (runOnLargeStack), as do
        // the two sessions here, one after the other on the same thread.
        let both = try runOnLargeStack {
            (try faked.run(code).value.map(displayText), try plain.run(code).value.map(displayText))
        }
        XCTAssertEqual(both.0, "f64[2,2]\n[[7. 7.]\n [7. 7.]]")
        XCTAssertEqual(both.1, "f64[2,2]\n[[ 7. 10.]\n [15. 22.]]")
    }

    func testRegisteringInOneTableLeavesOthersAlone() {
        var mine = PrimitiveTable.core
        mine.register([Primitive("only_mine", family: "Test", params: [], summary: "a test") { _, _ in .null }])
        XCTAssertNotNil(mine["only_mine"])
        XCTAssertNil(PrimitiveTable.core["only_mine"])
        XCTAssertNil(Interpreter(host: CapturingHost()).table["only_mine"])
    }
}
