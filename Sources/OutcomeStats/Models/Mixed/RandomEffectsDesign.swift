/// The random-effects part Z of a mixed model over the used rows, one ``RandomEffectBlock`` per
/// random-effect term, in lme4's order (terms sorted by decreasing number of groups, stably).
struct RandomEffectsDesign: Sendable {
    /// The blocks, in lme4's order.
    let blocks: [RandomEffectBlock]

    /// Builds the blocks of `formula.randomTerms` over the rows `usedRows` of `frame`.
    ///
    /// - Throws: ``StatsError/wrongColumnKind(column:expected:)`` and the errors of
    ///   ``ModelMatrix`` for the varying effects; ``StatsError/mixedModel(_:)`` when a term
    ///   has as many groups, or random effects, as observations (lme4's `check.nobs.vs.nlev`
    ///   and `check.nobs.vs.nRE`).
    init(formula: Formula, frame: Frame, usedRows: [Int], contrasts: [String: Contrast]) throws {
        let n = usedRows.count
        let allUsed = n == frame.rowCount
        var blocks: [RandomEffectBlock] = []
        for term in formula.randomTerms {
            // Varying effects: the model matrix of `response ~ effects` on the used rows.
            let variables = [formula.response] + term.terms.flatMap(\.variables)
            var subframe = Frame()
            for name in variables where !subframe.contains(name) {
                guard let column = frame[name] else {
                    throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
                }
                try subframe.append(name, allUsed ? column : column.rows(usedRows))
            }
            let quoted = { (name: String) in "`" + name + "`" }
            let effects = ([term.hasIntercept ? "1" : "0"] + term.terms.map { $0.variables.map(quoted).joined(separator: ":") })
                .joined(separator: " + ")
            let effectsFormula = try Formula(quoted(formula.response) + " ~ " + effects)
            let matrix = try ModelMatrix(formula: effectsFormula, frame: subframe,
                                         contrasts: contrasts.filter { subframe.contains($0.key) })
            precondition(matrix.rowCount == n, "random-effect design lost rows")
            let (codes, levels) = try Self.groups(of: term.grouping, frame: frame, usedRows: usedRows)
            let k = matrix.columnCount
            if k > DesignBudget.maximumEffectsPerGroup {
                let factor = excerpt(of: term.terms.flatMap(\.variables).first ?? "factor", around: 1)
                let group = excerpt(of: term.groupLabel, around: 1)
                throw StatsError.mixedModel("the term \(excerpt(of: term.description, around: 1)) has \(k) random effects per group of '\(group)' "
                                            + "(a \(k) × \(k) covariance with \(k * (k + 1) / 2) parameters), beyond the budget of "
                                            + "\(DesignBudget.maximumEffectsPerGroup); a factor varying within groups is usually a "
                                            + "grouping factor of its own: nest it, (1 | \(group)/\(factor)), or cross it, "
                                            + "(1 | \(factor)) + (1 | \(group))")
            }
            if levels.count < 2 {
                throw StatsError.mixedModel("the grouping factor '\(excerpt(of: term.groupLabel, around: 1))' has \(levels.count == 1 ? "one level" : "no levels") in the \(n) rows used; "
                                            + "a random effect needs two or more groups (lme4: grouping factors must have > 1 sampled level)")
            }
            if levels.count >= n {
                throw StatsError.mixedModel("the grouping factor '\(term.groupLabel)' has \(levels.count) groups for \(n) observations; "
                                            + "a random effect needs fewer groups than observations")
            }
            if levels.count * k >= n && k > 1 {
                throw StatsError.mixedModel("the term \(term) has \(levels.count * k) random effects for \(n) observations; "
                                            + "use fewer varying effects, e.g. '(1 | \(term.groupLabel))'")
            }
            blocks.append(RandomEffectBlock(term: term, effectNames: matrix.columnNames, values: matrix.values,
                                            groupCodes: codes, levels: levels))
        }
        // lme4 orders terms by decreasing number of levels of their grouping factors.
        self.blocks = blocks.enumerated().sorted { lhs, rhs in
            lhs.element.levels.count != rhs.element.levels.count
                ? lhs.element.levels.count > rhs.element.levels.count : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Group codes (0-based, dense) and labels of the interaction of `grouping` over the used rows.
    /// Labels are sorted as R sorts factor levels of categorical columns (byte order) and
    /// numerically for numeric columns; interactions join labels with `:`.
    static func groups(of grouping: [String], frame: Frame, usedRows: [Int]) throws -> (codes: [Int32], levels: [String]) {
        var codes = [Int32](repeating: 0, count: usedRows.count)
        var levels: [String] = [""]
        for (position, name) in grouping.enumerated() {
            guard let column = frame[name] else {
                throw StatsError.unknownColumn(term: name, suggestion: nearestName(to: name, in: frame.columnNames))
            }
            // Per-variable codes and labels.
            var variableCodes = [Int32](repeating: 0, count: usedRows.count)
            var variableLevels: [String] = []
            switch column {
            case .categorical(let categorical):
                var present = [Bool](repeating: false, count: categorical.levels.count)
                for row in usedRows { present[Int(categorical.codes[row])] = true }
                var remap = [Int32](repeating: -1, count: categorical.levels.count)
                for (level, isPresent) in present.enumerated() where isPresent {
                    remap[level] = Int32(variableLevels.count)
                    variableLevels.append(categorical.levels[level])
                }
                for (i, row) in usedRows.enumerated() { variableCodes[i] = remap[Int(categorical.codes[row])] }
            case .numeric(let values):
                let distinct = Set(usedRows.map { values[$0] }).sorted()
                var index: [Double: Int32] = [:]
                for (i, value) in distinct.enumerated() { index[value] = Int32(i) }
                variableLevels = distinct.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
                for (i, row) in usedRows.enumerated() { variableCodes[i] = index[values[row]]! }
            }
            if position == 0 {
                codes = variableCodes
                levels = variableLevels
                continue
            }
            // Combine with the earlier variables: keep the pairs that occur, in sorted order.
            let width = Int64(variableLevels.count)
            var pairs = Set<Int64>()
            for i in 0..<codes.count { pairs.insert(Int64(codes[i]) * width + Int64(variableCodes[i])) }
            let sortedPairs = pairs.sorted()
            var index: [Int64: Int32] = [:]
            for (i, pair) in sortedPairs.enumerated() { index[pair] = Int32(i) }
            let combinedLevels = sortedPairs.map { levels[Int($0 / width)] + ":" + variableLevels[Int($0 % width)] }
            for i in 0..<codes.count { codes[i] = index[Int64(codes[i]) * width + Int64(variableCodes[i])]! }
            levels = combinedLevels
        }
        return (codes, levels)
    }
}

/// One random-effect term over the used rows: its k columns of Z per observation and the group
/// of each observation. The term's relative covariance factor is a k × k lower-triangular T,
/// parameterized by its lower triangle in column-major order (lme4's θ order).
struct RandomEffectBlock: Sendable {
    /// The formula term.
    let term: RandomEffectTerm
    /// Names of the k varying effects, R style (`(Intercept)`, `week`).
    let effectNames: [String]
    /// The k columns, column-major over the used rows.
    let values: [Double]
    /// Group of each used row, `0..<levels.count`.
    let groupCodes: [Int32]
    /// Group labels.
    let levels: [String]

    /// Number of varying effects.
    var k: Int { effectNames.count }
    /// Number of covariance parameters, k(k + 1)/2.
    var thetaCount: Int { k * (k + 1) / 2 }

    /// The lower bounds of θ: 0 on the diagonal of T, −∞ below it.
    var lowerBounds: [Double] {
        var bounds: [Double] = []
        for j in 0..<k { for i in j..<k { bounds.append(i == j ? 0 : -.infinity) } }
        return bounds
    }

    /// T (k × k, column-major, lower-triangular) from the block's slice of θ.
    func factor(_ theta: ArraySlice<Double>) -> [Double] {
        var t = [Double](repeating: 0, count: k * k)
        var index = theta.startIndex
        for j in 0..<k { for i in j..<k { t[i + j * k] = theta[index]; index += 1 } }
        return t
    }
}
