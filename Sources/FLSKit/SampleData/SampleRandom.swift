// The generator's random numbers. Every item (a person, a video, a frame...)
// gets its own stream derived from the seed and the item's coordinates, so
// the output does not depend on the order or the thread that produces it.
import Foundation

/// A small, fast deterministic random stream (SplitMix64).
struct SampleRandom {
    private var state: UInt64

    /// What a stream is for; the raw values keep streams of different purposes apart.
    enum Purpose: UInt64 {
        case layout = 1, person, outfit, video, sequence, frame, detector, signatureMean
        case signaturePerson, signatureOutfit, signatureVideo, signatureFrame, evalOrder, pixels
    }

    /// The stream for `purpose` at the given coordinates under `seed`.
    init(seed: UInt64, _ purpose: Purpose, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0) {
        var h = SampleRandom.mix(seed ^ 0x6A09_E667_F3BC_C908)
        for part in [
            purpose.rawValue, UInt64(bitPattern: Int64(a)), UInt64(bitPattern: Int64(b)),
            UInt64(bitPattern: Int64(c)), UInt64(bitPattern: Int64(d)),
        ] {
            h = SampleRandom.mix(h &+ part &* 0x9E37_79B9_7F4A_7C15)
        }
        state = h
    }

    /// The SplitMix64 finaliser: a bijective mix of all 64 bits.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SampleRandom.mix(state)
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in [low, high).
    @inline(__always)
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Uniform integer in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// A standard normal deviate (Box-Muller, one of the pair).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A cheap approximately normal deviate (sum of four 16-bit uniforms,
    /// unit variance), for the millions of noise values in signatures.
    @inline(__always)
    mutating func quickNormal() -> Float {
        let r = next()
        let s = (r & 0xFFFF) &+ ((r >> 16) & 0xFFFF) &+ ((r >> 32) & 0xFFFF) &+ (r >> 48)
        // Four uniforms on [0, 65535] sum to mean 131070 and variance 4 * 65536^2 / 12.
        return (Float(s) - 131_070) * (1.7320508 / 65_536)
    }

    /// One of the elements, uniformly.
    mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }
}
