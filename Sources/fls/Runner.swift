// What the run-like subcommands do, on top of the library runners.

import FLS
import FLSKit
import FLSNotebook

#if canImport(Glibc)
import Glibc
#endif

enum Runner {
    /// `fls FILE.fls` / `fls run FILE.fls`: 0 success, 1 program error, 2 unreadable file.
    static func runFile(_ path: String, cell: Int?, until: Int?) -> Int32 {
        if path == "-" { return runStandardInput() }
        guard let text = readTextFile(path) else {
            fputs("fls: cannot read \(path): \(String(cString: strerror(errno)))\n", stderr)
            return 2
        }
        let host = TerminalHost()
        let status = ScriptRunner.run(
            text: text, name: path, directory: directoryOf(path), host: host, color: host.errorColor,
            cell: cell, until: until)
        fflush(stdout)
        return status
    }

    /// A program piped on stdin: no prompts, no editing.
    static func runStandardInput() -> Int32 {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &chunk, chunk.count)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        let host = TerminalHost()
        let status = ScriptRunner.run(
            text: String(decoding: bytes, as: UTF8.self), name: "<stdin>", directory: ".", host: host,
            color: host.errorColor)
        fflush(stdout)
        return status
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }
}
