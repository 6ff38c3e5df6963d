// The fuzz targets: one per parser or decoder reached by a user's file or
// request. Each takes the fuzzer's bytes, feeds them to the real entry point
// and lets every thrown error pass: only a crash, a hang or a runaway
// allocation is a finding.

import FLSNotebook
import Foundation

@testable import FLS
@testable import FLSFormats
@testable import FLSLeaderboard

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The pickle loader's budgets for shared references and copies, lowered
/// as `run` lowers the interpreter's limits: the code that enforces them is
/// the same, and an input that expands up to the budget (which the fuzzer
/// finds often) costs a millisecond instead of half a second.
let pickleLimits: PickleReader.Limits = {
    var limits = PickleReader.Limits()
    limits.maxValues = 1 << 16
    limits.maxCopies = 1 << 16
    return limits
}()

/// A named fuzz target.
struct FuzzTarget {
    let name: String
    /// Runs once before fuzzing (seeds, limits); optional.
    var prepare: (() -> Void)? = nil
    let run: ([UInt8]) -> Void

    /// Every target `make fuzz` runs, in order.
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "pickle") { bytes in _ = try? Pickle.load(bytes: bytes, limits: pickleLimits) },
        FuzzTarget(name: "tar", prepare: { FuzzFiles.prepare() }, run: { bytes in fuzzTar(bytes) }),
        FuzzTarget(
            name: "tarindex",
            prepare: {
                FuzzFiles.prepare(); writeTarIndexSeeds()
            }, run: { bytes in fuzzTarIndex(bytes) }),
        FuzzTarget(name: "jpeg") { bytes in
            _ = try? JPEG.size(bytes)
            _ = try? JPEG.decodeRGB(bytes)
        },
        FuzzTarget(name: "npy") { bytes in _ = try? NPY.read(bytes: bytes) },
        FuzzTarget(name: "npz") { bytes in _ = try? NPZ.read(bytes: bytes) },
        FuzzTarget(name: "csv") { bytes in _ = try? CSV.read(bytes: bytes) },
        FuzzTarget(name: "json") { bytes in _ = try? JSON.parse(bytes: bytes) },
        FuzzTarget(name: "lexer") { bytes in _ = Lexer.tokenize(source(bytes)) },
        FuzzTarget(name: "parser") { bytes in _ = try? Parser.parse(source(bytes)) },
        FuzzTarget(name: "compiler") { bytes in
            let interpreter = Interpreter(host: DiscardingHost(), directory: FuzzFiles.folder)
            try? interpreter.check(source(bytes))
        },
        FuzzTarget(name: "run", prepare: { BoundedRun.prepare() }, run: { bytes in BoundedRun.run(bytes) }),
        FuzzTarget(name: "notebook") { bytes in
            if let notebook = try? NotebookParser.parse(bytes: bytes) {
                _ = NotebookPrinter.bytes(notebook)
            }
        },
        FuzzTarget(name: "markdown") { bytes in
            _ = HTMLRenderer.markdownToHTML(String(decoding: bytes, as: UTF8.self))
        },
        FuzzTarget(
            name: "leaderboard", prepare: { LeaderboardFuzz.prepare() }, run: { bytes in LeaderboardFuzz.run(bytes) }),
    ]

    static func source(_ bytes: [UInt8]) -> SourceFile {
        SourceFile(name: "fuzz.fls", text: String(decoding: bytes, as: UTF8.self))
    }
}

/// A host that drops output, so a long-printing program costs no memory.
final class DiscardingHost: FLS.Host {
    func write(_ text: String) {}
    func writeError(_ text: String) {}
}

/// A private scratch folder for targets that need files (tar, bounded runs).
enum FuzzFiles {
    nonisolated(unsafe) static var folder = "."

    static func prepare() {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/fls-fuzz-XXXXXX".utf8CString)
        template.withUnsafeMutableBufferPointer { buffer in
            if let start = buffer.baseAddress, let made = mkdtemp(start) { folder = String(cString: made) }
        }
    }

