// Stand-ins for the 2048-d CNN signatures. A real network's features mix
// what the person looks like with the scene, the clothes and the camera;
// here a signature is max(0, shared mean + person + outfit + video + frame
// noise). The weights are tuned so the kit's baseline (mean signature per
// person against mean signature per held-out video) scores about 20% top-1,
// as it did on the real data: the video term dominates, outfits recur.

/// Generates signature rows.
struct SignatureModel {
    static let dimensions = 2048
    static let personWeight: Float = 0.03
    static let outfitWeight: Float = 0.12
    static let videoWeight: Float = 0.5
    static let frameWeight: Float = 0.35

    let seed: UInt64
    /// The activation level every image shares, per feature.
    let mean: [Float]

    init(seed: UInt64) {
        self.seed = seed
        var rng = SampleRandom(seed: seed, .signatureMean)
        mean = (0..<SignatureModel.dimensions).map { _ in Float(abs(rng.normal())) - 0.3 }
    }

    /// The part of every signature of one video that does not change between frames.
    func videoBase(person: Int, video: Int, outfitIndex: Int) -> [Float] {
        var base = mean
        var personRandom = SampleRandom(seed: seed, .signaturePerson, person)
        var outfitRandom =
            outfitIndex >= 0
            ? SampleRandom(seed: seed, .signatureOutfit, person, outfitIndex)
            : SampleRandom(seed: seed, .signatureOutfit, person, 1000 + video)
        var videoRandom = SampleRandom(seed: seed, .signatureVideo, person, video)
        base.withUnsafeMutableBufferPointer { b in
            for d in 0..<b.count {
                b[d] +=
                    SignatureModel.personWeight * personRandom.quickNormal()
                    + SignatureModel.outfitWeight * outfitRandom.quickNormal()
                    + SignatureModel.videoWeight * videoRandom.quickNormal()
            }
        }
        return base
    }

    /// Writes the signature of one frame into `row`.
    func frame(
        base: [Float], person: Int, video: Int, sequence: Int, frame: Int, into row: UnsafeMutableBufferPointer<Float>
    ) {
        var rng = SampleRandom(seed: seed, .signatureFrame, person, video, sequence, frame)
        base.withUnsafeBufferPointer { b in
            for d in 0..<b.count {
                row[d] = max(0, b[d] + SignatureModel.frameWeight * rng.quickNormal())
            }
        }
    }
}
