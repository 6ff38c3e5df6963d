// Who appears where: people, their videos, sequences and frame counts, for
// the training files and the evaluation files. The layout is cheap metadata
// drawn first, from per-person random streams, so every later stage can be
// computed independently for any frame.

/// One sequence of frames of one person in one video.
struct SampleSequence {
    /// The identity: training people are 0..<people, extra identities follow.
    var person: Int
    /// The video number of that person; evaluation videos continue after the training ones.
    var video: Int
    /// The sequence number within its video.
    var sequence: Int
    /// Number of frames.
    var frames: Int
    /// The row of its first frame in its split.
    var firstRow: Int
    /// The member folder, such as `person_0000/video_0002/seq_0000/` or `seq_0012/`.
    var folder: String
}

/// The frames of one set of files (training or evaluation), in file order.
struct SampleSplit {
    var sequences: [SampleSequence] = []
    /// The sequence of each row.
    var rowSequence: [Int32] = []

    var frameCount: Int { rowSequence.count }

    mutating func append(person: Int, video: Int, sequence: Int, frames: Int, folder: String) {
        sequences.append(
            SampleSequence(
                person: person, video: video, sequence: sequence, frames: frames,
                firstRow: rowSequence.count, folder: folder))
        rowSequence.append(contentsOf: repeatElement(Int32(sequences.count - 1), count: frames))
    }

    /// The sequence and frame number of a row.
    func locate(row: Int) -> (sequence: SampleSequence, frame: Int) {
        let s = sequences[Int(rowSequence[row])]
        return (s, row - s.firstRow)
    }

    /// The member path of a row.
    func path(row: Int) -> String {
        let (s, frame) = locate(row: row)
        return s.folder + "frame_" + SampleLayout.padded(frame, 5) + ".jpg"
    }

    /// The rows that get a signature: every 4th frame of each sequence, from its first.
    var signatureRows: [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(frameCount / 4 + sequences.count)
        for s in sequences {
            for f in stride(from: 0, to: s.frames, by: 4) { rows.append(s.firstRow + f) }
        }
        return rows
    }
}

/// The whole plan: training and evaluation splits and the evaluation labels.
struct SampleLayout {
    var plan: ScalePlan
    var train = SampleSplit()
    var eval = SampleSplit()
    /// For each evaluation sequence in order, the person index, or -1 for an extra identity.
    var evalLabels: [Int] = []
    /// Training videos per training person.
    var trainVideos: [Int] = []

    init(plan: ScalePlan, seed: UInt64) {
        self.plan = plan
        // Counts for training people, drawn per person.
        var frameCounts: [[[Int]]] = []
        for p in 0..<plan.people {
            var rng = SampleRandom(seed: seed, .layout, p)
            let videos = rng.int(plan.videosPerPerson)
            frameCounts.append(
                (0..<videos).map { _ in
                    (0..<rng.int(plan.sequencesPerVideo)).map { _ in rng.int(plan.framesPerSequence) }
                })
        }
        if let target = plan.exactTrainingFrames {
            SampleLayout.adjust(&frameCounts, to: target, within: plan.framesPerSequence)
        }
        trainVideos = frameCounts.map(\.count)
        for (p, videos) in frameCounts.enumerated() {
            for (v, sequences) in videos.enumerated() {
                for (s, frames) in sequences.enumerated() {
                    train.append(
                        person: p, video: v, sequence: s, frames: frames,
                        folder:
                            "person_\(SampleLayout.padded(p, 4))/video_\(SampleLayout.padded(v, 4))/seq_\(SampleLayout.padded(s, 4))/"
                    )
                }
            }
        }

        // Held-out videos of every training person and of the extra identities.
        var held: [(person: Int, video: Int, sequence: Int, frames: Int)] = []
        for p in 0..<(plan.people + plan.extraPeople) {
            var rng = SampleRandom(seed: seed, .layout, p, 1)
            let first = p < plan.people ? trainVideos[p] : 0
            for v in first..<(first + rng.int(plan.evalVideosPerPerson)) {
                for s in 0..<rng.int(plan.evalSequencesPerVideo) {
                    held.append((p, v, s, rng.int(plan.framesPerSequence)))
                }
            }
        }
        // The evaluation order is a seeded shuffle, so position says nothing about identity.
        var order = SampleRandom(seed: seed, .evalOrder)
        if held.count > 1 {
            for i in stride(from: held.count - 1, to: 0, by: -1) {
                held.swapAt(i, Int(order.next() % UInt64(i + 1)))
            }
        }
        for (i, h) in held.enumerated() {
            eval.append(
                person: h.person, video: h.video, sequence: h.sequence, frames: h.frames,
                folder: "seq_\(SampleLayout.padded(i, 4))/")
            evalLabels.append(h.person < plan.people ? h.person : -1)
        }
    }

    /// Scales sequence lengths so they add up to `target`, staying within `bounds`.
    static func adjust(_ counts: inout [[[Int]]], to target: Int, within bounds: ClosedRange<Int>) {
        let total = counts.joined().joined().reduce(0, +)
        guard total > 0 else { return }
        let ratio = Double(target) / Double(total)
        var sum = 0
        for p in counts.indices {
            for v in counts[p].indices {
                for s in counts[p][v].indices {
                    let scaled = Int((Double(counts[p][v][s]) * ratio).rounded())
                    counts[p][v][s] = min(max(scaled, bounds.lowerBound), bounds.upperBound)
                    sum += counts[p][v][s]
                }
            }
        }
        // Rounding leaves a small difference: spread it one frame at a time.
        var index: [(Int, Int, Int)] = []
        for p in counts.indices {
            for v in counts[p].indices { for s in counts[p][v].indices { index.append((p, v, s)) } }
        }
        var i = 0
        var stuck = 0
        while sum != target && !index.isEmpty && stuck < index.count {
            let (p, v, s) = index[i % index.count]
            i += 7919
            let step = sum < target ? 1 : -1
            let next = counts[p][v][s] + step
            if bounds.contains(next) {
                counts[p][v][s] = next
                sum += step
                stuck = 0
            } else {
                stuck += 1
            }
        }
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
