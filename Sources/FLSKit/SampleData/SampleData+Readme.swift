// The two text files of a sample data set: the leaderboard's truth and a
// README that says what each file holds and how it was made.

import FLSFormats

extension SampleData {
    /// `eval_truth.json`: one label per evaluation sequence, in order (the contract's layout).
    static func truthJSON(labels: [Int], persons: Int) -> String {
        ChallengeTruth(labels: labels, persons: persons).fileText
    }

    static func readme(_ s: Summary) -> String {
        """
        Faceless sample data (synthetic), made by `fls sample-data --scale \(s.scale.rawValue) --seed \(s.seed)`.
        The same scale and seed always give the same bytes. Nothing here shows a real person.

        Training files
          images.tar          \(s.trainingFrames) JPEG crops, 64x64 SampleColor, quality 90, uncompressed ustar tar,
                              members person_PPPP/video_VVVV/seq_SSSS/frame_FFFFF.jpg in sorted order.
                              \(s.people) people, \(s.trainingVideos) videos, \(s.trainingSequences) sequences.
          pose.pkl            Python 2 style pickle (protocol 2): dict with
                                paths      list of str, one per tar member, same order
                                keypoints  float64 (N, 17, 2): x, y in the crop, about 0..1, MS-COCO order
                                           (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles;
                                           left before right)
                                scores     float32 (N, 17): detector confidence; about 15% are <= 0, and those
                                           points are wrong (placed on another joint or far off): filter them.
              Read it in Python 3 with pickle.load(f, encoding="latin1").
          signatures.pkl      same pickle style: dict with paths (every 4th frame of each sequence, from the
                              first; \(s.trainingSignatures) rows) and signatures float32 (M, 2048), non-negative
                              stand-ins for CNN features.

        Evaluation files (held-out videos of the same people, plus \(s.extraIdentities) identities never seen in training)
          eval_images.tar     \(s.evaluationFrames) crops in \(s.evaluationSequences) sequences, members seq_SSSS/frame_FFFFF.jpg.
                              Sequences are numbered 0, 1, 2... in a seeded random order (not grouped by person);
                              a submission has one row of 5 person indices per sequence, in that number order.
          eval_pose.pkl       as pose.pkl, for the evaluation frames.
          eval_signatures.pkl as signatures.pkl (\(s.evaluationSignatures) rows).
          eval_truth.json     {"format":"fls-leaderboard-truth","version":1,"sequences":N,"persons":P,"labels":[...]}:
                              for sequence i, the index of its person among the sorted training person folders,
                              or -1 for an identity not in training (not scored). The board also reads the
                              kit's layout, {"seq_0000": 93, ...}.

        How it is made
          Each person has a body (head size, shoulder and hip width, limb lengths, thickness), a gait (period,
          stride, arm swing), skin tone, hair colour and style, and three favourite outfits. Each video picks an
          outfit (or new clothes), a background, a colour cast, blur and noise; each sequence a viewing angle
          (front, back, side) and walking or standing. Frames move with the gait and the detector's crop jitters.
          Signatures are max(0, shared mean + person + outfit + video + frame noise); the kit's baseline gets
          roughly 20% top-1 on them, about as on the real data.

        """
    }
}
