import Foundation
import OutcomeStats

/// A row filter from a spec's `subset:` key, such as `cohort == "chronic"`,
/// `week >= 2 & technique != usual_care` or `site in [site_a, site_b]`.
///
/// Grammar: comparisons `column OP value` (OP one of `==` (or `=`), `!=`, `<`, `<=`, `>`, `>=`) and
/// `column in [v1, v2, …]`, joined by `&`/`and` and `|`/`or` (`&` binds tighter), with
/// parentheses. Values are numbers, quoted strings or bare words. A row whose column is
/// missing fails every comparison and is left out, as R's `subset()` does.
///
/// Hostile input is bounded: a chain of `&` or `|` is one node with a list of operands (so
/// 50,000 comparisons are evaluated in a loop, not by recursion), and parentheses nest at most
/// ``maximumNesting`` levels deep; deeper is a ``SubsetError/syntax(expression:position:message:)``
/// naming the position.
///
/// ```swift
/// let subset = try RowSubset("cohort == \"chronic\" & week > 0")
/// let rows = try subset.matchingRows(in: frame)
/// ```
public struct RowSubset: Sendable, Equatable, CustomStringConvertible {
    indirect enum Expression: Sendable, Hashable {
        case comparison(column: String, operator: String, value: String)
        case membership(column: String, values: [String])
        /// Every operand holds (two or more operands).
        case and([Expression])
        /// Some operand holds (two or more operands).
        case or([Expression])
    }

    /// The deepest nesting of parentheses a subset may have, as ``OutcomeStats/Formula/maximumNesting``
    /// for formulas: far beyond any real filter, far from the end of a thread's stack.
    public static let maximumNesting = Formula.maximumNesting

    /// The expression as written.
    public let text: String
    let expression: Expression

    /// Parses `text`.
    ///
    /// - Throws: ``SubsetError`` naming the character at fault.
    public init(_ text: String) throws {
        self.text = text.trimmingCharacters(in: .whitespaces)
        var parser = SubsetParser(self.text)
        expression = try parser.parse()
    }

    public var description: String { text }

    /// Indices of the rows of `frame` that satisfy the expression, ascending.
    ///
    /// - Throws: ``SubsetError/unknownColumn(_:suggestion:)`` or ``SubsetError/notANumber(column:value:)``.
    public func matchingRows(in frame: Frame) throws -> [Int] {
        let mask = try evaluate(expression, frame)
        return mask.indices.filter { mask[$0] }
    }

    /// Combines `operand` into `mask` in place: with `conjunction` a row stays where the
    /// operand holds too (`&`), otherwise a row joins where it holds (`|`). A numeric comparison
    /// is tested only at the rows it can change, in one pass without an intermediate mask.
    private func combine(_ operand: Expression, into mask: inout [Bool], conjunction: Bool, _ frame: Frame) throws {
        if case let .comparison(column, op, value) = operand, case .numeric(let numbers)? = frame[column],
           let target = Double(value) {
            // One loop per operator, with no call per row (NaN fails every test but `!=`, which
            // is false at NaN too, as R's subset() leaves a missing value out).
            numbers.withUnsafeBufferPointer { x in
                mask.withUnsafeMutableBufferPointer { m in
                    let n = m.count
                    switch (op, conjunction) {
                    case ("==", true): for i in 0..<n where m[i] { m[i] = x[i] == target }
                    case ("==", false): for i in 0..<n where !m[i] { m[i] = x[i] == target }
                    case ("!=", true): for i in 0..<n where m[i] { m[i] = !x[i].isNaN && x[i] != target }
                    case ("!=", false): for i in 0..<n where !m[i] { m[i] = !x[i].isNaN && x[i] != target }
                    case ("<", true): for i in 0..<n where m[i] { m[i] = x[i] < target }
                    case ("<", false): for i in 0..<n where !m[i] { m[i] = x[i] < target }
                    case ("<=", true): for i in 0..<n where m[i] { m[i] = x[i] <= target }
                    case ("<=", false): for i in 0..<n where !m[i] { m[i] = x[i] <= target }
                    case (">", true): for i in 0..<n where m[i] { m[i] = x[i] > target }
                    case (">", false): for i in 0..<n where !m[i] { m[i] = x[i] > target }
                    case (_, true): for i in 0..<n where m[i] { m[i] = x[i] >= target }
                    case (_, false): for i in 0..<n where !m[i] { m[i] = x[i] >= target }
                    }
                }
            }
            return
        }
        let next = try evaluate(operand, frame)
        for i in mask.indices where mask[i] != next[i] && mask[i] == conjunction { mask[i] = next[i] }
    }

