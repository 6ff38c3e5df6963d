// The picture primitives as users call them: FLS code run through a session
// interpreter, checking the values, files and errors a user relies on.

import FLS
import Foundation
import XCTest

@testable import FLSKit

/// A host that shows progress and records it, like a terminal's stderr.
private final class ProgressHost: FLS.Host {
    var errors = ""
    /// Called on every progress write (a test uses it to press Ctrl-C mid-run).
    var onProgress: (() -> Void)?
    func write(_ text: String) {}
    func writeError(_ text: String) {
        errors += text
        onProgress?()
    }
    var showsProgress: Bool { true }
}

final class VizPrimitiveTests: XCTestCase {
    private var scratch = ""

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fls-vizprim-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: scratch)
        Interrupt.clear()
    }

    // MARK: Helpers

    /// The value of the last expression of `code`, run in a full session.
    private func evaluate(_ code: String, host: FLS.Host = CapturingHost()) throws -> Value {
        let interpreter = Session.makeInterpreter(host: host, directory: scratch)
        _ = try interpreter.run(SourceFile(name: "<seed>", text: "seed(0)"))
        return try interpreter.run(SourceFile(name: "viz.fls", text: code)).value ?? .null
    }

    /// The message of the runtime error `code` raises, or nil when it runs.
    private func errorMessage(_ code: String, host: FLS.Host = CapturingHost()) -> String? {
        do {
            _ = try evaluate(code, host: host)
            return nil
        } catch let error as RuntimeError {
            return error.message
        } catch {
            return "not a RuntimeError: \(error)"
        }
    }

    private func plot(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> PlotHandle {
        guard case .handle(let h as PlotHandle) = try evaluate(code) else {
            XCTFail("\(code) did not give a plot", file: file, line: line)
            throw XCTSkip("no plot")
        }
        return h
    }

    private func array(_ code: String) throws -> NDArray {
        guard case .array(let a) = try evaluate(code) else { throw XCTSkip("\(code) did not give an array") }
        return a
    }

    private func record(_ code: String) throws -> Record {
        guard case .record(let r) = try evaluate(code) else { throw XCTSkip("\(code) did not give a record") }
        return r
    }

    private func path(_ name: String) -> String { scratch + "/" + name }

    private func literal(_ path: String) -> String { "\"" + path + "\"" }

    private func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// An FLS literal for a row-major matrix; Swift's Double text reads back exactly.
    private func matrixLiteral(_ values: [Double], rows: Int, cols: Int) -> String {
        "["
            + (0..<rows).map { i in "[" + (0..<cols).map { "\(values[i * cols + $0])" }.joined(separator: ", ") + "]" }
            .joined(separator: ",\n") + "]"
    }

    // MARK: Plots

    func testHistogramCountsLikeNumpyAndSkipsNaN() throws {
        let h = try plot(
            """
            x = [0.5, 1.5, 1.5, 2.5, 0.0]
            x[4] = 0.0 / 0.0
            hist(x, bins=3, title="scores", xlabel="score")
            """)
        XCTAssertEqual(h.summary, "<plot hist \"scores\": 3 bins>")
        guard case .histogram(let histogram) = h.plot.content else { return XCTFail("not a histogram") }
        XCTAssertEqual(histogram.counts, [1, 2, 1])
        XCTAssertEqual(histogram.edges, [0.5, 1.1666666666666665, 1.8333333333333333, 2.5])
        XCTAssertEqual(try h.field("title")?.asString(), "scores")
        XCTAssertEqual(try h.field("xlabel")?.asString(), "score")
        XCTAssertEqual(try h.field("ylabel")?.asString(), "count", "ylabel defaults to count")

        let edges = try plot("hist([0.5, 1.5, 2, 2.5, 9], bins=[0, 1, 3])")
        guard case .histogram(let byEdges) = edges.plot.content else { return XCTFail("not a histogram") }
        XCTAssertEqual(byEdges.counts, [1, 3], "9 is outside the edges")
    }

    func testScatterColoursByCategoryOrValue() throws {
        let names = try plot("scatter([1, 2, 3, 4], [4, 3, 2, 1], color=[\"bob\", \"al\", \"bob\", \"cy\"])")
        XCTAssertEqual(names.summary, "<plot scatter: 4 points, 3 labels>")
        XCTAssertEqual(names.plot.legendEntries, ["al", "bob", "cy"])

        let ids = try plot("scatter([1, 2, 3], [1, 2, 3], color=[10, 2, 10])")
        XCTAssertEqual(ids.plot.legendEntries, ["2", "10"], "integer labels sort numerically")

        let values = try plot("scatter([1, 2, 3], [1, 2, 3], color=[0.1, 0.5, 0.9])")
        XCTAssertEqual(values.summary, "<plot scatter: 3 points, coloured by value>")
        guard case .scatter(_, _, .values(let v)) = values.plot.content else { return XCTFail("not coloured by value") }
        XCTAssertEqual(v, [0.1, 0.5, 0.9])

        let pairs = try plot("scatter([[1, 10], [2, 20], [3, 30]])")
        guard case .scatter(let x, let y, .single) = pairs.plot.content else { return XCTFail("not a plain scatter") }
        XCTAssertEqual(x, [1, 2, 3])
        XCTAssertEqual(y, [10, 20, 30])
    }

    func testLineDrawsOneSeriesPerColumn() throws {
        let h = try plot("line([0, 1, 2], [[1, 5], [2, 6], [3, 7]], labels=[\"train\", \"test\"])")
        XCTAssertEqual(h.summary, "<plot line: 2 series, 3 points>")
        guard case .lines(let series) = h.plot.content else { return XCTFail("not a line plot") }
        XCTAssertEqual(series.map(\.y), [[1, 2, 3], [5, 6, 7]])
        XCTAssertEqual(h.plot.legendEntries, ["train", "test"])

        let alone = try plot("line([4, 1, 3])")
        guard case .lines(let one) = alone.plot.content else { return XCTFail("not a line plot") }
        XCTAssertEqual(one.first?.x, [0, 1, 2], "line(y) plots against 0, 1, 2, ...")
    }

    func testBarTakesLabelsAndValues() throws {
        let h = try plot("c = count_by([3, 3, 7])\nbar(c.values, c.counts, title=\"frames\")")
        XCTAssertEqual(h.summary, "<plot bar \"frames\": 2 bars>")
        guard case .bars(let labels, let values) = h.plot.content else { return XCTFail("not a bar chart") }
        XCTAssertEqual(labels, ["3", "7"])
        XCTAssertEqual(values, [2, 1])
    }

    func testPlotIsAPictureForNotebooks() throws {
        let value = try evaluate("scatter([1, 2, 3], [3, 1, 2], title=\"demo\")")
        let png = try XCTUnwrap(Pictures.png(for: value), "a plot renders as a picture")
        XCTAssertEqual(png.width, 800)
        XCTAssertEqual(png.height, 500)
        XCTAssertEqual(VizFixtures.pngSize(png.png).map { [$0.0, $0.1] }, [800, 500])
        XCTAssertEqual(png.alt, "<plot scatter \"demo\": 3 points>")
        XCTAssertEqual(printText(value), "<plot scatter \"demo\": 3 points>")
    }

    // MARK: Images

    func testMontageTilesImagesWithGaps() throws {
        // Three 4x5 images of distinct colours, two per row.
        let m = try array(
            """
            imgs = astype(zeros([3, 4, 5, 3]), "u8")
            imgs[0] = 10
            imgs[1] = 120
            imgs[2] = 250
            montage(imgs, cols=2)
            """)
        XCTAssertEqual(m.shape, [14, 16, 3])
        guard case .u8(let p) = m.storage else { return XCTFail("montage must be u8") }
        func pixel(_ x: Int, _ y: Int) -> UInt8 { p[(y * 16 + x) * 3] }
        XCTAssertEqual(pixel(0, 0), 255, "the border is white")
        XCTAssertEqual(pixel(2, 2), 10, "first tile at the gap")
        XCTAssertEqual(pixel(9, 2), 120, "second tile after one cell")
        XCTAssertEqual(pixel(2, 8), 250, "third tile on the second row")
        XCTAssertEqual(pixel(9, 8), 255, "the empty cell stays white")

        let captioned = try array("montage(astype(zeros([2, 32, 32, 3]), \"u8\"), labels=[\"a\", \"b\"])")
        XCTAssertGreaterThan(captioned.shape[0], 36, "captions add a strip under the tiles")
    }

    func testEmbeddingPlotIsAnImageOfTheRequestedSize() throws {
        let e = try array(
            """
            crops = astype(full([6, 8, 8, 3], 90), "u8")
            embedding_plot(randn([6, 2]), crops, labels=["a", "a", "b", "b", "c", "c"], size=300)
            """)
        XCTAssertEqual(e.shape, [300, 300, 3])
        XCTAssertEqual(e.dtype, .u8)
    }

    // MARK: Files

    func testSavePNGWritesPlotsAtTheRequestedSize() throws {
        let r = try record("save_png(\(literal(path("h.png"))), hist(randn(100)), width=400, height=300)")
        XCTAssertEqual(r["width"]?.asInt(), 400)
        XCTAssertEqual(r["height"]?.asInt(), 300)
        let size = try XCTUnwrap(VizFixtures.pngSize(try bytes(path("h.png"))))
        XCTAssertEqual([size.0, size.1], [400, 300])
    }

    func testSavePNGKeepsImagePixelsExactly() throws {
        let a = try array(
            """
            img = astype(floor(rand([7, 9, 3]) * 256), "u8")
            save_png(\(literal(path("img.png"))), img)
            img
            """)
        guard case .u8(let pixels) = a.storage else { return XCTFail("not u8") }
        let (w, h, _, decoded) = try VizFixtures.decodeWithPillow(try bytes(path("img.png")))
        XCTAssertEqual([w, h], [9, 7])
        XCTAssertEqual(decoded, pixels.array, "PNG is lossless")
    }

    func testSavePNGOfAStackIsAMontage() throws {
        _ = try evaluate("save_png(\(literal(path("stack.png"))), astype(zeros([3, 4, 5, 3]), \"u8\"))")
        let size = try XCTUnwrap(VizFixtures.pngSize(try bytes(path("stack.png"))))
        XCTAssertEqual([size.0, size.1], [23, 8], "three 5x4 tiles in one row with 2-pixel gaps")
    }

    func testSaveSVGWritesAVectorDocument() throws {
        let r = try record(
            "save_svg(\(literal(path("b.svg"))), bar([\"a\", \"b\"], [3, 5], title=\"votes\", xlabel=\"who\"), width=400, height=300)"
        )
        XCTAssertEqual(r["path"]?.asString(), path("b.svg"))
        let svg = String(decoding: try bytes(path("b.svg")), as: UTF8.self)
        XCTAssertTrue(svg.hasPrefix("<?xml"), "an XML document")
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.contains("width=\"400"), "the requested width")
        XCTAssertTrue(svg.contains("<title>votes</title>"))
        XCTAssertTrue(svg.contains("<desc>x: who; y: </desc>") || svg.contains("<desc>x: who</desc>"))
        XCTAssertTrue(svg.hasSuffix("</svg>\n") || svg.hasSuffix("</svg>"))
    }

    // MARK: Embeddings

    func testPCAMatchesNumpy() throws {
        let cases = try XCTUnwrap(VizFixtures.json("pca.json") as? [String: [String: Any]])
        for name in ["tall", "wide"] {
            let c = try XCTUnwrap(cases[name])
            let rows = try XCTUnwrap(c["rows"] as? Int), cols = try XCTUnwrap(c["cols"] as? Int),
                k = try XCTUnwrap(c["k"] as? Int)
            let x = try XCTUnwrap(c["x"] as? [Double])
            let r = try record("pca(\(matrixLiteral(x, rows: rows, cols: cols)), k=\(k))")
            XCTAssertEqual(r.keys, ["coords", "components", "explained"])
            for (key, fixtureKey, shape) in [
                ("coords", "coords", [rows, k]), ("components", "components", [k, cols]),
                ("explained", "explained_variance", [k]),
            ] {
                guard case .array(let a)? = r[key], case .f64(let got) = a.storage else {
                    return XCTFail("\(key) is not f64")
                }
                XCTAssertEqual(a.shape, shape, "\(name) \(key) shape")
                let expected = try XCTUnwrap(c[fixtureKey] as? [Double])
                XCTAssertEqual(got.count, expected.count)
                for (g, e) in zip(got, expected) {
                    XCTAssertEqual(g, e, accuracy: 1e-8 * max(1, abs(e)), "\(name) \(key)")
                }
            }
        }
    }

    func testTSNESeparatesClustersAndShowsProgress() throws {
        let host = ProgressHost()
        let code = """
            x = concat(list(randn([15, 5]), randn([15, 5]) + 12))
            tsne(x, perplexity=6, seed=3)
            """
        guard case .array(let e) = try evaluate(code, host: host), case .f64(let y) = e.storage else {
            return XCTFail("not f64")
        }
        XCTAssertEqual(e.shape, [30, 2])
        // Every point is nearer its own cluster's centre than the other's.
        func centre(_ r: Range<Int>) -> (Double, Double) {
            (r.map { y[2 * $0] }.reduce(0, +) / Double(r.count), r.map { y[2 * $0 + 1] }.reduce(0, +) / Double(r.count))
        }
        let a = centre(0..<15), b = centre(15..<30)
        for i in 0..<30 {
            let da = hypot(y[2 * i] - a.0, y[2 * i + 1] - a.1), db = hypot(y[2 * i] - b.0, y[2 * i + 1] - b.1)
            XCTAssertEqual(da < db, i < 15, "point \(i) is in the wrong cluster")
        }
        XCTAssertTrue(host.errors.hasPrefix("\rtsne: 30 points"), host.errors)
        XCTAssertTrue(host.errors.contains("\rtsne: iteration 50/1000, KL divergence "), host.errors)
        XCTAssertTrue(host.errors.hasSuffix("\n"), "the progress line is ended")

        guard case .array(let again) = try evaluate(code) else { return XCTFail("not an array") }
        XCTAssertEqual(again.storage.doubles, y.array, "the same seed gives the same map")
    }

    func testTSNEStopsOnCtrlC() throws {
        let host = ProgressHost()
        // Ctrl-C arrives while the run is starting.
        host.onProgress = {
            if host.errors.contains("computing neighbours") && !host.errors.contains("\n") { Interrupt.request() }
        }
        let message = errorMessage("tsne(randn([40, 3]), perplexity=5)", host: host)
        XCTAssertEqual(message, "interrupted")
        XCTAssertFalse(Interrupt.requested, "the flag is cleared for the next input")
        XCTAssertFalse(host.errors.contains("iteration 100/"), "the run stopped early")
    }

    func testProjectorWritesTensorBoardFiles() throws {
        let dir = path("proj")
        let r = try record(
            """
            v = normalize(astype(randn([6, 4]), "f32"))
            imgs = astype(full([6, 8, 8, 3], 128), "u8")
            projector(\(literal(dir)), v, labels={person: [0, 0, 1, 1, 2, 2], video: ["a", "b", "a", "b", "a", "b"]}, images=imgs)
            """)
        XCTAssertEqual(r["count"]?.asInt(), 6)
        XCTAssertEqual(r["dims"]?.asInt(), 4)
        XCTAssertEqual(r["sprite"]?.asString(), dir + "/sprite.png")
        let tensors = String(decoding: try bytes(dir + "/tensors.tsv"), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(tensors.count, 6)
        XCTAssertTrue(tensors.allSatisfy { $0.split(separator: "\t").count == 4 })
        let metadata = String(decoding: try bytes(dir + "/metadata.tsv"), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(metadata.first, "person\tvideo", "several columns get a header line")
        XCTAssertEqual(metadata.count, 7)
        XCTAssertEqual(metadata[4], "1\tb")
        let config = String(decoding: try bytes(dir + "/projector_config.pbtxt"), as: UTF8.self)
        XCTAssertTrue(config.contains("sprite {"))
        XCTAssertEqual(VizFixtures.pngSize(try bytes(dir + "/sprite.png")).map { [$0.0, $0.1] }, [24, 24])

        let plain = try record("projector(\(literal(path("plain"))), randn([3, 2]))")
        XCTAssertEqual(plain["sprite"].map { displayText($0) }, "null")
        let labels = String(decoding: try bytes(path("plain") + "/metadata.tsv"), as: UTF8.self)
        XCTAssertEqual(labels, "0\n1\n2\n", "without labels, rows are numbered")
    }

    // MARK: Errors

    func testBadInputIsAnErrorNamingPrimitiveAndParameter() {
        let u8 = "astype(zeros([2, 4, 4, 3]), \"u8\")"
        let cases: [(String, String)] = [
            ("hist([\"a\", \"b\"])", "hist: argument 'x' must be a numeric array, got str[2]"),
            ("hist([1, 2], bins=0)", "hist: argument 'bins' must be between 1"),
            ("scatter([1, 2, 3], [1, 2])", "scatter: argument 'y' must have one value per point"),
            (
                "scatter([1, 2], [1, 2], color=[\"a\"])",
                "scatter: argument 'color' must have one entry per point: got 1 for 2 points"
            ),
            ("scatter(randn([4, 3]))", "scatter: argument 'x' must be an [n, 2] array"),
            (
                "line([1, 2], [[1, 2], [3, 4]], labels=[\"a\"])",
                "line: argument 'labels' must name each of the 2 series"
            ),
            ("line([1, 2, 3], [1, 2])", "line: argument 'y' must have one row per x value"),
            ("bar([\"a\"], [1, 2])", "bar: argument 'values' must have one value per label"),
            ("montage(zeros([2, 4, 4, 3]))", "montage: argument 'images' must be a u8[N,H,W,3] array"),
            ("montage(\(u8), cols=0)", "montage: argument 'cols' must be between 1"),
            (
                "montage(list(\(u8)[0], astype(zeros([5, 4, 3]), \"u8\")))",
                "montage: argument 'images' must hold images of one size"
            ),
            ("save_png(\"\(path("x.png"))\", [1, 2, 3])", "save_png: argument 'value' must be"),
            ("save_png(\"\(path("x.png"))\", hist([1]), width=5)", "save_png: argument 'width' must be between 16"),
            ("save_png(\"\(path("no/such/dir/x.png"))\", \(u8)[0])", "cannot write"),
            ("save_svg(\"\(path("x.svg"))\", \(u8)[0])", "save_svg: argument 'plot' must be a plot"),
            ("pca([1, 2, 3])", "pca: argument 'x' must be a 2-d numeric array"),
            ("pca(zeros([5, 3]), k=4)", "pca: argument 'k' must be between 1 and 3, got 4"),
            ("x = randn([5, 3])\nx[0, 0] = 1.0 / 0.0\npca(x)", "pca input contains NaN or infinite values"),
            ("tsne(randn([10, 3]))", "tsne: argument 'perplexity' must be smaller than the number of points (10)"),
            ("tsne(randn([10, 3]), dims=3, perplexity=2)", "tsne: argument 'dims' must be 2"),
            ("tsne(randn([10, 3]), perplexity=-1)", "tsne: argument 'perplexity' must be a positive number"),
            ("embedding_plot(randn([2, 3]), \(u8))", "embedding_plot: argument 'coords' must be an [n, 2] array"),
            ("embedding_plot(randn([3, 2]), \(u8))", "embedding_plot: argument 'images' must hold one image per point"),
            (
                "embedding_plot(randn([2, 2]), \(u8), size=50)",
                "embedding_plot: argument 'size' must be between 200 and 8192"
            ),
            (
                "projector(\"\(path("p"))\", randn([3, 2]), labels=[\"a\"])",
                "projector: argument 'labels' must have one entry per point"
            ),
            (
                "projector(\"\(path("p"))\", randn([3, 2]), labels={a: [1, 2]})",
                "projector: argument 'labels' field 'a' must have one entry per vector"
            ),
            ("projector(\"\(path("p"))\", randn(3))", "projector: argument 'vectors' must be a 2-d numeric array"),
        ]
        for (code, fragment) in cases {
            guard let message = errorMessage(code) else {
                XCTFail("expected an error from: \(code)")
                continue
            }
            XCTAssertTrue(message.contains(fragment), "\(code)\n  message: \(message)\n  lacks:   \(fragment)")
        }
    }
}
