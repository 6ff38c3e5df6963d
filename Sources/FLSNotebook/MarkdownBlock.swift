/// A block of a Markdown document, as the CommonMark-subset parser reads it.
public indirect enum MarkdownBlock: Equatable, Sendable {
    /// How a table column is aligned.
    public enum Alignment: Equatable, Sendable {
        case none, left, center, right
    }

    /// An ATX (`## Title`) or setext (underlined) heading, level 1 to 6.
    case heading(level: Int, content: [MarkdownInline])
    /// A paragraph of inline content.
    case paragraph([MarkdownInline])
    /// A fenced or indented code block with its info string (`fls`, or empty).
    case code(info: String, text: String)
    /// A bulleted or numbered list; each item is a list of blocks.
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    /// A `>` block quote.
    case quote([MarkdownBlock])
    /// A thematic break (`---`).
    case rule
    /// A pipe table: header cells, column alignments and body rows.
    case table(header: [[MarkdownInline]], alignments: [Alignment], rows: [[[MarkdownInline]]])
}
