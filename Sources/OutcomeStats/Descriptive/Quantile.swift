/// The sample quantile at probability `p` by R's default definition (type 7): linear
/// interpolation between order statistics at h = (n − 1)p.
///
/// ```swift
/// quantile([1, 2, 3, 4], probability: 0.25)   // 1.75, as R's quantile(1:4, 0.25)
/// ```
/// - Precondition: `values` non-empty, without NaN; `p` in [0, 1].
public func quantile(_ values: [Double], probability p: Double) -> Double {
    quantiles(values, probabilities: [p])[0]
}

/// Type-7 sample quantiles at several probabilities, sorting once.
///
/// - Precondition: `values` non-empty, without NaN; every probability in [0, 1].
public func quantiles(_ values: [Double], probabilities: [Double]) -> [Double] {
    precondition(!values.isEmpty, "quantile of an empty sample")
    precondition(!values.contains { $0.isNaN }, "quantile of a sample with missing values")
    let sorted = values.sorted()
    return probabilities.map { p in
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }
}
