/// How a fitted model turns variables into design-matrix columns, kept so that new data (for
/// prediction) and reference grids (for marginal means) are coded exactly as the fit was: the
/// same levels, the same reference level, the same column order.
///
/// A coding is built from the fit's formula, data and contrasts with the rules of
/// ``ModelMatrix`` (R's `model.matrix`): numeric variables enter as they are; a categorical
/// variable inside a term is coded by contrasts when the term without it is also in the model
/// (the intercept standing for the empty term), and by one indicator per level otherwise; in an
/// interaction the first variable varies fastest.
///
/// ```swift
/// let coding = try DesignCoding(formula: Formula("y ~ week + cohort"), frame: frame)
/// let rows = try coding.rows(for: newFrame)     // unknown levels are errors
/// rows.columnNames                              // ["(Intercept)", "week", "cohortchronic"]
/// ```
public struct DesignCoding: Sendable, Equatable {
    /// How one categorical variable is coded by contrasts.
    public enum ContrastKind: Sendable, Equatable {
        /// Treatment coding against the level at this index (R's `contr.treatment`).
        case treatment(reference: Int)
        /// Sum-to-zero coding: columns for every level but the last, which is coded −1 in all of
        /// them (R's `contr.sum`).
        case sum
    }

    /// One variable's coding inside one term.
    enum Factor: Sendable, Equatable {
        case numeric(String)
        /// Columns: `labels[k]` and, for each level, the value of that column.
        case categorical(String, labels: [String], values: [[Double]])
    }

    /// The formula coded.
    public let formula: Formula
    /// Column names, R style, as ``ModelMatrix/columnNames``.
    public let columnNames: [String]
    /// The term of each column: `nil` for the intercept, else an index into `formula.terms`.
    public let columnTerms: [Int?]
    /// Levels of each categorical variable of the right-hand side, in the fit's order.
    public let levels: [String: [String]]
    /// The contrast coding of each categorical variable.
    public let contrastKinds: [String: ContrastKind]
    /// Mean of each numeric variable of the right-hand side over the fit's complete cases (the
    /// reference grid of ``MarginalMeans`` puts covariates there, as emmeans does).
    public let covariateMeans: [String: Double]
    let terms: [[Factor]]

    /// The coding of `formula` over the complete cases of `frame`.
    ///
    /// - Parameters:
    ///   - formula: the model formula.
    ///   - frame: the data the model is fitted to.
    ///   - contrasts: coding per categorical variable; absent ones use treatment coding against
    ///     the first level.
    /// - Throws: ``StatsError/unknownColumn(term:suggestion:)`` for a variable the frame lacks,
    ///   ``StatsError/unknownLevel(column:level:levels:)`` for a bad reference level.
    public init(formula: Formula, frame: Frame, contrasts: [String: Contrast] = [:]) throws {
        for name in formula.allVariables where !frame.contains(name) {
            throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
        }
        let complete = DesignColumns.completeCases(of: formula.allVariables, in: frame)
        var levels: [String: [String]] = [:]
        var kinds: [String: ContrastKind] = [:]
        var means: [String: Double] = [:]
        for name in formula.variables {
            switch frame[name]! {
            case .numeric(let x):
                var sum = 0.0
                for row in complete { sum += x[row] }
                var mean = sum / Double(complete.count)
                var correction = 0.0
                for row in complete { correction += x[row] - mean }
                mean += correction / Double(complete.count)
                means[name] = complete.isEmpty ? .nan : mean
            case .categorical(let column):
                levels[name] = column.levels
                switch contrasts[name] ?? .treatment {
                case .treatment(let reference):
                    var index = 0
                    if let reference {
                        guard let found = column.levels.firstIndex(of: reference) else {
                            throw StatsError.unknownLevel(column: name, level: reference, levels: column.levels)
                        }
                        index = found
                    }
                    kinds[name] = .treatment(reference: index)
                }
            }
        }
        self.init(formula: formula, levels: levels, contrastKinds: kinds, covariateMeans: means)
    }

