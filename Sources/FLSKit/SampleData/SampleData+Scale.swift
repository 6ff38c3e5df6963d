// How much data each scale makes. Counts are drawn per person and per video
// from these ranges; `full` is then adjusted to the real data's exact size.

extension SampleData {
    /// How much data to generate.
    public enum Scale: String, CaseIterable, Sendable {
        /// 12 people and a few short sequences: seconds, for tests and demos.
        case tiny
        /// 101 people, about 50,000 training frames.
        case small
        /// 101 people and 581,685 training frames, as the real data.
        case full
    }
}

/// The ranges the layout is drawn from.
struct ScalePlan {
    var people: Int
    var videosPerPerson: ClosedRange<Int>
    var sequencesPerVideo: ClosedRange<Int>
    var framesPerSequence: ClosedRange<Int>
    /// Held-out videos per person (and per extra identity) in the evaluation set.
    var evalVideosPerPerson: ClosedRange<Int>
    var evalSequencesPerVideo: ClosedRange<Int>
    /// Identities that appear only in the evaluation set (label -1).
    var extraPeople: Int
    /// When set, training sequence lengths are adjusted to make exactly this many frames.
    var exactTrainingFrames: Int?

    init(_ scale: SampleData.Scale) {
        switch scale {
        case .tiny:
            self = ScalePlan(
                people: 12, videosPerPerson: 3...5, sequencesPerVideo: 1...2,
                framesPerSequence: 8...14, evalVideosPerPerson: 1...2,
                evalSequencesPerVideo: 1...1, extraPeople: 3, exactTrainingFrames: nil)
        case .small:
            self = ScalePlan(
                people: 101, videosPerPerson: 15...30, sequencesPerVideo: 1...1,
                framesPerSequence: 20...24, evalVideosPerPerson: 2...3,
                evalSequencesPerVideo: 1...1, extraPeople: 10, exactTrainingFrames: nil)
        case .full:
            self = ScalePlan(
                people: 101, videosPerPerson: 15...40, sequencesPerVideo: 2...6,
                framesPerSequence: 20...80, evalVideosPerPerson: 2...4,
                evalSequencesPerVideo: 1...3, extraPeople: 20, exactTrainingFrames: 581_685)
        }
    }

    init(
        people: Int, videosPerPerson: ClosedRange<Int>, sequencesPerVideo: ClosedRange<Int>,
        framesPerSequence: ClosedRange<Int>, evalVideosPerPerson: ClosedRange<Int>,
        evalSequencesPerVideo: ClosedRange<Int>, extraPeople: Int, exactTrainingFrames: Int?
    ) {
        self.people = people
        self.videosPerPerson = videosPerPerson
        self.sequencesPerVideo = sequencesPerVideo
        self.framesPerSequence = framesPerSequence
        self.evalVideosPerPerson = evalVideosPerPerson
        self.evalSequencesPerVideo = evalSequencesPerVideo
        self.extraPeople = extraPeople
        self.exactTrainingFrames = exactTrainingFrames
    }
}
