import Foundation

/// A long outcome laid out for imputation: one row per subject, one column per visit, with the
/// subject-level covariates and group beside it, and the cells to impute. Shared by
/// ``MonotoneRegressionImputation`` and ``ReferenceBasedImputation``.
struct ImputationLayout: Sendable {
    let frame: Frame
    let response: String
    let subject: String, visit: String, group: String?
    let covariates: [String]
    /// The visits, in time order.
    let visits: [Double]
    /// The levels of the group column (empty without one).
    let groupLevels: [String]
    /// y per subject and visit (NaN when missing), subject-major.
    let outcome: [Double]
    /// Subject-level design (covariate columns, dummies for categorical ones), subject-major.
    let design: [Double]
    let designWidth: Int
    /// The covariate of each numeric design column, and of a two-level categorical's dummy
    /// (`nil` for the dummies of a categorical with more levels).
    let designNames: [String?]
    /// The design columns that are a two-level categorical's 0/1 dummy (imputed by logistic
    /// regression when missing).
    let binaryDesignColumns: Set<Int>
    /// Each subject's group code (0 without a group).
    let subjectGroups: [Int]
    let groupCount: Int
    let subjectCount: Int
    let subjectLabels: [String]
    /// Each subject's first row (absent visits copy its subject-level columns).
    let firstRows: [Int]
    /// Each subject's rows, in file order.
    let subjectRows: [[Int]]
    /// (subject, visit) cells to impute, and the row holding each (nil when the visit is absent).
    let missing: [(subject: Int, visit: Int, row: Int?)]
    /// Each subject's last observed visit index before its first missing one (−1 when the
    /// first visit is missing; the last visit when nothing is missing).
    let lastObserved: [Int]
    /// Whether every subject's pattern is monotone (once missing, missing at every later visit).
    let isMonotone: Bool
    /// The first non-monotone subject and the visits (missed, then observed), when not monotone.
    let firstGap: (subject: String, missed: Double, observed: Double)?
    /// Design cells missing (subject, design column): numeric covariates with a missing value,
    /// allowed only when `allowingMissingCovariates`.
    let missingDesign: [(subject: Int, column: Int)]

