/// The one guard against CSV (formula) injection, for every CSV the toolkit writes: a field that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would run as a formula when the
/// file is opened in a spreadsheet (`=HYPERLINK(…)`), so it is prefixed with `'` — except a plain
/// number such as `-0.25`, which stays a number.
///
/// ```swift
/// SpreadsheetText.neutralized("=cmd|' /C calc'!A0")   // "'=cmd|' /C calc'!A0"
/// SpreadsheetText.neutralized("-0.25")                // "-0.25"
/// ```
public enum SpreadsheetText {
    /// `text` with `'` in front when a spreadsheet would run it as a formula.
    public static func neutralized(_ text: String) -> String {
        needsNeutralizing(text) ? "'" + text : text
    }

    /// Whether `text` starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) and is
    /// not a plain number.
    public static func needsNeutralizing(_ text: String) -> Bool {
        guard let first = text.utf8.first,
              [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) else { return false }
        return !isPlainNumber(text)
    }

    /// Whether `text` is a signed decimal number (`-0.25`, `+3`, `-1.2e-05`), which a
    /// spreadsheet reads as a number, not a formula.
    public static func isPlainNumber(_ text: String) -> Bool {
        // sign? digits (. digits*)? (e sign? digits)? and nothing else, so `-2+3` is a formula.
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard digits() > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst(); _ = digits() }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
