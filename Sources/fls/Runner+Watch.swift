// `fls watch NB.fls [--render OUT.html]`: keeps one session and re-runs
// what each save changes (WatchSession). The file is polled (its size,
// modification time and then its text), which also sees editors that save
// by writing a new file and renaming it. Ctrl-C stops a running cell; a
// second Ctrl-C, or one while waiting, leaves.

import FLS
import FLSKit
import FLSNotebook

#if canImport(Glibc)
import Glibc
#endif

extension Runner {
    static func watch(_ path: String, render: String?) -> Int32 {
        guard let first = readTextFile(path) else {
            fputs("fls: cannot read \(path): \(String(cString: strerror(errno)))\n", stderr)
            return 2
        }
        let host = TerminalHost()
        let kernel = InterpreterKernel(fileName: path, directory: directoryOf(path), forward: host, color: host.color)
        REPL.installInterruptHandler()
        let session = WatchSession(fileName: path, kernel: kernel, color: host.color) { text in
            put(text, stdout)
            fflush(stdout)
        }
        let dim = host.color ? "\u{1B}[2m" : ""
        let reset = host.color ? "\u{1B}[0m" : ""
        print(
            "\(dim)Watching \(path) (Ctrl-C quits): each save re-runs the changed cells and their dependents.\(reset)")
        var last = first
        session.update(text: first)
        if let render { writeRendered(session, to: render, path: path) }
        waitLine(dim, reset)
        var stamp = fileStamp(path)
        while true {
            if Interrupt.requested { break }
            usleep(150_000)
            let now = fileStamp(path)
            guard now != stamp else { continue }
            stamp = now
            // An editor may be half-way through writing: wait for the size to settle.
            usleep(50_000)
            guard let text = readTextFile(path), text != last else { continue }
            last = text
            stamp = fileStamp(path)
            Interrupt.clear()
            print("\n\(dim)\(path) changed\(reset)")
            session.update(text: text)
            if let render { writeRendered(session, to: render, path: path) }
            if Interrupt.requested { Interrupt.clear() }
            waitLine(dim, reset)
        }
        print("")
        return 0
    }

    static func waitLine(_ dim: String, _ reset: String) {
        print("\(dim)waiting for changes...\(reset)")
        fflush(stdout)
    }

    /// Size, modification time (ns) and inode: what changes when a file is saved.
    static func fileStamp(_ path: String) -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
    }

    static func writeRendered(_ session: WatchSession, to output: String, path: String) {
        guard let notebook = session.notebook else { return }
        let title =
            notebook.cells.first { $0.kind == .markdown }.flatMap { firstHeading($0.markdown) } ?? basename(path)
        let html = HTMLRenderer(title: title).render(notebook: notebook, results: session.cellResults)
        if let slash = output.lastIndex(of: "/") { makeDirectories(String(output[..<slash])) }
        if writeFile(output, Array(html.utf8)) {
            print("wrote \(output)")
        } else {
            fputs("fls: cannot write \(output): \(String(cString: strerror(errno)))\n", stderr)
        }
    }
}
