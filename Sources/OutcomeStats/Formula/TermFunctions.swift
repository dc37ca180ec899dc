import Foundation

/// An arithmetic expression that a formula evaluates into a design-matrix column:
/// `I(x^2)`, `log(age)`, `I(week * sessions_per_week)`, `poly(week, 3, raw = TRUE)`.
///
/// Inside a function call `+ - * / ^` are arithmetic (R's precedence: `^` binds tightest and
/// to the right, then unary minus, then `* /`, then `+ -`). The functions are `I` (identity, the
/// way to write arithmetic in a formula), `log`, `log2`, `log10`, `exp`, `sqrt`, `abs`, and
/// `poly(x, k, raw = TRUE)` (the raw powers x, x², …, xᵏ as k columns; orthogonal polynomials,
/// R's default, depend on the data and are not supported).
///
/// Columns are evaluated in extended precision (`Float80` on x86-64) and rounded once, so
/// `I(x^10)` and `poly(x, 10, raw = TRUE)` are the correctly rounded powers (within a hair of
/// half an ulp) rather than ten times rounded products. A value a function is undefined at
/// (log of a non-positive number, square root of a negative) is an error naming the term and
/// the row, never a silently dropped row.
public indirect enum TermExpression: Sendable, Hashable {
    /// A numeric column.
    case variable(String)
    /// A literal number.
    case number(Double)
    /// Unary minus.
    case negate(TermExpression)
    /// A binary operation: one of `+ - * / ^`.
    case binary(Character, TermExpression, TermExpression)
    /// A function call with positional and named (`raw = TRUE`) arguments.
    case call(String, [TermArgument])
    /// An expression in parentheses (kept so that labels read as R deparses them).
    case parenthesized(TermExpression)

    /// The functions a formula may call, besides `poly`.
    public static let functions = ["I", "log", "log2", "log10", "exp", "sqrt", "abs"]

    /// R's deparsed text: the label of the term and the name of its column, e.g. `I(x^2)`,
    /// `log(x + 1)`, `poly(x, 3, raw = TRUE)`.
    public var label: String {
        switch self {
        case .variable(let name): name
        case .number(let value): Self.deparse(value)
        case .negate(let e): "-" + e.label
        case let .binary(op, lhs, rhs): op == "/" || op == "^" ? "\(lhs.label)\(op)\(rhs.label)" : "\(lhs.label) \(op) \(rhs.label)"
        case let .call(name, arguments): name + "(" + arguments.map(\.label).joined(separator: ", ") + ")"
        case .parenthesized(let e): "(" + e.label + ")"
        }
    }

    /// The columns the expression reads, in order of first appearance.
    public var columns: [String] {
        var result: [String] = []
        func visit(_ e: TermExpression) {
            switch e {
            case .variable(let name): if !result.contains(name) { result.append(name) }
            case .number: break
            case .negate(let inner), .parenthesized(let inner): visit(inner)
            case let .binary(_, lhs, rhs): visit(lhs); visit(rhs)
            case let .call(_, arguments):
                for argument in arguments where !(argument.name == "raw") { visit(argument.value) }
            }
        }
        visit(self)
        return result
    }

    /// The highest degree `poly(x, k, raw = TRUE)` may have.
    public static let maximumPolynomialDegree = 20

    /// The raw polynomial degree when the expression is `poly(x, k, raw = TRUE)` with a whole
    /// degree from 1 to ``maximumPolynomialDegree`` (checked before the conversion to `Int`).
    var polynomial: (base: TermExpression, degree: Int)? {
        guard case let .call("poly", arguments) = self else { return nil }
        let positional = arguments.filter { $0.name == nil }
        guard let base = positional.first?.value else { return nil }
        let degreeArgument = arguments.first { $0.name == "degree" }?.value ?? (positional.count > 1 ? positional[1].value : nil)
        guard case .number(let degree)? = degreeArgument, degree >= 1, degree <= Double(Self.maximumPolynomialDegree),
              degree == degree.rounded() else { return nil }
        return (base, Int(degree))
    }

    /// R's deparse of a double: up to 15 significant digits, fixed notation unless scientific is
    /// shorter; `Inf`, `-Inf` and `NaN` as R writes them (the parser never makes them, but a
    /// ``TermExpression`` can be built by hand).
    static func deparse(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-Inf" : "Inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            let fixed = String(Int64(value))
            let digits = fixed.trimmingCharacters(in: CharacterSet(charactersIn: "-")).reversed().drop { $0 == "0" }.count
            let exponent = fixed.trimmingCharacters(in: CharacterSet(charactersIn: "-")).count - 1
            let mantissa = digits <= 1 ? String(fixed.first { $0 != "-" }!) : ""
            if digits <= 1, exponent >= 5 {
                let sci = (value < 0 ? "-" : "") + mantissa + "e+" + (exponent < 10 ? "0" : "") + String(exponent)
                if sci.count < fixed.count { return sci }
            }
            return fixed
        }
        var digits = 1
        while digits < 15, Double(String(format: "%.\(digits - 1)e", value)) != Double(String(format: "%.14e", value)) {
            digits += 1
        }
        let sci = String(format: "%.\(digits - 1)e", value)   // e.g. 1e-04, 1.5e+07
        let exponent = Int(value.magnitude.log10Floor)
        let decimals = max(0, digits - 1 - exponent)
        let fixed = String(format: "%.\(decimals)f", value)
        return fixed.count <= sci.count ? fixed : sci
    }
}

