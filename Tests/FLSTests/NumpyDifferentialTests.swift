// Runs every case numpy computed in Tests/Fixtures/numpy/cases.json through
// the public kernels and compares dtype, shape and values.

import Foundation
import XCTest

@testable import FLS

final class NumpyDifferentialTests: XCTestCase {
    static let cases: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/numpy/cases.json")
        guard let data = try? Data(contentsOf: url),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return json
    }()

    func group(_ name: String) -> [[String: Any]] {
        let g = Self.cases[name] as? [[String: Any]] ?? []
        XCTAssertFalse(g.isEmpty, "no fixture cases for \(name)")
        return g
    }

    func testBinaryOperations() {
        var failures = 0
        for c in group("binary") {
            guard let opText = c["op"] as? String, let op = BinaryOperator(rawValue: opText) else { continue }
            let l = decodeValue(c["lhs"]), r = decodeValue(c["rhs"])
            let what = "\(displayText(l)) \(opText) \(displayText(r))"
            failures += check(c["expect"], what) { try binaryOperation(op, l, r) }
        }
        XCTAssertEqual(failures, 0)
    }

    func testGetItem() {
        var failures = 0
        for c in group("getitem") {
            guard case .array(let a) = decodeValue(c["array"]) else { continue }
            let items = decodeItems(c["index"])
            failures += check(c["expect"], "\(a.shape)[\(items)]") { try a.subscriptGet(items) }
        }
        XCTAssertEqual(failures, 0)
    }

    func testSetItem() {
        var failures = 0
        for c in group("setitem") {
            guard case .array(var a) = decodeValue(c["array"]) else { continue }
            let items = decodeItems(c["index"])
            let v = decodeValue(c["value"])
            failures += check(c["expect"], "\(a.shape)[\(items)] = \(displayText(v))") {
                try a.subscriptSet(items, v)
                return .array(a)
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testReductions() {
        var failures = 0
        for c in group("reduce") {
            guard case .array(let a) = decodeValue(c["array"]), let name = c["fn"] as? String else { continue }
            let axis = c["axis"] as? Int
            let keep = c["keepdims"] as? Bool ?? false
            failures += check(
                c["expect"], "\(name)(\(a.dtype)\(a.shape), axis=\(String(describing: axis)), keepdims=\(keep))"
            ) {
                if name == "cumsum" { return .array(try a.cumsum(axis: axis)) }
                guard let kind = Reduction(rawValue: name) else { throw RuntimeError("unknown reduction") }
                return .array(try a.reduce(kind, axis: axis, keepdims: keep))
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testPrimitiveCalls() {
        let table = PrimitiveTable(Builtins.numbers)
        let context = ExampleContext()
        var failures = 0
        for c in group("calls") {
            guard let name = c["fn"] as? String, let p = table[name] else {
                XCTFail("unknown primitive in fixture: \(c["fn"] ?? "")")
                continue
            }
            let args = (c["args"] as? [Any] ?? []).map(decodeValue)
            var kwargs: [String: Value] = [:]
            for (k, v) in c["kwargs"] as? [String: Any] ?? [:] { kwargs[k] = decodeValue(v) }
            let what =
                "\(name)(\(args.map(displayText).joined(separator: ", ")), \(kwargs.map { "\($0.key)=\(displayText($0.value))" }.joined(separator: ", ")))"
            failures += check(c["expect"], what) { try invoke(p, args, kwargs, context) }
        }
        XCTAssertEqual(failures, 0)
    }

    func testArrayFormatting() {
        for c in group("format") {
            guard case .array(let a) = decodeValue(c["array"]), var text = c["text"] as? String else { continue }
            // FLS spells bools as its literals do (true, false): numpy's layout, lower case.
            if a.dtype == .bool {
                text = text.replacingOccurrences(of: "True", with: "true").replacingOccurrences(
                    of: "False", with: "false")
            }
            let got = printText(.array(a))
            XCTAssertEqual(got, text)
        }
        for c in group("scalars") {
            guard case .array(let a) = decodeValue(c["array"]), let text = c["text"] as? String else { continue }
            XCTAssertEqual(displayText(.array(a)), text)
        }
    }

    // MARK: decoding and comparison

    func check(_ expect: Any?, _ what: String, _ body: () throws -> Value) -> Int {
        guard let e = expect as? [String: Any] else { return 0 }
        do {
            let got = try body()
            if e["error"] != nil {
                XCTFail("\(what): expected an error, got \(displayText(got))")
                return 1
            }
            if let problem = mismatch(got, e) {
                XCTFail("\(what): \(problem)")
                return 1
            }
        } catch {
            if e["error"] == nil {
                XCTFail("\(what): unexpected error \(error)")
                return 1
            }
        }
        return 0
    }

    func mismatch(_ got: Value, _ e: [String: Any]) -> String? {
        let kind = e["kind"] as? String ?? ""
        if kind != "array" {
            let expected = decodeValue(e)
            switch (got, expected) {
            case (.int(let a), .int(let b)) where a == b: return nil
            case (.bool(let a), .bool(let b)) where a == b: return nil
            case (.string(let a), .string(let b)) where a == b: return nil
            case (.float(let a), .float(let b)) where close(a, b, 1e-12): return nil
            default:
                return
                    "expected \(displayText(expected)) (\(expected.kindName)), got \(displayText(got)) (\(got.kindName))"
            }
        }
        guard case .array(let want) = decodeValue(e) else { return "bad fixture" }
        let have: NDArray
        switch got {
        case .array(let a): have = a
        case .string(let s) where want.dtype == .str && want.ndim == 0: have = NDArray(scalar: s)
        default: return "expected an array, got \(got.kindName)"
        }
        if have.dtype != want.dtype || have.shape != want.shape {
            return "expected \(want.dtype)\(want.shape), got \(have.dtype)\(have.shape)"
        }
        if case .str(let x) = have.storage, case .str(let y) = want.storage {
            return x == y ? nil : "expected \(y), got \(x)"
        }
        if case .bool(let x) = have.storage, case .bool(let y) = want.storage {
            return x == y ? nil : "expected \(y), got \(x)"
        }
        let x = have.storage.doubles, y = want.storage.doubles
        let tol = have.dtype == .f32 ? 2e-6 : 1e-12
        for i in 0..<x.count where !close(x[i], y[i], tol) {
            return "element \(i): expected \(y[i]), got \(x[i])"
        }
        return nil
    }

    func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= tol * max(1, abs(b))
    }
}

func decodeNumber(_ x: Any?) -> Double {
    if let s = x as? String { return Double(s) ?? .nan }
    if let n = x as? NSNumber { return n.doubleValue }
    return .nan
}

func decodeValue(_ any: Any?) -> Value {
    guard let d = any as? [String: Any], let kind = d["kind"] as? String else { return .null }
    switch kind {
    case "int": return .int((d["value"] as? NSNumber)?.int64Value ?? 0)
    case "float": return .float(decodeNumber(d["value"]))
    case "bool": return .bool(d["value"] as? Bool ?? false)
    case "string": return .string(d["value"] as? String ?? "")
    case "list": return .list((d["items"] as? [Any] ?? []).map(decodeValue))
    default: break
    }
    let shape = d["shape"] as? [Int] ?? []
    let data = d["data"] as? [Any] ?? []
    let dtype = DType(name: d["dtype"] as? String ?? "") ?? .f64
    let storage: Storage
    switch dtype {
    case .bool: storage = .bool(data.map { $0 as? Bool ?? false })
    case .u8: storage = .u8(data.map { UInt8(truncatingIfNeeded: ($0 as? NSNumber)?.int64Value ?? 0) })
    case .i32: storage = .i32(data.map { Int32(truncatingIfNeeded: ($0 as? NSNumber)?.int64Value ?? 0) })
    case .i64: storage = .i64(data.map { ($0 as? NSNumber)?.int64Value ?? 0 })
    case .f32: storage = .f32(data.map { Float(decodeNumber($0)) })
    case .f64: storage = .f64(data.map { decodeNumber($0) })
    case .str: storage = .str(data.map { $0 as? String ?? "" })
    }
    return .array(NDArray(shape: shape, storage: storage))
}

func decodeItems(_ any: Any?) -> [IndexItem] {
    guard let list = any as? [[String: Any]] else { return [] }
    return list.compactMap { item in
        if let n = item["int"] as? Int { return .int(n) }
        if let s = item["slice"] as? [Any] {
            return .slice(start: s[0] as? Int, stop: s[1] as? Int, step: s[2] as? Int)
        }
        if case .array(let a) = decodeValue(item["array"]) { return .array(a) }
        return nil
    }
}
