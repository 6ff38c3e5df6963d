import FLSFormats

/// Renders a notebook to Jupyter's nbformat 4.5 JSON, with the outputs of the cells that ran.
///
/// Cell ids are `cell-N` (N the 1-based cell position) so that rendering
/// the same notebook twice gives the same file.
public struct IpynbRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// The `.ipynb` JSON text, ending with a newline.
    public func render(notebook: Notebook, results: [CellResult]) -> String {
        let byCell = Dictionary(results.map { ($0.cellIndex, $0) }, uniquingKeysWith: { _, last in last })
        var cells: [JSONValue] = []
        var number = 0
        for (index, cell) in notebook.cells.enumerated() {
            let id = JSONValue.string("cell-\(index + 1)")
            switch cell.kind {
            case .markdown:
                cells.append(
                    .object([
                        ("cell_type", .string("markdown")), ("id", id), ("metadata", metadata(cell)),
                        ("source", IpynbRenderer.lines(cell.markdown.trimmingBlankLines())),
                    ]))
            case .raw:
                cells.append(
                    .object([
                        ("cell_type", .string("raw")), ("id", id), ("metadata", metadata(cell)),
                        ("source", IpynbRenderer.lines(cell.source.trimmingBlankLines())),
                    ]))
            case .code:
                number += 1
                let result = byCell[index]
                let count: JSONValue = result == nil ? .null : .int(Int64(number))
                let outputs = (result?.outputs ?? []).map { output(for: $0, count: count) }
                cells.append(
                    .object([
                        ("cell_type", .string("code")), ("execution_count", count), ("id", id),
                        ("metadata", metadata(cell)), ("outputs", .array(outputs)),
                        ("source", IpynbRenderer.lines(cell.source.trimmingBlankLines())),
                    ]))
            }
        }
        let document = JSONValue.object([
            ("cells", .array(cells)),
            (
                "metadata",
                .object([
                    (
                        "kernelspec",
                        .object([
                            ("display_name", .string("FLS")), ("language", .string("fls")), ("name", .string("fls")),
                        ])
                    ),
                    (
                        "language_info",
                        .object([
                            ("file_extension", .string(".fls")), ("name", .string("fls")),
                        ])
                    ),
                ])
            ),
            ("nbformat", .int(4)),
            ("nbformat_minor", .int(5)),
        ])
        // nbformat writes one space per level, as Jupyter does.
        return JSON.serialize(document, pretty: true, indent: 1) + "\n"
    }

    /// The cell's metadata: its title, when it has one, as Jupytext stores it.
    private func metadata(_ cell: NotebookCell) -> JSONValue {
        cell.title.isEmpty ? .object([]) : .object([("title", .string(cell.title))])
    }

    private func output(for output: CellOutput, count: JSONValue) -> JSONValue {
        switch output {
        case .text(let text):
            return .object([
                ("name", .string("stdout")), ("output_type", .string("stream")), ("text", IpynbRenderer.lines(text)),
            ])
        case .value(let value):
            return .object([
                ("data", .object([("text/plain", IpynbRenderer.lines(value))])),
                ("execution_count", count), ("metadata", .object([])), ("output_type", .string("execute_result")),
            ])
        case .error(let message, let rendered):
            let traceback = (rendered.isEmpty ? message : rendered).trimmingTrailingNewline()
                .split(separator: "\n", omittingEmptySubsequences: false).map { JSONValue.string(String($0)) }
            return .object([
                ("ename", .string("Error")), ("evalue", .string(message)), ("output_type", .string("error")),
                ("traceback", .array(traceback)),
            ])
        case .image(let png, let width, let height, let alt):
            return .object([
                (
                    "data",
                    .object([
                        ("image/png", .string(Base64.encode(png))),
                        ("text/plain", IpynbRenderer.lines(alt.isEmpty ? "<image \(width)x\(height)>" : alt)),
                    ])
                ),
                (
                    "metadata",
                    .object([
                        (
                            "image/png",
                            .object([("height", .int(Int64(max(0, height)))), ("width", .int(Int64(max(0, width))))])
                        )
                    ])
                ),
                ("output_type", .string("display_data")),
            ])
        }
    }

    /// Jupyter's multiline string: a list of lines, each but the last keeping its `\n`.
    static func lines(_ text: String) -> JSONValue {
        guard !text.isEmpty else { return .array([]) }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        parts[parts.count - 1].removeLast()
        if parts[parts.count - 1].isEmpty { parts.removeLast() }
        return .array(parts.map(JSONValue.string))
    }
}
