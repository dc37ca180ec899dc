/// The characters no report shows as they are: C0 controls other than tab, line feed and
/// carriage return, DEL, C1 controls, bidirectional overrides, isolates and marks (which
/// reorder the text around them), and noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the
/// last two of every plane). XML 1.0 and HTML forbid the controls and noncharacters; the
/// bidirectional ones are legal but let a level or title display as something it is not.
///
/// HTML, SVG and Markdown write U+FFFD (the replacement character) in their place; LaTeX
/// drops them (its fonts have no glyph for U+FFFD).
enum UnsafeText {
    /// Whether `scalar` is one of the characters above.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        return value == 0x7F || (0x80..<0xA0).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
            || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }
}
