/// Escaping of user text for GitHub-flavoured Markdown (CommonMark + GFM tables).
///
/// The aim is that any string — a level named `<script>`, a term such as `a*b`, a file name
/// with `|` — renders as the literal text on any git host, while ordinary text stays readable
/// in the raw file. So characters are escaped only where they could start markup:
///
/// | character | escaped |
/// |---|---|
/// | `\` `` ` `` `*` `~` `\|` `$` | always (`$` because GitHub renders `$…$` as math) |
/// | `_` | unless between two letters or digits (intraword `_` is literal in GFM) |
/// | `]` | before `(`, `[` or `:` (so no link, image or reference definition can form) |
/// | `<` | before a letter, `/`, `!` or `?` (so no HTML tag or autolink can form; `< 0.001` stays) |
/// | `&` | when it starts an entity reference such as `&amp;` or `&#60;` |
///
/// Line breaks become a space in ``inline(_:)`` and `<br>` in ``cell(_:)``.
public enum MarkdownEscaping {
    /// Text escaped for use inside a paragraph, heading or link text, on one line.
    ///
    /// - Parameter text: plain text.
    /// - Returns: Markdown source that renders as `text` (line breaks become spaces).
    public static func inline(_ text: String) -> String {
        escape(text, lineBreak: " ")
    }

    /// Text escaped for a GFM table cell: as ``inline(_:)`` but line breaks become `<br>`.
    ///
    /// - Parameter text: plain text.
    /// - Returns: Markdown source for one cell.
    public static func cell(_ text: String) -> String {
        escape(text, lineBreak: "<br>")
    }

    /// Text escaped to stand as a paragraph of its own: ``inline(_:)`` of the trimmed text,
    /// plus escaping of a leading character that would start a block (`#`, `>`, `-`, `+`, `=`,
    /// or a list number such as `1.`).
    ///
    /// - Parameter text: plain text.
    /// - Returns: one line of Markdown source.
    public static func paragraph(_ text: String) -> String {
        var escaped = inline(trimmed(text))
        guard let first = escaped.first else { return escaped }
        if "#>-+=".contains(first) {
            escaped.insert("\\", at: escaped.startIndex)
        } else if first.isASCII, first.isNumber {
            let digits = escaped.prefix(while: { $0.isASCII && $0.isNumber })
            if digits.count <= 9, digits.endIndex < escaped.endIndex,
               escaped[digits.endIndex] == "." || escaped[digits.endIndex] == ")" {
                escaped.insert("\\", at: digits.endIndex)
            }
        }
        return escaped
    }

    /// Text escaped for an ATX heading's content (after `# `): ``inline(_:)`` of the trimmed
    /// text, with a trailing `#` escaped so it is not taken for a closing sequence.
    ///
    /// - Parameter text: plain text.
    /// - Returns: Markdown source for the heading content.
    public static func heading(_ text: String) -> String {
        var escaped = inline(trimmed(text))
        if escaped.hasSuffix("#") { escaped.insert("\\", at: escaped.index(before: escaped.endIndex)) }
        return escaped
    }

    /// A code span showing `text` verbatim, e.g. a formula: `` `y ~ a*b` ``.
    ///
    /// The fence is one backtick longer than the longest run of backticks inside, and a space
    /// pads the content when it starts or ends with a backtick, as CommonMark requires.
    /// Line breaks become spaces; empty text gives an empty string.
    ///
    /// - Parameter text: the verbatim text.
    /// - Returns: Markdown source for the code span.
    public static func codeSpan(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        guard !flat.isEmpty else { return "" }
        var longest = 0
        var current = 0
        for character in flat {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let needsPadding = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.allSatisfy { $0 == " " }
        let pad = needsPadding ? " " : ""
        return fence + pad + flat + pad + fence
    }

    static func trimmed(_ text: String) -> String {
        let start = text.firstIndex(where: { !$0.isWhitespace }) ?? text.endIndex
        let end = text.lastIndex(where: { !$0.isWhitespace }).map { text.index(after: $0) } ?? text.endIndex
        return start < end ? String(text[start..<end]) : ""
    }

    private static func escape(_ text: String, lineBreak: String) -> String {
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character.isNewline {
                output += lineBreak
                continue
            }
            if character.unicodeScalars.contains(where: UnsafeText.isUnsafe) {
                output += "\u{FFFD}"   // controls, bidi overrides, noncharacters (see UnsafeText)
                continue
            }
            switch character {
            case "\\", "`", "*", "~", "|", "$":
                output += "\\"
            case "_":
                if !(isWordCharacter(previous) && isWordCharacter(next)) { output += "\\" }
            case "]":
                if let next, "([:".contains(next) { output += "\\" }
            case "<":
                if let next, next.isLetter || "/!?".contains(next) { output += "\\" }
            case "&":
                if startsEntity(characters[(index + 1)...]) { output += "\\" }
            default:
                break
            }
            output.append(character)
        }
        return output
    }

    /// Whether `rest` (the text after a `&`) reads `name;` or `#digits;`: an entity reference.
    private static func startsEntity(_ rest: ArraySlice<Character>) -> Bool {
        var body = rest.prefix(33)
        if body.first == "#" { body = body.dropFirst() }
        guard let end = body.firstIndex(of: ";"), end > body.startIndex else { return false }
        return body[body.startIndex..<end].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber
    }
}
