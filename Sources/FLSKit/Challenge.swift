// The "Challenge" family: the seed kit's train/test split and its
// evaluation, reproduced exactly (SEED.md, "The baseline").

import FLS
import FLSFormats
import Foundation

/// Challenge primitives and their kernels.
enum Challenge {
    static var primitives: [Primitive] { [trainTestSplit, evaluate, submit] }

    /// The kit's score for a correct person at rank position i (0-based): the contract's 100 - 10i.
    static let positionPoints: [Int64] = ChallengeContract.positionPoints.map(Int64.init)

    /// A 1-d integer argument as Int64s, or a clear error.
    static func ids(_ args: Arguments, _ i: Int) throws -> [Int64] {
        let a = try args.array(i)
        let name = args.primitive.name, param = args.primitive.params[i].name
        guard a.ndim == 1 else {
            throw RuntimeError("\(name): '\(param)' must be a 1-d array of ids, got \(args[i].kindName)")
        }
        if a.count == 0 { return [] }
        guard let v = a.storage.integerValues, a.dtype != .bool else {
            throw RuntimeError(
                "\(name): '\(param)' must hold integer ids, got \(a.dtype)",
                hint: "ids come from enumerate_paths(paths)")
        }
        return v
    }

    /// Row indices of the train and test sides. A person is a run of equal
    /// consecutive person ids (the data keeps each person's rows together);
    /// within it, with first video id v0 and last v1, a row is train when
    /// `v <= ratio * (v1 - v0) + v0`, computed in f64 as Python does.
    static func split(person: [Int64], video: [Int64], ratio: Double) -> (train: [Int64], test: [Int64]) {
        var train: [Int64] = [], test: [Int64] = []
        var start = 0
        let n = person.count
        while start < n {
            var end = start + 1
            while end < n && person[end] == person[start] { end += 1 }
            let v0 = Double(video[start]), v1 = Double(video[end - 1])
            let threshold = ratio * (v1 - v0) + v0
            for i in start..<end {
                if Double(video[i]) <= threshold { train.append(Int64(i)) } else { test.append(Int64(i)) }
            }
            start = end
        }
        return (train, test)
    }

    /// Top-1 and top-5 accuracy (percentages) and the mean score.
    static func scores(ranking: [Int64], columns k: Int, labels: [Int64]) -> (top1: Double, top5: Double, score: Double)
    {
        var top1 = 0, top5 = 0
        var total: Int64 = 0
        for (row, label) in labels.enumerated() {
            var hitAny = false
            for j in 0..<k where ranking[row * k + j] == label {
                if j == 0 { top1 += 1 }
                hitAny = true
                total += positionPoints[j]
            }
            if hitAny { top5 += 1 }
        }
        let n = Double(labels.count)
        // Same operation order as the kit: the mean first, then percent.
        return (Double(top1) / n * 100, Double(top5) / n * 100, Double(total) / n)
    }

    static var trainTestSplit: Primitive {
        Primitive(
            "train_test_split", family: "Challenge",
            params: [Param("person"), Param("video"), Param("ratio", .float(0.5))],
            summary: "The kit's split by video: {train, test} row indices.",
            doc: """
                For each person (a run of equal consecutive ids in `person`; the data keeps a \
                person's rows together) with first video id `v0` and last `v1`, a row is train when \
                its video id `v <= ratio * (v1 - v0) + v0`, else test. Identical to the seed kit's \
                split. Returns `{train, test}`, i64 indices into the rows in their original order.
                """,
            examples: [
                Example(
                    "train_test_split([0, 0, 0, 0, 1, 1], [0, 0, 1, 2, 3, 4])",
                    "train: i64[4] [0 1 2 4]\ntest: i64[2] [3 5]"),
                Example(
                    "train_test_split([0, 0, 0], [0, 1, 2], ratio=0.9).test",
                    "i64[1] [2]"),
            ]
        ) { args, _ in
            let person = try ids(args, 0)
            let video = try ids(args, 1)
            let ratio = try args.double(2)
            guard person.count == video.count else {
                throw RuntimeError(
                    "train_test_split: 'person' has \(person.count) ids but 'video' has \(video.count)",
                    hint: "both come from the same enumerate_paths(paths) record")
            }
            guard ratio.isFinite else {
                throw RuntimeError("train_test_split: 'ratio' must be a finite number, got \(ratio)")
            }
            let s = split(person: person, video: video, ratio: ratio)
            return .record(
                Record([("train", .array(NDArray(indices: s.train))), ("test", .array(NDArray(indices: s.test)))]))
        }
    }

    static var evaluate: Primitive {
        Primitive(
            "evaluate", family: "Challenge", params: [Param("ranking"), Param("labels")],
            summary: "Score a ranking against true labels; prints the kit's three lines.",
            doc: """
                `ranking` is `[n, 5]` person indices per test row, best first (`top(sims, 5)`); \
                `labels` is `[n]`, the true person of each row. A correct index at position i earns \
                100 - 10i. Prints `top 1 accuracy`, `top 5 accuracy` (percentages, 2 decimals) and \
                `mean score`, like the seed kit, and returns `{top1, top5, score}` with top1 and top5 \
                as percentages (0..100), the same numbers as printed. Fewer than 5 columns are \
                allowed (top5 then counts those).
                """,
            examples: [
                Example(
                    "evaluate([[1, 2, 3, 4, 5], [9, 2, 8, 7, 6]], [1, 2])",
                    "top 1 accuracy 50.00%\ntop 5 accuracy 100.00%\nmean score: 95.00\ntop1: 50.0\ntop5: 100.0\nscore: 95.0"
                )
            ]
        ) { args, ctx in
            let r = try args.array(0)
            let labels = try ids(args, 1)
            guard r.ndim == 2, (1...5).contains(r.shape[1]) else {
                throw RuntimeError(
                    "evaluate: 'ranking' must be [n, 5] (5 person indices per row), got shape \(formatShape(r.shape))",
                    hint: "rank with top(cosine(test, train), 5)")
            }
            guard let ranking = r.storage.integerValues, r.dtype != .bool else {
                throw RuntimeError("evaluate: 'ranking' must hold integer person indices, got \(r.dtype)")
            }
            guard r.shape[0] == labels.count else {
                throw RuntimeError(
                    "evaluate: 'ranking' has \(r.shape[0]) rows but 'labels' has \(labels.count)",
                    hint: "give one label per ranked row")
            }
            guard !labels.isEmpty else {
                throw RuntimeError("evaluate: there are no rows to score", hint: "check the test split: it is empty")
            }
            let s = scores(ranking: ranking, columns: r.shape[1], labels: labels)
            ctx.host.write(
                String(
                    format: "top 1 accuracy %.2f%%\ntop 5 accuracy %.2f%%\nmean score: %.2f\n", s.top1, s.top5, s.score)
            )
            return .record(Record([("top1", .float(s.top1)), ("top5", .float(s.top5)), ("score", .float(s.score))]))
        }
    }
}
