/// Locale-free number formatting that is identical on every machine.
enum FixedNumberFormat {
    /// `value` · 10^`decimals`, rounded half away from zero, as an integer.
    static func scaled(_ value: Double, decimals: Int) -> Int64 {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        return Int64((value * factor).rounded(.toNearestOrAwayFromZero))
    }

    /// An integer scaled by 10^`decimals` written with exactly `decimals` decimals and no
    /// exponent: `scaled(-35, 1)` is `-3.5`, zero is never `-0`.
    static func string(scaled: Int64, decimals: Int) -> String {
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
    static func string(_ value: Double, decimals: Int) -> String {
        string(scaled: scaled(value, decimals: decimals), decimals: decimals)
    }

    /// The shortest text that reads back as `value` (whole numbers without `.0`), falling back to
    /// 12 fixed decimals, trailing zeros removed, where the shortest form would use an exponent.
    static func shortest(_ value: Double) -> String {
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
