// `fls sample-data DIR`: realistic, deterministic data in the real files' formats.

import ArgumentParser
import FLSKit

#if canImport(Glibc)
import Glibc
#endif

struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Generate sample data in the challenge's file formats (tar of JPEG crops, Python 2 pickles).",
        discussion: """
            tiny:  12 people, about 1,000 frames, a second or less
            small: 101 people, about 50,000 frames, several seconds
            full:  101 people, 581,685 frames (the real scale), a few minutes and 3 GB
            """)

    @Argument(help: "The folder to write (created if missing).") var directory: String
    @Option(help: "tiny, small or full.") var scale: String = "tiny"
    @Option(help: "The random seed; the same seed gives the same bytes.") var seed: UInt64 = 0

    func run() throws {
        guard let s = SampleData.Scale(rawValue: scale) else {
            throw ValidationError("--scale must be tiny, small or full")
        }
        let terminal = isatty(2) == 1
        var lastStage = ""
        let summary: SampleData.Summary
        do {
            summary = try SampleData.generate(to: directory, scale: s, seed: seed) { stage, done, total in
                guard terminal, total > 0 else { return }
                if stage != lastStage, !lastStage.isEmpty { fputs("\n", stderr) }
                lastStage = stage
                let width = 30
                let filled = min(width, done * width / total)
                let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                fputs(
                    "\r\(stage.padding(toLength: 22, withPad: " ", startingAt: 0)) [\(bar)] \(done * 100 / total)%",
                    stderr)
            }
        } catch {
            if terminal { fputs("\n", stderr) }
            fputs("fls sample-data: \(error)\n", stderr)
            throw ExitCode(1)
        }
        if terminal { fputs("\n", stderr) }
        print(
            """
            wrote \(summary.directory) (\(summary.scale.rawValue), seed \(summary.seed)):
              training:   \(summary.people) people, \(summary.trainingVideos) videos, \(summary.trainingSequences) sequences, \(summary.trainingFrames) frames, \(summary.trainingSignatures) signatures
              evaluation: \(summary.evaluationSequences) sequences (\(summary.extraIdentities) extra identities), \(summary.evaluationFrames) frames, \(summary.evaluationSignatures) signatures
            """)
    }
}
