// `fls step` and `fls render`.

import FLS
import FLSKit
import FLSNotebook

#if canImport(Glibc)
import Glibc
#endif

extension Runner {
    static func loadNotebook(_ path: String) -> (Notebook, String)? {
        guard let text = readTextFile(path) else {
            fputs("fls: cannot read \(path): \(String(cString: strerror(errno)))\n", stderr)
            return nil
        }
        return (NotebookParser.parse(text), text)
    }

    /// Teaching mode: one cell at a time, driven by single keys.
    static func step(_ path: String, section: String? = nil) -> Int32 {
        guard let (notebook, _) = loadNotebook(path) else { return 2 }
        let host = TerminalHost()
        let kernel = InterpreterKernel(fileName: path, directory: directoryOf(path), color: host.color)
        kernel.replOpener = { interpreter in
            _ = REPL.start(interpreter: interpreter)
        }
        REPL.installInterruptHandler()
        let renderer = TerminalRenderer(width: min(terminalColumns(), 100), color: host.color)
        let session = StepSession(
            notebook: notebook, kernel: kernel, renderer: renderer,
            readKey: { KeyReader.readKey() },
            write: { text in
                put(text, stdout)
                fflush(stdout)
            })
        session.editSource = isatty(0) == 1 ? { source in editInEditor(source) } : nil
        session.run(startingAt: section)
        fflush(stdout)
        return 0
    }

    /// Opens `source` in $VISUAL, $EDITOR or vi on a private temporary file; the edited text, or nil when unchanged or failed.
    static func editInEditor(_ source: String) -> String? {
        var template = Array("/tmp/fls-cell-XXXXXX.fls".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemps($0, 4) } ?? -1 }
        guard fd >= 0 else { return nil }
        let path = String(cString: template)
        defer { unlink(path) }
        let bytes = Array((source + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
        close(fd)
        var editor = "vi"
        for name in ["EDITOR", "VISUAL"] {
            if let value = getenv(name), value.pointee != 0 { editor = String(cString: value) }
        }
        fflush(stdout)
        let status = system("\(editor) '\(path)'")
        guard status == 0, let text = readTextFile(path) else { return nil }
        let edited = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return edited == source ? nil : edited
    }

    /// Runs every code cell and writes HTML, Markdown (+ picture files) or ipynb.
    static func render(_ path: String, output: String) -> Int32 {
        guard let (notebook, _) = loadNotebook(path) else { return 2 }
        let host = TerminalHost()
        let kernel = InterpreterKernel(fileName: path, directory: directoryOf(path), color: host.errorColor)
        let results = NotebookRunner.runAll(notebook, kernel: kernel, stopOnError: false)
        var failed = 0
        for r in results where r.failed {
            failed += 1
            for case .error(_, let rendered) in r.outputs {
                let number = (notebook.codeCellIndices.firstIndex(of: r.cellIndex) ?? r.cellIndex) + 1
                fputs("warning: cell \(number) failed; the error is in the document:\n\(rendered)\n", stderr)
            }
        }
        let lower = output.lowercased()
        var files: [(String, [UInt8])] = []
        if lower.hasSuffix(".html") {
            let title =
                notebook.cells.first { $0.kind == .markdown }.flatMap { firstHeading($0.markdown) } ?? basename(path)
            files.append((output, Array(HTMLRenderer(title: title).render(notebook: notebook, results: results).utf8)))
        } else if lower.hasSuffix(".md") {
            let rendered = MarkdownRenderer(forOutputPath: output).render(notebook: notebook, results: results)
            files.append((output, Array(rendered.markdown.utf8)))
            let base = directoryOf(output)
            for asset in rendered.assets {
                files.append((base == "." ? asset.relativePath : base + "/" + asset.relativePath, asset.bytes))
            }
        } else {
            files.append((output, Array(IpynbRenderer().render(notebook: notebook, results: results).utf8)))
        }
        for (file, bytes) in files {
            if let slash = file.lastIndex(of: "/") { makeDirectories(String(file[..<slash])) }
            guard writeFile(file, bytes) else {
                fputs("fls: cannot write \(file): \(String(cString: strerror(errno)))\n", stderr)
                return 1
            }
        }
        let cells = results.count
        fputs(
            "wrote \(output) (\(cells) code cell\(cells == 1 ? "" : "s")\(failed > 0 ? ", \(failed) with errors" : ""))\n",
            stderr)
        return failed > 0 ? 1 : 0
    }

    static func firstHeading(_ markdown: String) -> String? {
        for line in markdown.split(separator: "\n") where line.hasPrefix("#") {
            return String(line.drop { $0 == "#" || $0 == " " })
        }
        return nil
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func makeDirectories(_ path: String) {
        var current = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            current += (current.isEmpty || current == "/" ? "" : "/") + part
            mkdir(current, 0o755)
        }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
        guard let f = fopen(path, "wb") else { return false }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, f) }
        return fclose(f) == 0 && n == bytes.count
    }
}

/// Reads single keys from the terminal (raw mode), or lines when stdin is not a terminal.
enum KeyReader {
    static func readKey() -> String? {
        guard isatty(0) == 1 else {
            guard let line = readLine(strippingNewline: true) else { return nil }
            return line
        }
        var saved = termios()
        tcgetattr(0, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        raw.c_cc.16 = 1  // VMIN
        raw.c_cc.17 = 0  // VTIME
        tcsetattr(0, TCSANOW, &raw)
        defer { tcsetattr(0, TCSANOW, &saved) }
        var byte: UInt8 = 0
        let n = read(0, &byte, 1)
        if n <= 0 { return nil }
        if byte == 10 || byte == 13 { return "" }
        if byte == 27 {
            // Swallow the rest of an escape sequence (arrow keys).
            var rest = [UInt8](repeating: 0, count: 8)
            var pfd = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 30) > 0 { _ = read(0, &rest, 8) }
            return "escape"
        }
        return String(decoding: [byte], as: UTF8.self)
    }
}
