/// One thing a code cell produced when it ran, in the order it was produced.
public enum CellOutput: Equatable, Sendable {
    /// Text the cell printed.
    case text(String)
    /// The display text of the value of the cell's last expression.
    case value(String)
    /// An error: its one-sentence message and the rendered `file:line:col` text with the source line and caret.
    case error(message: String, rendered: String)
    /// A picture as PNG bytes, its size in pixels and a text description.
    case image(png: [UInt8], width: Int, height: Int, alt: String)
}
