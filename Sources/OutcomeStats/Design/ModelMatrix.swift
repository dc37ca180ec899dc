/// The design matrix X and response y of a fixed-effects formula over the complete cases of a frame.
///
/// Numeric variables enter as they are; categorical variables by ``Contrast/treatment(reference:)``
/// coding. As in R's `model.matrix`, a categorical variable inside a term is coded by contrasts
/// when the term without it is also in the model (the intercept standing for the empty term),
/// and by one indicator per level otherwise; in an interaction the first variable varies fastest.
/// Columns are named as R's `lm` names them: `(Intercept)`, `cohortchronic`,
/// `sessions_per_week:cohortchronic`.
///
/// Rows with a missing value in any variable of the formula are dropped (complete cases); their
/// number is ``droppedRowCount``.
///
/// ```swift
/// let x = try ModelMatrix(formula: Formula("pain_nrs ~ week + cohort"), frame: frame)
/// x.columnNames   // ["(Intercept)", "week", "cohortchronic"]
/// ```
public struct ModelMatrix: Sendable {
    /// Column names, R style.
    public let columnNames: [String]
    /// The term each column belongs to: `nil` for the intercept, else an index into `formula.terms`.
    public let columnTerms: [Int?]
    /// Matrix entries, column-major: entry (i, j) is `values[i + j * rowCount]`.
    public let values: [Double]
    /// The response at each used row.
    public let response: [Double]
    /// Indices (into the frame) of the rows used, ascending.
    public let usedRows: [Int]
    /// Rows dropped because a variable of the formula was missing.
    public let droppedRowCount: Int
    /// The formula the matrix was built from.
    public let formula: Formula
    /// Reference level of each categorical variable that was coded by contrasts.
    public let referenceLevels: [String: String]
    /// The case weights at each used row, when the matrix was built with a weights column.
    public let weights: [Double]?

    /// Number of used observations.
    public var rowCount: Int { response.count }
    /// Number of columns.
    public var columnCount: Int { columnNames.count }

    /// Builds the design matrix of `formula` over `frame`.
    ///
    /// - Parameters:
    ///   - formula: the model formula.
    ///   - frame: the data.
    ///   - contrasts: coding per categorical variable; absent ones use ``Contrast/treatment``.
    ///   - weights: a numeric column of non-negative case weights; rows where it is missing are
    ///     dropped with the other incomplete cases.
    /// - Throws: ``StatsError/domain(_:)`` for a negative or infinite weight or a function factor
    ///   undefined at a row, ``StatsError/unknownColumn(term:suggestion:)`` for a variable the frame lacks,
    ///   ``StatsError/wrongColumnKind(column:expected:)`` for a categorical response,
    ///   ``StatsError/unknownLevel(column:level:levels:)`` for a bad reference level.
    public init(formula: Formula, frame: Frame, contrasts: [String: Contrast] = [:], weights: String? = nil) throws {
        for name in formula.allVariables + (weights.map { [$0] } ?? []) where !frame.contains(name) {
            throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
        }
        guard case .numeric(let y) = frame[formula.response]! else {
            throw StatsError.wrongColumnKind(column: formula.response, expected: "numeric to be a response")
        }
        for (name, _) in contrasts where !frame.contains(name) {
            throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
        }

        // Complete cases over every variable the formula reads.
        let columns = (formula.allVariables + (weights.map { [$0] } ?? [])).map { frame[$0]! }
        var used: [Int] = []
        used.reserveCapacity(frame.rowCount)
        for row in 0..<frame.rowCount where !columns.contains(where: { $0.isMissing(row) }) {
            used.append(row)
        }
        let n = used.count

        // Reference level per categorical variable.
        var references: [String: Int] = [:]
        for name in formula.variables {
            guard case .categorical(let column) = frame[name]! else { continue }
            switch contrasts[name] ?? .treatment {
            case .treatment(let reference):
                if let reference {
                    guard let index = column.levels.firstIndex(of: reference) else {
                        throw StatsError.unknownLevel(column: name, level: reference, levels: column.levels)
                    }
                    references[name] = index
                } else {
                    references[name] = 0
                }
            }
        }

        let termSets = Set(formula.terms.map { Set($0.variables) })
        var names: [String] = []
        var owners: [Int?] = []
        var values: [Double] = []
        // Reserve the most columns the terms can make, so a million-row matrix is not regrown.
        var columnBound = formula.hasIntercept ? 1 : 0
        for term in formula.terms {
            columnBound += term.variables.reduce(1) { product, variable in
                if let expression = formula.expressions[variable] { return product * (expression.polynomial?.degree ?? 1) }
                if case .categorical(let column)? = frame[variable] { return product * max(1, column.levels.count) }
                return product
            }
        }
        values.reserveCapacity(n * columnBound)
        if formula.hasIntercept {
            names.append("(Intercept)")
            owners.append(nil)
            values.append(contentsOf: repeatElement(1.0, count: n))
        }
        var usedReferences: [String: String] = [:]
        for (termIndex, term) in formula.terms.enumerated() {
            // Each variable contributes a list of (name suffix, values) factors.
            var factors: [[(String, [Double])]] = []
            for variable in term.variables {
                if let expression = formula.expressions[variable] {
                    factors.append(try expression.columns(frame: frame, rows: used))
                    continue
                }
                switch frame[variable]! {
                case .numeric(let x):
                    factors.append([(variable, used.map { x[$0] })])
                case .categorical(let column):
                    var margin = Set(term.variables)
                    margin.remove(variable)
                    let byContrast = margin.isEmpty ? formula.hasIntercept : termSets.contains(margin)
                    let reference = references[variable]!
                    var levelColumns: [(String, [Double])] = []
                    for (level, label) in column.levels.enumerated() where !(byContrast && level == reference) {
                        let code = Int32(level)
                        levelColumns.append((variable + label, used.map { column.codes[$0] == code ? 1.0 : 0.0 }))
                    }
                    if byContrast { usedReferences[variable] = column.levels[reference] }
                    factors.append(levelColumns)
                }
            }
            // Cartesian product, first factor varying fastest.
            var product: [(String, [Double])] = [("", [])]
            for (position, factor) in factors.enumerated() {
                var next: [(String, [Double])] = []
                for (name, x) in factor {
                    for (prefix, partial) in product {
                        let label = position == 0 ? name : prefix + ":" + name
                        let values = position == 0 ? x : zip(partial, x).map { $0 * $1 }
                        next.append((label, values))
                    }
                }
                product = next
            }
            for (name, x) in product {
                names.append(name)
                owners.append(termIndex)
                values.append(contentsOf: x)
            }
        }
        self.columnNames = names
        self.columnTerms = owners
        self.values = values
        self.response = used.map { y[$0] }
        self.usedRows = used
        self.droppedRowCount = frame.rowCount - n
        self.formula = formula
        self.referenceLevels = usedReferences
        self.weights = try weights.map { try caseWeights(column: $0, frame: frame, rows: used) }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> ArraySlice<Double> {
        values[(j * rowCount)..<((j + 1) * rowCount)]
    }
}
