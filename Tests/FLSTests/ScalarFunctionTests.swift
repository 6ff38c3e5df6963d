// Scalar functions (ScalarCompiler.swift): which functions take the unboxed
// path, and that taking it changes nothing a user can see. The golden
// scripts and the generated corpus are compared both ways in ScriptTests.

import Foundation
import XCTest

@testable import FLS

final class ScalarFunctionTests: XCTestCase {
    /// Runs `source` in a fresh session; returns the last value shown (or the error) and the session.
    func run(_ source: String, scalar: Bool = true) -> (String, Interpreter) {
        let interpreter = Interpreter(host: CapturingHost())
        interpreter.scalarFunctions = scalar
        do {
            let outcome = try runOnLargeStack { try interpreter.run(SourceFile(name: "t.fls", text: source)) }
            return (outcome.value.map(displayText) ?? "", interpreter)
        } catch {
            return ("error: \(DiagnosticRenderer.render(error, color: false))", interpreter)
        }
    }

    /// Same result both ways; returns whether the scalar run took the scalar path.
    @discardableResult
    func same(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let (generic, g) = run(source, scalar: false)
        let (scalar, s) = run(source, scalar: true)
        XCTAssertEqual(scalar, generic, file: file, line: line)
        XCTAssertEqual(g.scalarEntries, 0, file: file, line: line)
        return s.scalarEntries > 0
    }

    func testRecursiveIntegerFunctionTakesTheScalarPath() {
        let fib = "fn fib(n) {\n    if n < 2 { return n }\n    fib(n - 1) + fib(n - 2)\n}\n"
        XCTAssertTrue(same(fib + "fib(20)"))
        XCTAssertEqual(run(fib + "fib(20)").0, "6765")
        XCTAssertTrue(same("fn f(x) = if x > 0.5 { x * 2 } else { x / 2 }\nf(0.25) + f(3)"))
        XCTAssertTrue(
            same(
                "fn even(n) = if n == 0 { true } else { odd(n - 1) }\nfn odd(n) = if n == 0 { false } else { even(n - 1) }\neven(101)"
            ))
        XCTAssertTrue(same("fn h(n) {\n    s = 0.0\n    for k in range(1, n + 1) { s += 1.0 / k }\n    s\n}\nh(1000)"))
        XCTAssertTrue(same("fn g(a, b, c) = a * b + c\nfn f(n) = g(n, n + 1, n + 2)\nf(4)"))
    }

    func testFunctionsOutsideTheSubsetStayGeneric() {
        let programs = [
            "k = 3\nfn f(n) = n + k\nf(1)",  // reads a global
            "fn f(n) = str(n)\nf(1)",  // calls a primitive
            "fn f(n) = [n, n]\nf(1)",  // builds an array
            "fn f(n) {\n    if n > 0 { 1 }\n}\nf(0)",  // may be null
            "fn f(n) {\n    if n > 0 { y = 1 }\n    y\n}\nf(1)",  // may be unassigned
            "fn f(n) {\n    x = 1\n    x = 2.5\n    x\n}\nf(1)",  // a local changes type
            "fn f(n) {\n    g = fn(x) = x + n\n    g(1)\n}\nf(1)",  // a closure
            "fn f(n) = n ** m\nm = -1\nf(2)",  // exponent not a literal
        ]
        for p in programs { XCTAssertFalse(same(p), p) }
        // Arguments the typed path cannot hold, or arithmetic on whole arrays, take the generic path.
        XCTAssertFalse(same("fn f(n) = n * 2\nf([1, 2])"))
        XCTAssertFalse(same("fn f(n) = n * 2\nf(\"ab\")"))
        XCTAssertFalse(same("fn f(n) = n * 2\nf(zeros([2, 2, 2]))"))
        // A numpy scalar argument (what x[i] gives) is typed.
        XCTAssertTrue(same("fn f(n) = n * 2\nf([1, 2][0])"))
    }

