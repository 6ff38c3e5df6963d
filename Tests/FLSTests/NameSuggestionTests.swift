// What an undefined name suggests: a near FLS name, the FLS form of a
// Python or numpy name, or nothing when nothing is near (a wrong guess sends
// a user the wrong way).

import XCTest

@testable import FLS

final class NameSuggestionTests: XCTestCase {
    /// The hint of running `source` (which must fail), or nil.
    func hint(_ source: String) -> String? {
        let interpreter = Interpreter(host: DiscardingTestHost())
        defer { interpreter.close() }
        do {
            try interpreter.run(SourceFile(name: "t.fls", text: source))
            XCTFail("expected an error from \(source)")
        } catch let e as RuntimeError {
            return e.hint
        } catch {
            XCTFail("unexpected error \(error)")
        }
        return nil
    }

    func testNearNamesAreSuggested() {
        XCTAssertEqual(hint("total = 5\nprint(totl)"), "did you mean 'total'?")
        XCTAssertEqual(hint("print(medain([1, 2]))"), "did you mean 'median'?")
        XCTAssertEqual(hint("print(lne([1]))"), "did you mean 'len'?")
        // The keywords' constants are names too.
        XCTAssertEqual(hint("x = nul"), "did you mean 'null'?")
        XCTAssertEqual(hint("x = flase"), "did you mean 'false'?")
    }

    func testShortNamesTwoEditsAwayAreNotSuggested() {
        // Before: `with` suggested eigh, `size` line, `bool` roll, `open` len.
        XCTAssertNil(hint("x = with"))
        XCTAssertNil(hint("x = bool(1)"))
        XCTAssertNil(hint("x = cross([1], [2])"))
    }

    func testPythonNamesNeedToBeNearerThanAnyFLSName() {
        // `take` is two edits from `True`: it was told to write 'true'.
        XCTAssertEqual(hint("x = take([1, 2], [0])"), PythonNames.undefined["take"])
        XCTAssertNotEqual(hint("x = trace([[1]])"), PythonNames.undefined["True"])
        // One edit from a Python name with an FLS form: that form.
        XCTAssertEqual(hint("x = concatinate(list([1], [2]))"), PythonNames.undefined["concatenate"])
        XCTAssertEqual(hint("x = hstak(list([1], [2]))"), PythonNames.undefined["hstack"])
    }

    func testNumpyNamesNameTheirFLSForm() {
        for (name, form) in [
            ("zeros_like", "zeros(shape(x))"), ("float32", "astype(x, \"f32\")"), ("ravel", "reshape(x, -1)"),
            ("expand_dims", "x[:, null]"), ("shuffle", "permutation(x)"), ("loadtxt", "load_csv(path)"),
        ] {
            let got = hint("x = \(name)") ?? "none"
            XCTAssertTrue(got.contains(form), "\(name): \(got)")
        }
    }
}

/// A host that keeps nothing.
private final class DiscardingTestHost: FLS.Host {
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}
