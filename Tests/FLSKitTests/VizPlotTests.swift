import XCTest

@testable import FLSKit

final class VizPlotTests: XCTestCase {
    /// The style cairo writes for the first palette colour (Okabe-Ito blue) at 90% opacity.
    let barStyle = "fill:rgb(0%,44.705882%,69.803922%);fill-opacity:0.9"

    func testTicksFollowOneTwoFiveSteps() {
        let a = NiceTicks(lo: 0, hi: 97, target: 5)
        XCTAssertEqual(a.step, 20)
        XCTAssertEqual(a.values, [0, 20, 40, 60, 80])
        XCTAssertEqual(a.labels, ["0", "20", "40", "60", "80"])
        let b = NiceTicks(lo: -0.013, hi: 0.041, target: 6)
        XCTAssertEqual(b.step, 0.01, accuracy: 1e-15)
        XCTAssertEqual(b.labels, ["-0.01", "0", "0.01", "0.02", "0.03", "0.04"])
        let c = NiceTicks(lo: 3, hi: 4, target: 4)
        XCTAssertEqual(c.step, 0.5)
        XCTAssertEqual(c.labels, ["3.0", "3.5", "4.0"])
    }

    func testHistogramMatchesNumpy() throws {
        let cases = try XCTUnwrap(VizFixtures.json("histogram.json") as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for (k, item) in cases.enumerated() {
            let values = try XCTUnwrap(item["values"] as? [Double])
            let bins: HistogramBins
            if let n = item["bins"] as? Int {
                bins = .count(n)
            } else {
                bins = .edges(try XCTUnwrap(item["bins"] as? [Double]))
            }
            let h = try Histogram(values, bins: bins)
            let edges = try XCTUnwrap(item["edges"] as? [Double])
            let counts = try XCTUnwrap(item["counts"] as? [Double])
            XCTAssertEqual(h.counts, counts, "case \(k)")
            XCTAssertEqual(h.edges.count, edges.count, "case \(k)")
            for (a, b) in zip(h.edges, edges) { XCTAssertEqual(a, b, accuracy: 1e-12, "case \(k)") }
        }
    }

    func testHistogramSkipsNaNAndRejectsBadEdges() throws {
        let h = try Histogram([1, .nan, 2, 3], bins: .count(2))
        XCTAssertEqual(h.counts, [1, 2])
        XCTAssertThrowsError(try Histogram([1], bins: .edges([0, 2, 1]))) { error in
            XCTAssertEqual(
                (error as? VizError)?.message,
                "Histogram edges must increase monotonically (edge 2 is smaller than edge 1).")
        }
        XCTAssertThrowsError(try Histogram([1], bins: .count(0)))
    }

    func testHistogramSVGDrawsOneBarPerNonEmptyBinWithTitleAndLabels() throws {
        var plot = try Plot.histogram([1, 1, 2, 5, 5, 5, 9, 10], bins: .count(9))
        plot.title = "Widths & <heights>"
        plot.xLabel = "width"
        plot.yLabel = "count"
        let svg = try plot.renderSVG(width: 640, height: 400)
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        XCTAssertTrue(svg.contains("width=\"640pt\" height=\"400pt\""))
        XCTAssertTrue(svg.contains("<title>Widths &amp; &lt;heights&gt;</title>"))
        XCTAssertTrue(svg.contains("<desc>x: width; y: count</desc>"))
        // Bins: [1,2) [2,3) ... [9,10]: counts 2,1,0,0,3,0,0,0,2 -> four non-empty bars.
        XCTAssertEqual(occurrences(of: barStyle, in: svg), 4)
        XCTAssertTrue(svg.hasSuffix("</svg>\n"))
    }

    func testScatterDrawsEveryPointAndASortedCappedLegend() throws {
        let n = 60
        let x = (0..<n).map { Double($0) }, y = (0..<n).map { Double($0 % 7) }
        let plot = try Plot.scatter(x: x, y: y, colors: .labels((0..<n).map { "p\(($0 % 3))" }))
        XCTAssertEqual(plot.legendEntries, ["p0", "p1", "p2"])
        let svg = try plot.renderSVG()
        // Each point is one filled circle path at 85% opacity; the legend adds one per entry.
        XCTAssertEqual(occurrences(of: "fill-opacity:0.85", in: svg), n)
        XCTAssertEqual(occurrences(of: "<path", in: svg) >= n + 3, true)

        let many = try Plot.scatter(x: x, y: y, colors: .integers((0..<n).map { Int64(n - $0) }))
        XCTAssertEqual(many.legendEntries.count, Plot.maxLegendEntries + 1)
        XCTAssertEqual(many.legendEntries.first, "1")
        XCTAssertEqual(many.legendEntries[1], "2")
        XCTAssertEqual(many.legendEntries.last, "… 40 more")
        XCTAssertEqual(try Plot.scatter(x: x, y: y).legendEntries, [])
    }

    func testScatterByValueDrawsAColourBar() throws {
        let plot = try Plot.scatter(x: [0, 1, 2], y: [0, 1, 4], colors: .values([0.1, 0.5, 0.9]))
        let svg = try plot.renderSVG()
        XCTAssertTrue(svg.contains("<linearGradient"))
        XCTAssertEqual(plot.legendEntries, [])
    }

    func testLineDrawsOneStrokePerSeriesAndALegend() throws {
        let t = (0..<50).map { Double($0) }
        let plot = try Plot.line([.init(name: "train", x: t, y: t.map { $0 * $0 }), .init(name: "test", x: t, y: t)])
        XCTAssertEqual(plot.legendEntries, ["train", "test"])
        let svg = try plot.renderSVG()
        // Series lines are the only 2-pixel strokes with round joins (plus one legend swatch each).
        XCTAssertEqual(
            occurrences(
                of: "stroke-width:2;stroke-linecap:round;stroke-linejoin:round;stroke:rgb(0%,44.705882%,69.803922%)",
                in: svg), 1)
        XCTAssertEqual(
            occurrences(
                of: "stroke-width:2;stroke-linecap:round;stroke-linejoin:round;stroke:rgb(90.196078%,62.352941%,0%)",
                in: svg), 1)
        XCTAssertThrowsError(try Plot.line(x: [1, 2], y: [1])) { error in
            XCTAssertEqual((error as? VizError)?.message, "line series 0 has 2 x values but 1 y values.")
        }
    }

    func testBarDrawsOneRectanglePerFiniteValue() throws {
        let plot = try Plot.bar(labels: ["a", "b", "c", "d"], values: [3, -1, .nan, 2])
        let svg = try plot.renderSVG()
        XCTAssertEqual(occurrences(of: barStyle, in: svg), 3)
        XCTAssertThrowsError(try Plot.bar(labels: ["a"], values: [1, 2]))
    }

    func testPNGHasTheRequestedSizeAndDecodes() throws {
        var plot = try Plot.scatter(x: [1, 2, 3], y: [3, 1, 2])
        plot.title = "Three points"
        let png = try plot.renderPNG(width: 320, height: 240)
        XCTAssertEqual(VizFixtures.pngSize(png)?.0, 320)
        XCTAssertEqual(VizFixtures.pngSize(png)?.1, 240)
        let (w, h, mode, rgb) = try VizFixtures.decodeWithPillow(png)
        XCTAssertEqual([w, h], [320, 240])
        XCTAssertEqual(mode, "RGB")
        // White background in the corner, and some dark text or axis pixels somewhere.
        XCTAssertEqual(Array(rgb[0..<3]), [255, 255, 255])
        XCTAssertTrue(
            stride(from: 0, to: rgb.count, by: 3).contains { rgb[$0] < 80 && rgb[$0 + 1] < 80 && rgb[$0 + 2] < 80 })
    }

    func testRenderedImageMatchesPNG() throws {
        let plot = try Plot.bar(labels: ["x", "y"], values: [1, 2])
        let image = try plot.renderImage(width: 200, height: 150)
        let (_, _, _, rgb) = try VizFixtures.decodeWithPillow(try plot.renderPNG(width: 200, height: 150))
        XCTAssertEqual(image.pixels, rgb)
    }

    func testBadSizesAndLengthsAreErrors() throws {
        let plot = try Plot.scatter(x: [1], y: [1])
        XCTAssertThrowsError(try plot.renderPNG(width: 0, height: 100))
        XCTAssertThrowsError(try plot.renderPNG(width: 60, height: 40)) { error in
            XCTAssertEqual(
                (error as? VizError)?.message, "The picture is too small for its labels; use a larger width and height."
            )
        }
        XCTAssertThrowsError(try Plot.scatter(x: [1, 2], y: [1]))
        XCTAssertThrowsError(try Plot.scatter(x: [1, 2], y: [1, 2], colors: .labels(["a"])))
    }
}
