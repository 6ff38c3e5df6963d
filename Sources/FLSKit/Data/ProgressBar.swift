// A one-line progress bar for long reads (tar indexing, batch decoding),
// drawn on the host's error stream with carriage returns. It draws nothing
// when the host says progress is not wanted (stderr is not a terminal, tests,
// notebooks), so captured output never holds control characters.

import FLS

/// A terminal progress bar that redraws itself in place.
final class ProgressBar: @unchecked Sendable {
    private let host: Host
    private let label: String
    private let width = 30
    private var lastPercent = -1
    private var drawn = false

    /// A bar labelled `label`, or nil when the host does not show progress.
    init?(host: Host, label: String) {
        guard host.showsProgress else { return nil }
        self.host = host
        self.label = label
    }

    /// Redraws the bar for `done` of `total`; callers serialise calls (the
    /// FLSFormats readers do), and the line changes at most once per percent.
    func update(_ done: Int, _ total: Int) {
        let percent = total > 0 ? min(100, Int(Double(done) / Double(total) * 100)) : 100
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        host.writeError("\r\(label) [\(bar)] \(percent)%")
        drawn = true
    }

    /// Ends the bar's line so the next output starts on a fresh one.
    func finish() {
        if drawn { host.writeError("\n") }
        drawn = false
    }
}