    /// Lays out `response` of `frame`.
    ///
    /// - Throws: ``StatsError/domain(_:)`` when a column is absent or of the wrong kind, a
    ///   subject has two rows at one visit, a covariate or the group is missing or varies within
    ///   a subject, or a pattern is not monotone (naming the subject and visits).
    ///
    /// - Parameter allowingMissingCovariates: keep a missing numeric covariate as NaN (for
    ///   chained equations) instead of refusing it.
    init(frame: Frame, response: String, subject: String, visit: String, group: String?, covariates: [String],
         allowingMissingCovariates: Bool = false) throws {
        guard case .numeric(let y)? = frame[response] else {
            throw StatsError.domain("the outcome to impute, '\(excerpt(of: response, around: 1))', is not a numeric column of the data")
        }
        guard case .numeric(let times)? = frame[visit] else {
            throw StatsError.domain("the visit column '\(excerpt(of: visit, around: 1))' must be numeric (times such as weeks) to order the visits for imputation")
        }
        guard let subjectColumn = frame[subject] else {
            throw StatsError.domain("the subject column '\(excerpt(of: subject, around: 1))' is not in the data")
        }
        let subjectCodes: [Int], subjectLabels: [String]
        switch subjectColumn {
        case .categorical(let c): subjectCodes = c.codes.map(Int.init); subjectLabels = c.levels
        case .numeric(let values):
            let levels = Array(Set(values.filter { !$0.isNaN })).sorted()
            let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
            subjectCodes = values.map { $0.isNaN ? -1 : index[$0]! }
            subjectLabels = levels.map { "\($0)" }
        }
        let n = frame.rowCount
        let visits = Array(Set(times.filter { !$0.isNaN })).sorted()
        let visitIndex = Dictionary(uniqueKeysWithValues: visits.enumerated().map { ($1, $0) })
        let s = subjectLabels.count, t = visits.count
        var firstRows = [Int](repeating: -1, count: s)
        var subjectRows = [[Int]](repeating: [], count: s)
        var cellRows = [Int](repeating: -1, count: s * t)
        var outcome = [Double](repeating: .nan, count: s * t)
        for i in 0..<n {
            let code = subjectCodes[i]
            guard code >= 0 else { throw StatsError.domain("row \(i + 1) has no '\(excerpt(of: subject, around: 1))'; every row needs its subject to be imputed") }
            guard !times[i].isNaN else { throw StatsError.domain("row \(i + 1) has no '\(excerpt(of: visit, around: 1))'; every row needs its visit to be imputed") }
            if firstRows[code] < 0 { firstRows[code] = i }
            subjectRows[code].append(i)
            let cell = code * t + visitIndex[times[i]]!
            if cellRows[cell] >= 0 {
                throw StatsError.domain("subject '\(excerpt(of: subjectLabels[code], around: 1))' has two rows at \(visit) \(times[i]) (rows \(cellRows[cell] + 1) and \(i + 1))")
            }
            cellRows[cell] = i
            outcome[cell] = y[i]
        }
        // Subject-level columns: constant within subject; never missing, except numeric
        // covariates of a chained-equations imputation.
        func subjectLevel(_ name: String, missingAllowed: Bool = false) throws -> [Double] {
            guard let column = frame[name] else {
                throw StatsError.domain("'\(excerpt(of: name, around: 1))' is not in the data")
            }
            var values = [Double](repeating: .nan, count: s)
            for i in 0..<n {
                let v: Double
                switch column {
                case .numeric(let x): v = x[i]
                case .categorical(let c): v = Double(c.codes[i])
                }
                let missing: Bool
                if case .categorical = column { missing = v < 0 } else { missing = v.isNaN }
                if missing {
                    if missingAllowed { continue }
                    throw StatsError.domain("'\(excerpt(of: name, around: 1))' is missing at row \(i + 1); \(allowingMissingCovariates ? "only numeric and two-level categorical covariates can be imputed (a categorical with more levels is not)" : "a missing covariate is imputed by chained equations, under --impute mar only")")
                }
                let code = subjectCodes[i]
                if values[code].isNaN { values[code] = v } else if values[code] != v {
                    throw StatsError.domain("'\(excerpt(of: name, around: 1))' varies within subject '\(excerpt(of: subjectLabels[code], around: 1))' (row \(i + 1)); the imputation model takes subject-level covariates only")
                }
            }
            return values
        }
        var groups = [Int](repeating: 0, count: s)
        var groupCount = 1
        var groupLevels: [String] = []
        if let group {
            guard case .categorical(let c)? = frame[group] else {
                throw StatsError.domain("the imputation group '\(excerpt(of: group, around: 1))' must be a categorical column (the arm)")
            }
            groups = try subjectLevel(group).map { Int($0) }
            groupCount = c.levels.count
            groupLevels = c.levels
        }
        var columns: [[Double]] = []
        var designNames: [String?] = []
        var binaryDesignColumns: Set<Int> = []
        for name in covariates {
            let imputable: Bool
            switch frame[name] {
            case .numeric?: imputable = true
            case .categorical(let c)?: imputable = c.levels.count == 2
            case nil: imputable = false
            }
            let values = try subjectLevel(name, missingAllowed: allowingMissingCovariates && imputable)
            if case .categorical(let c)? = frame[name] {
                if c.levels.count == 2 { binaryDesignColumns.insert(columns.count) }
                for level in 1..<max(c.levels.count, 1) {
                    columns.append(values.map { $0.isNaN ? .nan : $0 == Double(level) ? 1 : 0 })
                    designNames.append(c.levels.count == 2 ? name : nil)
                }
            } else {
                columns.append(values)
                designNames.append(name)
            }
        }
        var design = [Double](repeating: 0, count: s * columns.count)
        for subjectIndex in 0..<s { for (j, column) in columns.enumerated() { design[subjectIndex * columns.count + j] = column[subjectIndex] } }
        var missingDesign: [(subject: Int, column: Int)] = []
        for subjectIndex in 0..<s {
            for j in 0..<columns.count where columns[j][subjectIndex].isNaN { missingDesign.append((subjectIndex, j)) }
        }
        // Monotone: once missing, missing at every later visit.
        var missing: [(subject: Int, visit: Int, row: Int?)] = []
        var lastObserved = [Int](repeating: t - 1, count: s)
        var firstGap: (subject: String, missed: Double, observed: Double)?
        for subjectIndex in 0..<s {
            var gap: Int?
            for k in 0..<t {
                let value = outcome[subjectIndex * t + k]
                if value.isNaN {
                    if gap == nil { gap = k; lastObserved[subjectIndex] = k - 1 }
                    let row = cellRows[subjectIndex * t + k]
                    missing.append((subjectIndex, k, row >= 0 ? row : nil))
                } else if let first = gap, firstGap == nil {
                    firstGap = (subjectLabels[subjectIndex], visits[first], visits[k])
                }
            }
        }
        self.isMonotone = firstGap == nil
        self.firstGap = firstGap
        self.missingDesign = missingDesign
        self.frame = frame
        self.response = response
        self.subject = subject
        self.visit = visit
        self.group = group
        self.covariates = covariates
        self.visits = visits
        self.outcome = outcome
        self.design = design
        self.designWidth = columns.count
        self.designNames = designNames
        self.binaryDesignColumns = binaryDesignColumns
        self.subjectGroups = groups
        self.groupLevels = groupLevels
        self.groupCount = groupCount
        self.subjectCount = s
        self.subjectLabels = subjectLabels
        self.firstRows = firstRows
        self.subjectRows = subjectRows
        self.missing = missing
        self.lastObserved = lastObserved
    }

