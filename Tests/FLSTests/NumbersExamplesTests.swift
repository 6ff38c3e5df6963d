// Runs every Numbers primitive's documented examples. The package has no
// parser yet, so a tiny reader here understands the subset the examples use
// (calls with keyword arguments, number/string/bool/null literals, array
// literals, `list(...)` and `;`) and binds arguments as the interpreter will.

import XCTest

@testable import FLS

final class ExampleContext: CallContext {
    let capture = CapturingHost()
    var host: FLS.Host { capture }
    var random = RandomGenerator(seed: 0)
    func call(_ function: Function, _ arguments: [Value]) throws -> Value {
        guard case .primitive(let p) = function.body else { throw RuntimeError("closures are not available here") }
        return try invoke(p, arguments, [:], self)
    }
}

/// Binds positional and keyword arguments to a primitive's parameters and calls it.
func invoke(_ p: Primitive, _ positional: [Value], _ keywords: [String: Value], _ context: CallContext) throws -> Value
{
    if let c = p.constant { return c }
    var values: [Value?] = Array(repeating: nil, count: p.params.count)
    for (i, v) in positional.enumerated() {
        guard i < p.params.count else { throw RuntimeError("\(p.name): too many arguments") }
        values[i] = v
    }
    for (k, v) in keywords {
        guard let i = p.params.firstIndex(where: { $0.name == k }) else {
            throw RuntimeError("\(p.name): no parameter \(k)")
        }
        values[i] = v
    }
    var bound: [Value] = []
    for (i, param) in p.params.enumerated() {
        guard let v = values[i] ?? param.defaultValue else { throw RuntimeError("\(p.name): missing \(param.name)") }
        bound.append(v)
    }
    var args = Arguments(primitive: p, values: bound)
    guard let body = p.implementation else { throw RuntimeError("no implementation") }
    return try body(&args, context)
}

/// Evaluates the call-only subset of FLS the examples are written in.
struct ExampleReader {
    let table: PrimitiveTable
    let context: CallContext
    var chars: [Character]
    var pos = 0

    init(_ code: String, table: PrimitiveTable, context: CallContext) {
        self.chars = Array(code)
        self.table = table
        self.context = context
    }

    mutating func skip() { while pos < chars.count && chars[pos] == " " { pos += 1 } }
    mutating func eat(_ c: Character) -> Bool {
        skip()
        if pos < chars.count && chars[pos] == c { pos += 1; return true }
        return false
    }

    mutating func run() throws -> Value {
        var last = Value.null
        repeat { last = try expression() } while eat(";")
        skip()
        guard pos == chars.count else { throw RuntimeError("unexpected text at \(pos)") }
        return last
    }

    mutating func expression() throws -> Value {
        skip()
        guard pos < chars.count else { throw RuntimeError("unexpected end") }
        let c = chars[pos]
        if c == "[" {
            pos += 1
            var items: [Value] = []
            if !eat("]") {
                repeat { items.append(try expression()) } while eat(",")
                guard eat("]") else { throw RuntimeError("expected ]") }
            }
            return try stackLiteral(items)
        }
        if c == "\"" {
            pos += 1
            var s = ""
            while pos < chars.count && chars[pos] != "\"" { s.append(chars[pos]); pos += 1 }
            pos += 1
            return .string(s)
        }
        if c == "-" || c.isNumber {
            var s = String(c)
            pos += 1
            while pos < chars.count && (chars[pos].isNumber || chars[pos] == "." || chars[pos] == "e") {
                s.append(chars[pos]); pos += 1
            }
            if let n = Int64(s) { return .int(n) }
            guard let x = Double(s) else { throw RuntimeError("bad number \(s)") }
            return .float(x)
        }
        var name = ""
        while pos < chars.count && (chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_") {
            name.append(chars[pos]); pos += 1
        }
        switch name {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        guard eat("(") else { throw RuntimeError("expected a call after \(name)") }
        var positional: [Value] = [], keywords: [String: Value] = [:]
        if !eat(")") {
            repeat {
                skip()
                let save = pos
                var key = ""
                while pos < chars.count && (chars[pos].isLetter || chars[pos] == "_") {
                    key.append(chars[pos]); pos += 1
                }
                if !key.isEmpty && eat("=") {
                    keywords[key] = try expression()
                } else {
                    pos = save
                    positional.append(try expression())
                }
            } while eat(",")
            guard eat(")") else { throw RuntimeError("expected )") }
        }
        if name == "list" { return .list(positional) }
        guard let p = table[name] else { throw RuntimeError("unknown function \(name)") }
        return try invoke(p, positional, keywords, context)
    }
}

final class NumbersExamplesTests: XCTestCase {
    func testEveryNumbersPrimitiveHasDocumentedExamplesThatHold() throws {
        let table = PrimitiveTable(Builtins.numbers)
        let context = ExampleContext()
        XCTAssertGreaterThanOrEqual(table.entries.count, 48)
        for p in table.entries {
            XCTAssertEqual(p.family, "Numbers")
            XCTAssertFalse(p.summary.isEmpty, p.name)
            XCTAssertFalse(p.doc.isEmpty, p.name)
            XCTAssertFalse(p.examples.isEmpty, "\(p.name) has no example")
            for e in p.examples {
                do {
                    var reader = ExampleReader(e.code, table: table, context: context)
                    let shown = context.capture.takeOutput() + displayText(try reader.run())
                    XCTAssertEqual(shown, e.output, "example of \(p.name): \(e.code)")
                } catch {
                    XCTFail("example of \(p.name) failed: \(e.code): \(error)")
                }
            }
        }
    }

    func testNumbersNamesFromTheLanguageContractAreRegistered() {
        let names = Set(Builtins.numbers.map(\.name))
        for n in [
            "abs", "sqrt", "exp", "log", "floor", "ceil", "round", "sin", "cos", "isnan", "clip", "where",
            "sum", "mean", "min", "max", "std", "var", "argmin", "argmax", "any", "all", "cumsum", "nanmean", "nansum",
            "shape", "len", "dtype", "astype", "reshape", "transpose", "concat", "stack", "range", "zeros", "ones",
            "full", "eye", "linspace", "normalize", "argsort", "sort", "top", "seed", "rand", "randn", "choice",
            "permutation",
        ] {
            XCTAssertTrue(names.contains(n), "missing \(n)")
        }
    }
}
