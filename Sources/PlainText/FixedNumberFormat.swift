/// Locale-free number formatting that is identical on every machine: the decimals a data file
/// is written with (``string(_:decimals:)``) and the shortest exact text of a number
/// (``shortest(_:)``).
///
/// ```swift
/// FixedNumberFormat.string(-3.45, decimals: 1)   // "-3.5" (half away from zero)
/// FixedNumberFormat.shortest(6.0)                // "6"
/// ```
public enum FixedNumberFormat {
    /// `value` · 10^`decimals`, rounded half away from zero, as an integer.
    public static func scaled(_ value: Double, decimals: Int) -> Int64 {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        return Int64((value * factor).rounded(.toNearestOrAwayFromZero))
    }

    /// An integer scaled by 10^`decimals` written with exactly `decimals` decimals and no
    /// exponent: `scaled(-35, 1)` is `-3.5`, zero is never `-0`.
    public static func string(scaled: Int64, decimals: Int) -> String {
        if decimals == 0 { return String(scaled) }
        let magnitude = scaled.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<decimals { divisor *= 10 }
        let whole = String(magnitude / divisor)
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        return (scaled < 0 ? "-" : "") + whole + "." + fraction
    }

    /// `value` rounded to `decimals` decimals, written without exponent.
    public static func string(_ value: Double, decimals: Int) -> String {
        string(scaled: scaled(value, decimals: decimals), decimals: decimals)
    }

    /// The shortest text that reads back as `value` (whole numbers without `.0`), falling back to
    /// 12 fixed decimals, trailing zeros removed, where the shortest form would use an exponent.
    public static func shortest(_ value: Double) -> String {
        precondition(value.isFinite, "only finite numbers can be written")
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        let text = String(value)
        if !text.contains("e") { return text }
        var fixed = string(value, decimals: 12)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        if fixed.hasSuffix(".") { fixed.removeLast() }
        return fixed == "-0" ? "0" : fixed
    }
}
