// The short index of primitive families (`fls help`, `:help`) and one
// family's listing (`fls help Data`, `:help Data`).

extension HelpText {
    /// The families in registry order with their primitives' names, wrapped to `width` columns.
    public static func familyIndex(_ table: PrimitiveTable, width: Int = 78) -> String {
        var families: [String] = []
        var byFamily: [String: [String]] = [:]
        for p in table.entries {
            if byFamily[p.family] == nil { families.append(p.family) }
            byFamily[p.family, default: []].append(p.name)
        }
        let column = (families.map(\.count).max() ?? 0) + 4
        var out = ""
        for family in families {
            let names = (byFamily[family] ?? []).sorted()
            var line = "  " + family.padding(to: column - 2)
            var first = true
            for name in names {
                let piece = (first ? "" : " ") + name
                if !first && line.count + piece.count > width {
                    out += line + "\n"
                    line = String(repeating: " ", count: column) + name
                } else {
                    line += piece
                }
                first = false
            }
            out += line + "\n"
        }
        return out
    }

    /// The family whose name matches `name` (ignoring case), or nil.
    public static func familyName(_ name: String, in table: PrimitiveTable) -> String? {
        let lower = name.lowercased()
        return table.entries.first { $0.family.lowercased() == lower }?.family
    }

    /// One family's primitives, one line each with its summary.
    public static func family(_ family: String, in table: PrimitiveTable) -> String {
        var out = "\(family) (help(\"name\") for details):\n"
        for p in table.entries.filter({ $0.family == family }).sorted(by: { $0.name < $1.name }) {
            out += "  \(p.name.padding(to: 18)) \(p.summary)\n"
        }
        return out
    }
}
