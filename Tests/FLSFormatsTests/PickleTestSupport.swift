import Foundation
import XCTest

@testable import FLSFormats

/// Fixture paths and the canonical description shared with make_fixtures.py.
enum PickleFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pickle")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// expected.json: fixture name -> canonical description (or a summary object).
    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func rawHex<T>(_ a: [T]) -> String {
        a.withUnsafeBytes { hex($0) }
    }

    static func describe(array a: TypedArray, kind: String) -> String {
        let shape = a.shape.map(String.init).joined(separator: ",")
        switch a.data {
        case .str(let s):
            let items = s.map { "s:" + hex(Array($0.utf8)) }.joined(separator: ",")
            return "\(kind)(str;\(shape);[\(items)])"
        case .bool(let v): return "\(kind)(bool;\(shape);\(hex(v.map { $0 ? UInt8(1) : 0 })))"
        case .u8(let v): return "\(kind)(u8;\(shape);\(rawHex(v.array)))"
        case .i32(let v): return "\(kind)(i32;\(shape);\(rawHex(v.array)))"
        case .i64(let v): return "\(kind)(i64;\(shape);\(rawHex(v.array)))"
        case .f32(let v): return "\(kind)(f32;\(shape);\(rawHex(v.array)))"
        case .f64(let v): return "\(kind)(f64;\(shape);\(rawHex(v.array)))"
        }
    }

    /// The canonical description of a value, as make_fixtures.py writes it.
    static func describe(_ v: PickleValue) -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d):
            let bits = d.bitPattern
            return "f:" + hex((0..<8).map { UInt8(truncatingIfNeeded: bits >> UInt64(56 - 8 * $0)) })
        case .string(let s): return "s:" + hex(Array(s.utf8))
        case .bytes(let b): return "b:" + hex(b)
        case .list(let items): return "[" + items.map(describe).joined(separator: ",") + "]"
        case .strings(let column): return "[" + column.array.map { describe(.string($0)) }.joined(separator: ",") + "]"
        case .tuple(let items): return "(" + items.map(describe).joined(separator: ",") + ")"
        case .set(let items): return "set[" + items.map(describe).joined(separator: ",") + "]"
        case .frozenset(let items): return "frozenset[" + items.map(describe).joined(separator: ",") + "]"
        case .dict(let pairs):
            return "{" + pairs.map { describe($0.0) + ":" + describe($0.1) }.joined(separator: ",") + "}"
        case .array(let a): return describe(array: a, kind: "array")
        case .scalar(let a): return describe(array: a, kind: "scalar")
        case .dtype(let name): return "dtype(\(name))"
        }
    }

    /// Asserts that loading `bytes` throws a FormatError (and nothing else happens).
    static func assertRejects(
        _ bytes: [UInt8], _ contains: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let v = try Pickle.load(bytes: bytes)
            XCTFail("expected a FormatError, loaded a \(v.kindName)", file: file, line: line)
        } catch let e as FormatError {
            if let contains {
                XCTAssertTrue(e.message.contains(contains), "message was: \(e.message)", file: file, line: line)
            }
        } catch {
            XCTFail("expected a FormatError, got \(error)", file: file, line: line)
        }
    }
}
