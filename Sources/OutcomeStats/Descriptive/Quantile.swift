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

/// Type-7 sample quantiles at several probabilities.
///
/// Only the order statistics the probabilities need are found, by quickselect on one copy of
/// the sample (expected O(n) per distinct rank instead of an O(n log n) sort: a summary of a
/// million residuals costs a few milliseconds). Ranks are selected in ascending order, each
/// within the part of the copy the previous selection left to its right.
///
/// - Precondition: `values` non-empty, without NaN; every probability in [0, 1].
public func quantiles(_ values: [Double], probabilities: [Double]) -> [Double] {
    precondition(!values.isEmpty, "quantile of an empty sample")
    precondition(!values.contains { $0.isNaN }, "quantile of a sample with missing values")
    let n = values.count
    var ranks = Set<Int>()
    let positions = probabilities.map { p -> (low: Int, high: Int, fraction: Double) in
        precondition(p >= 0 && p <= 1, "probability \(p) outside [0, 1]")
        let h = Double(n - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, n - 1)
        ranks.insert(low)
        ranks.insert(high)
        return (low, high, h - Double(low))
    }
    var work = values
    var orderStatistic: [Int: Double] = [:]
    var start = 0
    work.withUnsafeMutableBufferPointer { buffer in
        for rank in ranks.sorted() {
            select(rank, in: buffer, from: start, to: n)
            orderStatistic[rank] = buffer[rank]
            start = rank + 1
        }
    }
    return positions.map { position in
        let low = orderStatistic[position.low]!, high = orderStatistic[position.high]!
        return low + position.fraction * (high - low)
    }
}

/// Rearranges `a[start..<end]` so that `a[k]` holds the value it would have were that range
/// sorted, with nothing larger before it and nothing smaller after it (Hoare's selection with a
/// median-of-three pivot; after 64 rounds without converging the range is sorted instead, which
/// bounds the worst case at O(n log n)). Works on a buffer: at a million values the bounds
/// checks of an array cost as much as the selection.
func select(_ k: Int, in a: UnsafeMutableBufferPointer<Double>, from start: Int, to end: Int) {
    // The smallest or largest of the range (the sample minimum and maximum, and the upper
    // neighbour of a rank just selected) by one scan instead of partitioning.
    if k == start || k == end - 1 {
        var best = k
        if k == start {
            for i in start..<end where a[i] < a[best] { best = i }
        } else {
            for i in start..<end where a[i] > a[best] { best = i }
        }
        a.swapAt(k, best)
        return
    }
    var low = start, high = end - 1
    var rounds = 0
    while high > low {
        rounds += 1
        if rounds > 64 {
            var range = UnsafeMutableBufferPointer(rebasing: a[low...high])
            range.sort()
            return
        }
        let middle = low + (high - low) / 2
        // Median of three as the pivot value.
        let x = a[low], y = a[middle], z = a[high]
        let pivot = max(min(x, y), min(max(x, y), z))
        var i = low, j = high
        while i <= j {
            while a[i] < pivot { i += 1 }
            while a[j] > pivot { j -= 1 }
            if i <= j {
                a.swapAt(i, j)
                i += 1
                j -= 1
            }
        }
        // Now a[low...j] ≤ pivot ≤ a[i...high], and a[j+1..<i] equals the pivot.
        if k <= j {
            high = j
        } else if k >= i {
            low = i
        } else {
            return
        }
    }
}
