import Foundation

/// The binomial distribution: successes in n independent trials with success probability π.
///
/// P(X ≤ k) = 1 − I_π(k + 1, n − k) and P(X > k) = I_π(k + 1, n − k), both tails from one
/// evaluation of the regularized incomplete beta function (as R's `pbinom`).
///
/// ```swift
/// let b = Binomial(trials: 20, probability: 0.3)
/// b.cdf(6)          // 0.6080098122009775
/// b.quantile(0.5)   // 6
/// ```
public struct Binomial: Sendable {
    /// Number of trials n ≥ 0.
    public let trials: Int
    /// Success probability π in [0, 1].
    public let probability: Double

    /// The distribution of successes in `trials` trials with success probability `probability`.
    public init(trials: Int, probability: Double) {
        precondition(trials >= 0, "binomial needs a non-negative number of trials, got \(trials)")
        precondition(probability >= 0 && probability <= 1, "binomial probability \(probability) outside [0, 1]")
        self.trials = trials
        self.probability = probability
    }

    private func tails(_ k: Double) -> (below: Double, above: Double) {
        let k = k.rounded(.down)
        if k < 0 { return (0, 1) }
        if k >= Double(trials) { return (1, 0) }
        if probability == 0 { return (1, 0) }
        if probability == 1 { return (0, 1) }
        let n = Double(trials)
        let (lower, upper) = regularizedIncompleteBeta(x: probability, y: 1 - probability, a: k + 1, b: n - k)
        return (upper, lower)
    }

    /// P(X ≤ k) (k is rounded down to an integer).
    public func cdf(_ k: Double) -> Double { k.isNaN ? .nan : tails(k).below }

    /// P(X > k), accurate in the upper tail.
    public func survival(_ k: Double) -> Double { k.isNaN ? .nan : tails(k).above }

    /// The smallest k with P(X ≤ k) ≥ p, as R's `qbinom` (which compares with p(1 − 64ε), so a
    /// p that equals a cdf value up to rounding gets that k); binary search on the cdf.
    public func quantile(_ p: Double) -> Int {
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        if p == 0 { return 0 }
        if p == 1 { return trials }
        let target = p * (1 - 64 * Double.ulpOfOne)
        var low = 0, high = trials
        while low < high {
            let middle = low + (high - low) / 2
            if cdf(Double(middle)) >= target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
