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
    /// Where factors read their values; each source is read once per block of rows.
    enum Source: Sendable {
        /// A numeric frame column, read at the frame row.
        case numeric([Double])
        /// A categorical frame column's codes, read at the frame row.
        case codes([Int32])
        /// A function term's column, already evaluated at each used row (indexed by used row).
        case evaluated([Double])
    }

    /// One factor of a design column.
    enum Factor: Sendable {
        /// The values of source `source` (numeric or evaluated).
        case value(source: Int)
        /// 1 where the codes of source `source` equal `code`, else 0.
        case indicator(source: Int, code: Int32)
    }

    /// Column names, R style.
    public let names: [String]
    /// The term each column belongs to: `nil` for the intercept, else an index into `formula.terms`.
    public let terms: [Int?]
    /// The frame columns and evaluated function terms the factors read.
    let sources: [Source]
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
        for name in formula.allVariables where !frame.contains(name) {
            throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
        }
        if let weights, !frame.contains(weights) {
            throw StatsError.unknownRoleColumn(role: "weights", column: weights,
                                               suggestion: nearestName(to: weights, in: frame.columnNames))
        }
        guard case .numeric(let y) = frame[formula.response]! else {
            throw StatsError.wrongColumnKind(column: formula.response, expected: "numeric to be a response")
        }
        for name in contrasts.keys.sorted() where !frame.contains(name) {
            throw StatsError.unknownRoleColumn(role: "reference-level", column: name,
                                               suggestion: nearestName(to: name, in: frame.columnNames))
        }

        // Complete cases over every variable the formula reads.
        let used = Self.completeCases(of: formula.allVariables + (weights.map { [$0] } ?? []), in: frame)
        try Self.requireNormal(formula.response, y, rows: used, role: "response")

        // Reference level per categorical variable.
        var references: [String: Int] = [:]
        for name in formula.variables {
            guard case .categorical(let column) = frame[name]! else { continue }
            try Self.requireTwoLevels(name, column, rows: used)
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
        var sources: [Source] = []
        var sourceOfVariable: [String: Int] = [:]
        func source(_ variable: String, _ make: () -> Source) -> Int {
            if let index = sourceOfVariable[variable] { return index }
            sources.append(make())
            sourceOfVariable[variable] = sources.count - 1
            return sources.count - 1
        }
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
                    choices.append(try expression.columns(frame: frame, rows: used).map { name, values in
                        sources.append(.evaluated(values))
                        return (name, .value(source: sources.count - 1))
                    })
                    continue
                }
                switch frame[variable]! {
                case .numeric(let x):
                    if sourceOfVariable[variable] == nil { try Self.requireNormal(variable, x, rows: used, role: "column") }
                    choices.append([(variable, .value(source: source(variable) { .numeric(x) }))])
                case .categorical(let column):
                    var margin = Set(term.variables)
                    margin.remove(variable)
                    let byContrast = margin.isEmpty ? formula.hasIntercept : termSets.contains(margin)
                    let reference = references[variable]!
                    var levels: [(String, Factor)] = []
                    let codes = source(variable) { .codes(column.codes) }
                    // Contrasts: every level but the reference. Indicators: every level, the
                    // reference first, as R orders a factor's levels after `relevel`.
                    var order = Array(column.levels.indices)
                    if order.indices.contains(reference) {   // no levels: a column that is all missing
                        order.remove(at: reference)
                        if !byContrast { order.insert(reference, at: 0) }
                    }
                    for level in order {
                        levels.append((variable + column.levels[level], .indicator(source: codes, code: Int32(level))))
                    }
                    if byContrast && column.levels.indices.contains(reference) {
                        usedReferences[variable] = column.levels[reference]
                    }
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
            if names.count > DesignBudget.maximumColumns { break }
        }
        try DesignBudget.check(columns: names.count, rows: used.count, columnsByTerm: formula.terms.indices.map { index in
            let variables = formula.terms[index].variables
            let categorical = variables.filter { if case .categorical? = frame[$0] { true } else { false } }
            return (variables.joined(separator: ":"), owners.lazy.filter { $0 == index }.count, categorical)
        })
        self.names = names
        self.terms = owners
        self.factors = factors
        self.sources = sources
        self.response = used.map { y[$0] }
        self.usedRows = used
        self.droppedRowCount = frame.rowCount - used.count
        self.formula = formula
        self.referenceLevels = usedReferences
        self.weights = try weights.map { try caseWeights(column: $0, frame: frame, rows: used) }
    }

    /// R's rule for factors: contrasts need two or more levels among the rows used, so a
    /// categorical variable with one level (or none) is an error naming it, never a term that
    /// silently has no columns.
    ///
    /// - Throws: ``StatsError/domain(_:)`` naming the variable, its level and the rows used.
    static func requireTwoLevels(_ name: String, _ column: CategoricalColumn, rows: [Int]) throws {
        var present = [Bool](repeating: false, count: column.levels.count)
        var count = 0
        for row in rows {
            let code = Int(column.codes[row])
            if code >= 0 && !present[code] {
                present[code] = true
                count += 1
                if count >= 2 { return }
            }
        }
        let level = present.firstIndex(of: true).map { " ('\(column.levels[$0])')" } ?? ""
        throw StatsError.domain("the factor '\(excerpt(of: name, around: 1))' has \(count == 0 ? "no levels" : "only one level\(level)") in the \(rows.count) rows used; "
                                + "a factor needs two or more levels (R: contrasts can be applied only to factors with 2 or more levels); "
                                + "drop it from the formula or widen the subset")
    }

    /// A subnormal value (non-zero, below about 2.2e-308 in magnitude) has too few significant
    /// bits to fit with and cannot be scaled to 1 by a representable power of two, so the
    /// column-scaled QR would divide by it; it is an error naming the column and the row.
    ///
    /// - Throws: ``StatsError/domain(_:)``.
    static func requireNormal(_ name: String, _ values: [Double], rows: [Int], role: String) throws {
        for row in rows where values[row] != 0 && !values[row].isNormal && values[row].isFinite {
            throw StatsError.domain("the \(role) '\(excerpt(of: name, around: 1))' is \(values[row]) at data row \(row + 1), below the smallest normal double "
                                    + "(about 2.2e-308), too small to fit; rescale it (e.g. multiply by 1e300)")
        }
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
    /// Each frame column the requested columns read is gathered once per call (a categorical
    /// variable's codes once for all its indicator columns), then the columns are formed from
    /// the gathered, contiguous values.
    ///
    /// - Parameters:
    ///   - range: used-row positions, within `0..<rowCount`.
    ///   - columns: indices of design columns, in the order wanted.
    ///   - scales: one multiplier per entry of `columns` (powers of two keep the values exact).
    ///   - block: room for `range.count * columns.count` values.
    func fill(_ range: Range<Int>, columns: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>) {
        fill(range, columns: columns, scales: scales, into: block, leadingDimension: range.count)
    }

    /// ``fill(_:columns:scales:into:)`` with column k starting at `block + k * leadingDimension`.
    func fill(_ range: Range<Int>, columns: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>,
              leadingDimension: Int) {
        let m = range.count
        guard m > 0 else { return }
        // Gather the sources the columns read: numbers into `values`, codes into `codes`.
        var slot = [Int](repeating: -1, count: sources.count)
        var valueCount = 0, codeCount = 0
        for j in columns {
            for factor in factors[j] {
                switch factor {
                case .value(let source), .indicator(let source, _):
                    guard slot[source] < 0 else { continue }
                    switch sources[source] {
                    case .codes: slot[source] = codeCount; codeCount += 1
                    case .numeric, .evaluated: slot[source] = valueCount; valueCount += 1
                    }
                }
            }
        }
        var values = [Double](repeating: 0, count: valueCount * m)
        var codes = [Int32](repeating: 0, count: codeCount * m)
        usedRows.withUnsafeBufferPointer { rows in
            values.withUnsafeMutableBufferPointer { vp in
                codes.withUnsafeMutableBufferPointer { cp in
                    for (source, position) in slot.enumerated() where position >= 0 {
                        switch sources[source] {
                        case .numeric(let x):
                            x.withUnsafeBufferPointer { xp in
                                for i in 0..<m { vp[position * m + i] = xp[rows[range.lowerBound + i]] }
                            }
                        case .evaluated(let x):
                            x.withUnsafeBufferPointer { xp in
                                for i in 0..<m { vp[position * m + i] = xp[range.lowerBound + i] }
                            }
                        case .codes(let c):
                            c.withUnsafeBufferPointer { xp in
                                for i in 0..<m { cp[position * m + i] = xp[rows[range.lowerBound + i]] }
                            }
                        }
                    }
                    for (k, j) in columns.enumerated() {
                        let out = block + k * leadingDimension
                        var first = true
                        for factor in factors[j] {
                            switch factor {
                            case .value(let source):
                                let v = vp.baseAddress! + slot[source] * m
                                if first { for i in 0..<m { out[i] = v[i] } } else { for i in 0..<m { out[i] *= v[i] } }
                            case .indicator(let source, let code):
                                let c = cp.baseAddress! + slot[source] * m
                                if first {
                                    for i in 0..<m { out[i] = c[i] == code ? 1 : 0 }
                                } else {
                                    for i in 0..<m { out[i] *= c[i] == code ? 1 : 0 }
                                }
                            }
                            first = false
                        }
                        if first {
                            for i in 0..<m { out[i] = scales[k] }   // the intercept
                        } else if scales[k] != 1 {
                            for i in 0..<m { out[i] *= scales[k] }
                        }
                    }
                }
            }
        }
    }

    /// The response at used-row positions `range`, into `out`.
    func fillResponse(_ range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        response.withUnsafeBufferPointer { y in
            for (i, position) in range.enumerated() { out[i] = y[position] }
        }
    }

    /// The whole matrix, `rowCount` × `columnCount`, column-major (formed 4,096 rows at a time).
    public func matrix() -> [Double] {
        let n = rowCount
        let p = columnCount
        let all = Array(0..<p)
        let ones = [Double](repeating: 1, count: p)
        return [Double](unsafeUninitializedCapacity: n * p) { buffer, count in
            if n > 0 && p > 0 {
                for start in stride(from: 0, to: n, by: 4_096) {
                    fill(start..<min(n, start + 4_096), columns: all, scales: ones, into: buffer.baseAddress! + start,
                         leadingDimension: n)
                }
            }
            count = n * p
        }
    }
}
