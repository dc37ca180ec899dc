/// Errors thrown while reading, validating or loading a cohort file.
///
/// Every case that concerns a place in a file carries a ``SourceLocation``; its
/// ``description`` is one line that starts with `file:line:column:` and says how to fix the
/// input, for example:
///
/// ```text
/// cohort.csv:17:11 (pain_nrs): 'seven' is not a number; write a decimal number such as 6 or 6.5, or leave the cell empty, NA or . when missing
/// ```
///
/// Offending text is quoted verbatim but shortened to 40 characters, with line breaks and
/// other control characters escaped, so the description always fits one line.
public enum CohortDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read; `reason` is the operating system's message.
    case unreadableFile(path: String, reason: String)
    /// The file holds no header row (it is empty, or holds only a byte-order mark or blank lines).
    case emptyFile(file: String)
    /// A field holds bytes that are not valid UTF-8; `bytes` are the raw bytes of the field.
    case invalidUTF8(SourceLocation, bytes: [UInt8])
    /// A field opened with `"` has no closing quote before the end of the file.
    case unterminatedQuote(SourceLocation, text: String)
    /// Something other than a delimiter or line break follows the closing quote of a field.
    case textAfterClosingQuote(SourceLocation, text: String)
    /// A record has a different number of fields than the header.
    case raggedRow(SourceLocation, expected: Int, actual: Int)
    /// A header name is empty (or only spaces).
    case emptyHeaderName(SourceLocation)
    /// A header name (after aliases are applied) repeats an earlier one at `firstColumn`.
    case duplicateHeaderName(SourceLocation, name: String, firstColumn: Int)
    /// A column the schema requires is not in the header; `suggestion` is a near match.
    case missingColumn(file: String, name: String, suggestion: String?)
    /// A feature (a derived column such as `pain_nrs_change`) needs a column in a role (the
    /// patient or the visit) that the data lack; `suggestion` is a near match.
    case featureNeedsColumn(file: String, feature: String, role: String, column: String, suggestion: String?)
    /// A cell of a numeric column holds text that is neither a number nor a missing-value token.
    case notANumber(SourceLocation, text: String)
    /// A number lies outside its instrument's valid range.
    case outOfRange(SourceLocation, text: String, range: ClosedRange<Double>)
    /// A number is written correctly but too large for a `Double` (such as `1e400`).
    case notFinite(SourceLocation, text: String)
    /// A field holds a NUL byte (the file is probably binary, or UTF-16).
    case nulByte(SourceLocation, text: String)
    /// A `"` inside a field that does not start with one (`S0"1`). RFC 4180 does not allow it;
    /// the reader keeps it as an ordinary character (spreadsheets export such cells), and
    /// `outcomes validate` reports it as a warning with this description.
    case quoteInUnquotedField(SourceLocation, text: String)
    /// A model names a column that is neither in the file nor derivable, and a derivable
    /// column (such as `pain_nrs_change`) is a near match.
    case notDerivable(file: String, name: String, suggestion: String)
    /// A patient has two rows for one week where one is expected (reshaping to wide).
    case duplicateVisit(patient: String, week: String)
    /// A responder flag was asked of an outcome that has no responder criterion.
    case noResponderCriterion(outcome: String)

    /// The place in the file the error concerns, when there is one.
    public var location: SourceLocation? {
        switch self {
        case .unreadableFile, .emptyFile, .missingColumn, .featureNeedsColumn, .noResponderCriterion, .duplicateVisit, .notDerivable: nil
        case let .invalidUTF8(location, _), let .unterminatedQuote(location, _),
            let .textAfterClosingQuote(location, _), let .raggedRow(location, _, _),
            let .emptyHeaderName(location), let .duplicateHeaderName(location, _, _),
            let .notANumber(location, _), let .outOfRange(location, _, _),
            let .notFinite(location, _), let .nulByte(location, _), let .quoteInUnquotedField(location, _):
            location
        }
    }

    /// One line: `file:line:column (name): what is wrong; how to fix it`.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(escapingControlCharacters(path)): cannot read the file (\(reason)); check the path and its permissions"
        case let .emptyFile(file):
            return "\(escapingControlCharacters(file)):1: the file is empty; a cohort file starts with a header row naming its columns"
        case let .invalidUTF8(location, bytes):
            return "\(location): '\(Self.escapedBytes(bytes))' is not valid UTF-8; re-save the file with UTF-8 encoding"
        case let .unterminatedQuote(location, text):
            return "\(location): the quoted field starting \"\(Self.excerpt(text)) has no closing quote; "
                + "add the closing \" and write any \" inside the field as \"\""
        case let .textAfterClosingQuote(location, text):
            return "\(location): '\(Self.excerpt(text))' follows the closing quote of the field; "
                + "quote the whole field and write any \" inside it as \"\""
        case let .raggedRow(location, expected, actual):
            let fix = actual > expected
                ? "quote fields that contain the delimiter, or remove the extra delimiter"
                : "add the missing fields (leave them empty when the value is missing)"
            return "\(location): the row has \(actual) field\(actual == 1 ? "" : "s") but the header has \(expected); \(fix)"
        case let .emptyHeaderName(location):
            return "\(location): the header name is empty; give every column a name"
        case let .duplicateHeaderName(location, name, firstColumn):
            return "\(location): the column name '\(Self.excerpt(name))' repeats column \(firstColumn); rename one of them"
        case let .missingColumn(file, name, suggestion):
            let hint = suggestion.map { " Did you mean '\(Self.excerpt($0))'? Rename that column, or map it with the spec's columns: { \(Self.excerpt(name)): \"\(Self.excerpt($0))\" }." }
                ?? " Add the column, or map an existing column onto it with the spec's columns: { \(Self.excerpt(name)): \"File header\" }."
            return "\(escapingControlCharacters(file)):1: the required column '\(Self.excerpt(name))' is not in the header.\(hint)"
        case let .featureNeedsColumn(file, feature, role, column, suggestion):
            let head = "\(escapingControlCharacters(file)): \(Self.excerpt(feature)) needs the \(role) column '\(Self.excerpt(column))', which the data do not have."
            guard role == "patient" || role == "visit" else {
                return head + (suggestion.map { " Did you mean '\(Self.excerpt($0))'?" } ?? "")
            }
            let hint = suggestion.map { " Did you mean '\(Self.excerpt($0))'? Name it with --\(role) \(Self.excerpt($0)) on the command line, or map it in a spec with columns: { \(Self.excerpt(column)): \"\(Self.excerpt($0))\" }." }
                ?? " Name the file's \(role) column with --\(role) COLUMN on the command line, or map it in a spec with columns: { \(Self.excerpt(column)): \"COLUMN\" }."
            return head + hint
        case let .notANumber(location, text):
            return "\(location): '\(Self.excerpt(text))' is not a number; write a decimal number such as 6 or 6.5, "
                + "or leave the cell empty, NA or . when missing"
        case let .outOfRange(location, text, range):
            return "\(location): \(Self.excerpt(text)) is outside the valid range "
                + "\(Self.format(range.lowerBound))–\(Self.format(range.upperBound)); "
                + "correct the value, or leave the cell empty, NA or . when missing"
        case let .notFinite(location, text):
            return "\(location): \(Self.excerpt(text)) is too large to be a number (the largest is about 1.8e308); "
                + "correct the value, or leave the cell empty, NA or . when missing"
        case let .notDerivable(file, name, suggestion):
            return "\(escapingControlCharacters(file)): unknown column '\(Self.excerpt(name))', neither in the file nor derivable. "
                + "Did you mean '\(Self.excerpt(suggestion))'?"
        case let .duplicateVisit(patient, week):
            return "data: patient \(escapingControlCharacters(patient, limit: 40)) has more than one row for week \(week); "
                + "keep one row per patient and week (outcomes validate lists every duplicate)"
        case let .noResponderCriterion(outcome):
            return "\(escapingControlCharacters(outcome))_responder: '\(escapingControlCharacters(outcome))' has no responder criterion "
                + "(defaults exist for pain_nrs, rmdq, odi and mood_phq9); set one (points and/or percent) to derive it"
        case let .nulByte(location, text):
            return "\(location): '\(Self.excerpt(text))' holds a NUL byte; the file looks binary or UTF-16, "
                + "re-save it as UTF-8 text"
        case let .quoteInUnquotedField(location, text):
            return "\(location): '\(Self.excerpt(text))' has a \" inside an unquoted field, which RFC 4180 does not allow; "
                + "it is read as an ordinary character. Quote the whole field and double the quote (\"\(Self.excerpt(text.replacingOccurrences(of: "\"", with: "\"\"")))\") to be portable"
        }
    }

    /// The first 40 characters of `text`, control characters escaped, `…` when shortened.
    static func excerpt(_ text: String) -> String {
        escapingControlCharacters(text, limit: 40)
    }

    /// Printable ASCII as is, every other byte as `\xHH`, at most 40 bytes.
    static func escapedBytes(_ bytes: [UInt8]) -> String {
        var result = ""
        for byte in bytes.prefix(40) {
            if byte >= 0x20 && byte < 0x7F {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return bytes.count > 40 ? result + "…" : result
    }

    /// A bound without a trailing `.0` when it is whole.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// `text` with line breaks, tabs and other control characters, bidirectional overrides and
/// noncharacters written as escapes (`\n`, `\u{0}`, `\u{202e}`), at most `limit` characters
/// then `…`, so a message always stays on one line and shows what the file holds.
public func escapingControlCharacters(_ text: String, limit: Int = .max) -> String {
    var result = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit { return result + "…" }
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85
                // Bidirectional overrides, isolates and marks, which reorder what a terminal shows,
                // and noncharacters.
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
                || scalar.value == 0x200E || scalar.value == 0x200F || scalar.value == 0x061C
                || (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        count += 1
    }
    return result
}

extension CohortDataError {
    /// The same error with its line moved by `offset` (for a slice of a file parsed on its own).
    func shiftingLines(by offset: Int) -> CohortDataError {
        func shifted(_ location: SourceLocation) -> SourceLocation {
            var location = location
            location.line += offset
            return location
        }
        switch self {
        case .unreadableFile, .emptyFile, .missingColumn, .featureNeedsColumn, .noResponderCriterion, .duplicateVisit, .notDerivable: return self
        case let .invalidUTF8(location, bytes): return .invalidUTF8(shifted(location), bytes: bytes)
        case let .unterminatedQuote(location, text): return .unterminatedQuote(shifted(location), text: text)
        case let .textAfterClosingQuote(location, text): return .textAfterClosingQuote(shifted(location), text: text)
        case let .raggedRow(location, expected, actual): return .raggedRow(shifted(location), expected: expected, actual: actual)
        case let .emptyHeaderName(location): return .emptyHeaderName(shifted(location))
        case let .duplicateHeaderName(location, name, first): return .duplicateHeaderName(shifted(location), name: name, firstColumn: first)
        case let .notANumber(location, text): return .notANumber(shifted(location), text: text)
        case let .outOfRange(location, text, range): return .outOfRange(shifted(location), text: text, range: range)
        case let .notFinite(location, text): return .notFinite(shifted(location), text: text)
        case let .nulByte(location, text): return .nulByte(shifted(location), text: text)
        case let .quoteInUnquotedField(location, text): return .quoteInUnquotedField(shifted(location), text: text)
        }
    }
}
