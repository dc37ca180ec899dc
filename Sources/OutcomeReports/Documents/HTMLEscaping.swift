/// Escaping of plain text for HTML element content and attribute values.
public enum HTMLEscaping {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, so a level
    /// named `<script>` shows as text and can never open an element; controls, bidirectional
    /// overrides and noncharacters become U+FFFD (see ``UnsafeText``).
    ///
    /// ```swift
    /// HTMLEscaping.text("<script>")   // "&lt;script&gt;"
    /// ```
    public static func text(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case _ where UnsafeText.isUnsafe(scalar): output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
