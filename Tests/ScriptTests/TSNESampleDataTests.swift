// The kit's picture: t-SNE of 16 random signatures per person from the
// sample data (the pick notebook 03 makes). It once collapsed to a point at
// this kind of input; it must spread out and keep neighbourhoods as well as
// scikit-learn does on the same rows (Tests/Fixtures/viz/tsne_sample_pick.json,
// made by make_tsne_sample_pick.py).

import FLS
import FLSKit
import FLSNotebook
import Foundation
import XCTest

final class TSNESampleDataTests: XCTestCase {
    func testRandomPickPerPersonSpreadsOutAndIsTrustworthy() throws {
        let fixture = NotebookTests.root + "/Tests/Fixtures/viz/tsne_sample_pick.json"
        let data = try XCTUnwrap(FileManager.default.contents(atPath: fixture), "no \(fixture)")
        let reference = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let source = """
            sigs = read_signatures("\(NotebookTests.workspace)/sample-data/tiny/signatures.pkl")
            seed(0)
            ids = enumerate_paths(sigs.paths)
            runs = split_by(range(len(sigs.paths)), ids.person)
            pick = concat(map(runs, fn(r) = sort(r[permutation(len(r))[:16]])))
            x = normalize(sigs.signatures[pick])
            print(len(x))
            for p in [20.0, 30.0] {
                e = tsne(x, perplexity=p)
                print(trustworthiness(x, e), max(std(e, axis=0)))
            }
            """
        let host = CapturingHost()
        let interpreter = Session.makeInterpreter(host: host, directory: NotebookTests.workspace)
        let status = NotebookScript.run(
            text: source, name: "pick.fls", interpreter: interpreter, host: host, color: false)
        XCTAssertEqual(status, 0, host.errors)
        XCTAssertFalse(host.errors.contains("collapsed"), host.errors)
        let lines = host.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("[cell") }
        guard lines.count == 3 else { return XCTFail(host.output) }
        XCTAssertEqual(Int(lines[0]), reference["rows"] as? Int)
        for (line, key) in zip(lines.dropFirst(), ["sklearn_trustworthiness_p20", "sklearn_trustworthiness_p30"]) {
            let parts = line.split(separator: " ").compactMap { Double($0) }
            XCTAssertEqual(parts.count, 2, line)
            let sklearn = try XCTUnwrap(reference[key] as? Double)
            XCTAssertGreaterThanOrEqual(
                parts[0], sklearn - 0.01, "\(key): FLS \(parts[0]) against scikit-learn \(sklearn)")
            XCTAssertGreaterThan(parts[1], 1, "the map spreads out")
        }
    }

    func testCollapsedMapIsDetected() {
        let tiny = (0..<40).map { Double($0) * 1e-9 }
        XCTAssertNotNil(TSNE.degenerateSpread(tiny, rows: 20))
        let spread = (0..<40).map { Double($0) }
        XCTAssertNil(TSNE.degenerateSpread(spread, rows: 20))
    }
}
