// Help text for primitives, shared by help(), `fls help NAME` and `:help`.

/// Renders registry entries as plain text.
public enum HelpText {
    /// One primitive: signature, summary, doc, examples.
    public static func render(_ p: Primitive) -> String {
        var out = "\(p.signature)\n    \(p.summary)\n"
        if !p.doc.isEmpty {
            out += "\n" + wrap(p.doc, width: 76, indent: "    ") + "\n"
        }
        if !p.examples.isEmpty {
            out += "\n    Examples:\n"
            for e in p.examples {
                for line in e.code.split(separator: "\n", omittingEmptySubsequences: false) {
                    out += "      > \(line)\n"
                }
                for line in e.output.split(separator: "\n", omittingEmptySubsequences: false) where !e.output.isEmpty {
                    out += "      \(line)\n"
                }
            }
        }
        return out
    }

    /// Every primitive, grouped by family, one line each.
    public static func overview(_ table: PrimitiveTable) -> String {
        var families: [String] = []
        var byFamily: [String: [Primitive]] = [:]
        for p in table.entries {
            if byFamily[p.family] == nil { families.append(p.family) }
            byFamily[p.family, default: []].append(p)
        }
        var out = "Primitives (help(\"name\") for details):\n"
        for family in families {
            out += "\n\(family)\n"
            for p in (byFamily[family] ?? []).sorted(by: { $0.name < $1.name }) {
                let name = p.name.padding(to: 18)
                out += "  \(name) \(p.summary)\n"
            }
        }
        return out
    }

    /// Greedy word wrap, keeping blank-line paragraph breaks.
    static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if paragraph.isEmpty {
                lines.append("")
                continue
            }
            var line = indent
            for word in paragraph.split(separator: " ") {
                if line.count + word.count + 1 > width && line.count > indent.count {
                    lines.append(line)
                    line = indent
                }
                line += (line.count > indent.count ? " " : "") + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
