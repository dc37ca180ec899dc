import Foundation

/// Multiple imputation of a longitudinal outcome under missing at random, for monotone
/// (dropout) patterns: sequential normal linear regression over the visits, within each group
/// (the arm), with proper draws of the regression parameters (Rubin 1987, ch. 5; mice's
/// `norm` method, without its ridge).
///
/// At each visit k in time order, within each group, y_k is regressed on an intercept, the
/// subject-level covariates and y at every earlier visit, over the subjects observed at k. For
/// each imputation σ*² = RSS/χ²_{n−p} and β* ~ N(β̂, σ*²(XᵀX)⁻¹) are drawn, then each subject
/// missing at k gets xβ* + σ*z, earlier visits being observed or already imputed. Columns that
/// add nothing to the earlier ones (a baseline that is also visit 0, a change that is 0 at
/// baseline) are left out of that regression.
///
/// Every draw comes from ``SeededGenerator`` (imputation i from the seed and i) and every sum
/// runs in a fixed order, so a seed gives the same completed data, to the bit, on every machine.
///
/// ```swift
/// let imputation = try MonotoneRegressionImputation(frame: frame, response: "pain_nrs_change",
///     subject: "patient_id", visit: "week", group: "technique", covariates: ["pain_nrs_baseline"])
/// let completed = try imputation.completedFrame(seed: 7, imputation: 1)
/// ```
public struct MonotoneRegressionImputation: Sendable {
    /// The frame imputed.
    public let frame: Frame
    /// The outcome imputed.
    public let response: String
    /// The subject, visit and group columns.
    public let subject: String, visit: String, group: String?
    /// Subject-level covariates in every regression.
    public let covariates: [String]
    /// The visits, in time order.
    public let visits: [Double]
    /// Cells imputed in each completed data set (missing responses plus absent visits).
    public var imputedCellCount: Int { missing.count }
    /// The levels of the group column (empty without one), in the order of ``completedOutcome(seed:imputation:shifts:)``'s shifts.
    public let groupLevels: [String]

    /// y per subject and visit (NaN when missing), subject-major.
    private let outcome: [Double]
    /// Subject-level design (covariate columns, dummies for categorical ones), subject-major.
    private let design: [Double]
    private let designWidth: Int
    private let subjectGroups: [Int]
    private let groupCount: Int
    private let subjectCount: Int
    /// Each subject's first row (absent visits copy its subject-level columns).
    private let firstRows: [Int]
    /// (subject, visit) cells to impute, and the row holding each (nil when the visit is absent).
    private let missing: [(subject: Int, visit: Int, row: Int?)]

