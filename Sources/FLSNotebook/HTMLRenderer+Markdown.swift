/// The CommonMark-subset to HTML conversion used for prose cells.
extension HTMLRenderer {
    /// Converts Markdown to an HTML fragment; all text is escaped and unsafe link schemes are dropped.
    public static func markdownToHTML(_ markdown: String) -> String {
        blocksToHTML(MarkdownParser.parse(markdown))
    }

    static func blocksToHTML(_ blocks: [MarkdownBlock], tight: Bool = false) -> String {
        var html = ""
        for block in blocks {
            switch block {
            case .heading(let level, let content):
                html += "<h\(level)>" + inlinesToHTML(content) + "</h\(level)>\n"
            case .paragraph(let content):
                html += tight ? inlinesToHTML(content) + "\n" : "<p>" + inlinesToHTML(content) + "</p>\n"
            case .code(let info, let text):
                let language = info.lowercased()
                let code = language == "fls" ? highlight(text) : escape(text)
                let attribute = info.isEmpty ? "" : " class=\"language-\(escape(language))\""
                html += "<pre><code\(attribute)>" + code + "</code></pre>\n"
            case .list(let ordered, let start, let items):
                let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
                html += open + "\n"
                for item in items {
                    // Items made of one paragraph (plus nested lists) print without <p>, as tight lists do.
                    let isTight = item.allSatisfy {
                        if case .paragraph = $0 { return true }
                        if case .list = $0 { return true }
                        return false
                    }
                    let inner = blocksToHTML(item, tight: isTight)
                    html += "<li>" + (inner.hasSuffix("\n") ? String(inner.dropLast()) : inner) + "</li>\n"
                }
                html += ordered ? "</ol>\n" : "</ul>\n"
            case .quote(let inner):
                html += "<blockquote>\n" + blocksToHTML(inner) + "</blockquote>\n"
            case .rule:
                html += "<hr>\n"
            case .table(let header, let alignments, let rows):
                html += "<div class=\"table\"><table>\n<thead><tr>"
                for (column, cell) in header.enumerated() {
                    html += "<th\(alignAttribute(alignments[column]))>" + inlinesToHTML(cell) + "</th>"
                }
                html += "</tr></thead>\n"
                if !rows.isEmpty {
                    html += "<tbody>\n"
                    for row in rows {
                        html += "<tr>"
                        for (column, cell) in row.enumerated() {
                            html += "<td\(alignAttribute(alignments[column]))>" + inlinesToHTML(cell) + "</td>"
                        }
                        html += "</tr>\n"
                    }
                    html += "</tbody>\n"
                }
                html += "</table></div>\n"
            }
        }
        return html
    }

    static func inlinesToHTML(_ inlines: [MarkdownInline]) -> String {
        inlines.map { inline -> String in
            switch inline {
            case .text(let text): return escape(text)
            case .code(let code): return "<code>" + escape(code) + "</code>"
            case .emphasis(let inner): return "<em>" + inlinesToHTML(inner) + "</em>"
            case .strong(let inner): return "<strong>" + inlinesToHTML(inner) + "</strong>"
            case .link(let text, let url, let title):
                let titleAttribute = title.isEmpty ? "" : " title=\"\(escape(title))\""
                guard let safe = safeURL(url, image: false) else { return inlinesToHTML(text) }
                return "<a href=\"\(escape(safe))\"\(titleAttribute)>" + inlinesToHTML(text) + "</a>"
            case .image(let alt, let url):
                guard let safe = safeURL(url, image: true) else { return escape(alt) }
                return "<img src=\"\(escape(safe))\" alt=\"\(escape(alt))\">"
            case .lineBreak: return "<br>\n"
            case .softBreak: return "\n"
            }
        }.joined()
    }

    /// The URL when its scheme is harmless (http, https, mailto, relative; PNG/JPEG/GIF data for images), else nil.
    static func safeURL(_ url: String, image: Bool) -> String? {
        let trimmed = url.trimmingSpaces()
        // Scalars, not characters: a "prepend" scalar (U+0D4E) before the
        // colon would otherwise hide it inside one grapheme cluster.
        let lower = String(trimmed.lowercased().unicodeScalars)
        let scalars = lower.unicodeScalars
        guard let colon = scalars.firstIndex(of: ":") else { return trimmed }
        // A colon after a slash, `?` or `#` is not a scheme separator: the URL is relative.
        if scalars[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return trimmed }
        let scheme = String(scalars[..<colon])
        if scheme == "http" || scheme == "https" || scheme == "mailto" { return trimmed }
        if image,
            lower.hasPrefix("data:image/png") || lower.hasPrefix("data:image/jpeg") || lower.hasPrefix("data:image/gif")
        {
            return trimmed
        }
        return nil
    }

    private static func alignAttribute(_ alignment: MarkdownBlock.Alignment) -> String {
        switch alignment {
        case .none: return ""
        case .left: return " style=\"text-align:left\""
        case .center: return " style=\"text-align:center\""
        case .right: return " style=\"text-align:right\""
        }
    }
}
