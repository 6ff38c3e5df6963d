// `fls sample-data`: writes a complete, realistic stand-in for the
// challenge's data (training and evaluation tars, pose and signature
// pickles, the leaderboard's truth file and a README) so that every
// notebook, benchmark and test can run without the original files.
import FLSFormats
import Foundation

/// Generates deterministic sample data in the challenge's file formats.
public enum SampleData {
    /// The training files, then the evaluation files, then the truth and README.
    public static let fileNames = [
        "images.tar", "pose.pkl", "signatures.pkl", "eval_images.tar",
        "eval_pose.pkl", "eval_signatures.pkl", "eval_truth.json", "README.txt",
    ]

    /// Writes the sample data set into `dir` (created if missing) and returns what was written.
    /// The same scale and seed always give the same bytes, whatever the number of cores.
    /// `progress(stage, done, total)` is called from the calling thread as work advances.
    public static func generate(
        to dir: String, scale: Scale, seed: UInt64,
        progress: ((String, Int, Int) -> Void)?
    ) throws -> Summary {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw SampleDataError("Cannot create the output directory '\(dir)': \(error.localizedDescription)")
        }
        let layout = SampleLayout(plan: ScalePlan(scale), seed: seed)
        let generator = SplitGenerator(seed: seed, plan: layout.plan, progress: progress)
        func file(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }

        let trainSignatures = try generator.write(
            layout.train, label: "training",
            images: file("images.tar"), pose: file("pose.pkl"),
            signatures: file("signatures.pkl"))
        let evalSignatures = try generator.write(
            layout.eval, label: "evaluation",
            images: file("eval_images.tar"), pose: file("eval_pose.pkl"),
            signatures: file("eval_signatures.pkl"))
        try writeText(truthJSON(labels: layout.evalLabels, persons: layout.plan.people), to: file("eval_truth.json"))
        let summary = Summary(
            directory: dir, scale: scale, seed: seed, people: layout.plan.people,
            trainingVideos: layout.trainVideos.reduce(0, +), trainingSequences: layout.train.sequences.count,
            trainingFrames: layout.train.frameCount, trainingSignatures: trainSignatures,
            evaluationSequences: layout.eval.sequences.count, evaluationFrames: layout.eval.frameCount,
            evaluationSignatures: evalSignatures, extraIdentities: layout.plan.extraPeople, files: fileNames)
        try writeText(readme(summary), to: file("README.txt"))
        return summary
    }

    static func writeText(_ text: String, to path: String) throws {
        let file = try FormatFileWriter(path: path)
        try file.write(Array(text.utf8))
        try file.finish()
    }
}
