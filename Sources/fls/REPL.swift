// The interactive loop: libedit for line editing, history and completion;
// REPLSession for everything else. Ctrl-C while editing cancels the line
// (libedit binds it as a key); Ctrl-C while a computation runs raises
// SIGINT, whose handler sets the interrupt flag the interpreter checks.

import CEditLine
import FLS
import FLSKit
import FLSREPL

#if canImport(Glibc)
import Glibc
#endif

enum REPL {
    static func historyPath() -> String? {
        if let p = getenv("FLS_HISTORY") { return String(cString: p) }
        guard let home = getenv("HOME") else { return nil }
        return String(cString: home) + "/.fls_history"
    }

    static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Runs the REPL until Ctrl-D or :quit; on `interpreter` when given (`r` in teaching mode).
    static func start(interpreter: Interpreter? = nil) -> Int32 {
        let host = TerminalHost()
        var cwd = [CChar](repeating: 0, count: 4096)
        let directory = getcwd(&cwd, 4096) != nil ? String(cString: cwd) : "."
        let session = REPLSession(host: host, color: host.color, directory: directory, interpreter: interpreter)
        installInterruptHandler()

        let context = Unmanaged.passUnretained(session).toOpaque()
        let complete: fls_complete_fn = { before, replace, context in
            guard let before, let replace, let context else { return nil }
            let session = Unmanaged<REPLSession>.fromOpaque(context).takeUnretainedValue()
            let (candidates, count) = session.completions(before: String(cString: before))
            replace.pointee = Int32(count)
            if candidates.isEmpty { return nil }
            return strdup(candidates.joined(separator: "\n"))
        }
        guard let editor = fls_editor_new("fls", historyPath(), 2000, complete, context) else {
            host.writeError("fls: cannot start the line editor; reading plain lines\n")
            return Runner.runStandardInput()
        }
        defer { fls_editor_free(editor) }

        let bold = host.color ? "\u{1B}[1m" : ""
        let dim = host.color ? "\u{1B}[2m" : ""
        let reset = host.color ? "\u{1B}[0m" : ""
        host.write("\(bold)FLS \(flsVersion)\(reset) \(dim)— :help for help, Tab completes, Ctrl-D quits\(reset)\n")

        var buffer = ""
        while true {
            fls_editor_set_prompt(editor, buffer.isEmpty ? "fls> " : "...> ")
            fflush(stdout)
            var interrupted: Int32 = 0
            guard let raw = fls_editor_read(editor, &interrupted) else {
                host.write("\n")
                break
            }
            let line = String(cString: raw)
            free(raw)
            if interrupted != 0 {
                buffer = ""
                continue
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            if !buffer.hasPrefix(":") && InputCompleteness.needsMoreInput(buffer) { continue }
            let input = buffer
            buffer = ""
            if input.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) { continue }
            // Leaving is not worth recalling: Up after a restart should give the last real input.
            if ![":quit", ":q", ":exit"].contains(input.filter { !$0.isWhitespace }) {
                fls_editor_remember(editor, input)
            }
            if !session.handle(input) { break }
            fflush(stdout)
        }
        fflush(stdout)
        return 0
    }
}
