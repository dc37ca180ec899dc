/// The columns of a design matrix as a recipe rather than as numbers: which frame columns (or
/// level indicators, or evaluated function terms) multiply into each column of X, for the complete
/// cases of a frame. ``ModelMatrix`` materialises it; ``StreamedLeastSquares`` asks it for a few
/// thousand rows at a time, so a million-row fit never holds the n × p matrix.
///
/// Every design column is a product of factors, first factor varying fastest as in R's
/// `model.matrix`: a numeric variable, the indicator of one level of a categorical variable, or a
/// column of a function term (`I(x^2)`, `poly(x, 2, raw = TRUE)`, `log(x)`), evaluated once in
/// extended precision. The intercept is the empty product. Products are formed left to right,
/// so a materialised block holds exactly the numbers ``ModelMatrix/values`` holds.
///
/// ```swift
/// let columns = try DesignColumns(formula: Formula("pain_nrs ~ week * cohort"), frame: frame)
/// columns.names            // ["(Intercept)", "week", "cohortchronic", "week:cohortchronic"]
/// let x = columns.matrix()  // n × 4, column-major
/// ```
public struct DesignColumns: Sendable {
    /// One factor of a design column.
    enum Factor: Sendable {
        /// A numeric frame column, read at the frame row.
        case numeric([Double])
        /// 1 where the categorical column's code equals `code`, else 0, read at the frame row.
        case indicator(codes: [Int32], code: Int32)
        /// A function term's column, already evaluated at each used row (indexed by used row).
        case evaluated([Double])
    }

    /// Column names, R style.
    public let names: [String]
    /// The term each column belongs to: `nil` for the intercept, else an index into `formula.terms`.
    public let terms: [Int?]
    /// The factors of each column, multiplied left to right (empty: the intercept).
    let factors: [[Factor]]
    /// The response at each used row.
    public let response: [Double]
    /// Indices (into the frame) of the rows used, ascending.
    public let usedRows: [Int]
    /// Rows dropped because a variable of the formula was missing.
    public let droppedRowCount: Int
    /// The formula the columns were built from.
    public let formula: Formula
    /// Reference level of each categorical variable that was coded by contrasts.
    public let referenceLevels: [String: String]
    /// The case weights at each used row, when built with a weights column.
    public let weights: [Double]?

    /// Number of used observations (rows of X).
    public var rowCount: Int { usedRows.count }
    /// Number of columns of X.
    public var columnCount: Int { names.count }

