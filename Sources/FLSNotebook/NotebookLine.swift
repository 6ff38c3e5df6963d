/// One physical line of a notebook file, kept with its exact terminator.
///
/// Storing the terminator per line is what makes parse-then-print lossless
/// for files that mix `\n` and `\r\n`, or that lack a final newline.
public struct NotebookLine: Equatable, Sendable {
    /// The line's text without its terminator.
    public var text: String
    /// The terminator as it was in the file: `"\n"`, `"\r\n"`, or `""` for a last line without one.
    public var ending: String

    /// Creates a line from its text and terminator.
    public init(text: String, ending: String = "\n") {
        self.text = text
        self.ending = ending
    }

    /// True when the line holds only spaces and tabs (or nothing).
    var isBlank: Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
