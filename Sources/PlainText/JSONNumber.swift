import Foundation

/// How numbers are written in JSON: full precision, shortest round-trip, always valid JSON.
///
/// ``text(_:)`` uses Swift's `Double.description`, which prints the *shortest* decimal that
/// parses back to the identical `Double` (so `Double(text(x)) == x` for every finite `x`).
/// Its output is valid JSON as is:
///
/// | value | text |
/// |---|---|
/// | `0.1` | `0.1` |
/// | `3` | `3.0` (integral doubles keep `.0`, so readers keep them as floating point) |
/// | `1e-5` | `1e-05` |
/// | `1e16` | `1e+16` |
/// | `-0.0` | `-0.0` (the sign round-trips) |
/// | `NaN`, `±Inf` | `null` (JSON has no non-finite numbers) |
///
/// Integers that are integers by nature (counts, degrees of freedom of a linear model) should
/// be written as ``JSONValue/integer(_:)`` instead, which prints without `.0`.
///
/// Full precision differs in the last digits between BLAS builds and CPUs, so for
/// committed reports that must be byte-identical on every machine, round first with
/// ``reportDigits(_:)``.
///
/// ```swift
/// JSONNumber.text(0.1 + 0.2)                    // "0.30000000000000004"
/// JSONNumber.text(JSONNumber.reportDigits(0.1 + 0.2))   // "0.3"
/// ```
public enum JSONNumber {
    /// Significant digits kept by ``reportDigits(_:)``.
    ///
    /// Ten digits sit well above what any reported quantity needs (and above the accuracy
    /// of the distribution functions in the tail) yet well below the ~1e-13 relative
    /// differences that different BLAS kernels and summation orders produce, so rounded
    /// values agree across machines except in astronomically rare ties.
    public static let reportSignificantDigits = 10

    /// The JSON text of a `Double`: shortest round-trip, `null` when not finite.
    ///
    /// - Parameter value: the number.
    /// - Returns: a valid JSON number token, or `null`.
    public static func text(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    /// `value` rounded to ``reportSignificantDigits`` (10) significant digits, for
    /// machine-independent report JSON.
    ///
    /// Rounding is decimal (via C's `%.9e`, correctly rounded), so
    /// `text(reportDigits(x))` has at most 10 significant digits.
    /// Non-finite values and zero are returned unchanged.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - significantDigits: digits kept, ``reportSignificantDigits`` by default (mixed models
    ///     and MMRMs keep 7, their optimizers' tolerance).
    /// - Returns: the rounded number.
    public static func reportDigits(_ value: Double, significantDigits: Int = reportSignificantDigits) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let text = String(format: "%.*e", significantDigits - 1, value)
        return Double(text) ?? value
    }
}