    /// Writes `bytes` to one file in the scratch folder and returns its path.
    static func write(_ bytes: [UInt8], name: String) -> String {
        let path = "\(folder)/\(name)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if fd >= 0 {
            bytes.withUnsafeBytes { raw in
                guard let start = raw.baseAddress else { return }
                var done = 0
                while done < raw.count {
                    let n = Glibc.write(fd, start + done, raw.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(fd)
        }
        return path
    }
}

/// Opens the bytes as a tar without its cache and reads every member.
func fuzzTar(_ bytes: [UInt8]) {
    let path = FuzzFiles.write(bytes, name: "input.tar")
    guard let archive = try? TarArchive.open(path, useCache: false) else { return }
    for i in 0..<min(archive.count, 256) {
        _ = archive.entry(at: i)
        _ = try? archive.read(index: i)
    }
    _ = archive.position(of: "a")
}

/// The tar every index-cache input claims to describe.
let tarIndexFuzzPath = "/fls-fuzz/images.tar"

/// Parses the bytes as an index cache. The trailing checksum is recomputed
/// first, so mutations reach the parser's checks instead of stopping at the
/// checksum (an attacker can compute it as well).
func fuzzTarIndex(_ bytes: [UInt8]) {
    var bytes = bytes
    if bytes.count >= TarIndex.cacheHeaderSize + 8 {
        let body = bytes.count - 8
        let check = bytes.withUnsafeBytes { TarIndex.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }
        withUnsafeBytes(of: check.littleEndian) { bytes.replaceSubrange(body..., with: $0) }
    }
    guard let index = TarIndex(cacheBytes: bytes, tarPath: tarIndexFuzzPath) else { return }
    for i in 0..<min(index.count, 256) {
        let path = index.path(at: i)
        _ = index.entry(at: i)
        _ = index.position(of: path)
    }
}

/// Seeds for `tarindex`: the caches of the fixture tars, written to the first
/// corpus folder (FLS_FUZZ_SEEDS, set by scripts/fuzz.sh).
func writeTarIndexSeeds() {
    guard let seeds = ProcessInfo.processInfo.environment["FLS_FUZZ_SEEDS"],
        let fixtures = ProcessInfo.processInfo.environment["FLS_FUZZ_TAR_FIXTURES"],
        let names = try? FileManager.default.contentsOfDirectory(atPath: fixtures)
    else { return }
    for name in names where name.hasSuffix(".tar") {
        guard let archive = try? TarArchive.open("\(fixtures)/\(name)", useCache: false) else { continue }
        let bytes = archive.index.cacheBytes(tarPath: tarIndexFuzzPath)
        _ = FileManager.default.createFile(atPath: "\(seeds)/\(name).flsindex", contents: Data(bytes))
    }
}

/// Runs FLS programs with small limits: 16 MB arrays, shallow recursion, and
/// an interrupt after 10 ms (what Ctrl-C does), so that a loop that never
/// ends is not a hang. Most inputs finish in well under a millisecond; the
/// interrupt's cut-off is what bounds the rate of the target, so it is short:
/// a longer one found nothing more in earlier runs and gave a tenth of the
/// executions.
enum BoundedRun {
    nonisolated(unsafe) static var started = 0.0
    nonisolated(unsafe) static var running = false

    static func prepare() {
        FuzzFiles.prepare()
        Limits.maxArrayBytes = 16 << 20
        Limits.maxCallDepth = 200
        // It sleeps until the running input's 10 ms are up (most inputs are
        // done long before), not in 1 ms steps: two wake-ups a millisecond
        // per process were a sixth of the fuzzer's time in task switches.
        let watchdog = Thread {
            while true {
                let elapsed = running ? Date().timeIntervalSince1970 - started : 0
                if elapsed > 0.010 { Interrupt.request() }
                usleep(useconds_t(max(1_000, 10_000 - Int(elapsed * 1e6))))
            }
        }
        watchdog.start()
    }

    static func run(_ bytes: [UInt8]) {
        let interpreter = Interpreter(host: DiscardingHost(), directory: FuzzFiles.folder)
        Interrupt.clear()
        started = Date().timeIntervalSince1970
        running = true
        _ = try? runOnLargeStack { try interpreter.run(FuzzTarget.source(bytes)) }
        running = false
        Interrupt.clear()
        interpreter.close()
    }
}

/// Decodes the bytes as a submission the way `POST /orcam/api` does, then
/// checks the team name and scores the predictions.
enum LeaderboardFuzz {
    nonisolated(unsafe) static var truth: LeaderboardTruth?

    static func prepare() {
        let labels = (0..<40).map { $0 % 7 == 3 ? -1 : $0 % 12 }
        let text =
            #"{"format": "fls-leaderboard-truth", "version": 1, "sequences": 40, "persons": 12, "labels": \#(labels)}"#
        truth = try? LeaderboardTruth.parse(Data(text.utf8), name: "truth.json", publicFraction: 0.5, seed: 0)
        if truth == nil {
            fputs("leaderboard fuzz target: the built-in truth does not parse\n", stderr)
            exit(2)
        }
    }

    static func run(_ bytes: [UInt8]) {
        guard let truth, let request = LeaderboardService.parseSubmission(Data(bytes)) else { return }
        if let submitter = request.submitter { _ = try? TeamName.validate(submitter) }
        _ = SubmissionScorer(truth: truth).score(request.predictions)
    }
}