    private func evaluate(_ expression: Expression, _ frame: Frame) throws -> [Bool] {
        switch expression {
        case let .and(operands):
            var mask = [Bool](repeating: true, count: frame.rowCount)
            var seen = Set<Expression>()   // a repeated operand changes nothing
            for operand in operands where seen.insert(operand).inserted {
                try combine(operand, into: &mask, conjunction: true, frame)
            }
            return mask
        case let .or(operands):
            var mask = [Bool](repeating: false, count: frame.rowCount)
            var seen = Set<Expression>()
            for operand in operands where seen.insert(operand).inserted {
                try combine(operand, into: &mask, conjunction: false, frame)
            }
            return mask
        case let .membership(column, values):
            var mask = [Bool](repeating: false, count: frame.rowCount)
            for value in Set(values) {
                let next = try evaluate(.comparison(column: column, operator: "==", value: value), frame)
                for i in mask.indices where !mask[i] && next[i] { mask[i] = true }
            }
            return mask
        case let .comparison(column, op, value):
            guard let data = frame[column] else {
                throw SubsetError.unknownColumn(column, suggestion: nearestName(to: column, in: frame.columnNames))
            }
            switch data {
            case .numeric(let numbers):
                guard let target = Double(value) else { throw SubsetError.notANumber(column: column, value: value) }
                // The operator is resolved once, not once a row (NaN fails every comparison).
                switch op {
                case "==": return numbers.map { $0 == target }
                case "!=": return numbers.map { !$0.isNaN && $0 != target }
                case "<": return numbers.map { $0 < target }
                case "<=": return numbers.map { $0 <= target }
                case ">": return numbers.map { $0 > target }
                default: return numbers.map { $0 >= target }
                }
            case .categorical(let categorical):
                guard op == "==" || op == "!=" else { throw SubsetError.orderOnCategory(column: column, operator: op) }
                let code = categorical.levels.firstIndex(of: value).map(Int32.init) ?? -2
                return op == "==" ? categorical.codes.map { $0 >= 0 && $0 == code } : categorical.codes.map { $0 >= 0 && $0 != code }
            }
        }
    }
}

/// Errors of ``RowSubset``.
public enum SubsetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression does not parse; `position` is 1-based.
    case syntax(expression: String, position: Int, message: String)
    /// A column the data lack.
    case unknownColumn(String, suggestion: String?)
    /// A numeric column compared with a non-number.
    case notANumber(column: String, value: String)
    /// `<`, `>` … on a categorical column.
    case orderOnCategory(column: String, operator: String)

    public var description: String {
        switch self {
        case let .syntax(expression, position, message):
            "subset '\(excerpt(of: expression, around: position))', character \(position): \(message)"
        case let .unknownColumn(column, suggestion):
            "subset names unknown column '\(column)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
        case let .notANumber(column, value):
            "subset compares numeric column '\(column)' with '\(value)', which is not a number"
        case let .orderOnCategory(column, op):
            "subset uses '\(op)' on categorical column '\(column)'; categories only support == and != (or 'in [...]')"
        }
    }
}

/// Recursive-descent parser of ``RowSubset`` expressions.
struct SubsetParser {
    private let text: String
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    mutating func parse() throws -> RowSubset.Expression {
        let expression = try parseOr()
        skipSpaces()
        guard index == scalars.count else { throw error("unexpected '\(String(scalars[index]))'") }
        return expression
    }

