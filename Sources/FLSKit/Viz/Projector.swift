import FLSFormats
import Foundation

/// Writes TensorBoard's embedding projector files, so that
/// `tensorboard --logdir DIR` (after `pip install tensorboard`; then open
/// http://localhost:6006/#projector) shows the vectors, their labels and, when
/// given, image thumbnails. The paths in the config are relative to DIR, which
/// the projector plugin resolves against the log directory.
public enum Projector {
    /// TensorBoard refuses sprite images larger than this on a side.
    public static let maxSpriteSide = 8192

    /// What was written, with the sprite's layout.
    public struct Output: Equatable {
        /// Paths of the files written.
        public let tensors: String, metadata: String, config: String
        /// Path of sprite.png, nil without images.
        public let sprite: String?
        /// Thumbnails per sprite row and column (ceil(sqrt(n))), 0 without images.
        public let spriteGrid: Int
        /// Size of one thumbnail in the sprite.
        public let thumbnailWidth: Int, thumbnailHeight: Int
    }

    /// Writes `tensors.tsv` (one row of `cols` values per vector), `metadata.tsv`
    /// (one label per line, or with `columns` several tab-separated columns under a
    /// header line), `sprite.png` (a square grid of thumbnails, shrunk so the
    /// sprite stays within 8192 pixels) and `projector_config.pbtxt` into `dir`.
    public static func write(
        dir: String, vectors: [Float], rows n: Int, cols d: Int,
        labels: [String], images: ImageStack? = nil,
        tensorName: String = "embedding"
    ) throws -> Output {
        try write(
            dir: dir, vectors: vectors, rows: n, cols: d, columns: [("label", labels)], images: images,
            tensorName: tensorName)
    }

    /// As `write(dir:vectors:rows:cols:labels:images:)` with several named metadata columns.
    public static func write(
        dir: String, vectors: [Float], rows n: Int, cols d: Int,
        columns: [(name: String, values: [String])], images: ImageStack? = nil,
        tensorName: String = "embedding"
    ) throws -> Output {
        try write(
            dir: dir, vectors: vectors, rows: n, cols: d, columns: columns, images: images,
            tensorName: tensorName, spriteLimit: maxSpriteSide)
    }

    /// The writer, with the sprite's size limit as a parameter so tests can exercise shrinking cheaply.
    static func write(
        dir: String, vectors: [Float], rows n: Int, cols d: Int,
        columns: [(name: String, values: [String])], images: ImageStack?,
        tensorName: String, spriteLimit: Int
    ) throws -> Output {
        let count = try checkedProduct([n, d], what: "The projector vectors")
        guard vectors.count == count, n >= 1, d >= 1 else {
            throw VizError("projector expected \(count) values for [\(n), \(d)] vectors, got \(vectors.count).")
        }
        guard !columns.isEmpty else { throw VizError("projector needs at least one metadata column.") }
        for column in columns where column.values.count != n {
            throw VizError(
                "projector metadata column '\(column.name)' has \(column.values.count) values for \(n) vectors.")
        }
        if let images, images.count != n {
            throw VizError("projector needs one image per vector, got \(images.count) images for \(n) vectors.")
        }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw VizError("Could not create the projector directory \(dir): \(error.localizedDescription)")
        }
        let base = URL(fileURLWithPath: dir)

        // tensors.tsv: Float's description is the shortest text that reads back exactly.
        var tsv = [UInt8]()
        tsv.reserveCapacity(count * 11)
        vectors.withUnsafeBufferPointer { v in
            for i in 0..<n {
                for j in 0..<d {
                    if j > 0 { tsv.append(9) }
                    let x = v[i * d + j]
                    tsv.append(contentsOf: (x.isFinite ? x.description : "0").utf8)
                }
                tsv.append(10)
            }
        }
        let tensors = base.appendingPathComponent("tensors.tsv")
        try save(tsv, to: tensors)

        // metadata.tsv: TensorBoard reads a single column without a header, and
        // expects a header line when there are several.
        func clean(_ s: String) -> String {
            let t = s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : String($0) }.joined()
            return t.isEmpty ? " " : t
        }
        var meta = ""
        if columns.count > 1 { meta += columns.map { clean($0.name) }.joined(separator: "\t") + "\n" }
        for i in 0..<n { meta += columns.map { clean($0.values[i]) }.joined(separator: "\t") + "\n" }
        let metadata = base.appendingPathComponent("metadata.tsv")
        try save(Array(meta.utf8), to: metadata)

        var spritePath: String?
        var grid = 0, tw = 0, th = 0
        if let images {
            grid = Int(Double(n).squareRoot().rounded(.up))
            if grid * grid < n { grid += 1 }
            let fit = Double(spriteLimit) / Double(grid * max(images.width, images.height))
            let factor = min(1, fit)
            tw = max(1, Int((Double(images.width) * factor).rounded(.down)))
            th = max(1, Int((Double(images.height) * factor).rounded(.down)))
            let canvas = try CairoCanvas.image(width: grid * tw, height: grid * th)
            for i in 0..<n {
                canvas.drawTile(
                    images, index: i, x: Double((i % grid) * tw), y: Double((i / grid) * th),
                    width: Double(tw), height: Double(th))
            }
            let url = base.appendingPathComponent("sprite.png")
            try save(try canvas.pngBytes(), to: url)
            spritePath = url.path
        }

        var config =
            "embeddings {\n  tensor_name: \"\(pbEscaped(tensorName))\"\n  tensor_path: \"tensors.tsv\"\n  metadata_path: \"metadata.tsv\"\n"
        if spritePath != nil {
            config += "  sprite {\n    image_path: \"sprite.png\"\n    single_image_dim: [\(tw), \(th)]\n  }\n"
        }
        config += "}\n"
        let configURL = base.appendingPathComponent("projector_config.pbtxt")
        try save(Array(config.utf8), to: configURL)
        return Output(
            tensors: tensors.path, metadata: metadata.path, config: configURL.path,
            sprite: spritePath, spriteGrid: grid, thumbnailWidth: tw, thumbnailHeight: th)
    }

    private static func save(_ bytes: [UInt8], to url: URL) throws {
        // Through the package's writer: an exclusive temporary file renamed
        // into place, so a planted link is never written through.
        do {
            let writer = try FormatFileWriter(path: url.path)
            try writer.write(bytes)
            try writer.finish()
        } catch let error as FormatError {
            throw VizError("Could not write \(url.path): \(error.message)")
        }
    }

    private static func pbEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
