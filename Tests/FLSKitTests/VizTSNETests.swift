import XCTest

@testable import FLSKit

final class VizTSNETests: XCTestCase {
    func clusters() throws -> [Double] {
        let x = try VizFixtures.float32("clusters500.f32").map(Double.init)
        XCTAssertEqual(x.count, 500 * 50)
        return x
    }

    func threshold() throws -> (threshold: Double, sklearnK5: Double, storedK5: Double, storedK10: Double) {
        let info = try XCTUnwrap(VizFixtures.json("tsne_threshold.json") as? [String: Any])
        return (
            try XCTUnwrap(info["threshold"] as? Double), try XCTUnwrap(info["sklearn_trustworthiness_k5"] as? Double),
            try XCTUnwrap(info["stored_embedding_trustworthiness_k5"] as? Double),
            try XCTUnwrap(info["stored_embedding_trustworthiness_k10"] as? Double)
        )
    }

    func testTrustworthinessMatchesScikitLearn() throws {
        let x = try clusters()
        let embedding = try VizFixtures.float32("sklearn_embedding500.f32").map(Double.init)
        let expected = try threshold()
        let k5 = try Trustworthiness.score(x, rows: 500, cols: 50, embedding: embedding, embeddingCols: 2, k: 5)
        let k10 = try Trustworthiness.score(x, rows: 500, cols: 50, embedding: embedding, embeddingCols: 2, k: 10)
        XCTAssertEqual(k5, expected.storedK5, accuracy: 1e-9)
        XCTAssertEqual(k10, expected.storedK10, accuracy: 1e-9)
        // The input itself is a perfect embedding of itself.
        XCTAssertEqual(
            try Trustworthiness.score(x, rows: 500, cols: 50, embedding: x, embeddingCols: 50, k: 5), 1, accuracy: 1e-12
        )
        XCTAssertThrowsError(
            try Trustworthiness.score(x, rows: 500, cols: 50, embedding: embedding, embeddingCols: 2, k: 250))
    }

    func testExactTSNEIsAsTrustworthyAsScikitLearn() throws {
        let x = try clusters()
        var iterations: [Int] = []
        var kls: [Double] = []
        let y = try TSNE.embed(
            x, rows: 500, cols: 50,
            progress: {
                iterations.append($0); kls.append($1)
            })
        XCTAssertEqual(y.count, 1000)
        XCTAssertEqual(iterations, Array(stride(from: 50, through: 1000, by: 50)))
        XCTAssertLessThan(try XCTUnwrap(kls.last), try XCTUnwrap(kls.first), "the divergence goes down")
        let score = try Trustworthiness.score(x, rows: 500, cols: 50, embedding: y, embeddingCols: 2, k: 5)
        XCTAssertGreaterThanOrEqual(score, try threshold().threshold)
    }

    func testBarnesHutTSNEIsAsTrustworthyAsScikitLearn() throws {
        let x = try clusters()
        var options = TSNEOptions()
        options.exactThreshold = 0
        let y = try TSNE.embed(x, rows: 500, cols: 50, options: options)
        let score = try Trustworthiness.score(x, rows: 500, cols: 50, embedding: y, embeddingCols: 2, k: 5)
        XCTAssertGreaterThanOrEqual(score, try threshold().threshold)
    }

    func testSameSeedGivesTheSameEmbedding() throws {
        let x = Array(try clusters().prefix(120 * 50))
        var options = TSNEOptions()
        options.initialization = .random
        options.seed = 7
        options.iterations = 120
        options.perplexity = 10
        let a = try TSNE.embed(x, rows: 120, cols: 50, options: options)
        let b = try TSNE.embed(x, rows: 120, cols: 50, options: options)
        XCTAssertEqual(a, b)
        options.seed = 8
        XCTAssertNotEqual(a, try TSNE.embed(x, rows: 120, cols: 50, options: options))
        options.exactThreshold = 0
        options.seed = 7
        XCTAssertEqual(
            try TSNE.embed(x, rows: 120, cols: 50, options: options),
            try TSNE.embed(x, rows: 120, cols: 50, options: options))
    }

    func testShouldStopInterruptsTheRun() throws {
        let x = Array(try clusters().prefix(100 * 50))
        var polls = 0
        var options = TSNEOptions()
        options.perplexity = 10
        XCTAssertThrowsError(
            try TSNE.embed(
                x, rows: 100, cols: 50, options: options,
                shouldStop: {
                    polls += 1
                    return polls > 30
                })
        ) { error in
            XCTAssertEqual((error as? VizError)?.message, "tsne was interrupted.")
        }
        XCTAssertEqual(polls, 31)
    }

    func testBadInputIsAnError() {
        XCTAssertThrowsError(try TSNE.embed([Double](repeating: 0, count: 20), rows: 10, cols: 2)) { error in
            XCTAssertEqual(
                (error as? VizError)?.message,
                "tsne needs more points (10) than the perplexity (30.0); lower the perplexity.")
        }
        XCTAssertThrowsError(try TSNE.embed([1, 2, 3] as [Double], rows: 2, cols: 2))
        var options = TSNEOptions()
        options.perplexity = 2
        XCTAssertThrowsError(
            try TSNE.embed([1, 2, .nan, 4, 5, 6, 7, 8, 9, 10] as [Double], rows: 5, cols: 2, options: options))
    }

    func testQuadTreeRepulsionMatchesDirectSumWhenThetaIsZero() {
        var y = [Double]()
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 { y.append(rng.nextGaussian()); y.append(rng.nextGaussian()) }
        y += [y[0], y[1]]  // a duplicate of point 0
        let n = 201
        let tree = QuadTree(y, count: n)
        var stack = [Int32](repeating: 0, count: 8)
        for i in [0, 17, 200] {
            let r = tree.repulsion(point: i, x: y[2 * i], y: y[2 * i + 1], theta2: 0, stack: &stack)
            var fx = 0.0, fy = 0.0, z = 0.0
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                z += w; fx += w * w * dx; fy += w * w * dy
            }
            XCTAssertEqual(r.z, z, accuracy: 1e-9)
            XCTAssertEqual(r.fx, fx, accuracy: 1e-9)
            XCTAssertEqual(r.fy, fy, accuracy: 1e-9)
        }
    }
}
