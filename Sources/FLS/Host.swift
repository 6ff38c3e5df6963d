// The core's only window on the world. The REPL, the notebook runner and the
// tests each provide a Host; the core never prints or reads by itself.

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
}

extension Host {
    public func showPicture(_ value: Value) -> Bool { false }
    public var showsProgress: Bool { false }
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
