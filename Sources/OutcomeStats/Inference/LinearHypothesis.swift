import Foundation

/// A set of linear restrictions L β = c on a model's coefficients, each row naming the
/// coefficients it involves (as car's `linearHypothesis` takes them).
///
/// ```swift
/// let h = try LinearHypothesis(parsing: "techniquedeep_tissue = techniquefriction; week = 0")
/// h.rows[0]      // ["techniquedeep_tissue": 1, "techniquefriction": -1]
/// ```
public struct LinearHypothesis: Sendable, Equatable {
    /// One row of L: coefficient name → weight (absent names weigh 0).
    public let rows: [[String: Double]]
    /// c, one value per row.
    public let rightHandSide: [Double]
    /// The text the hypothesis was parsed from, or a description of it.
    public let label: String

    /// A hypothesis from explicit rows; `rightHandSide` defaults to zeros.
    ///
    /// - Precondition: `rightHandSide` is empty or has one value per row.
    public init(rows: [[String: Double]], rightHandSide: [Double] = [], label: String? = nil) {
        precondition(rightHandSide.isEmpty || rightHandSide.count == rows.count,
                     "\(rows.count) hypothesis rows but \(rightHandSide.count) right-hand sides")
        self.rows = rows
        self.rightHandSide = rightHandSide.isEmpty ? Array(repeating: 0, count: rows.count) : rightHandSide
        self.label = label ?? rows.map { row in row.keys.sorted().map { "\(row[$0]!)*\($0)" }.joined(separator: " + ") }
            .joined(separator: "; ")
    }

    /// The hypothesis that every named coefficient is zero.
    public init(zero terms: [String]) {
        self.init(rows: terms.map { [$0: 1] }, label: terms.map { "\($0) = 0" }.joined(separator: "; "))
    }

    /// Parses equations separated by `;`, each a sum of terms `[number *] coefficient` or
    /// numbers on either side of `=` (no `=` means `= 0`), as in car's `linearHypothesis`:
    /// `"techniquedeep_tissue - techniquefriction = 0; 2 * week = 1"`.
    ///
    /// Parsing takes time linear in the length of the text; parentheses are refused at the first
    /// one (a hypothesis has no grouping, so nothing nests), and numbers must be finite.
    ///
    /// - Throws: ``StatsError/domain(_:)`` quoting the equation that cannot be read.
    public init(parsing text: String) throws {
        if let bracket = text.unicodeScalars.firstIndex(where: { $0 == "(" || $0 == ")" }) {
            let position = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: bracket) + 1
            throw StatsError.domain("hypothesis '\(excerpt(of: text, around: position))', character \(position): "
                                    + "parentheses are not supported; write each equation as a sum of number * coefficient, e.g. 'week = 0'")
        }
        var rows: [[String: Double]] = []
        var constants: [Double] = []
        for equation in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !equation.isEmpty {
            let sides = equation.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            guard sides.count <= 2 else {
                throw StatsError.domain("hypothesis '\(excerpt(of: equation, around: 1))' has more than one '='")
            }
            var row: [String: Double] = [:]
            var constant = 0.0
            for (side, sign) in zip(sides, [1.0, -1.0]) {
                for (weight, name) in try Self.linearTerms(side, equation: equation) {
                    if let name { row[name, default: 0] += sign * weight } else { constant -= sign * weight }
                }
            }
            row = row.filter { $0.value != 0 }
            guard !row.isEmpty else {
                throw StatsError.domain("hypothesis '\(excerpt(of: equation, around: 1))' names no coefficient; write e.g. 'week = 0'")
            }
            guard constant.isFinite, row.values.allSatisfy(\.isFinite) else {
                throw StatsError.domain("hypothesis '\(excerpt(of: equation, around: 1))' sums to a number beyond the largest double (about 1.8e308); rescale it")
            }
            rows.append(row)
            constants.append(constant)
        }
        guard !rows.isEmpty else {
            throw StatsError.domain("empty hypothesis; write e.g. 'techniquedeep_tissue = techniquefriction'")
        }
        self.init(rows: rows, rightHandSide: constants, label: text.trimmingCharacters(in: .whitespaces))
    }

    /// Splits `a*x - y + 3` into (weight, name-or-nil-for-a-constant) pairs, in one pass.
    private static func linearTerms(_ side: String, equation: String) throws -> [(Double, String?)] {
        var result: [(Double, String?)] = []
        var sign = 1.0
        var current = ""
        func read(_ item: String, sign: Double) throws {
            let factors = item.split(separator: "*", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            var weight = sign
            var name: String?
            for factor in factors {
                if let number = Double(factor) {
                    guard number.isFinite else {
                        throw StatsError.domain("hypothesis '\(excerpt(of: equation, around: 1))': the number '\(factor)' is not finite (a double reaches about 1.8e308)")
                    }
                    weight *= number
                } else if !factor.isEmpty, name == nil,
                          !factor.contains(where: { $0.isWhitespace || "+-/()^".contains($0) }) {
                    name = factor
                } else {
                    throw StatsError.domain("hypothesis '\(excerpt(of: equation, around: 1))': cannot read '\(excerpt(of: item, around: 1))' (write number * coefficient)")
                }
            }
            result.append((weight, name))
        }
        for character in side {
            if character == "+" || character == "-" {
                let item = current.trimmingCharacters(in: .whitespaces)
                // An exponent sign (1e-3) belongs to its number.
                let isExponent = (item.hasSuffix("e") || item.hasSuffix("E")) && Double(item.dropLast()) != nil
                if !isExponent {
                    if item.isEmpty {
                        if character == "-" { sign = -sign }
                    } else {
                        try read(item, sign: sign)
                        sign = character == "-" ? -1 : 1
                    }
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        let item = current.trimmingCharacters(in: .whitespaces)
        guard !item.isEmpty else {
            throw StatsError.domain("hypothesis '\(excerpt(of: equation, around: 1))': a side or a '+'/'-' without a term")
        }
        try read(item, sign: sign)
        return result
    }
}
