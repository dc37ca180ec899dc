import Foundation

/// The one number-formatting policy every rendered table, plot and report uses.
///
/// Output never depends on the machine's locale: formatting goes through C-locale
/// `printf` conversions (`String(format:)` without a locale), the decimal separator is
/// always `.`, the minus sign is always ASCII hyphen-minus (`-`), and there are no
/// thousands separators. A rerun on any machine is therefore byte-identical.
///
/// ## Estimates: significant digits
///
/// ``estimate(_:)`` rounds to ``significantDigits`` significant digits (default 4) and keeps
/// trailing zeros, so a column of estimates has a uniform precision:
///
/// | value | text |
/// |---|---|
/// | `1.5` | `1.500` |
/// | `-0.012345` | `-0.01235` |
/// | `123456.7` | `123457` |
/// | `0.000012345` | `1.235e-05` |
/// | `0` | `0` |
///
/// The rule:
/// - Fixed notation when the rounded magnitude is in `[1e-4, 1e15)`. The number of decimals
///   is `max(0, significantDigits - 1 - e)` with `e` the decimal exponent *after* rounding (so
///   `9.9996` becomes `10.00`, not `10.000`). Integer digits are never dropped: a value with
///   more integer digits than `significantDigits` prints all of them, rounded to an integer,
///   as R's `format()` does, rather than being padded with misleading zeros.
/// - Scientific notation (`%e` style, two-digit exponent at least, e.g. `1.235e-05`) only
///   outside that range, where fixed notation would be unreadable.
/// - Zero (either sign) prints as `0`; a result that would read `-0` drops the sign.
/// - `NaN` prints as `NaN`, infinities as `Inf` and `-Inf` (R's spelling).
///
/// ## p-values
///
/// ``pValue(_:)`` prints `< 0.001` below 0.001 and otherwise three decimals (`0.046`,
/// `1.000`), the convention of most medical journals.
///
/// ```swift
/// let format = NumberFormat.standard
/// format.estimate(-2.71828)   // "-2.718"
/// format.pValue(0.0004)       // "< 0.001"
/// ```
public struct NumberFormat: Sendable, Equatable, Hashable {
    /// Significant digits for ``estimate(_:)``; at least 1.
    public let significantDigits: Int

    /// The smallest magnitude printed in fixed notation; below it, scientific notation.
    public static let smallestFixedMagnitude = 1e-4
    /// The magnitude from which scientific notation is used.
    public static let largestFixedMagnitude = 1e15
    /// p-values below this print as `< 0.001`.
    public static let pValueFloor = 0.001

    /// A policy with the given number of significant digits.
    ///
    /// - Parameter significantDigits: digits kept by ``estimate(_:)``; must be 1 to 17.
    public init(significantDigits: Int = 4) {
        precondition((1...17).contains(significantDigits),
                     "significantDigits must be 1...17, got \(significantDigits)")
        self.significantDigits = significantDigits
    }

    /// The house default: four significant digits.
    public static let standard = NumberFormat()

    /// An estimate, standard error, test statistic or other real number, to
    /// ``significantDigits`` significant digits (see the type's rule).
    ///
    /// - Parameter value: any `Double`, including non-finite values.
    /// - Returns: the text, e.g. `"-0.01235"`, `"123457"`, `"1.235e-05"`, `"NaN"`.
    public func estimate(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        if value == 0 { return "0" }
        let scientific = String(format: "%.*e", significantDigits - 1, value)
        let exponent = Self.decimalExponent(ofScientific: scientific)
        let magnitude = abs(Double(scientific) ?? value)
        if magnitude < Self.smallestFixedMagnitude || magnitude >= Self.largestFixedMagnitude {
            return scientific
        }
        return Self.fixed(value, decimals: max(0, significantDigits - 1 - exponent))
    }

    /// A p-value: `< 0.001` below ``pValueFloor``, otherwise three decimals.
    ///
    /// - Parameter value: a probability; `NaN` prints as `NaN`.
    /// - Returns: e.g. `"< 0.001"`, `"0.046"`, `"1.000"`.
    public func pValue(_ value: Double) -> String {
        if let special = Self.nonFinite(value) { return special }
        if value < Self.pValueFloor { return "< 0.001" }
        return Self.fixed(value, decimals: 3)
    }

    /// Degrees of freedom: an integer when integral (`"1196"`), otherwise
    /// ``estimate(_:)`` (Satterthwaite degrees of freedom such as `"37.42"`).
    ///
    /// - Parameter value: degrees of freedom.
    /// - Returns: the text.
    public func degreesOfFreedom(_ value: Double) -> String { label(value) }

    /// A value that names something rather than estimates it — a week, a dose, degrees of
    /// freedom: an integer when integral (`"4"`, not `"4.000"`), otherwise ``estimate(_:)``.
    ///
    /// - Parameter value: the value.
    /// - Returns: the text.
    public func label(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < Self.largestFixedMagnitude {
            return Self.fixed(value, decimals: 0)
        }
        return estimate(value)
    }

    /// A count, plain decimal digits without separators (`"12034"`).
    ///
    /// - Parameter value: the count.
    /// - Returns: the text.
    public func count(_ value: Int) -> String { String(value) }

    /// A number with a fixed count of decimals, used for SVG coordinates and axis ticks.
    ///
    /// Rounding is that of C's `%.*f` (correctly rounded from the binary value). A result
    /// that would read `-0.00` is written `0.00`. Non-finite values print as for
    /// ``estimate(_:)``.
    ///
    /// - Parameters:
    ///   - value: the number.
    ///   - decimals: digits after the decimal point, `0...17`.
    /// - Returns: e.g. `fixed(-3.14159, decimals: 2) == "-3.14"`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        precondition((0...17).contains(decimals), "decimals must be 0...17, got \(decimals)")
        if let special = nonFinite(value) { return special }
        let text = String(format: "%.*f", decimals, value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "Inf" }
        if value == -.infinity { return "-Inf" }
        return nil
    }

    /// The exponent of a `%e`-formatted number such as `"1.235e-05"`.
    static func decimalExponent(ofScientific text: String) -> Int {
        guard let marker = text.lastIndex(where: { $0 == "e" || $0 == "E" }) else { return 0 }
        return Int(text[text.index(after: marker)...]) ?? 0
    }
}
