// Drives the real `fls` binary through a pseudo-terminal, as a user at a
// keyboard would: keys go in, the screen's bytes come out.

import CEditLine
import Foundation
import XCTest

final class PseudoTerminal {
    let pid: pid_t
    let master: Int32
    private(set) var transcript = ""

    init(arguments: [String] = [], environment: [String: String] = [:], rows: Int = 40, cols: Int = 100) throws {
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm-256color"
        env.removeValue(forKey: "NO_COLOR")
        for (k, v) in environment { env[k] = v }
        let argv = [Binary.path] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var fd: Int32 = -1
        let child = fls_spawn_pty(&cArgs, &cEnv, Int32(rows), Int32(cols), &fd)
        guard child > 0 else { throw NSError(domain: "pty", code: 1) }
        pid = child
        master = fd
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Sends keys (use "\r" for Enter, "\u{3}" for Ctrl-C, "\t" for Tab).
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, bytes.count) }
    }

    /// The transcript so far with ANSI escape sequences removed.
    var plainText: String { PseudoTerminal.stripANSI(transcript) }

    /// Reads until `text` appears in the plain transcript after `from`; fails after `timeout`.
    @discardableResult
    func expect(_ text: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if plainText.contains(text) { return true }
            pump(0.05)
        }
        XCTFail(
            "did not see \(text.debugDescription) on the terminal; it shows:\n\(plainText.suffix(1500))", file: file,
            line: line)
        return false
    }

    /// Counts occurrences of `text` seen so far.
    func count(_ text: String) -> Int { plainText.components(separatedBy: text).count - 1 }

    /// Waits for `n` occurrences of the prompt.
    func waitForPrompt(_ n: Int, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && count("fls> ") < n { pump(0.05) }
        XCTAssertGreaterThanOrEqual(
            count("fls> "), n, "prompt \(n) did not appear:\n\(plainText.suffix(800))", file: file, line: line)
        waitForRawMode()
    }

    func pump(_ seconds: Double) {
        var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        if poll(&pfd, 1, Int32(seconds * 1000)) > 0 {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = read(master, &buffer, buffer.count)
            if n > 0 { transcript += String(decoding: buffer[0..<n], as: UTF8.self) }
        }
    }

    /// Waits until the program has put the terminal in raw mode (libedit does
    /// so just after printing its prompt; keys typed before that would be
    /// echoed by the terminal itself). The master side reports the slave's
    /// settings, so this is a poll, not a guess.
    func waitForRawMode(timeout: Double = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        var settings = termios()
        while Date() < deadline {
            if tcgetattr(master, &settings) == 0 && (settings.c_lflag & tcflag_t(ICANON)) == 0 { return }
            pump(0.01)
        }
    }

    /// Waits for the process to exit; returns its status, or nil on timeout.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            pump(0.02)
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status >> 8) & 0xff }
        }
        return nil
    }

    static func stripANSI(_ s: String) -> String {
        var out = ""
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            if c == "\u{1B}" {
                guard let n = it.next() else { break }
                if n == "[" {
                    while let d = it.next(), !(d.value >= 0x40 && d.value <= 0x7E) {}
                }
                continue
            }
            if c == "\r" || c == "\u{7}" { continue }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
