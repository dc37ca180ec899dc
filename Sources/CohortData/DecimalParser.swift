/// Parses decimal numbers from bytes, correctly rounded.
///
/// Accepted grammar (after the caller has trimmed spaces): an optional sign, digits with an
/// optional decimal point (`6`, `6.`, `6.5`, `.5`), and an optional exponent (`1e3`, `2.5E-2`).
/// Rejected: `nan`, `inf`, hexadecimal floats, thousands separators, decimal commas, and
/// anything that overflows to infinity — none is a valid measurement.
///
/// Plain numbers of at most 15 digits without an exponent (`44`, `27.0`, `-3.25`: nearly every
/// cell of a cohort file) are read by a short loop without overflow checks (15 digits cannot
/// overflow), then scaled by one exact power of ten. Others with at most 15 significant digits
/// and a decimal exponent within ±22 take the same path after a general scan. This is
/// Clinger's fast path: both the integer significand and the power of ten are exact doubles,
/// so one IEEE multiplication or division gives the correctly rounded result. Everything
/// else falls back to the standard library's locale-independent, correctly rounded
/// `Double(_: String)`.
enum DecimalParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `bytes`, or `nil` when they are not a finite decimal number.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        // Plain: [sign] digits [. digits], at most 15 digits in all, nothing else.
        let n = bytes.count
        if n > 0, n <= 17 {
            var i = 0
            let first = bytes[0]
            let negative = first == UInt8(ascii: "-")
            if negative || first == UInt8(ascii: "+") { i = 1 }
            var significand: UInt64 = 0
            var digits = 0
            var fractionDigits = 0
            var sawPoint = false
            while i < n {
                let digit = bytes[i] &- 48
                if digit < 10 {
                    significand = significand &* 10 &+ UInt64(digit)
                    digits &+= 1
                    if sawPoint { fractionDigits &+= 1 }
                } else if bytes[i] == UInt8(ascii: "."), !sawPoint {
                    sawPoint = true
                } else {
                    break
                }
                i &+= 1
            }
            if i == n, digits > 0, digits <= 15 {
                let value = Double(significand) / exactPowerOfTen(fractionDigits)
                return negative ? -value : value
            }
        }
        return parseGeneral(bytes)
    }

    /// 10^`exponent` for 0 ≤ `exponent` ≤ 22, exactly (the small ones without a table lookup).
    @inline(__always)
    private static func exactPowerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        default: powersOfTen[exponent]
        }
    }

    /// Everything ``parse(_:)-(UnsafeBufferPointer<UInt8>)`` does not read on its plain path.
    private static func parseGeneral(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        var i = 0
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var exponent = 0
        // Integer part.
        while i < n, bytes[i] &- 48 < 10 {
            let digit = UInt64(bytes[i] &- 48)
            if significantDigits > 0 || digit != 0 {
                if significantDigits < 19 { significand = significand * 10 + digit } else { exponent += 1 }
                significantDigits += 1
            }
            digitCount += 1
            i += 1
        }
        // Fraction.
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- 48 < 10 {
                let digit = UInt64(bytes[i] &- 48)
                if significantDigits > 0 || digit != 0 {
                    if significantDigits < 19 {
                        significand = significand * 10 + digit
                        exponent -= 1
                    }
                    significantDigits += 1
                } else {
                    exponent -= 1
                }
                digitCount += 1
                i += 1
            }
        }
        guard digitCount > 0 else { return nil }
        // Exponent.
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var written = 0
            var exponentDigits = 0
            while i < n, bytes[i] &- 48 < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[i] &- 48) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == n else { return nil }

        if significand == 0 { return negative ? -0.0 : 0.0 }
        if significantDigits <= 15, exponent >= -22, exponent <= 22 {
            let magnitude = Double(significand)
            let value = exponent >= 0 ? magnitude * powersOfTen[exponent] : magnitude / powersOfTen[-exponent]
            return negative ? -value : value
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// Whether `bytes`, which ``parse(_:)-(UnsafeBufferPointer<UInt8>)`` rejected, are a
    /// well-formed decimal number that is merely too large for a `Double` (such as `1e400`).
    static func overflows(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.allSatisfy({ ($0 >= 48 && $0 < 58) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 69 || $0 == 101 }),
              let value = Double(String(decoding: bytes, as: UTF8.self)) else { return false }
        return value.isInfinite
    }

    /// The value of `text`, or `nil`; see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``.
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }
}