    /// Refuses an intermittent (non-monotone) pattern or a missing covariate, for the
    /// imputations that need monotone dropout.
    func requireMonotone() throws {
        if let gap = firstGap {
            throw StatsError.domain("subject '\(excerpt(of: gap.subject, around: 1))' misses \(visit) \(gap.missed) but is observed at \(gap.observed): the pattern is not monotone; intermittent missing values are imputed by chained equations, under --impute mar with the approximate-Bayesian method only")
        }
    }

    /// Subjects observed at each visit, by group level in level order, visits in time order.
    var observedCounts: [ObservedCount] {
        let t = visits.count
        var counts: [ObservedCount] = []
        for g in 0..<groupCount {
            let members = (0..<subjectCount).filter { subjectGroups[$0] == g }
            guard !members.isEmpty else { continue }
            for k in 0..<t {
                counts.append(ObservedCount(group: groupLevels.isEmpty ? "" : groupLevels[g], visit: visits[k], subjects: members.count,
                                            observed: members.filter { !outcome[$0 * t + k].isNaN }.count))
            }
        }
        return counts
    }

    /// Adds δ per group level to that group's imputed cells of `y`.
    func shift(_ y: inout [Double], by shifts: [String: Double]) {
        guard !shifts.isEmpty, !groupLevels.isEmpty else { return }
        let t = visits.count
        for cell in missing {
            if let delta = shifts[groupLevels[subjectGroups[cell.subject]]] { y[cell.subject * t + cell.visit] += delta }
        }
    }

    /// The input rows with the missing outcomes of `y` filled, then one row per absent visit
    /// holding the subject's subject-level columns (subject, group, covariates), the visit and
    /// the imputed outcome, other columns missing; without the rows of `excluded` subjects.
    ///
    /// - Parameter completedDesign: the design with its missing numeric covariates imputed,
    ///   written into every row of the subject where the covariate is missing.
    func completedFrame(_ y: [Double], design completedDesign: [Double]? = nil, excluding excluded: Set<Int> = []) throws -> Frame {
        let t = visits.count
        var imputedCovariates: [String: [Int: Double]] = [:]   // covariate → subject → value
        if let completedDesign {
            for cell in missingDesign {
                if let name = designNames[cell.column] {
                    imputedCovariates[name, default: [:]][cell.subject] = completedDesign[cell.subject * designWidth + cell.column]
                }
            }
        }
        let absent = missing.filter { $0.row == nil }
        let copied = Set([subject, visit] + (group.map { [$0] } ?? []) + covariates)
        var columns: [(String, Column)] = []
        for name in frame.columnNames {
            let column = frame[name]!
            switch column {
            case .numeric(var values):
                if name == response {
                    for cell in missing { if let row = cell.row { values[row] = y[cell.subject * t + cell.visit] } }
                    values += absent.map { y[$0.subject * t + $0.visit] }
                } else if name == visit {
                    values += absent.map { visits[$0.visit] }
                } else {
                    if let imputed = imputedCovariates[name] {
                        for (subjectIndex, value) in imputed { for row in subjectRows[subjectIndex] where values[row].isNaN { values[row] = value } }
                    }
                    values += absent.map { copied.contains(name) ? values[firstRows[$0.subject]] : .nan }
                }
                columns.append((name, .numeric(values)))
            case .categorical(let c):
                var original = c.codes
                if let imputed = imputedCovariates[name] {
                    // A two-level covariate's dummy: 1 is the second level (code 1).
                    for (subjectIndex, value) in imputed {
                        for row in subjectRows[subjectIndex] where original[row] < 0 { original[row] = value == 1 ? 1 : 0 }
                    }
                }
                let codes = original + absent.map { copied.contains(name) ? original[firstRows[$0.subject]] : -1 }
                columns.append((name, .categorical(CategoricalColumn(levels: c.levels, codes: codes))))
            }
        }
        let completed = try Frame(columns: columns)
        guard !excluded.isEmpty else { return completed }
        var removed = Set(excluded.flatMap { subjectRows[$0] })
        for (position, cell) in absent.enumerated() where excluded.contains(cell.subject) { removed.insert(frame.rowCount + position) }
        return completed.rows((0..<completed.rowCount).filter { !removed.contains($0) })
    }
}

