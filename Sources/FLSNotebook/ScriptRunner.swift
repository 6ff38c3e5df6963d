// Runs a script the way `fls FILE.fls` does: a file without cell markers
// runs as one unit and shows its last expression's value; a notebook runs
// cell by cell (NotebookRunner).

import FLS
import FLSKit

/// Runs FLS source files and reports errors like the command line does.
public enum ScriptRunner {
    /// Runs `text` (named `name`, relative paths from `directory`) and returns
    /// the exit status: 0 success, 1 an error in the program.
    public static func run(
        text: String, name: String, directory: String, host: Host, color: Bool = false,
        cell: Int? = nil, until: Int? = nil
    ) -> Int32 {
        let interpreter = Session.makeInterpreter(host: host, directory: directory)
        defer { interpreter.close() }
        if NotebookScript.hasCellMarkers(text) || cell != nil || until != nil {
            return NotebookScript.run(
                text: text, name: name, interpreter: interpreter, host: host, color: color, only: cell, until: until)
        }
        return runUnit(interpreter, SourceFile(name: name, text: text), host: host, color: color)
    }

    /// Runs one unit in an interpreter, displaying its value; 0 or 1.
    public static func runUnit(_ interpreter: Interpreter, _ file: SourceFile, host: Host, color: Bool) -> Int32 {
        do {
            let outcome = try runOnLargeStack { try interpreter.run(file) }
            if let v = outcome.value, !show(v, host: host) { return 1 }
            return 0
        } catch {
            host.writeError(DiagnosticRenderer.render(error, color: color) + "\n")
            return 1
        }
    }

    /// Displays a value: pictures where the host can show them, text otherwise; null shows nothing.
    /// False when the text could not be made (reported as an error).
    @discardableResult
    public static func show(_ value: Value, host: Host) -> Bool {
        if case .null = value { return true }
        if host.showPicture(value) { return true }
        // A picture where pictures cannot be shown: a one-line summary, not
        // thousands of pixel values (print(x) shows the numbers).
        if let caption = Pictures.caption(for: value), Pictures.isPicture(value) {
            host.write("\(caption) (a picture: view it in a colour terminal, or with fls render)\n")
            return true
        }
        // The text of a large array can be too large to build, and Ctrl-C
        // stops a long one: either is reported as an error, and the session
        // keeps its state.
        do {
            host.write(try displayTextChecked(value) + "\n")
            return true
        } catch {
            host.writeError(DiagnosticRenderer.render(error, color: false) + "\n")
            return false
        }
    }
}
