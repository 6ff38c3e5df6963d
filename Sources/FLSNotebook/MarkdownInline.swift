/// A piece of inline Markdown content.
public indirect enum MarkdownInline: Equatable, Sendable {
    /// Literal text (never markup: HTML in Markdown stays text).
    case text(String)
    /// An inline code span.
    case code(String)
    /// `*emphasis*` or `_emphasis_`.
    case emphasis([MarkdownInline])
    /// `**strong**` or `__strong__`.
    case strong([MarkdownInline])
    /// `[text](url "title")` or an autolink `<https://...>`.
    case link(text: [MarkdownInline], url: String, title: String)
    /// `![alt](url)`.
    case image(alt: String, url: String)
    /// A line break inside a paragraph that the source made hard (two spaces or `\` at the end).
    case lineBreak
    /// A plain newline inside a paragraph, shown as a space.
    case softBreak

    /// The content as plain text, markup removed.
    public static func plainText(_ inlines: [MarkdownInline]) -> String {
        inlines.map { inline -> String in
            switch inline {
            case .text(let text), .code(let text): return text
            case .emphasis(let inner), .strong(let inner): return plainText(inner)
            case .link(let text, _, _): return plainText(text)
            case .image(let alt, _): return alt
            case .lineBreak: return "\n"
            case .softBreak: return " "
            }
        }.joined()
    }
}