    /// The design columns of `formula` over the complete cases of `frame`.
    ///
    /// - Parameters:
    ///   - formula: the model formula.
    ///   - frame: the data.
    ///   - contrasts: coding per categorical variable; absent ones use ``Contrast/treatment``.
    ///   - weights: a numeric column of non-negative case weights; rows where it is missing are
    ///     dropped with the other incomplete cases.
    /// - Throws: as ``ModelMatrix/init(formula:frame:contrasts:weights:)``.
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
        let used = Self.completeCases(of: formula.allVariables + (weights.map { [$0] } ?? []), in: frame)

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
        var factors: [[Factor]] = []
        if formula.hasIntercept {
            names.append("(Intercept)")
            owners.append(nil)
            factors.append([])
        }
        var usedReferences: [String: String] = [:]
        for (termIndex, term) in formula.terms.enumerated() {
            // Each variable contributes a list of (name suffix, factor) choices.
            var choices: [[(String, Factor)]] = []
            for variable in term.variables {
                if let expression = formula.expressions[variable] {
                    choices.append(try expression.columns(frame: frame, rows: used).map { ($0.0, .evaluated($0.1)) })
                    continue
                }
                switch frame[variable]! {
                case .numeric(let x):
                    choices.append([(variable, .numeric(x))])
                case .categorical(let column):
                    var margin = Set(term.variables)
                    margin.remove(variable)
                    let byContrast = margin.isEmpty ? formula.hasIntercept : termSets.contains(margin)
                    let reference = references[variable]!
                    var levels: [(String, Factor)] = []
                    for (level, label) in column.levels.enumerated() where !(byContrast && level == reference) {
                        levels.append((variable + label, .indicator(codes: column.codes, code: Int32(level))))
                    }
                    if byContrast { usedReferences[variable] = column.levels[reference] }
                    choices.append(levels)
                }
            }
            // Cartesian product, first factor varying fastest.
            var product: [(String, [Factor])] = [("", [])]
            for (position, choice) in choices.enumerated() {
                var next: [(String, [Factor])] = []
                for (name, factor) in choice {
                    for (prefix, partial) in product {
                        next.append((position == 0 ? name : prefix + ":" + name, partial + [factor]))
                    }
                }
                product = next
            }
            for (name, columnFactors) in product {
                names.append(name)
                owners.append(termIndex)
                factors.append(columnFactors)
            }
        }
        self.names = names
        self.terms = owners
        self.factors = factors
        self.response = used.map { y[$0] }
        self.usedRows = used
        self.droppedRowCount = frame.rowCount - used.count
        self.formula = formula
        self.referenceLevels = usedReferences
        self.weights = try weights.map { try caseWeights(column: $0, frame: frame, rows: used) }
    }

    /// Rows of `frame` with no missing value in any of `variables`, ascending.
    static func completeCases(of variables: [String], in frame: Frame) -> [Int] {
        var complete = [Bool](repeating: true, count: frame.rowCount)
        for name in Set(variables) {
            switch frame[name]! {
            case .numeric(let x):
                for row in x.indices where x[row].isNaN { complete[row] = false }
            case .categorical(let column):
                for row in column.codes.indices where column.codes[row] < 0 { complete[row] = false }
            }
        }
        var used: [Int] = []
        used.reserveCapacity(frame.rowCount)
        for row in complete.indices where complete[row] { used.append(row) }
        return used
    }

    /// Writes rows `range` (positions among the used rows) of the design columns `columns`, each
    /// multiplied by its entry of `scales`, into `block`: column-major, `range.count` rows per
    /// column, so column k of the block starts at `block + k * range.count`.
    ///
    /// - Parameters:
    ///   - range: used-row positions, within `0..<rowCount`.
    ///   - columns: indices of design columns, in the order wanted.
    ///   - scales: one multiplier per entry of `columns` (powers of two keep the values exact).
    ///   - block: room for `range.count * columns.count` values.
    func fill(_ range: Range<Int>, columns: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>) {
        let m = range.count
        usedRows.withUnsafeBufferPointer { rows in
            for (k, j) in columns.enumerated() {
                let out = block + k * m
                let s = scales[k]
                let columnFactors = factors[j]
                guard let first = columnFactors.first else {
                    for i in 0..<m { out[i] = s }
                    continue
                }
                Self.write(first, rows: rows, range: range, into: out)
                for factor in columnFactors.dropFirst() { Self.multiply(factor, rows: rows, range: range, into: out) }
                if s != 1 { for i in 0..<m { out[i] *= s } }
            }
        }
    }

    /// The response at used-row positions `range`, into `out`.
    func fillResponse(_ range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        response.withUnsafeBufferPointer { y in
            for (i, position) in range.enumerated() { out[i] = y[position] }
        }
    }

    /// The whole matrix, `rowCount` × `columnCount`, column-major.
    public func matrix() -> [Double] {
        let n = rowCount
        let p = columnCount
        return [Double](unsafeUninitializedCapacity: n * p) { buffer, count in
            if n > 0 && p > 0 {
                fill(0..<n, columns: Array(0..<p), scales: [Double](repeating: 1, count: p), into: buffer.baseAddress!)
            }
            count = n * p
        }
    }

    private static func write(_ factor: Factor, rows: UnsafeBufferPointer<Int>, range: Range<Int>,
                              into out: UnsafeMutablePointer<Double>) {
        let lower = range.lowerBound
        switch factor {
        case .numeric(let x):
            x.withUnsafeBufferPointer { xp in
                for i in 0..<range.count { out[i] = xp[rows[lower + i]] }
            }
        case .indicator(let codes, let code):
            codes.withUnsafeBufferPointer { cp in
                for i in 0..<range.count { out[i] = cp[rows[lower + i]] == code ? 1 : 0 }
            }
        case .evaluated(let values):
            values.withUnsafeBufferPointer { vp in
                for i in 0..<range.count { out[i] = vp[lower + i] }
            }
        }
    }

    private static func multiply(_ factor: Factor, rows: UnsafeBufferPointer<Int>, range: Range<Int>,
                                 into out: UnsafeMutablePointer<Double>) {
        let lower = range.lowerBound
        switch factor {
        case .numeric(let x):
            x.withUnsafeBufferPointer { xp in
                for i in 0..<range.count { out[i] *= xp[rows[lower + i]] }
            }
        case .indicator(let codes, let code):
            codes.withUnsafeBufferPointer { cp in
                for i in 0..<range.count { out[i] *= cp[rows[lower + i]] == code ? 1 : 0 }
            }
        case .evaluated(let values):
            values.withUnsafeBufferPointer { vp in
                for i in 0..<range.count { out[i] *= vp[lower + i] }
            }
        }
    }
}