    init(formula: Formula, levels: [String: [String]], contrastKinds: [String: ContrastKind],
         covariateMeans: [String: Double]) {
        let termSets = Set(formula.terms.map { Set($0.variables) })
        var names: [String] = []
        var owners: [Int?] = []
        var terms: [[Factor]] = []
        if formula.hasIntercept {
            names.append("(Intercept)")
            owners.append(nil)
        }
        for (termIndex, term) in formula.terms.enumerated() {
            var factors: [Factor] = []
            var labelLists: [[String]] = []
            for variable in term.variables {
                guard let variableLevels = levels[variable] else {
                    factors.append(.numeric(variable))
                    labelLists.append([variable])
                    continue
                }
                var margin = Set(term.variables)
                margin.remove(variable)
                let byContrast = margin.isEmpty ? formula.hasIntercept : termSets.contains(margin)
                let k = variableLevels.count
                var labels: [String] = []
                var values: [[Double]] = Array(repeating: [], count: k)
                if !byContrast {
                    // One indicator per level, the reference level first (R's order after `relevel`).
                    var order = Array(0..<k)
                    if case .treatment(let reference)? = contrastKinds[variable], reference > 0, reference < k {
                        order.remove(at: reference)
                        order.insert(reference, at: 0)
                    }
                    for j in order {
                        labels.append(variable + variableLevels[j])
                        for i in 0..<k { values[i].append(i == j ? 1 : 0) }
                    }
                } else {
                    switch contrastKinds[variable]! {
                    case .treatment(let reference):
                        for (j, level) in variableLevels.enumerated() where j != reference {
                            labels.append(variable + level)
                            for i in 0..<k { values[i].append(i == j ? 1 : 0) }
                        }
                    case .sum:
                        for j in 0..<max(k - 1, 0) {
                            labels.append(variable + String(j + 1))
                            for i in 0..<k { values[i].append(i == j ? 1 : (i == k - 1 ? -1 : 0)) }
                        }
                    }
                }
                factors.append(.categorical(variable, labels: labels, values: values))
                labelLists.append(labels)
            }
            // Names of the Cartesian product, first factor varying fastest.
            var product = [""]
            for (position, labels) in labelLists.enumerated() {
                var next: [String] = []
                for label in labels {
                    for prefix in product { next.append(position == 0 ? label : prefix + ":" + label) }
                }
                product = next
            }
            names.append(contentsOf: product)
            owners.append(contentsOf: repeatElement(Optional(termIndex), count: product.count))
            terms.append(factors)
        }
        self.formula = formula
        self.levels = levels
        self.contrastKinds = contrastKinds
        self.covariateMeans = covariateMeans
        self.columnNames = names
        self.columnTerms = owners
        self.terms = terms
    }

    /// The same model coded with sum-to-zero contrasts for every categorical variable (R's
    /// `contr.sum`): the coding type III tests need. It spans the same column space as this one.
    public var withSumContrasts: DesignCoding {
        DesignCoding(formula: formula, levels: levels, contrastKinds: levels.mapValues { _ in .sum },
                     covariateMeans: covariateMeans)
    }

    /// Number of columns.
    public var columnCount: Int { columnNames.count }

    /// The columns of term `index` (an index into `formula.terms`; `nil` is the intercept).
    public func columns(ofTerm index: Int?) -> [Int] {
        columnTerms.indices.filter { columnTerms[$0] == index }
    }

    /// The value of one right-hand-side variable at the rows being coded.
    enum VariableValues {
        case numeric([Double])
        case levels([Int])
    }