    private mutating func parseOr() throws -> RowSubset.Expression {
        var operands = [try parseAnd()]
        while consume("|") || consumeWord("or") { operands.append(try parseAnd()) }
        return operands.count == 1 ? operands[0] : .or(operands)
    }

    private mutating func parseAnd() throws -> RowSubset.Expression {
        var operands = [try parsePrimary()]
        while consume("&") || consumeWord("and") { operands.append(try parsePrimary()) }
        return operands.count == 1 ? operands[0] : .and(operands)
    }

    private mutating func parsePrimary() throws -> RowSubset.Expression {
        skipSpaces()
        if lookingAt("(") {
            guard depth < RowSubset.maximumNesting else {
                throw error("parentheses nest more than \(RowSubset.maximumNesting) levels deep here; simplify the subset")
            }
            index += 1
            depth += 1
            defer { depth -= 1 }
            let inner = try parseOr()
            guard consume(")") else { throw error("expected ')'") }
            return inner
        }
        guard let column = word() else { throw error("expected a column name") }
        if consumeWord("in") {
            guard consume("[") else { throw error("expected '[' after 'in'") }
            var values: [String] = []
            repeat {
                guard let value = try valueToken() else { throw error("expected a value in the list") }
                values.append(value)
            } while consume(",")
            guard consume("]") else { throw error("expected ']' to close the list") }
            return .membership(column: column, values: values)
        }
        skipSpaces()
        let operators = ["==", "!=", "<=", ">=", "<", ">", "="]
        guard var op = operators.first(where: { lookingAt($0) }) else {
            throw error("expected a comparison (==, !=, <, <=, >, >=) or 'in' after '\(column)'")
        }
        index += op.unicodeScalars.count
        if op == "=" { op = "==" }   // `week=10`, as the command line's --subset is often written
        guard let value = try valueToken() else { throw error("expected a value after '\(op)'") }
        return .comparison(column: column, operator: op, value: value)
    }

    private mutating func valueToken() throws -> String? {
        skipSpaces()
        guard index < scalars.count else { return nil }
        let quote = scalars[index]
        if quote == "\"" || quote == "'" {
            let start = index + 1
            guard let end = scalars[start...].firstIndex(of: quote) else { throw error("unterminated quoted value") }
            index = end + 1
            return String(String.UnicodeScalarView(scalars[start..<end]))
        }
        let start = index
        while index < scalars.count, !" \t&|()[],=!<>".unicodeScalars.contains(scalars[index]) { index += 1 }
        return index > start ? String(String.UnicodeScalarView(scalars[start..<index])) : nil
    }

    private mutating func word() -> String? {
        skipSpaces()
        let start = index
        while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil
                || scalars[index] == "_" || scalars[index] == "." { index += 1 }
        return index > start ? String(String.UnicodeScalarView(scalars[start..<index])) : nil
    }

    private mutating func consume(_ symbol: String) -> Bool {
        skipSpaces()
        // A single '&' or '|' also accepts R's doubled form.
        guard lookingAt(symbol) else { return false }
        index += symbol.unicodeScalars.count
        if (symbol == "&" || symbol == "|"), lookingAt(symbol) { index += 1 }
        return true
    }

    private mutating func consumeWord(_ keyword: String) -> Bool {
        skipSpaces()
        let saved = index
        if let next = word(), next == keyword { return true }
        index = saved
        return false
    }

    private func lookingAt(_ symbol: String) -> Bool {
        let symbolScalars = Array(symbol.unicodeScalars)
        guard index + symbolScalars.count <= scalars.count else { return false }
        return Array(scalars[index..<(index + symbolScalars.count)]) == symbolScalars
    }

    private mutating func skipSpaces() {
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    }

    private func error(_ message: String) -> SubsetError {
        .syntax(expression: text, position: min(index, scalars.count) + 1, message: message)
    }
}
