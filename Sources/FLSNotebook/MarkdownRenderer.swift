/// Renders a notebook to Markdown: prose as written, code in ```` ```fls ```` fences, outputs in plain fences.
///
/// Pictures become files beside the document; the renderer returns their
/// bytes and relative paths for the caller to write, so it does no I/O itself.
public struct MarkdownRenderer: Sendable {
    /// A file the Markdown refers to, for the caller to write.
    public struct Asset: Equatable, Sendable {
        /// The path relative to the Markdown file, such as `report_files/cell3_1.png`.
        public var relativePath: String
        /// The PNG bytes.
        public var bytes: [UInt8]
    }

    /// The rendered document and the files it refers to.
    public struct Rendered: Equatable, Sendable {
        /// The Markdown text.
        public var markdown: String
        /// The pictures to write beside it.
        public var assets: [Asset]
    }

    /// The folder, relative to the Markdown file, that pictures go in (conventionally `NAME_files`).
    public var assetsFolder: String

    /// Creates a renderer whose pictures go in `assetsFolder`.
    public init(assetsFolder: String) {
        self.assetsFolder = assetsFolder
    }

    /// Creates a renderer for a Markdown file at `path`, putting pictures in `NAME_files` beside it.
    public init(forOutputPath path: String) {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let name = file.hasSuffix(".md") ? String(file.dropLast(3)) : file
        self.assetsFolder = name + "_files"
    }

    /// Renders the notebook; picture files are named `cellN_K.png`, N the 1-based cell position, K the picture's number in the cell.
    public func render(notebook: Notebook, results: [CellResult]) -> Rendered {
        let byCell = Dictionary(results.map { ($0.cellIndex, $0) }, uniquingKeysWith: { _, last in last })
        var blocks: [String] = []
        var assets: [Asset] = []
        for (index, cell) in notebook.cells.enumerated() {
            switch cell.kind {
            case .markdown:
                let prose = cell.markdown.trimmingBlankLines()
                if !prose.isEmpty { blocks.append(prose) }
            case .raw:
                let raw = cell.source.trimmingBlankLines()
                if !raw.isEmpty { blocks.append(MarkdownRenderer.fenced(raw, info: "")) }
            case .code:
                if !cell.title.isEmpty { blocks.append("**" + MarkdownRenderer.escapeInline(cell.title) + "**") }
                blocks.append(MarkdownRenderer.fenced(cell.source.trimmingBlankLines(), info: "fls"))
                var pictures = 0
                for output in byCell[index]?.outputs ?? [] {
                    switch output {
                    case .text(let text):
                        if !text.isEmpty {
                            blocks.append(MarkdownRenderer.fenced(text.trimmingTrailingNewline(), info: ""))
                        }
                    case .value(let value):
                        blocks.append(MarkdownRenderer.fenced(value.trimmingTrailingNewline(), info: ""))
                    case .error(let message, let rendered):
                        let shown = rendered.isEmpty ? message : rendered
                        blocks.append(MarkdownRenderer.fenced(shown.trimmingTrailingNewline(), info: ""))
                    case .image(let png, _, _, let alt):
                        pictures += 1
                        let path = assetsFolder + "/cell\(index + 1)_\(pictures).png"
                        assets.append(Asset(relativePath: path, bytes: png))
                        blocks.append(
                            "![" + MarkdownRenderer.escapeInline(alt) + "](" + MarkdownRenderer.escapeDestination(path)
                                + ")")
                    }
                }
            }
        }
        return Rendered(markdown: blocks.isEmpty ? "" : blocks.joined(separator: "\n\n") + "\n", assets: assets)
    }

    /// Text in a backtick fence longer than any backtick run inside it.
    static func fenced(_ text: String, info: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + info + "\n" + text + "\n" + fence
    }

    /// Text with the characters that would start Markdown markup escaped.
    static func escapeInline(_ text: String) -> String {
        var out = ""
        for character in text.replacingNewlines() {
            if "\\`*_[]<>#!|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A link destination in angle brackets when it holds spaces or parentheses.
    static func escapeDestination(_ path: String) -> String {
        path.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) ? "<" + path + ">" : path
    }
}
