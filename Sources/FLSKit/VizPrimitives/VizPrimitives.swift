// The "Pictures" family: plots, montages, PCA, t-SNE, embedding pictures and
// TensorBoard's projector as FLS primitives. The drawing and the numerics
// live in Viz/ as plain Swift; these entries turn FLS values into their
// inputs, check them with messages naming the primitive and the parameter,
// and turn the results back into values (arrays, records, plot handles).

import FLS

extension Kit {
    /// hist, scatter, line, bar, plot_keypoints, montage, save_png, save_svg, pca, tsne, embedding_plot, projector.
    static var viz: [Primitive] { VizPrimitives.all }
}

/// The picture primitives, one static property per entry.
enum VizPrimitives {
    /// The family heading in help and docs/primitives.md.
    static let family = "Pictures"

    /// Every entry, in the order help lists them.
    static var all: [Primitive] {
        [
            hist, scatter, line, bar, plotKeypoints, montage, savePNG, saveSVG, pca, tsne, trustworthiness,
            embeddingPlot, projector,
        ]
    }

    /// Runs drawing or numeric code from Viz/, turning its errors into runtime
    /// errors that start with the primitive's name, as every other error does.
    static func running<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VizError {
            throw RuntimeError(phrased(error.message, for: name))
        }
    }

    /// "name: message" without the message's final period, and without
    /// repeating the name when the message already starts with it.
    static func phrased(_ message: String, for name: String) -> String {
        var text = Substring(message)
        if text.hasSuffix(".") { text = text.dropLast() }
        if text.hasPrefix(name + " ") { return String(text) }
        // Lower-case a leading capital ("The montage ...") but not an acronym ("LAPACK ...").
        if let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true {
            text = Substring(first.lowercased()) + text.dropFirst()
        }
        return "\(name): \(text)"
    }
}
