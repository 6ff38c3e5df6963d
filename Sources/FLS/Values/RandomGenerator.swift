// The random generator behind seed/rand/randn/choice/permutation, one per
// session (`CallContext.random`, seeded from the host's clock):
// xoshiro256** seeded through splitmix64, so a seed gives the same numbers
// on every machine.

/// xoshiro256** with a cached second normal deviate.
public struct RandomGenerator {
    var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var spareNormal: Double?

    /// A generator whose sequence depends only on `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal (Marsaglia's polar method).
    mutating func normal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let r = u * u + v * v
            if r > 0 && r < 1 {
                let f = (-2 * Double.logF(r) / r).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    /// Uniform integer in 0..<n, without modulo bias.
    mutating func below(_ n: Int) -> Int {
        if n <= 1 { return 0 }
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }
}
