// The core's only window on the world. The REPL, the notebook runner and the
// tests each provide a Host; the core never prints, reads a file, looks at
// the environment or at a clock by itself. A host implements output; file
// reads, the environment and the clocks default to the real ones, and an
// embedder or a test replaces any of them.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output and environment for a running program.
public protocol Host: AnyObject {
    /// Text the program prints (`print`, `evaluate`'s lines).
    func write(_ text: String)
    /// Diagnostics and progress; the terminal's stderr in the CLI.
    func writeError(_ text: String)
    /// A value the program asks to show as a picture (an image or a plot);
    /// returns false when this host cannot show pictures.
    func showPicture(_ value: Value) -> Bool
    /// True when progress bars should be drawn (stderr is a terminal).
    var showsProgress: Bool { get }
    /// The whole text of a file (`use "x.fls"`, `use name`); nil when it cannot be read.
    func readText(path: String) -> String?
    /// An environment variable (`env`, FLS_PATH, FLS_NO_HUGEPAGES); nil when unset.
    func environment(_ name: String) -> String?
    /// Seconds on a monotonic clock (`clock()`): only differences mean anything.
    func monotonicSeconds() -> Double
    /// Seconds since 1970 (seeds a session's random generator).
    func wallClockSeconds() -> Double
}

extension Host {
    public func showPicture(_ value: Value) -> Bool { false }
    public var showsProgress: Bool { false }
    public func readText(path: String) -> String? { readTextFile(path) }
    public func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
    public func monotonicSeconds() -> Double { clockSeconds(CLOCK_MONOTONIC) }
    public func wallClockSeconds() -> Double { clockSeconds(CLOCK_REALTIME) }
}

private func clockSeconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// A host that collects everything into strings; for tests and rendering.
public final class CapturingHost: Host {
    public private(set) var output = ""
    public private(set) var errors = ""
    public init() {}
    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }
    /// Returns and clears the collected output.
    public func takeOutput() -> String {
        defer { output = "" }
        return output
    }
}
