/// A JSON document as a value, rendered deterministically.
///
/// Object keys keep their insertion order (there is no hashing anywhere), numbers are
/// written by ``JSONNumber/text(_:)``, and strings are escaped as RFC 8259 requires, so the
/// same value renders to the same bytes on every machine.
///
/// ```swift
/// let value: JSONValue = ["model": "lm", "n": .integer(120), "r2": .number(0.4512)]
/// value.rendered(pretty: false)   // {"model":"lm","n":120,"r2":0.4512}
/// ```
///
/// Duplicate keys are written as given; avoiding them is the caller's job.
public indirect enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A floating-point number, written by ``JSONNumber/text(_:)`` (`null` when not finite).
    case number(Double)
    /// An integer, written without a decimal point.
    case integer(Int)
    /// An unsigned integer beyond `Int`'s range (a 64-bit seed), written without a decimal point.
    case unsignedInteger(UInt64)
    /// A string, escaped on output.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose members keep the given order.
    case object([(String, JSONValue)])

    /// A number rounded to ten significant digits by ``JSONNumber/reportDigits(_:)``,
    /// for committed report JSON that must be identical on every machine.
    ///
    /// - Parameter value: the full-precision number.
    /// - Returns: `.number` of the rounded value.
    public static func reportNumber(_ value: Double) -> JSONValue {
        .number(JSONNumber.reportDigits(value))
    }

    /// An optional number: `.null` for `nil` (e.g. an aliased coefficient).
    ///
    /// - Parameter value: the number or `nil`.
    /// - Returns: `.number(value)` or `.null`.
    public static func number(orNull value: Double?) -> JSONValue {
        value.map { .number($0) } ?? .null
    }

    /// The JSON text.
    ///
    /// Compact output has no whitespace at all. Pretty output indents by two spaces, puts
    /// each array element and object member on its own line, writes `"key": value` (one
    /// space after the colon), and prints empty containers as `[]` and `{}`.
    ///
    /// Trailing newline policy: pretty output is meant to be a file (`results.json`), so it
    /// ends with exactly one `"\n"`; compact output is meant to be embedded (or written one
    /// document per line by a caller that adds its own newline), so it has none.
    ///
    /// - Parameters:
    ///   - pretty: indent for humans and line-based diffs.
    ///   - scalarArraysOnOneLine: in pretty output, write an array of numbers, strings, Booleans
    ///     and nulls on one line, `[0, 2, 4]` (a parameter file people read).
    /// - Returns: the JSON text.
    public func rendered(pretty: Bool = true, scalarArraysOnOneLine: Bool = false) -> String {
        var output = ""
        write(to: &output, pretty: pretty, indent: 0, inlineScalars: scalarArraysOnOneLine)
        if pretty { output += "\n" }
        return output
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func write(to output: inout String, pretty: Bool, indent: Int, inlineScalars: Bool) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let value): output += JSONNumber.text(value)
        case .integer(let value): output += String(value)
        case .unsignedInteger(let value): output += String(value)
        case .string(let text): JSONValue.writeEscaped(text, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "["
            if pretty && inlineScalars && elements.allSatisfy(\.isScalar) {
                for (index, element) in elements.enumerated() {
                    if index > 0 { output += ", " }
                    element.write(to: &output, pretty: pretty, indent: indent + 1, inlineScalars: inlineScalars)
                }
                output += "]"
                return
            }
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                element.write(to: &output, pretty: pretty, indent: indent + 1, inlineScalars: inlineScalars)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output += "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                JSONValue.writeEscaped(key, to: &output)
                output += pretty ? ": " : ":"
                value.write(to: &output, pretty: pretty, indent: indent + 1, inlineScalars: inlineScalars)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output += "}"
        }
    }

    private static func newline(_ output: inout String, indent: Int) {
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    /// Writes `text` as a JSON string literal, quotes included.
    ///
    /// Escapes `"` and `\`, writes `\b \f \n \r \t` in their short forms and every other
    /// control character below U+0020 as `\u00XX` (lower-case hex, as `JSON.stringify` and
    /// Python's `json` do). Everything else, including non-ASCII text, is written as UTF-8.
    static func writeEscaped(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

extension JSONValue: Equatable {
    /// Structural equality; object members compare in order (`{"a":1,"b":2}` differs from
    /// `{"b":2,"a":1}` because they render differently). `.number(2)` and `.integer(2)`
    /// differ too.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.integer(a), .integer(b)): return a == b
        case let (.unsignedInteger(a), .unsignedInteger(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean literal is `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal is `.integer`.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A floating-point literal is `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string literal is `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal is `.array`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal is an `.object` keeping the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
}
