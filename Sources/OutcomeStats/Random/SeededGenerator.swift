/// A seeded, platform-independent pseudo-random generator: xoshiro256** seeded by SplitMix64.
///
/// The simulator draws every random number from this generator and never from the system
/// generator, so the same seed gives the same numbers on every machine and Swift version.
/// Derived draws use only integer arithmetic and correctly rounded IEEE operations (`+ − × ÷`
/// and `sqrt`), plus ``portableLog(_:)`` — never the platform's `log`, `sin` or `cos`, whose
/// last bit may differ between C libraries.
///
/// ```swift
/// var generator = SeededGenerator(seed: 42)
/// let u = generator.nextUniform()          // in [0, 1)
/// let k = generator.nextInt(below: 6)      // in 0..<6
/// let z = generator.nextNormal()           // standard normal
/// ```
///
/// xoshiro256** (Blackman & Vigna 2018) has period 2²⁵⁶ − 1 and passes BigCrush; SplitMix64
/// expands the 64-bit seed into its 256-bit state, as its authors recommend.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole sequence is determined by `seed`.
    ///
    /// - Parameter seed: Any 64-bit value (zero included).
    public init(seed: UInt64) {
        var splitMix = SplitMix64(state: seed)
        state = (splitMix.next(), splitMix.next(), splitMix.next(), splitMix.next())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform deviate in [0, 1): the top 53 bits scaled by 2⁻⁵³.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's multiply-and-reject).
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A standard normal deviate by Marsaglia's polar method.
    ///
    /// Draws pairs (u, v) uniform on the square (−1, 1)² until s = u² + v² lies in (0, 1),
    /// then returns u·√(−2 ln s / s). The second deviate of the pair is discarded, so each
    /// call consumes a whole number of draws and the sequence stays easy to reason about.
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0, s < 1 {
                return u * (-2 * portableLog(s) / s).squareRoot()
            }
        }
    }

    /// A normal deviate with the given mean and standard deviation.
    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// An index drawn with probability proportional to `weights`.
    ///
    /// - Precondition: `weights` is non-empty, every weight is non-negative and their sum positive.
    public mutating func nextIndex(weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(!weights.isEmpty && total > 0 && weights.allSatisfy { $0 >= 0 }, "weights must be non-negative with a positive sum")
        let target = nextUniform() * total
        var cumulative = 0.0
        for (index, weight) in weights.enumerated() {
            cumulative += weight
            if target < cumulative { return index }
        }
        return weights.lastIndex { $0 > 0 }!
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
}

/// SplitMix64 (Steele, Lea & Flood 2014), used only to expand a seed into xoshiro's state.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
