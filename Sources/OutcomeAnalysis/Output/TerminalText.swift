import CohortData

/// Text made safe to print on a terminal: every control character but the line break and the
/// tab (the escape that starts a terminal escape sequence among them), every bidirectional
/// override, isolate or mark, and every noncharacter is written as an escape such as `\u{1b}`,
/// so a formula, level or file name from someone else's file can neither recolour, move nor
/// reorder what the terminal shows.
///
/// ```swift
/// TerminalText.escaped("level \u{1B}[31mred")   // "level \\u{1b}[31mred"
/// ```
public enum TerminalText {
    /// `text` with each scalar that needs it escaped by
    /// ``CohortData/escapingControlCharacters(_:limit:)``; line breaks and tabs are kept.
    public static func escaped(_ text: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            scalar != "\n" && scalar != "\t" && escapingControlCharacters(String(scalar)).unicodeScalars.count != 1
        }
        guard text.unicodeScalars.contains(where: { ($0.value < 0x20 || $0.value >= 0x7F) && needsEscape($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if (scalar.value < 0x20 || scalar.value >= 0x7F) && needsEscape(scalar) {
                result += escapingControlCharacters(String(scalar))
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
