// Whether REPL input is complete, or a continuation prompt should read more.

/// Questions the REPL asks about unfinished input.
public enum InputCompleteness {
    /// True when `text` is an unfinished statement: a bracket, brace or block
    /// is still open, or the last line ends with an operator or a comma.
    /// Input with a real syntax error is complete (so the error is shown).
    /// Comprehensions and `in` / `not in` need nothing more: a comprehension
    /// spanning lines keeps its bracket open, and `in` and `not` continue.
    public static func needsMoreInput(_ text: String) -> Bool {
        let file = SourceFile(name: "<input>", text: text)
        var lexer = Lexer(file: file)
        lexer.run()
        if !lexer.brackets.isEmpty { return true }
        if lexer.diagnostics.contains(where: {
            $0.message.hasPrefix("unterminated f-string") || $0.message.hasPrefix("expect '}' to close the f-string")
        }) {
            return false
        }
        let significant = lexer.tokens.filter { $0.kind != .newline && $0.kind != .eof }
        guard let last = significant.last else { return false }
        // Outside brackets a trailing ':' is Python's block opener (`def f(x):`),
        // an error whose hint should show now rather than after more lines.
        if last.isOp(.colon) { return false }
        // `n++` and `n--` are C's increments, not an operator awaiting its operand.
        if significant.count >= 2, last.isOp(.plus) || last.isOp(.minus) {
            let before = significant[significant.count - 2]
            if before.op == last.op && before.end == last.start { return false }
        }
        if let o = last.op, !o.closesBracket { return true }
        if let k = last.keyword, [.and, .or, .not, .in, .else].contains(k) { return true }
        // `if c { ... }` followed by nothing yet is complete; an `else` may not follow in the REPL.
        return false
    }
}
