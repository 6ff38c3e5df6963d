// What the Jupyter kernel asks of FLS: run a cell, complete, inspect, and
// tell whether input is complete. Everything is the REPL's and the notebook
// runner's own machinery: InterpreterKernel runs cells (outputs in order,
// pictures as PNG, errors rendered like the terminal's), REPLSession's
// completer completes, help() and HelpText inspect, InputCompleteness decides
// continuation.

import FLS
import FLSKit
import FLSNotebook
import FLSREPL

/// One FLS session seen through Jupyter's requests.
final class KernelLanguage {
    let kernel: InterpreterKernel

    /// A session whose relative paths resolve from `directory` (the notebook's folder).
    init(directory: String) {
        kernel = InterpreterKernel(fileName: "In[0]", directory: directory, color: true)
    }

    var interpreter: Interpreter { kernel.interpreter }

    /// How a cell ended.
    enum Outcome {
        case ok
        case error(name: String, message: String, traceback: [String])
    }

    /// Runs `code` as cell number `count`; `emit` receives each output in order
    /// (text as written, pictures, the result with its value, the error).
    func execute(_ code: String, count: Int, emit: @escaping (CellOutput, Value?) -> Void) -> Outcome {
        var cell = NotebookCell(kind: .code, marker: nil, body: [], line: 1)
        cell.source = code
        kernel.fileName = "In[\(count)]"
        var failure: Outcome = .ok
        kernel.onOutput = { [unowned kernel] output in
            switch output {
            case .value: emit(output, kernel.lastValue)
            case .error(let message, let rendered):
                failure = .error(
                    name: KernelLanguage.errorName(message), message: message,
                    traceback: rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                emit(output, nil)
            default: emit(output, nil)
            }
        }
        defer { kernel.onOutput = nil }
        _ = kernel.run(cell: cell, index: count)
        return failure
    }

    /// The `ename` Jupyter shows for an error: "Interrupted" after an interrupt, else "Error".
    static func errorName(_ message: String) -> String {
        message == "interrupted" ? "Interrupted" : "Error"
    }

    /// A completer over the live session (the REPL's).
    private func completer() -> REPLSession {
        REPLSession(host: interpreter.host, color: false, directory: ".", interpreter: interpreter)
    }

    /// Completions at `cursor` (in Unicode scalars, as Jupyter counts): the
    /// candidates and the range of scalars they replace.
    func complete(_ code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = max(0, min(cursor, scalars.count))
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars[..<end])
        // The completer sees the current line only, as the REPL's line editor would give it.
        let text = String(before)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? text
        let (candidates, replace) = completer().completions(before: line)
        let replaced = String(Array(line).suffix(replace))
        return (candidates, end - replaced.unicodeScalars.count, end)
    }

    /// Help for the name at `cursor`: a primitive's documentation, a function's
    /// signature and place of definition, or a variable's kind and value.
    func inspect(_ code: String, cursor: Int) -> String? {
        let chars = Array(code.unicodeScalars).map(Character.init)
        let at = max(0, min(cursor, chars.count))
        func isName(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
        var start = at, end = at
        while start > 0, isName(chars[start - 1]) { start -= 1 }
        while end < chars.count, isName(chars[end]) { end += 1 }
        var word = String(chars[start..<end]).trimmingDots()
        if word.isEmpty, let callee = REPLSession.enclosingCallee(chars, before: at) { word = callee }
        guard !word.isEmpty else { return nil }
        return help(for: word)
    }

    func help(for word: String) -> String? {
        let chain = word.split(separator: ".").map(String.init)
        let session = completer()
        if chain.count == 1, interpreter.globals[word] == nil, let p = interpreter.table[word] {
            return HelpText.render(p)
        }
        guard let value = session.lookup(chain) else { return nil }
        if case .function(let f) = value {
            switch f.body {
            case .primitive(let p): return HelpText.render(p)
            case .closure: return captured { try interpreter.call(helpFunction(), [value]) }
            }
        }
        return "\(word): \(REPLSession.describe(value))\n\n\(ValueHTML.preview(value))\n"
    }

    private func helpFunction() throws -> Function {
        guard let p = interpreter.table["help"] else { throw RuntimeError("help is not available") }
        return Function(.primitive(p))
    }

    /// Runs `body` with the interpreter's output collected, and returns what it wrote.
    private func captured(_ body: () throws -> Value) -> String? {
        let saved = interpreter.host
        let capture = CapturingHost()
        interpreter.host = capture
        defer { interpreter.host = saved }
        guard (try? body()) != nil else { return nil }
        return capture.output
    }

    /// Jupyter's is_complete: "incomplete" while a bracket or block is open or
    /// a line ends in an operator (the REPL's continuation rule), "invalid" on
    /// a syntax error, else "complete".
    func isComplete(_ code: String) -> (status: String, indent: String) {
        if InputCompleteness.needsMoreInput(code) {
            let depth = openBlocks(code)
            return ("incomplete", String(repeating: "    ", count: max(0, depth)))
        }
        do {
            try interpreter.check(SourceFile(name: "<input>", text: code))
            return ("complete", "")
        } catch is ParseFailure {
            return ("invalid", "")
        } catch {
            return ("complete", "")
        }
    }

    /// How many `{` `(` `[` are open at the end of `code` (outside strings and comments, roughly).
    private func openBlocks(_ code: String) -> Int {
        var depth = 0
        var quote: Character? = nil
        var comment = false
        var escaped = false
        for c in code {
            if comment { if c == "\n" { comment = false }; continue }
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\"", "'": quote = c
            case "#": comment = true
            case "{", "(", "[": depth += 1
            case "}", ")", "]": depth = max(0, depth - 1)
            default: break
            }
        }
        return depth
    }
}

extension String {
    fileprivate func trimmingDots() -> String {
        var s = Substring(self)
        while s.first == "." { s = s.dropFirst() }
        while s.last == "." { s = s.dropLast() }
        return String(s)
    }
}
