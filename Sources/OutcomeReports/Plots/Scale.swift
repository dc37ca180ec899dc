import Foundation

/// A linear map from a data domain onto a pixel range, with "nice" round ticks.
///
/// Ticks are multiples of a step `m × 10^k` with `m` in {1, 2, 5}, chosen so that about
/// `count` ticks cover the domain (the mantissa is the one nearest on a log scale, as in d3:
/// thresholds √2, √10 and √50). Tick values are computed as `i × m × 10^k` directly (never
/// by repeated addition), so `0.1 + 0.1 + 0.1` drift cannot appear, and labels are printed
/// with exactly the decimals the step needs.
///
/// ```swift
/// let scale = LinearScale(domain: 0.3...9.6, range: 0...400).niced()
/// scale.domain                    // 0.0...10.0
/// scale.ticks()                   // [0, 2, 4, 6, 8, 10]
/// scale.tickLabels()              // ["0", "2", "4", "6", "8", "10"]
/// scale(5)                        // 200
/// ```
public struct LinearScale: Sendable, Equatable {
    /// The data interval; `lowerBound < upperBound` and a finite width.
    public let domain: ClosedRange<Double>
    /// The output coordinate of `domain.lowerBound`.
    public let rangeStart: Double
    /// The output coordinate of `domain.upperBound` (may be below ``rangeStart``, as for a
    /// y axis where larger values are drawn higher up).
    public let rangeEnd: Double

    /// A scale.
    ///
    /// - Parameters:
    ///   - domain: the data interval; must be non-empty with a finite width (use
    ///     ``paddedDomain(containing:)`` to get one from data).
    ///   - range: output coordinates of the domain's lower and upper bound.
    public init(domain: ClosedRange<Double>, range: ClosedRange<Double>) {
        self.init(domain: domain, from: range.lowerBound, to: range.upperBound)
    }

    /// A scale whose range may run backwards (for a y axis).
    ///
    /// - Parameters:
    ///   - domain: the data interval; must be non-empty with a finite width.
    ///   - start: output coordinate of `domain.lowerBound`.
    ///   - end: output coordinate of `domain.upperBound`.
    public init(domain: ClosedRange<Double>, from start: Double, to end: Double) {
        precondition((domain.upperBound - domain.lowerBound).isFinite && domain.lowerBound < domain.upperBound,
                     "LinearScale domain must be finite and non-empty, got \(domain)")
        self.domain = domain
        self.rangeStart = start
        self.rangeEnd = end
    }

    /// The output coordinate of `value` (values outside the domain extrapolate).
    ///
    /// - Parameter value: a data value.
    /// - Returns: `start + (value - lower) / (upper - lower) × (end - start)`.
    public func callAsFunction(_ value: Double) -> Double {
        let width = domain.upperBound - domain.lowerBound
        var fraction = (value - domain.lowerBound) / width
        if !fraction.isFinite, value.isFinite {
            // `value - lowerBound` overflowed (values near ±Double.greatestFiniteMagnitude).
            fraction = value / width - domain.lowerBound / width
        }
        return rangeStart + fraction * (rangeEnd - rangeStart)
    }

    /// The nice step for about `count` ticks over this domain, or `nil` when the domain is
    /// too wide to divide (its width overflows).
    ///
    /// - Parameter count: the desired number of intervals, at least 1.
    /// - Returns: the step as mantissa (1, 2 or 5) and decimal exponent.
    public func tickStep(count: Int = 5) -> TickStep? {
        TickStep(span: domain.upperBound - domain.lowerBound, count: count)
    }

    /// The round values inside the domain, ascending.
    ///
    /// - Parameter count: the desired number of intervals; the result has about
    ///   `count + 1` values (between roughly `count / 2` and `2 × count`).
    /// - Returns: the tick values (empty only when the domain cannot be divided).
    public func ticks(count: Int = 5) -> [Double] {
        guard let step = tickStep(count: count) else { return [] }
        let size = step.size
        let first = (domain.lowerBound / size - 1e-9).rounded(.up)
        let last = (domain.upperBound / size + 1e-9).rounded(.down)
        guard first.isFinite, last.isFinite, last >= first, last - first <= 1000 else { return [] }
        return stride(from: first, through: last, by: 1).map { step.value(atMultiple: $0) }
    }

