/// The text an error message quotes: all of `text` when it is short, otherwise the part around
/// the 1-based position `position` (counted in Unicode scalars, as the parsers count), marked
/// with `…` where text is left out and followed by the full length.
///
/// A hostile input of 50,000 characters is not repeated in full in every message about it; the
/// position in the message still counts from the start of the whole text.
///
/// ```swift
/// excerpt(of: "y ~ a", around: 5)                                // "y ~ a"
/// excerpt(of: String(repeating: "(", count: 7_000), around: 201)
/// // "…" + 160 × "(" + "… (7000 characters)"
/// ```
///
/// - Parameters:
///   - text: the text that was parsed.
///   - position: the 1-based position of the character at fault.
///   - limit: the longest text quoted whole.
/// - Returns: `text`, or an excerpt of about `limit` characters around `position`.
package func excerpt(of text: String, around position: Int, limit: Int = 160) -> String {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count > limit else { return text }
    let center = min(max(position - 1, 0), scalars.count)
    let start = max(0, center - limit * 3 / 4)
    let end = min(scalars.count, start + limit)
    var result = start > 0 ? "…" : ""
    result += String(String.UnicodeScalarView(scalars[start..<end]))
    if end < scalars.count { result += "…" }
    return result + " (\(scalars.count) characters)"
}