    func testRedefiningACalleeIsSeenByItsCallers() {
        let source =
            "fn g(n) = n + 1\nfn f(n) = g(n) * 2\na = f(3)\nfn g(n) = n + 10\nb = f(3)\nfn g(n) = n > 1\nc = f(3)\n[a, b]"
        let (value, interpreter) = run(source)
        XCTAssertEqual(value, "i64[2] [ 8 26]")
        XCTAssertGreaterThanOrEqual(interpreter.scalarEntries, 2)
        // The last g returns a bool, and bool * 2 is generic-only: c still comes out right.
        XCTAssertEqual(run(source.replacingOccurrences(of: "[a, b]", with: "c")).0, "2")
        same(source)
    }

    func testRecursionLimitIsReachedAtTheSameDepth() {
        let saved = Limits.maxCallDepth
        Limits.maxCallDepth = 120
        defer { Limits.maxCallDepth = saved }
        for n in 115...122 {
            let source = "fn down(n) = if n == 0 { 0 } else { down(n - 1) + 1 }\ndown(\(n))"
            XCTAssertTrue(same(source))
        }
        XCTAssertTrue(
            run("fn down(n) = if n == 0 { 0 } else { down(n - 1) + 1 }\ndown(200)").0.contains("too much recursion"))
    }