/// One normal linear regression of the imputation model, from its cross-products, and its
/// parameters as estimated or as drawn from their posterior (σ*² = RSS/χ²_{n−p},
/// β* ~ N(β̂, σ*²(XᵀX)⁻¹); Rubin 1987, ch. 5).
struct ImputationRegression {
    /// The columns of the predictors kept (not combinations of earlier ones).
    let kept: [Int]
    /// The coefficients of the kept columns (drawn when a generator was given).
    let coefficients: [Double]
    /// The least-squares coefficients β̂ of the kept columns.
    let estimatedCoefficients: [Double]
    /// The residual standard deviation.
    let sigma: Double

    /// Fits y on x from XᵀX (`gram`, column-major, `order`²), Xᵀy (`cross`), yᵀy and the
    /// number of observations; draws the parameters from `generator` when it is given.
    ///
    /// - Returns: `nil` when fewer than one residual df remain.
    init?(gram: [Double], cross: [Double], yy: Double, order width: Int, count: Int, generator: inout SeededGenerator?) {
        let (lower, kept) = MonotoneRegressionImputation.choleskyDroppingDependent(gram, order: width)
        let p = kept.count
        let dfResidual = count - p
        guard dfResidual >= 1 else { return nil }
        let c = kept.map { cross[$0] }
        let z = MonotoneRegressionImputation.forward(lower, order: p, c)
        let beta = MonotoneRegressionImputation.backward(lower, order: p, z)
        var rss = yy
        for a in 0..<p { rss -= beta[a] * c[a] }
        rss = max(rss, 0)
        self.kept = kept
        estimatedCoefficients = beta
        guard var random = generator else {
            coefficients = beta
            sigma = (rss / Double(dfResidual)).squareRoot()
            return
        }
        var chiSquare = 0.0
        for _ in 0..<dfResidual { let e = random.nextNormal(); chiSquare += e * e }
        let sigma = (rss / chiSquare).squareRoot()
        let e = (0..<p).map { _ in random.nextNormal() }
        let shift = MonotoneRegressionImputation.backward(lower, order: p, e)
        coefficients = (0..<p).map { beta[$0] + sigma * shift[$0] }
        self.sigma = sigma
        generator = random
    }

    /// The coefficients over all `width` columns, 0 for the columns left out.
    func full(width: Int) -> [Double] {
        var b = [Double](repeating: 0, count: width)
        for (a, column) in kept.enumerated() { b[column] = coefficients[a] }
        return b
    }
}

/// Accumulates XᵀX, Xᵀy and yᵀy in the order rows are added.
struct CrossProducts {
    let width: Int
    var gram: [Double]
    var cross: [Double]
    var yy = 0.0
    var count = 0

    init(width: Int) {
        self.width = width
        gram = [Double](repeating: 0, count: width * width)
        cross = [Double](repeating: 0, count: width)
    }

    mutating func add(_ x: [Double], _ value: Double) {
        for b in 0..<width {
            cross[b] += x[b] * value
            for a in 0..<width { gram[a + b * width] += x[a] * x[b] }
        }
        yy += value * value
        count += 1
    }
}
