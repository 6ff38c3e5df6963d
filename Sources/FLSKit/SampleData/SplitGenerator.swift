import FLSFormats
// Writes one split (training or evaluation): the tar of crops, the pose
// pickle and the signature pickle. Frames are made in chunks: each chunk is
// rendered and encoded on all cores into its own slots, then written in
// order by the calling thread, so the files are identical for any number of
// threads and never hold more than a chunk of JPEGs in memory.
import Foundation

/// Produces the files of one split.
struct SplitGenerator {
    let seed: UInt64
    let plan: ScalePlan
    let progress: ((String, Int, Int) -> Void)?
    private let model: SignatureModel
    private static let chunk = 2048

    init(seed: UInt64, plan: ScalePlan, progress: ((String, Int, Int) -> Void)?) {
        self.seed = seed
        self.plan = plan
        self.progress = progress
        model = SignatureModel(seed: seed)
    }

    /// What every frame of a sequence shares.
    struct SequenceContext {
        var look: PersonLook
        var video: VideoSetting
        var setting: SequenceSetting
    }

    /// Writes the split's three files; returns the number of signature rows.
    func write(_ split: SampleSplit, label: String, images: String, pose: String, signatures: String) throws -> Int {
        let looks = (0..<(plan.people + plan.extraPeople)).map { PersonLook(seed: seed, person: $0) }
        let contexts = split.sequences.map { s in
            SequenceContext(
                look: looks[s.person],
                video: VideoSetting(seed: seed, person: s.person, video: s.video, look: looks[s.person]),
                setting: SequenceSetting(seed: seed, person: s.person, video: s.video, sequence: s.sequence))
        }
        try writeImagesAndPose(split, contexts: contexts, label: label, images: images, pose: pose)
        return try writeSignatures(split, contexts: contexts, label: label, path: signatures)
    }

    /// The figure and detector output of one row (the same whenever it is recomputed).
    func detect(_ split: SampleSplit, row: Int, contexts: [SequenceContext]) -> (BodyFigure, DetectedPose) {
        let (s, frame) = split.locate(row: row)
        let context = contexts[Int(split.rowSequence[row])]
        var random = SampleRandom(seed: seed, .frame, s.person, s.video, s.sequence, frame)
        let figure = BodyFigure(
            look: context.look, video: context.video, sequence: context.setting,
            frame: frame, random: &random)
        var detector = SampleRandom(seed: seed, .detector, s.person, s.video, s.sequence, frame)
        return (figure, DetectedPose(figure: figure, random: &detector))
    }

    private func writeImagesAndPose(
        _ split: SampleSplit, contexts: [SequenceContext], label: String,
        images: String, pose: String
    ) throws {
        let total = split.frameCount
        let tar = try SampleTarWriter(path: images)
        let stream = try KitPickleStream(path: pose, entries: 3)
        try stream.stringList(key: "paths", count: total) { split.path(row: $0) }
        try stream.beginArray(key: "keypoints", shape: [total, 17, 2], element: .float64)
        // Scores follow all keypoints in the file, so they wait here (17 floats a frame).
        var scores = [Float](repeating: 0, count: total * 17)
        var start = 0
        progress?("\(label) images", 0, total)
        while start < total {
            let count = min(SplitGenerator.chunk, total - start)
            var jpegs = [[UInt8]](repeating: [], count: count)
            var keypoints = [Double](repeating: 0, count: count * 34)
            let failure = FirstFailure()
            jpegs.withUnsafeMutableBufferPointer { jpegSlots in
                keypoints.withUnsafeMutableBufferPointer { keypointSlots in
                    scores.withUnsafeMutableBufferPointer { scoreSlots in
                        DispatchQueue.concurrentPerform(iterations: count) { k in
                            let row = start + k
                            let (figure, detected) = detect(split, row: row, contexts: contexts)
                            for j in 0..<34 { keypointSlots[k * 34 + j] = detected.keypoints[j] }
                            for j in 0..<17 { scoreSlots[row * 17 + j] = detected.scores[j] }
                            let (s, frame) = split.locate(row: row)
                            let context = contexts[Int(split.rowSequence[row])]
                            var pixels = SampleRandom(seed: seed, .pixels, s.person, s.video, s.sequence, frame)
                            let rgb = FrameRenderer.render(
                                figure: figure, look: context.look, video: context.video,
                                sequence: context.setting, frame: frame, random: &pixels)
                            do {
                                jpegSlots[k] = try JPEG.encodeRGB(
                                    rgb, width: FrameRenderer.size,
                                    height: FrameRenderer.size, quality: 90)
                            } catch {
                                failure.record(error)
                            }
                        }
                    }
                }
            }
            if let error = failure.error { throw SampleDataError("Cannot encode a sample JPEG: \(error).") }
            for k in 0..<count { try tar.add(path: split.path(row: start + k), data: jpegs[k]) }
            try keypoints.withUnsafeBytes { try stream.payload($0) }
            start += count
            progress?("\(label) images", start, total)
        }
        try tar.finish()
        try stream.endArray()
        try stream.beginArray(key: "scores", shape: [total, 17], element: .float32)
        try scores.withUnsafeBytes { try stream.payload($0) }
        try stream.endArray()
        try stream.finish(entries: 3)
    }

    private func writeSignatures(_ split: SampleSplit, contexts: [SequenceContext], label: String, path: String) throws
        -> Int
    {
        let rows = split.signatureRows
        // One shared base vector per video, computed once on all cores.
        var videoKeys: [Int: Int] = [:]
        var videos: [(person: Int, video: Int, outfit: Int)] = []
        for (i, s) in split.sequences.enumerated() {
            let key = s.person * 100_000 + s.video
            if videoKeys[key] == nil {
                videoKeys[key] = videos.count
                videos.append((s.person, s.video, contexts[i].video.outfitIndex))
            }
        }
        var bases = [[Float]](repeating: [], count: videos.count)
        bases.withUnsafeMutableBufferPointer { slots in
            DispatchQueue.concurrentPerform(iterations: videos.count) { v in
                slots[v] = model.videoBase(
                    person: videos[v].person, video: videos[v].video, outfitIndex: videos[v].outfit)
            }
        }
        let sequenceVideo = split.sequences.map { videoKeys[$0.person * 100_000 + $0.video] ?? 0 }

        let d = SignatureModel.dimensions
        let stream = try KitPickleStream(path: path, entries: 2)
        try stream.stringList(key: "paths", count: rows.count) { split.path(row: rows[$0]) }
        try stream.beginArray(key: "signatures", shape: [rows.count, d], element: .float32)
        let chunk = 512
        var block = [Float](repeating: 0, count: chunk * d)
        var start = 0
        progress?("\(label) signatures", 0, rows.count)
        while start < rows.count {
            let count = min(chunk, rows.count - start)
            block.withUnsafeMutableBufferPointer { out in
                DispatchQueue.concurrentPerform(iterations: count) { k in
                    let row = rows[start + k]
                    let (s, frame) = split.locate(row: row)
                    let base = bases[sequenceVideo[Int(split.rowSequence[row])]]
                    let slot = UnsafeMutableBufferPointer(rebasing: out[(k * d)..<((k + 1) * d)])
                    model.frame(
                        base: base, person: s.person, video: s.video, sequence: s.sequence, frame: frame, into: slot)
                }
            }
            try block.withUnsafeBytes { try stream.payload(UnsafeRawBufferPointer(rebasing: $0[0..<(count * d * 4)])) }
            start += count
            progress?("\(label) signatures", start, rows.count)
        }
        try stream.endArray()
        try stream.finish(entries: 2)
        return rows.count
    }
}
