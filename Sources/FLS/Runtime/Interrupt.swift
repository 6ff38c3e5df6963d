// Ctrl-C support. The front end's SIGINT handler sets the flag; the
// interpreter checks it on loop back-edges and calls, long kernels check it
// every few thousand elements, and whoever sees it throws `Interrupt.error`.
// The flag is a plain word written from a signal handler and read by the
// interpreter: a torn read cannot happen for an aligned Int32.

/// The process-wide interrupt flag.
public enum Interrupt {
    nonisolated(unsafe) private static let flag: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// The flag itself, for hot loops that keep the pointer.
    static var flagPointer: UnsafeMutablePointer<Int32> { flag }

    /// True once Ctrl-C was pressed and not yet handled.
    @inline(__always) public static var requested: Bool { flag.pointee != 0 }

    /// Sets the flag (safe to call from a signal handler).
    public static func request() { flag.pointee = 1 }

    /// Clears the flag before running the next input.
    public static func clear() { flag.pointee = 0 }

    /// Throws the interrupt error if the flag is set, clearing it.
    @inline(__always) public static func check() throws {
        if flag.pointee != 0 {
            flag.pointee = 0
            throw RuntimeError("interrupted", hint: "variables keep the values they had when Ctrl-C was pressed")
        }
    }
}