    /// Prepares the imputation of `response` in `frame`.
    ///
    /// - Throws: ``StatsError/domain(_:)`` when a column is absent or of the wrong kind, a
    ///   subject has two rows at one visit, a covariate or the group is missing or varies within
    ///   a subject, or a pattern is not monotone (naming the subject and visits).
    public init(frame: Frame, response: String, subject: String, visit: String, group: String?, covariates: [String]) throws {
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
        var cellRows = [Int](repeating: -1, count: s * t)
        var outcome = [Double](repeating: .nan, count: s * t)
        for i in 0..<n {
            let code = subjectCodes[i]
            guard code >= 0 else { throw StatsError.domain("row \(i + 1) has no '\(excerpt(of: subject, around: 1))'; every row needs its subject to be imputed") }
            guard !times[i].isNaN else { throw StatsError.domain("row \(i + 1) has no '\(excerpt(of: visit, around: 1))'; every row needs its visit to be imputed") }
            if firstRows[code] < 0 { firstRows[code] = i }
            let cell = code * t + visitIndex[times[i]]!
            if cellRows[cell] >= 0 {
                throw StatsError.domain("subject '\(excerpt(of: subjectLabels[code], around: 1))' has two rows at \(visit) \(times[i]) (rows \(cellRows[cell] + 1) and \(i + 1))")
            }
            cellRows[cell] = i
            outcome[cell] = y[i]
        }
        // Subject-level columns: constant within subject, never missing.
        func subjectLevel(_ name: String) throws -> [Double] {
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
                    throw StatsError.domain("'\(excerpt(of: name, around: 1))' is missing at row \(i + 1); imputing missing covariates (chained equations) is not available yet")
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
        for name in covariates {
            let values = try subjectLevel(name)
            if case .categorical(let c)? = frame[name] {
                for level in 1..<max(c.levels.count, 1) { columns.append(values.map { $0 == Double(level) ? 1 : 0 }) }
            } else {
                columns.append(values)
            }
        }
        var design = [Double](repeating: 0, count: s * columns.count)
        for subjectIndex in 0..<s { for (j, column) in columns.enumerated() { design[subjectIndex * columns.count + j] = column[subjectIndex] } }
        // Monotone: once missing, missing at every later visit.
        var missing: [(subject: Int, visit: Int, row: Int?)] = []
        for subjectIndex in 0..<s {
            var gap: Int?
            for k in 0..<t {
                let value = outcome[subjectIndex * t + k]
                if value.isNaN {
                    if gap == nil { gap = k }
                    let row = cellRows[subjectIndex * t + k]
                    missing.append((subjectIndex, k, row >= 0 ? row : nil))
                } else if let first = gap {
                    throw StatsError.domain("subject '\(excerpt(of: subjectLabels[subjectIndex], around: 1))' misses \(visit) \(visits[first]) but is observed at \(visits[k]): the pattern is not monotone; imputing intermittent missing values (chained equations) is not available yet")
                }
            }
        }
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
        self.subjectGroups = groups
        self.groupLevels = groupLevels
        self.groupCount = groupCount
        self.subjectCount = s
        self.firstRows = firstRows
        self.missing = missing
    }

    /// The completed outcome (subject-major, visit-minor) of imputation `index` (1-based).
    ///
    /// - Parameter shifts: δ per group level (``groupLevels``) added to that group's imputed
    ///   values after every visit is imputed (a delta-adjusted, tipping-point analysis); the
    ///   draws are the same for every δ, so the analyses differ by δ alone.
    /// - Throws: ``StatsError/domain(_:)`` when a group has too few subjects observed at a visit.
    public func completedOutcome(seed: UInt64, imputation index: Int, shifts: [String: Double] = [:]) throws -> [Double] {
        var generator = SeededGenerator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        let t = visits.count
        var y = outcome
        for g in 0..<groupCount {
            let members = (0..<subjectCount).filter { subjectGroups[$0] == g }
            for k in 0..<t {
                let targets = members.filter { y[$0 * t + k].isNaN }
                guard !targets.isEmpty else { continue }
                let observed = members.filter { !outcome[$0 * t + k].isNaN }
                func row(_ subject: Int) -> [Double] {
                    [1] + design[(subject * designWidth)..<((subject + 1) * designWidth)] + y[(subject * t)..<(subject * t + k)]
                }
                let width = 1 + designWidth + k
                // Gram and cross-products in subject order.
                var gram = [Double](repeating: 0, count: width * width)
                var cross = [Double](repeating: 0, count: width)
                var yy = 0.0
                for subject in observed {
                    let x = row(subject)
                    let value = y[subject * t + k]
                    for b in 0..<width {
                        cross[b] += x[b] * value
                        for a in 0..<width { gram[a + b * width] += x[a] * x[b] }
                    }
                    yy += value * value
                }
                let (lower, kept) = Self.choleskyDroppingDependent(gram, order: width)
                let p = kept.count
                let dfResidual = observed.count - p
                guard dfResidual >= 1 else {
                    throw StatsError.domain("only \(observed.count) subjects\(group.map { " of this \($0)" } ?? "") are observed at \(visit) \(visits[k]), too few to impute the \(targets.count) missing there from \(p) predictors")
                }
                // β̂ = (XᵀX)⁻¹Xᵀy on the kept columns: L z = c, Lᵀ β = z.
                let c = kept.map { cross[$0] }
                let z = Self.forward(lower, order: p, c)
                let beta = Self.backward(lower, order: p, z)
                var rss = yy
                for a in 0..<p { rss -= beta[a] * c[a] }
                rss = max(rss, 0)
                var chiSquare = 0.0
                for _ in 0..<dfResidual { let e = generator.nextNormal(); chiSquare += e * e }
                let sigma = (rss / chiSquare).squareRoot()
                // β* = β̂ + σ* L⁻ᵀ e.
                let e = (0..<p).map { _ in generator.nextNormal() }
                let shift = Self.backward(lower, order: p, e)
                let drawn = (0..<p).map { beta[$0] + sigma * shift[$0] }
                for subject in targets {
                    let x = row(subject)
                    var mean = 0.0
                    for (a, column) in kept.enumerated() { mean += x[column] * drawn[a] }
                    y[subject * t + k] = mean + sigma * generator.nextNormal()
                }
            }
        }
        if !shifts.isEmpty {
            for cell in missing {
                let level = groupLevels.isEmpty ? nil : groupLevels[subjectGroups[cell.subject]]
                if let level, let delta = shifts[level] { y[cell.subject * t + cell.visit] += delta }
            }
        }
        return y
    }

    /// The completed frame of imputation `index` (1-based): the input rows, with missing
    /// outcomes filled, then one row per absent visit, holding the subject's subject-level
    /// columns (subject, group, covariates), the visit and the imputed outcome, other columns
    /// missing. Observed values are untouched.
    public func completedFrame(seed: UInt64, imputation index: Int, shifts: [String: Double] = [:]) throws -> Frame {
        let y = try completedOutcome(seed: seed, imputation: index, shifts: shifts)
        let t = visits.count
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
                    values += absent.map { copied.contains(name) ? values[firstRows[$0.subject]] : .nan }
                }
                columns.append((name, .numeric(values)))
            case .categorical(let c):
                let codes = c.codes + absent.map { copied.contains(name) ? c.codes[firstRows[$0.subject]] : -1 }
                columns.append((name, .categorical(CategoricalColumn(levels: c.levels, codes: codes))))
            }
        }
        return try Frame(columns: columns)
    }

    /// Lower Cholesky factor of the columns of `a` that are not (to 10⁻¹⁰ of their own square)
    /// combinations of earlier ones, and the kept columns.
    static func choleskyDroppingDependent(_ a: [Double], order n: Int) -> (lower: [Double], kept: [Int]) {
        var kept: [Int] = []
        var rows: [[Double]] = []   // rows of L for the kept columns, each over the kept so far
        for j in 0..<n {
            var row = [Double](repeating: 0, count: kept.count + 1)
            for (position, column) in kept.enumerated() {
                var s = a[column + j * n]
                for q in 0..<position { s -= rows[position][q] * row[q] }
                row[position] = s / rows[position][position]
            }
            var d = a[j + j * n]
            for q in 0..<kept.count { d -= row[q] * row[q] }
            if d > 1e-10 * a[j + j * n] && d > 0 {
                row[kept.count] = d.squareRoot()
                kept.append(j)
                rows.append(row)
            }
        }
        let p = kept.count
        var lower = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for q in 0...i { lower[i + q * p] = rows[i][q] } }
        return (lower, kept)
    }

    /// Solves L z = b.
    static func forward(_ l: [Double], order p: Int, _ b: [Double]) -> [Double] {
        var z = b
        for i in 0..<p {
            for q in 0..<i { z[i] -= l[i + q * p] * z[q] }
            z[i] /= l[i + i * p]
        }
        return z
    }

    /// Solves Lᵀ x = b.
    static func backward(_ l: [Double], order p: Int, _ b: [Double]) -> [Double] {
        var x = b
        for i in stride(from: p - 1, through: 0, by: -1) {
            for q in (i + 1)..<max(p, i + 1) { x[i] -= l[q + i * p] * x[q] }
            x[i] /= l[i + i * p]
        }
        return x
    }
}
