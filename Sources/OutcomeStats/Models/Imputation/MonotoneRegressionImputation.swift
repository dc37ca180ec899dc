import Foundation

/// Multiple imputation of a longitudinal outcome under missing at random, for monotone
/// (dropout) patterns: sequential normal linear regression over the visits, within each group
/// (the arm), with proper draws of the regression parameters (Rubin 1987, ch. 5; mice's
/// `norm` method, without its ridge), or predictive mean matching (mice's `pmm`) on request.
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
public struct MonotoneRegressionImputation: LongitudinalImputation {
    /// The long data, the outcome, the visits and the cells to impute.
    let layout: ImputationLayout
    /// How the missing values are drawn from each visit's regression.
    public let model: UnivariateImputationModel
    /// The frame imputed.
    public var frame: Frame { layout.frame }
    /// The outcome imputed.
    public var response: String { layout.response }
    /// The subject, visit and group columns.
    public var subject: String { layout.subject }
    /// The visit column.
    public var visit: String { layout.visit }
    /// The group column, or `nil`.
    public var group: String? { layout.group }
    /// Subject-level covariates in every regression.
    public var covariates: [String] { layout.covariates }
    /// The visits, in time order.
    public var visits: [Double] { layout.visits }
    /// Cells imputed in each completed data set (missing responses plus absent visits).
    public var imputedCellCount: Int { layout.missing.count }
    /// The levels of the group column (empty without one), in the order of ``completedOutcome(seed:imputation:shifts:)``'s shifts.
    public var groupLevels: [String] { layout.groupLevels }

    /// Subjects observed and missing at each visit, by group.
    public var observedCounts: [ObservedCount] { layout.observedCounts }

    /// Prepares the imputation of `response` in `frame`.
    ///
    /// - Throws: ``StatsError/domain(_:)`` when a column is absent or of the wrong kind, a
    ///   subject has two rows at one visit, a covariate or the group is missing or varies within
    ///   a subject, or a pattern is not monotone (naming the subject and visits).
    ///
    /// - Parameter model: normal draws (default) or predictive mean matching.
    public init(frame: Frame, response: String, subject: String, visit: String, group: String?, covariates: [String],
                model: UnivariateImputationModel = .norm) throws {
        layout = try ImputationLayout(frame: frame, response: response, subject: subject, visit: visit, group: group,
                                      covariates: covariates)
        self.model = model
        try layout.requireMonotone()
    }

    /// The completed outcome (subject-major, visit-minor) of imputation `index` (1-based).
    ///
    /// - Parameter shifts: δ per group level (``groupLevels``) added to that group's imputed
    ///   values after every visit is imputed (a delta-adjusted, tipping-point analysis); the
    ///   draws are the same for every δ, so the analyses differ by δ alone.
    /// - Throws: ``StatsError/domain(_:)`` when a group has too few subjects observed at a visit.
    public func completedOutcome(seed: UInt64, imputation index: Int, shifts: [String: Double] = [:]) throws -> [Double] {
        var generator: SeededGenerator? = SeededGenerator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        let l = layout
        let t = l.visits.count
        var y = l.outcome
        for g in 0..<l.groupCount {
            let members = (0..<l.subjectCount).filter { l.subjectGroups[$0] == g }
            for k in 0..<t {
                let targets = members.filter { y[$0 * t + k].isNaN }
                guard !targets.isEmpty else { continue }
                let observed = members.filter { !l.outcome[$0 * t + k].isNaN }
                func row(_ subject: Int) -> [Double] {
                    [1] + l.design[(subject * l.designWidth)..<((subject + 1) * l.designWidth)] + y[(subject * t)..<(subject * t + k)]
                }
                var products = CrossProducts(width: 1 + l.designWidth + k)
                for subject in observed { products.add(row(subject), y[subject * t + k]) }
                guard let regression = ImputationRegression(gram: products.gram, cross: products.cross, yy: products.yy,
                                                            order: products.width, count: observed.count, generator: &generator) else {
                    throw StatsError.domain("only \(observed.count) subjects\(l.group.map { " of this \($0)" } ?? "") are observed at \(l.visit) \(l.visits[k]), too few to impute the \(targets.count) missing there")
                }
                let donors = model == .pmm ? observed.map { (x: row($0), value: y[$0 * t + k]) } : []
                let values = regression.impute(targets.map(row), model: model, observed: donors, generator: &generator!)
                for (subject, value) in zip(targets, values) { y[subject * t + k] = value }
            }
        }
        l.shift(&y, by: shifts)
        return y
    }

    /// The completed frame of imputation `index` (1-based): the input rows, with missing
    /// outcomes filled, then one row per absent visit, holding the subject's subject-level
    /// columns (subject, group, covariates), the visit and the imputed outcome, other columns
    /// missing. Observed values are untouched.
    public func completedFrame(seed: UInt64, imputation index: Int, shifts: [String: Double] = [:]) throws -> Frame {
        try layout.completedFrame(try completedOutcome(seed: seed, imputation: index, shifts: shifts))
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
