// The command line's Host: stdout for program output, stderr for
// diagnostics and progress, pictures as terminal previews.

import FLS
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

/// Writes program output to stdout and diagnostics to stderr.
final class TerminalHost: Host {
    /// Whether stderr is a terminal (progress bars) and colour is allowed.
    let stderrIsTerminal = isatty(2) == 1
    let stdoutIsTerminal = isatty(1) == 1
    var color: Bool {
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        return stdoutIsTerminal && getenv("NO_COLOR") == nil && term != "dumb"
    }
    var errorColor: Bool { stderrIsTerminal && getenv("NO_COLOR") == nil }

    func write(_ text: String) {
        put(text, stdout)
        if stdoutIsTerminal { fflush(stdout) }
    }

    func writeError(_ text: String) {
        fflush(stdout)
        put(text, stderr)
    }

    var showsProgress: Bool { stderrIsTerminal }

    func showPicture(_ value: Value) -> Bool {
        guard color, let preview = TerminalPicture.preview(value, columns: terminalColumns()) else { return false }
        write(preview)
        return true
    }
}

/// Writes the text's bytes, all of them: `fputs` would stop at a NUL
/// character (`print("a\0b")`).
func put(_ text: String, _ stream: UnsafeMutablePointer<FILE>) {
    var text = text
    text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stream) }
}

/// The terminal's width in columns (80 when unknown).
func terminalColumns() -> Int {
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let c = getenv("COLUMNS"), let n = Int(String(cString: c)), n > 0 { return n }
    return 80
}