    /// The column-major matrix of `count` rows from per-variable values.
    func matrix(_ variables: [String: VariableValues], count: Int) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(count * columnCount)
        if formula.hasIntercept { values.append(contentsOf: repeatElement(1.0, count: count)) }
        for factors in terms {
            var product: [[Double]] = [[Double](repeating: 1, count: count)]
            for factor in factors {
                var columns: [[Double]] = []
                switch factor {
                case .numeric(let name):
                    guard case .numeric(let x)? = variables[name] else { preconditionFailure("numeric \(name) missing") }
                    columns = [x]
                case .categorical(let name, let labels, let table):
                    guard case .levels(let codes)? = variables[name] else { preconditionFailure("levels of \(name) missing") }
                    columns = labels.indices.map { k in codes.map { table[$0][k] } }
                }
                var next: [[Double]] = []
                for column in columns {
                    for partial in product { next.append(zip(partial, column).map { $0 * $1 }) }
                }
                product = next
            }
            for column in product { values.append(contentsOf: column) }
        }
        return values
    }

    /// Design rows for the complete cases (in the right-hand-side variables) of `frame`, coded
    /// as the fit was.
    ///
    /// - Parameters:
    ///   - frame: new data with every right-hand-side variable of the formula; the response
    ///     may be absent. Categorical columns are matched to the fit's levels by label.
    ///   - requireResponse: also drop rows whose response is missing and return the response.
    /// - Returns: the coded rows.
    /// - Throws: ``StatsError/unknownColumn(term:suggestion:)`` for a missing variable,
    ///   ``StatsError/wrongColumnKind(column:expected:)`` when a variable's kind differs from the
    ///   fit's, ``StatsError/unknownLevel(column:level:levels:)`` for a level the fit never saw.
    public func rows(for frame: Frame, requireResponse: Bool = false) throws -> DesignRows {
        let needed = requireResponse ? formula.allVariables : formula.variables
        for name in needed where !frame.contains(name) {
            throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
        }
        let used = DesignColumns.completeCases(of: needed, in: frame)
        var variables: [String: VariableValues] = [:]
        for name in formula.variables {
            switch (frame[name]!, levels[name]) {
            case (.numeric(let x), nil):
                variables[name] = .numeric(used.map { x[$0] })
            case (.categorical(let column), let fitted?):
                var map = [Int](repeating: -1, count: column.levels.count)
                for (code, label) in column.levels.enumerated() { map[code] = fitted.firstIndex(of: label) ?? -1 }
                var codes: [Int] = []
                codes.reserveCapacity(used.count)
                for row in used {
                    let mapped = map[Int(column.codes[row])]
                    guard mapped >= 0 else {
                        throw StatsError.unknownLevel(column: name, level: column.levels[Int(column.codes[row])], levels: fitted)
                    }
                    codes.append(mapped)
                }
                variables[name] = .levels(codes)
            case (.categorical, nil):
                throw StatsError.wrongColumnKind(column: name, expected: "numeric, as in the fitted data")
            case (.numeric, _?):
                throw StatsError.wrongColumnKind(column: name, expected: "categorical, as in the fitted data")
            }
        }
        var response: [Double]?
        if requireResponse {
            guard case .numeric(let y) = frame[formula.response]! else {
                throw StatsError.wrongColumnKind(column: formula.response, expected: "numeric to be a response")
            }
            response = used.map { y[$0] }
        }
        return DesignRows(columnNames: columnNames, values: matrix(variables, count: used.count),
                          usedRows: used, rowsInFrame: frame.rowCount, response: response)
    }
}

/// Design-matrix rows coded by a ``DesignCoding``: the complete cases of a frame.
public struct DesignRows: Sendable, Equatable {
    /// Column names, R style.
    public let columnNames: [String]
    /// Entries, column-major: entry (i, j) is `values[i + j * rowCount]`.
    public let values: [Double]
    /// Indices into the frame of the coded rows, ascending.
    public let usedRows: [Int]
    /// Rows of the frame, coded or not.
    public let rowsInFrame: Int
    /// The response at the coded rows, when asked for.
    public let response: [Double]?

    /// Number of coded rows.
    public var rowCount: Int { usedRows.count }

    /// Column `j`.
    public func column(_ j: Int) -> ArraySlice<Double> {
        values[(j * rowCount)..<((j + 1) * rowCount)]
    }

    /// Row `i` as an array over all columns.
    public func row(_ i: Int) -> [Double] {
        (0..<columnNames.count).map { values[i + $0 * rowCount] }
    }
}