    /// ``ticks(count:)`` as text, with the decimals the step needs (`0.25` steps print
    /// `0.00`, `0.25`, …; `5` steps print integers), formatted by ``NumberFormat/fixed(_:decimals:)``.
    ///
    /// - Parameter count: the desired number of intervals.
    /// - Returns: one label per tick.
    public func tickLabels(count: Int = 5) -> [String] {
        let decimals = tickStep(count: count)?.decimals ?? 0
        return ticks(count: count).map { NumberFormat.fixed($0, decimals: decimals) }
    }

    /// This scale with its domain widened outward to multiples of the tick step, so the
    /// axis starts and ends on a labelled tick.
    ///
    /// - Parameter count: the desired number of intervals.
    /// - Returns: the widened scale (the same range).
    public func niced(count: Int = 5) -> LinearScale {
        var lower = domain.lowerBound
        var upper = domain.upperBound
        // Widening can change the step; a few rounds reach a fixed point (d3 does the same).
        for _ in 0..<10 {
            guard let step = TickStep(span: upper - lower, count: count) else { break }
            let newLower = step.value(atMultiple: (lower / step.size + 1e-9).rounded(.down))
            let newUpper = step.value(atMultiple: (upper / step.size - 1e-9).rounded(.up))
            guard newLower < newUpper, (newUpper - newLower).isFinite else { break }
            if newLower == lower && newUpper == upper { break }
            lower = newLower
            upper = newUpper
        }
        return LinearScale(domain: lower...upper, from: rangeStart, to: rangeEnd)
    }

    /// A finite, non-empty domain covering the finite `values`; non-finite values are ignored.
    ///
    /// - No finite values: `0...1`.
    /// - All values equal to `v`: `v ± 10 % of |v|`, or `-1...1` when `v` is zero, so a flat
    ///   line is drawn mid-plot instead of dividing by zero.
    ///
    /// - Parameter values: the data to cover.
    /// - Returns: the domain.
    public static func paddedDomain(containing values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        if low < high, (high - low).isFinite { return low...high }
        if low < high { return -Double.greatestFiniteMagnitude / 2...Double.greatestFiniteMagnitude / 2 }
        if low == 0 { return -1...1 }
        let pad = abs(low) * 0.1
        return (low - pad)...(low + pad)
    }
}

/// A round tick step `mantissa × 10^exponent` with `mantissa` 1, 2 or 5.
public struct TickStep: Sendable, Equatable, Hashable {
    /// 1, 2 or 5.
    public let mantissa: Int
    /// The decimal exponent.
    public let exponent: Int

    /// The step for about `count` intervals over `span`, or `nil` when `span` is not a
    /// positive finite number.
    ///
    /// - Parameters:
    ///   - span: the width to divide.
    ///   - count: the desired number of intervals, at least 1.
    public init?(span: Double, count: Int) {
        let raw = span / Double(max(1, count))
        guard raw.isFinite, raw > 0 else { return nil }
        var exponent = Int(log10(raw).rounded(.down))
        let fraction = raw / Self.power(exponent)
        let mantissa: Int
        if fraction >= 50.0.squareRoot() {
            mantissa = 1
            exponent += 1
        } else if fraction >= 10.0.squareRoot() {
            mantissa = 5
        } else if fraction >= 2.0.squareRoot() {
            mantissa = 2
        } else {
            mantissa = 1
        }
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// The step as a number.
    public var size: Double { value(atMultiple: 1) }

    /// Decimals needed to print multiples of the step exactly: `max(0, -exponent)`.
    public var decimals: Int { min(17, max(0, -exponent)) }

    /// `multiple × mantissa × 10^exponent`, computed so that decimal ticks are the doubles
    /// nearest their decimal values (a division by an exact power of ten for negative
    /// exponents).
    ///
    /// - Parameter multiple: an integral number.
    /// - Returns: the tick value.
    public func value(atMultiple multiple: Double) -> Double {
        let scaled = multiple * Double(mantissa)
        return exponent >= 0 ? scaled * Self.power(exponent) : scaled / Self.power(-exponent)
    }

    static func power(_ exponent: Int) -> Double {
        pow(10, Double(exponent))
    }
}
