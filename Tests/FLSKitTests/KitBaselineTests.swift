// The kit's baseline, written in FLS exactly as LANGUAGE.md section 8 shows
// it, against Benchmarks/baseline_reference.py (numpy) on the same data:
// Tests/Fixtures/kit/baseline_small.json holds the paths, the float32
// signatures and the reference's ranking rows and three numbers
// (make_fixtures.py made it from signatures_small.pkl). The pickle reader
// lives in another target, so `read_signatures` here reads the JSON twin.

import FLS
import Foundation
import XCTest

@testable import FLSKit

final class KitBaselineTests: XCTestCase {
    struct Fixture: Decodable {
        struct Expected: Decodable {
            var ranking: [[Int64]]
            var labels: [Int64]
            var top1: Double
            var top5: Double
            var score: Double
            var printed: String
            // swift-format-ignore: AlwaysUseLowerCamelCase
            // (the key in the JSON fixture that Python writes)
            var person_means: [[Double]]
        }
        var paths: [String]
        var signatures: [[Double]]
        var expected: Expected
    }

    static let baselineSource = """
        sigs   = read_signatures("data/signatures.pkl")
        ids    = enumerate_paths(sigs.paths)
        split  = train_test_split(ids.person, ids.video, ratio=0.5)
        train  = mean_by(sigs.signatures[split.train], ids.person[split.train])
        test   = mean_by(sigs.signatures[split.test], ids.video[split.test])
        labels = first_by(ids.person[split.test], ids.video[split.test])
        ranking = cosine(test, train) |> top(5)
        evaluate(ranking, labels)
        """

    func loadFixture() throws -> Fixture {
        let data = try Data(contentsOf: KitTest.fixtures.appendingPathComponent("baseline_small.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// `read_signatures` for this test: the fixture's record, as the pickle
    /// reader returns it (`paths` str[M], `signatures` f32[M, D]).
    func fixtureReader(_ f: Fixture) -> Primitive {
        let d = f.signatures.first?.count ?? 0
        let flat = f.signatures.flatMap { $0.map { Float($0) } }
        let record = Record([
            ("paths", .array(NDArray(shape: [f.paths.count], storage: .str(f.paths)))),
            ("signatures", .array(NDArray(shape: [f.signatures.count, d], storage: .f32(flat)))),
        ])
        return Primitive("read_signatures", family: "Data", params: [Param("path")], summary: "fixture") { _, _ in
            .record(record)
        }
    }

    func testBaselineMatchesTheNumpyReference() throws {
        let f = try loadFixture()
        XCTAssertGreaterThan(f.expected.labels.count, 10)
        let table = KitTest.table([fixtureReader(f)])
        let host = CapturingHost()
        let interpreter = Interpreter(host: host, table: table)
        let outcome = try interpreter.run(SourceFile(name: "baseline.fls", text: Self.baselineSource))

        XCTAssertEqual(host.output, f.expected.printed)
        guard case .record(let r)? = outcome.value else { return XCTFail("evaluate returned no record") }
        XCTAssertEqual(r["top1"]?.asDouble(), f.expected.top1)
        XCTAssertEqual(r["top5"]?.asDouble(), f.expected.top5)
        XCTAssertEqual(r["score"]?.asDouble(), f.expected.score)

        guard case .array(let ranking)? = interpreter.globals["ranking"],
            case .array(let labels)? = interpreter.globals["labels"]
        else { return XCTFail("ranking or labels missing") }
        XCTAssertEqual(ranking.shape, [f.expected.ranking.count, 5])
        XCTAssertEqual(ranking.intElements().map(Int64.init), f.expected.ranking.flatMap { $0 })
        XCTAssertEqual(labels.intElements().map(Int64.init), f.expected.labels)
    }

    /// mean_by's f32 means are numpy's `x[mask].mean(axis=0)` bit for bit
    /// (the same summation order), not merely close.
    func testPersonMeansAreNumpysFloat32Means() throws {
        let f = try loadFixture()
        let table = KitTest.table([fixtureReader(f)])
        let host = CapturingHost()
        let interpreter = Interpreter(host: host, table: table)
        try interpreter.run(
            SourceFile(
                name: "means.fls",
                text: """
                    sigs = read_signatures("x")
                    ids = enumerate_paths(sigs.paths)
                    m = mean_by(sigs.signatures, ids.person)
                    """))
        guard case .array(let m)? = interpreter.globals["m"], case .f32(let got) = m.storage else {
            return XCTFail("mean_by did not give f32")
        }
        let expected = f.expected.person_means.flatMap { $0.map { Float($0) } }
        XCTAssertEqual(m.shape, [f.expected.person_means.count, f.signatures.first?.count ?? 0])
        XCTAssertEqual(got.array, expected)
    }
}
