// Wall time and peak memory for `:time`, from the monotonic clock and
// /proc/self/status. Writing "5" to /proc/self/clear_refs resets the
// kernel's peak resident size, so the growth during one command is measurable.

#if canImport(Glibc)
import Glibc
#endif

enum MemoryProbe {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Resets the peak (where the kernel allows it) and returns the current resident bytes.
    static func resetPeak() -> Int {
        if let f = fopen("/proc/self/clear_refs", "w") {
            fputs("5", f)
            fclose(f)
        }
        return statusField("VmRSS:")
    }

    /// Peak resident bytes since the last reset.
    static func peakBytes() -> Int { statusField("VmHWM:") }

    static func statusField(_ name: String) -> Int {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(name) {
                let digits = text.dropFirst(name.count).filter { $0.isNumber }
                return (Int(digits) ?? 0) * 1024
            }
        }
        return 0
    }
}