private extension Double {
    var log10Floor: Double { Foundation.floor(Foundation.log10(self)) }
}

/// One argument of a function call in a formula: `3` or `raw = TRUE`.
public struct TermArgument: Sendable, Hashable {
    /// The argument name, for a named argument.
    public let name: String?
    /// The argument value.
    public let value: TermExpression

    /// An argument.
    public init(name: String?, value: TermExpression) {
        self.name = name
        self.value = value
    }

    /// `value` or `name = value`, as R deparses it.
    public var label: String { name.map { "\($0) = \(value.label)" } ?? value.label }
}

#if arch(x86_64) && !os(Windows) && !os(Android)
/// The type formula columns are evaluated in before rounding to `Double`.
typealias ExtendedReal = Float80
#else
typealias ExtendedReal = Double
#endif

extension TermExpression {
    /// The design columns of this expression at `rows` of `frame`: one column, or k for `poly`.
    ///
    /// - Throws: ``StatsError/wrongColumnKind(column:expected:)`` for a categorical column,
    ///   ``StatsError/domain(_:)`` for a value the expression is undefined at.
    func columns(frame: Frame, rows: [Int]) throws -> [(String, [Double])] {
        let label = self.label   // deparsed once, not once a row
        let shown = excerpt(of: label, around: 1)   // what messages quote of a long label
        var values: [String: [Double]] = [:]
        for name in columns {
            guard case .numeric(let x) = frame[name]! else {
                throw StatsError.wrongColumnKind(column: name, expected: "numeric to be used in '\(shown)'")
            }
            values[name] = x
        }
        if let (base, degree) = polynomial {
            var result: [(String, [Double])] = []
            var powers = [[Double]](repeating: [Double](repeating: 0, count: rows.count), count: degree)
            for (k, row) in rows.enumerated() {
                let x = try base.evaluate(values, row: row, term: label)
                var power: ExtendedReal = 1
                for d in 0..<degree {
                    power *= x
                    let value = Double(power)
                    guard value.isFinite, value == 0 || value.isNormal else {
                        let inputs = columns.prefix(5).map { "\(excerpt(of: $0, around: 1)) = \(values[$0]![row])" }.joined(separator: ", ")
                        throw StatsError.domain("'\(shown)' has power \(d + 1) equal to \(value) at data row \(row + 1) (\(inputs)), outside the normal doubles; rescale the variable or lower the degree")
                    }
                    powers[d][k] = value
                }
            }
            for d in 0..<degree { result.append((label + String(d + 1), powers[d])) }
            return result
        }
        var column = [Double](repeating: 0, count: rows.count)
        for (k, row) in rows.enumerated() {
            let value = Double(try evaluate(values, row: row, term: label))
            guard value.isFinite else {
                let inputs = columns.prefix(5).map { "\(excerpt(of: $0, around: 1)) = \(values[$0]![row])" }.joined(separator: ", ")
                throw StatsError.domain("'\(shown)' is \(value) at data row \(row + 1) (\(inputs)); transform or drop that row")
            }
            guard value == 0 || value.isNormal else {
                let inputs = columns.prefix(5).map { "\(excerpt(of: $0, around: 1)) = \(values[$0]![row])" }.joined(separator: ", ")
                throw StatsError.domain("'\(shown)' is \(value) at data row \(row + 1) (\(inputs)), below the smallest normal double (about 2.2e-308), too small to fit; rescale the term")
            }
            column[k] = value
        }
        return [(label, column)]
    }

    /// The value at `row`, in extended precision.
    func evaluate(_ columns: [String: [Double]], row: Int, term: String) throws -> ExtendedReal {
        switch self {
        case .variable(let name): return ExtendedReal(columns[name]![row])
        case .number(let value): return ExtendedReal(value)
        case .negate(let e): return -(try e.evaluate(columns, row: row, term: term))
        case .parenthesized(let e): return try e.evaluate(columns, row: row, term: term)
        case let .binary(op, lhs, rhs):
            let a = try lhs.evaluate(columns, row: row, term: term)
            if op == "^", case .number(let k) = rhs, k == k.rounded(), abs(k) <= 64 {
                return Self.integerPower(a, Int(k))
            }
            let b = try rhs.evaluate(columns, row: row, term: term)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            case "/": return a / b
            default: return Foundation.pow(a, b)
            }
        case let .call(name, arguments):
            let x = try arguments[0].value.evaluate(columns, row: row, term: term)
            switch name {
            case "I": return x
            case "log": return Foundation.log(x)
            case "log2": return Foundation.log2(x)
            case "log10": return Foundation.log10(x)
            case "exp": return Foundation.exp(x)
            case "sqrt": return x.squareRoot()
            default: return abs(x)
            }
        }
    }

    /// xᵏ by repeated squaring in extended precision.
    static func integerPower(_ x: ExtendedReal, _ k: Int) -> ExtendedReal {
        var result: ExtendedReal = 1
        var base = x
        var n = abs(k)
        while n > 0 {
            if n & 1 == 1 { result *= base }
            base *= base
            n >>= 1
        }
        return k < 0 ? 1 / result : result
    }
}
