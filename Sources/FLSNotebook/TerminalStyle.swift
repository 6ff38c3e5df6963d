/// The text attributes the terminal renderer uses, and their ANSI SGR codes.
struct TerminalStyle: OptionSet, Hashable {
    let rawValue: Int

    static let bold = TerminalStyle(rawValue: 1 << 0)
    static let italic = TerminalStyle(rawValue: 1 << 1)
    static let underline = TerminalStyle(rawValue: 1 << 2)
    static let dim = TerminalStyle(rawValue: 1 << 3)
    static let code = TerminalStyle(rawValue: 1 << 4)
    static let link = TerminalStyle(rawValue: 1 << 5)
    static let keyword = TerminalStyle(rawValue: 1 << 6)
    static let string = TerminalStyle(rawValue: 1 << 7)
    static let number = TerminalStyle(rawValue: 1 << 8)
    static let comment = TerminalStyle(rawValue: 1 << 9)
    static let error = TerminalStyle(rawValue: 1 << 10)
    static let prompt = TerminalStyle(rawValue: 1 << 11)

    /// The SGR parameters for this style, such as `1;4`, or nil for plain text.
    var sgrParameters: String? {
        var codes: [String] = []
        if contains(.bold) { codes.append("1") }
        if contains(.dim) { codes.append("2") }
        if contains(.italic) { codes.append("3") }
        if contains(.underline) || contains(.link) { codes.append("4") }
        // Colours: at most one foreground wins, the most specific first.
        if contains(.error) {
            codes.append("31")
        } else if contains(.comment) {
            codes.append("90")
        } else if contains(.keyword) {
            codes.append("35")
        } else if contains(.string) {
            codes.append("32")
        } else if contains(.number) {
            codes.append("33")
        } else if contains(.code) {
            codes.append("36")
        } else if contains(.link) {
            codes.append("34")
        } else if contains(.prompt) {
            codes.append("32")
        }
        return codes.isEmpty ? nil : codes.joined(separator: ";")
    }

    /// The text wrapped in this style's escape codes, or the text itself when colour is off.
    func apply(_ text: String, color: Bool) -> String {
        guard color, !text.isEmpty, let parameters = sgrParameters else { return text }
        return "\u{1B}[" + parameters + "m" + text + "\u{1B}[0m"
    }
}
