// Renders errors for people: location, the source line, a caret under the
// span, and a hint.
//
//   baseline.fls:3:9: error: name 'sigs' is not defined
//       3 | train = sigs.signatures
//         |         ^^^^
//   hint: did you mean 'sig'?

/// Turns parse failures and runtime errors into text.
public enum DiagnosticRenderer {
    /// Renders any error thrown by `Interpreter.run`.
    public static func render(_ error: Error, color: Bool = false) -> String {
        switch error {
        case let failure as ParseFailure:
            return failure.diagnostics.map { render(message: $0.message, span: $0.span, hint: $0.hint, color: color) }
                .joined(separator: "\n")
        case let d as Diagnostic:
            return render(message: d.message, span: d.span, hint: d.hint, color: color)
        case let e as RuntimeError:
            var text = render(message: e.message, span: e.span, hint: e.hint, color: color)
            // Consecutive identical frames (recursion) collapse into one line.
            var lines: [String] = []
            var i = 0
            while i < e.trace.count && lines.count < 8 {
                var j = i + 1
                while j < e.trace.count && e.trace[j].name == e.trace[i].name
                    && e.trace[j].span.start == e.trace[i].span.start
                { j += 1 }
                let repeats =
                    j - i > 1
                    ? " (\(j - i)\(j == e.trace.count && e.trace.count >= Limits.maxTraceLength ? "+" : "") times)" : ""
                lines.append("  in \(e.trace[i].name)() called at \(e.trace[i].span.locationText)\(repeats)")
                i = j
            }
            if !lines.isEmpty { text += "\n" + lines.joined(separator: "\n") }
            return text
        default:
            return (color ? "\u{1B}[1;31merror:\u{1B}[0m " : "error: ") + "\(error)"
        }
    }

    /// Renders one message at one span.
    public static func render(message: String, span: SourceSpan?, hint: String?, color: Bool) -> String {
        let red = color ? "\u{1B}[1;31m" : ""
        let bold = color ? "\u{1B}[1m" : ""
        let blue = color ? "\u{1B}[34m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = ""
        if let span {
            let (line, column) = span.file.location(of: span.start)
            out +=
                "\(bold)\(span.file.name):\(line):\(column):\(reset) \(red)error:\(reset) \(bold)\(message)\(reset)\n"
            let text = span.file.lineText(line)
            let gutter = String(line)
            let pad = String(repeating: " ", count: gutter.count)
            out += "\(blue)  \(gutter) |\(reset) \(text)\n"
            let (endLine, endColumn) = span.file.location(of: max(span.start, span.end - 1))
            let width = endLine == line ? max(1, endColumn - column + 1) : max(1, text.count - column + 1)
            let prefix = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
            out += "\(blue)  \(pad) |\(reset) \(prefix)\(red)\(String(repeating: "^", count: width))\(reset)"
        } else {
            out += "\(red)error:\(reset) \(bold)\(message)\(reset)"
        }
        if let hint { out += "\n\(blue)hint:\(reset) \(hint)" }
        return out
    }
}
