/// A stretch of text that shares one terminal style.
struct StyledRun: Equatable {
    var text: String
    var style: TerminalStyle

    init(_ text: String, _ style: TerminalStyle = []) {
        self.text = text
        self.style = style
    }
}