    func testCtrlCStopsAScalarLoop() {
        let interpreter = Interpreter(host: CapturingHost())
        let source = "fn spin() {\n    i = 0\n    while true { i += 1 }\n    i\n}\nspin()"
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { Interrupt.request() }
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try runOnLargeStack { try interpreter.run(SourceFile(name: "t.fls", text: source)) }) {
            e in
            XCTAssertEqual((e as? RuntimeError)?.message, "interrupted")
            XCTAssertEqual((e as? RuntimeError)?.span?.locationText.hasPrefix("t.fls:3:"), true)
        }
        XCTAssertEqual(interpreter.scalarEntries, 1)
    }

    /// The session's variables after running `source` (errors ignored).
    func variables(_ source: String, scalar: Bool) -> (String, Int) {
        let (value, interpreter) = run(source, scalar: scalar)
        let vars = interpreter.globals.variables.map { "\($0.name)=\(displayText($0.value))" }.joined(separator: " ")
        return (value + " | " + vars, interpreter.scalarEntries)
    }

    func testTopLevelLoopsRunScalarAndWriteTheirVariablesBack() {
        let programs = [
            // ends normally; `i` is first assigned by the loop, `j` never (empty range)
            "s = 0\nfor i in range(5) { s += i }\nfor j in range(0) { s += 1 }\ns",
            // fails part-way: the variables keep the values they had
            "n = 0\nk = 10\nwhile k > -3 {\n    t = 100 // k\n    n += t\n    k -= 1\n}",
            // break, continue, a float accumulator and a call
            "fn sq(x) = x * x\nx = 0.0\nc = 0\nwhile true {\n    c += 1\n    if c % 3 == 0 { continue }\n    x += sq(c) / 2\n    if c > 20 { break }\n}",
            // a local first assigned inside the loop, read after its assignment
            "acc = 0\nfor q in range(1, 6) {\n    sq = q * q\n    acc += sq\n}",
        ]
        for p in programs {
            let (generic, g) = variables(p, scalar: false)
            let (scalar, s) = variables(p, scalar: true)
            XCTAssertEqual(scalar, generic, p)
            XCTAssertEqual(g, 0)
            XCTAssertGreaterThan(s, 0, p)
        }
        // A loop over an array stays generic.
        for p in ["s = 0\nfor v in [1, 2] { s += v }"] {
            let (generic, _) = variables(p, scalar: false)
            let (scalar, s) = variables(p, scalar: true)
            XCTAssertEqual(scalar, generic, p)
            XCTAssertEqual(s, 0, p)
        }
    }

    func testArrayElementsTakeTheTypedPath() {
        let programs = [
            // a top-level sum: s becomes a numpy scalar on the first step, then the loop is typed
            "x = [0.5, -1.5, 2.0, 4.25]\ns = 0.0\nfor i in range(len(x)) { s += x[i] }\n[s]",
            // a function counting x[i] > 0, negative indices
            "fn count(x) {\n    c = 0\n    for i in range(len(x)) {\n        if x[i] > 0 and x[-1 - i] < 3 { c += 1 }\n    }\n    c\n}\ncount([3, -1, 2, 5, 0])",
            // a loop in a function fills the array it made: value semantics
            "fn fill(r, c) {\n    m = zeros([r, c])\n    for i in range(r) {\n        for j in range(c) { m[i, j] = i * 10 + j }\n    }\n    m\n}\nfill(2, 3)",
            // a written array shared with another variable is copied first
            "a = [1, 2, 3]\nb = a\nfor i in range(3) { a[i] *= 2 }\n[a, b]",
            // u8 wraps, i32 and f32 compute in their dtypes
            "u = astype([250, 3], \"u8\")\nten = astype([10], \"u8\")\nfor i in range(2) { u[i] += ten[0] }\nu",
            "f = astype([0.1, 0.2], \"f32\")\nt = f[0]\nfor i in range(1000) { t = t + f[1] }\n[t]",
            "k = astype([2147483647], \"i32\")\nv = k[0]\nfor i in range(2) { v = v + k[0] }\n[v]",
            // bool arrays, a while loop, break and return inside a function's loop
            "fn first(mask) {\n    i = 0\n    while i < len(mask) {\n        if mask[i] { return i }\n        i += 1\n    }\n    -1\n}\n[first([false, false, true]), first([false])]",
            // an element written with a float into an int array truncates, as astype
            "z = [5, 6]\nfor i in range(2) { z[i] = z[i] / 4 }\nz",
        ]
        for p in programs { XCTAssertTrue(same(p), p) }
        // The accumulator becomes a numpy f64 on the first step, after which the whole loop is typed.
        let (sum, session) = run("x = [0.5, -1.5, 2.0, 4.25]\ns = 0.0\nfor i in range(len(x)) { s += x[i] }\ns")
        XCTAssertEqual(sum, "5.25")
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertEqual(session.islandRuns, 0)
        // Math of one number stays typed: only the print runs the generic way.
        let (_, math) = run(
            "x = [1.5, -2.0]\nu = astype([7, 0], \"u8\")\nfor i in range(2) {\n    a = sqrt(abs(x[i])) + exp(u[i]) + floor(i)\n    print(a)\n}"
        )
        XCTAssertEqual(math.scalarEntries, 1)
        XCTAssertEqual(math.islandRuns, 2)
        XCTAssertTrue(
            same(
                "fn total(m) {\n    s = 0.0\n    for i in range(shape(m)[0]) {\n        for j in range(shape(m)[-1]) { s += m[i, j] }\n    }\n    s\n}\ntotal([[1.0, 2.0], [3.0, 4.5]])"
            ))
        XCTAssertTrue(
            same(
                "fn l2(a, c) {\n    d = 0.0\n    for i in range(len(a)) {\n        t = a[i] - c[i]\n        d += t * t\n    }\n    sqrt(d)\n}\nl2([1.5, -2.0], [0.5, 1.0])"
            ))
        // // % - on u8, i32 and f32 elements compute in their dtypes; only the print is generic.
        let narrow =
            "u = astype([250, 7, 0], \"u8\")\ni3 = astype([-2147483647 - 1, 7, -9], \"i32\")\nf = astype([2.5, -0.0, 3.0], \"f32\")\n"
            + "for i in range(3) {\n    a = u[i] // 2 + u[i] % 3 - u[i]\n    d = -i3[i] + i3[i] // 2 - i3[i] % 4\n    h = -f[i] + f[i] / 3 + f[i] // 0.75 - f[i] % 0.75\n    print(a, d, h)\n}"
        XCTAssertTrue(same(narrow))
        XCTAssertEqual(run(narrow).1.islandRuns, 3)
        XCTAssertTrue(same("u = astype([5, 0], \"u8\")\nq = u[0]\nfor i in range(2) { q = u[i] // u[1] }"))
        // and/or of a numpy bool and a Python bool in a condition.
        let (_, mixed) = run(
            "x = [0.5, 2.0, 3.0]\nc = 0\nfor i in range(3) {\n    if x[i] > 1 and i > 1 or not (x[i] < 1 or i == 1) { c += 1 }\n}\nc"
        )
        XCTAssertEqual(mixed.islandRuns, 0)
        XCTAssertTrue(
            same(
                "x = [0.5, 2.0, 3.0]\nc = 0\nfor i in range(3) {\n    if x[i] > 1 and i > 1 or not (x[i] < 1 or i == 1) { c += 1 }\n}\nc"
            ))
        XCTAssertTrue(same("x = [0.5, 2.0, 3.0]\nc = 0\ni = 0\nwhile i < 3 and x[i] < 2.5 { i += 1 }\ni"))
        // A list grown with append: the item is computed typed, no statement runs the generic way.
        let (grown, appends) = run(
            "x = [1.5, -2.0, 3.0]\nout = list()\nfor i in range(3) { out = append(out, x[i] * 2) }\nout")
        XCTAssertEqual(grown, "list(3.0, -4.0, 6.0)")
        XCTAssertEqual(appends.scalarEntries, 1)
        XCTAssertEqual(appends.islandRuns, 0)
        // Not a list: the first step raises append's error, both ways.
        same("out = 5\nfor i in range(3) { out = append(out, i) }")
        // Errors are the generic ones, with their spans.
        let errors = [
            "x = zeros([3])\nfor i in range(4) { x[i] = 1 }",
            "m = zeros([2, 3])\ns = m[0, 0]\nfor i in range(2) { s = s + m[i, 3] }",
            "u = astype([1, 2], \"u8\")\nk = 0\nfor i in range(2) { u[i] = k + 300 }",
            "v = [4, 0]\nt = 0\nfor i in range(2) { t = t + v[0] // v[i] }",
        ]
        for p in errors {
            let (value, s) = run(p)
            XCTAssertTrue(value.hasPrefix("error:"), p)
            XCTAssertTrue(same(p), p)
            XCTAssertGreaterThan(s.scalarEntries, 0, p)
        }
        // The variables after a failed typed loop are the generic ones.
        let (generic, _) = variables("x = [1, 2, 3]\nfor i in range(5) { x[i] = 9 }", scalar: false)
        let (typed, entries) = variables("x = [1, 2, 3]\nfor i in range(5) { x[i] = 9 }", scalar: true)
        XCTAssertEqual(typed, generic)
        XCTAssertGreaterThan(entries, 0)
    }

    func testStatementsOutsideTheSubsetRunGenericInsideATypedLoop() {
        let programs = [
            // a print in a rare branch, a list grown with append, a string variable
            "x = [0.5, -1.5, 2.0]\ns = 0.0\nnames = list()\nfor i in range(len(x)) {\n    s += x[i]\n    if x[i] > 1 { print(f\"big at {i}\") }\n    names = append(names, str(i))\n}\nlist(s, names)",
            // a function called from the generic statement reads a global the loop updates
            "fn g() = t * 10\nt = 0\nseen = list()\nfor i in range(4) {\n    t += i\n    seen = append(seen, g())\n}\nseen",
            // inside a function: a local list and an accumulator
            "fn f(v) {\n    acc = 0\n    out = list()\n    for i in range(len(v)) {\n        acc += v[i]\n        out = append(out, acc)\n    }\n    out\n}\nf([1, 2, 3])",
            // a variable given a string inside the loop lives in its slot
            "k = 0\nq = null\nwhile k < 3 {\n    k += 1\n    q = str(k) + \"!\"\n}\nlist(k, q)",
            // a generic statement that fails: the typed variables are written back as the generic loop leaves them
            "n = 0\nfor i in range(5) {\n    n += i\n    if i == 3 { print(undefined_name) }\n}",
            // a variable the generic statement assigns leaves the registers (after 128 steps, when the
            // loop stops waiting for it to settle); d stays typed
            "c = 0\nd = 0\nfor i in range(200) {\n    c = c + int(\"2\")\n    d += i\n}\nlist(c, d)",
            // arrays written in place go back into their variables while a generic statement runs
            "a = [1, 2, 3]\nsnaps = list()\nfor i in range(3) {\n    a[i] = a[i] * 10\n    snaps = append(snaps, a)\n}\nsnaps",
            // rebinding a function the typed code calls makes the loop generic, with the same results
            "fn h(x) = x + 1\nacc = 0\nfor i in range(4) {\n    acc += h(i)\n    if i == 1 { fn h(x) = x * 100 }\n}\nacc",
        ]
        for p in programs {
            let (generic, g) = variables(p, scalar: false)
            let (typed, t) = variables(p, scalar: true)
            XCTAssertEqual(typed, generic, p)
            XCTAssertEqual(g, 0)
            XCTAssertGreaterThan(t, 0, p)
        }
    }

    func testTypedCodeEnteredFromAGenericStatementIsTyped() {
        // Two of the outer loop's statements run the generic way, and one assigns acc: the loop
        // waits 128 steps for acc to settle, then runs typed (k counts typed) with acc in its slot
        // and both statements as islands (2 x 2 island runs). Each of the 130 calls of total() runs
        // its own loop typed (s is floating), inside the islands too: 130 + 1 typed entries.
        let source =
            "fn total(a) {\n    s = 0.0\n    for j in range(len(a)) { s += a[j] }\n    s\n}\nm = reshape(astype(range(20), \"f64\"), [5, 4])\nacc = 0.0\nk = 0\nfor i in range(130) {\n    note = f\"row {i}\"\n    acc += total(m[i % 5])\n    k += 1\n}\nlist(acc, k)"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(4940.0, 130)")
        XCTAssertEqual(session.scalarEntries, 131)
        XCTAssertEqual(session.islandRuns, 4)
        XCTAssertTrue(same(source))
        // Recursion through generic statements stops at the same depth both ways.
        let saved = Limits.maxCallDepth
        Limits.maxCallDepth = 150
        defer { Limits.maxCallDepth = saved }
        for n in [10, 148, 149, 150, 151, 400] {
            XCTAssertTrue(
                same(
                    "fn down(n) {\n    s = 0\n    r = list()\n    for i in range(2) {\n        s += i\n        if i == 0 and n > 0 { r = append(r, down(n - 1)) }\n    }\n    s + len(r)\n}\ndown(\(n))"
                ), "\(n)")
        }
    }

    func testConversionsExtremesAndPowersStayTyped() {
        let source =
            "x = [0.5, -1.25, 2.0]\nu = astype([7, 250, 3], \"u8\")\nh = zeros([4], dtype=\"i64\")\nm = -inf\ns = 0.0\nfor i in range(3) {\n    m = maximum(m, x[i])\n    h[int(x[i] + 1.5)] += 1\n    s += float(u[i]) ** 2 + minimum(u[i], 9) ** 2\n}\nlist(m, h, s)"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(2.0, i64[4] [1 0 1 1], 62697.0)")
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertGreaterThan(session.scalarEntries, 0)
        XCTAssertTrue(same(source))
    }

    func testAVariableThatChangesTypeInALaterStepStaysTyped() {
        // m becomes a numpy f64 at step 2, when the test first holds: the loop is typed from step 3 on.
        let source =
            "x = [-1.0, -0.5, 3.25, 2.0, 7.5]\nm = 0.0\nfor i in range(len(x)) {\n    if x[i] > m { m = x[i] }\n}\nm"
        let (value, session) = run(source)
        XCTAssertEqual(value, "7.5")
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
    }

    func testLoopsOverTheElementsOfAnArrayAreTyped() {
        // Typed from its second step on (s becomes a numpy f64), top level and in a function.
        let source =
            "x = [0.5, -1.5, 2.0, 4.25]\ns = 0.0\nfor v in x { s += v }\nfn count(a) {\n    c = 0\n    for v in a {\n        if v > 0 { c += 1 }\n    }\n    c\n}\nlist(s, count(x), v)"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(5.25, 3, 4.25)")
        XCTAssertGreaterThanOrEqual(session.scalarEntries, 2)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
        // Writing into the array it walks keeps the loop generic, walking the array as it was.
        let (_, writes) = run("y = [1, 2, 3]\nfor v in y { y[0] = y[0] + v }\ny")
        XCTAssertEqual(writes.scalarEntries, 0)
    }

    func testRecordFieldsAndRoundStayTyped() {
        let source =
            "x = [0.5, -1.5, 2.25]\ncfg = {scale: 2.0, w: [1, 2, 3]}\ns = 0.0\nfor i in range(3) { s += round(x[i] * cfg.scale) + cfg.w[i] }\ns"
        let (value, session) = run(source)
        XCTAssertEqual(value, "8.0")
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
    }

    func testComprehensionsOverArraysAndRangesAreTyped() {
        // Three comprehensions: a global's, a function's reading its parameter and local, a range's.
        let source =
            "x = [0.5, -1.5, 2.25]\nscale = 2.0\na = [v * scale for v in x if v > 0]\nfn f(xs, by) {\n    k = by + 1\n    [v + k for v in xs]\n}\nlist(a, f(x, 1.0), [i * i for i in range(4)])"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(f64[2] [1.  4.5], f64[3] [2.5  0.5  4.25], i64[4] [0 1 4 9])")
        XCTAssertEqual(session.scalarEntries, 3)
        XCTAssertTrue(same(source))
        // An element the typed path cannot compute (a string) keeps the generic way.
        let (strings, generic) = run("[str(v) for v in [1, 2]]")
        XCTAssertEqual(strings, "list(\"1\", \"2\")")
        XCTAssertEqual(generic.scalarEntries, 0)
    }

    func testEnumerateAndZipOverArraysAreTyped() {
        let source =
            "x = [0.5, -1.5, 2.25]\nk = [3, 1, 2]\ns = 0.0\nfor i, v in enumerate(x) { s += v * i }\nt = 0.0\nfor a, b in zip(x, k) { t += a * b }\nlist(s, t, i, b)"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(3.0, 4.5, 2, 2)")
        XCTAssertEqual(session.scalarEntries, 2)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
    }

    func testARowOfA2DArrayIsAViewInTypedLoops() {
        // `row = m[i]` reads m's row in place: one typed entry, no island,
        // and the variable after the loop is its own copy of the last row.
        let source = """
            m = reshape(astype(range(6), "f64"), [3, 2])
            out = zeros([3])
            for i in range(3) {
                row = m[i]
                out[i] = row[0] * 10 + row[1]
            }
            m[2, 0] = -1.0
            list(out, row, len(row))
            """
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(f64[3] [ 1. 23. 45.], f64[2] [4. 5.], 2)")
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
        // In a function called with a matrix (the whole function is typed).
        let function =
            "fn f(m) {\n  t = 0.0\n  for i in range(len(m)) {\n    r = m[i]\n    t += r[1] - r[0]\n  }\n  float(t)\n}\nf(reshape(astype(range(6), \"f64\"), [3, 2]))"
        let (total, typed) = run(function)
        XCTAssertEqual(total, "3.0")
        XCTAssertEqual(typed.scalarEntries, 1)
        XCTAssertTrue(same(function))
        // A matrix whose elements the loop writes is read the generic way (m[i] is a copy at once).
        XCTAssertTrue(same("m = [[1, 2], [3, 4]]\nfor i in range(2) {\n  r = m[i]\n  m[i, 0] = 9\n  print(r[0])\n}"))
    }

    func testAFunctionWithADualResultIsTypedAndCalledTyped() {
        // dist's sum starts as a Python 0.0: the function is typed as a whole, and the loop
        // calls it typed (one entry for the loop, none per call).
        let source = """
            fn dist(a, b) {
                s = 0.0
                for j in range(len(a)) { s += abs(a[j] - b[j]) }
                s
            }
            m = reshape(astype(range(8), "f64"), [4, 2])
            tot = 0.0
            for i in range(3) {
                a = m[i]
                b = m[i + 1]
                tot += dist(a, b)
            }
            list(tot, dist(m[0][0:0], m[1][0:0]), dist(m[0], m[1]))
            """
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(12.0, 0.0, 4.0)")
        XCTAssertEqual(session.scalarEntries, 3)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
    }

    func testAnIntThatBecomesANumpyI64IsTypedWithItsKind() {
        // Votes among each query's neighbours: the count restarts at a Python 0 and becomes a
        // numpy i64 when a numpy bool is added. One entry, no island, each kind kept.
        let source = """
            near = [[1, 2, 0], [0, 2, 1], [1, 0, 2]]
            label = [7, 7, 9]
            votes = zeros([3])
            kinds = list()
            for q in range(3) {
                c = 0
                for j in range(q) { c += label[near[q, j]] == label[q] }
                votes[q] = c
            }
            list(votes, c, str(dtype(c * astype([1], "u8"))))
            """
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(f64[3] [0. 1. 0.], 0, \"i64\")")
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
    }

    func testTheRegisterLimitOfAFunction() {
        // Locals take one register each (after inference): 100 fit, 130 do not (Limits.maxScalarRegisters).
        func busy(_ n: Int) -> String {
            let body = (0..<n).map { "    v\($0) = x + \($0)" }.joined(separator: "\n")
            let sum = (0..<n).map { "v\($0)" }.joined(separator: " + ")
            return "fn busy(x) {\n\(body)\n    \(sum)\n}\nbusy(1)"
        }
        let (fits, typed) = run(busy(100))
        XCTAssertEqual(fits, "5050")
        XCTAssertEqual(typed.scalarEntries, 1)
        let (over, generic) = run(busy(130))
        XCTAssertEqual(over, "8515")
        XCTAssertEqual(generic.scalarEntries, 0)
        XCTAssertTrue(Limits.maxScalarRegisters < 130 + 4)
    }

    func testALoopOfOnlyGenericStatementsStaysGeneric() {
        // Every statement would be an island: the typed loop would only add their cost.
        let source = "xs = list(1, 2, 3)\ns = 0\nfor i in range(len(xs)) { s += xs[i] }\ns"
        let (value, session) = run(source)
        XCTAssertEqual(value, "6")
        XCTAssertEqual(session.scalarEntries, 0)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(!same(source))
        // A typed condition is work: its loop runs typed, the print an island.
        let (_, conditioned) = run("x = [1.0, -2.0, 3.0]\nfor i in range(3) { if x[i] < 0 { print(i) } }")
        XCTAssertEqual(conditioned.scalarEntries, 1)
        XCTAssertEqual(conditioned.islandRuns, 1)
    }

    func testAFloatThatBecomesANumpyF64IsTypedWithItsKind() {
        // The sum restarts at a Python 0.0 for every row, and becomes a numpy
        // f64 once an element is added: typed from the first step, and each
        // value keeps its kind (an f32 operand shows it: a Python float is
        // weak, a numpy f64 is not).
        let source = """
            m = reshape(astype(range(6), "f64"), [3, 2])
            f = astype([1.0], "f32")
            kinds = list()
            out = zeros([4])
            for i in range(4) {
                s = 0.0
                for j in range(minimum(i, 2)) { s += m[minimum(i, 2), j] * 2 }
                if s > 3 { s = s / 2 }
                out[i] = s
                kinds = append(kinds, str(dtype(s * f)))
            }
            list(out, kinds)
            """
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(f64[4] [0. 2. 9. 9.], list(\"f32\", \"f64\", \"f64\", \"f64\"))")
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertTrue(same(source))
        // In a function, and with a float that stays a Python float on some paths.
        XCTAssertTrue(
            same(
                "fn f(x) {\n  best = 0.0\n  for i in range(len(x)) { if x[i] > best { best = x[i] } }\n  list(best, best * astype([1], \"f32\"))\n}\nlist(f([0.5, 2.5]), f(astype([-1.0], \"f64\")))"
            ))
    }

    func testChainedIndexingOfA2DArrayIsTyped() {
        let source =
            "m = reshape(astype(range(6), \"f64\"), [2, 3])\ns = 0.0\nfor i in range(2) {\n    for j in range(3) {\n        s += m[i][j]\n        m[i][j] = 0.5\n    }\n}\nlist(s, m)"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(15.0, f64[2,3] [[0.5 0.5 0.5] [0.5 0.5 0.5]])")
        // One entry: s, a Python float that becomes a numpy f64, is a floating variable.
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertTrue(same(source))
        XCTAssertTrue(same("m = [[1, 2], [3, 4]]\nfor k in range(1) { s = m[0][2] }"))
        XCTAssertTrue(same("m = [[1, 2], [3, 4]]\nfor k in range(1) { m[-3][0] = 1 }"))
    }

    func testIfValuesStayTyped() {
        // acc becomes a numpy f64 at step 1; the relu-like store mixes a numpy and a Python float.
        let source =
            "x = [0.0, 1.5, -2.25, 3.0]\nacc = 0.0\nz = zeros([4])\nfor i in range(4) {\n    acc = if x[i] > 0 { acc + x[i] } else { acc }\n    z[i] = if x[i] > 0 { x[i] } else { 0.0 }\n}\nlist(acc, z)"
        let (value, session) = run(source)
        XCTAssertEqual(value, "list(4.5, f64[4] [0.  1.5 0.  3. ])")
        XCTAssertEqual(session.islandRuns, 0)
        XCTAssertEqual(session.scalarEntries, 1)
        XCTAssertTrue(same(source))
    }

    func testErrorsCarryTheGenericSpansAndTraces() {
        XCTAssertTrue(same("fn inner(a, b) = a // b\nfn outer(n) = inner(n, n - 3) + 1\nouter(3)"))
        XCTAssertTrue(
            run("fn inner(a, b) = a % b\nfn outer(n) = inner(n, n - 3) + 1\nouter(3)").0.contains(
                "in inner() called at t.fls:2:15"))
        XCTAssertTrue(same("fn f(n) {\n    for i in range(0, n, 0) { n += 1 }\n    n\n}\nf(2)"))
    }
}

final class SessionLifetimeTests: XCTestCase {
    func testAClosedSessionWithFunctionsIsFreed() throws {
        weak var weakGlobals: Globals?
        do {
            let interpreter = Interpreter(host: CapturingHost())
            try runOnLargeStack {
                try interpreter.run(
                    SourceFile(
                        name: "t.fls",
                        text:
                            "k = 2\nfn f(x) = x + k\nfn g(n) = if n < 2 { n } else { g(n - 1) + g(n - 2) }\nbig = zeros(1000)\n"
                            + "fn fill(n) {\n    m = zeros(n)\n    seen = list()\n    for i in range(n) {\n        m[i] = i\n        seen = append(seen, i)\n    }\n    m\n}\n"
                            + "s = 0.0\nfor i in range(10) {\n    s += big[i]\n    if i == 3 { print(s) }\n}\nfill(5)\nf(1) + g(10)"
                    ))
            }
            weakGlobals = interpreter.globals
            XCTAssertNotNil(weakGlobals)
            interpreter.close()
        }
        XCTAssertNil(weakGlobals, "the session's variables (and their arrays) stay in memory after it is gone")
    }
}
