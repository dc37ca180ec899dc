import Foundation

/// Multiple imputation of a longitudinal outcome under missing at random by chained equations
/// (fully conditional specification; van Buuren & Groothuis-Oudshoorn 2011, R's `mice` with
/// method `norm`), for intermittent (non-monotone) patterns and missing subject-level
/// covariates; predictive mean matching (`pmm`) in place of normal draws on request, and
/// logistic regression (`logreg`) for a missing two-level categorical covariate.
///
/// The data are laid out one row per subject: the covariates, then the outcome at each visit.
/// Within each group (the arm), every missing cell starts as a random draw from the observed
/// values of its column in the group; then, for each of ``iterations`` rounds, each column with
/// missing cells in turn (covariates, then visits in time order) is regressed on an intercept
/// and every other column, over the subjects observed in it, σ*² and β* are drawn from their
/// posterior (as ``MonotoneRegressionImputation`` does) and its missing cells are redrawn.
/// Each imputation runs its own chain from its own seed.
///
/// ```swift
/// let imputation = try ChainedEquationsImputation(frame: frame, response: "pain_nrs",
///     subject: "patient_id", visit: "week", group: "technique", covariates: ["cohort"])
/// let completed = try imputation.completedFrame(seed: 7, imputation: 1, shifts: [:])
/// ```
public struct ChainedEquationsImputation: LongitudinalImputation {
    let layout: ImputationLayout
    /// Rounds of the chain per imputation (mice's `maxit`).
    public let iterations: Int
    /// How continuous columns (the visits, numeric covariates) are drawn.
    public let model: UnivariateImputationModel

    /// The levels of the group column.
    public var groupLevels: [String] { layout.groupLevels }
    /// Outcome cells imputed in each completed data set (covariate cells not counted).
    public var imputedCellCount: Int { layout.missing.count }
    /// Subjects whose covariate is imputed, per covariate with missing values, in the order of
    /// the covariates.
    public var imputedCovariates: [(name: String, subjects: Int)] {
        var counts: [String: Int] = [:]
        for cell in layout.missingDesign { if let name = layout.designNames[cell.column] { counts[name, default: 0] += 1 } }
        return layout.covariates.compactMap { name in counts[name].map { (name, $0) } }
    }
    /// Whether the data need chains: an intermittent pattern or a missing covariate. When not,
    /// ``MonotoneRegressionImputation`` draws the same model exactly, without iterating.
    public var needsChains: Bool { !layout.isMonotone || !layout.missingDesign.isEmpty }
    /// Whether a two-level categorical covariate has missing values (imputed by logistic
    /// regression).
    public var imputesBinaryCovariate: Bool { layout.missingDesign.contains { layout.binaryDesignColumns.contains($0.column) } }
    /// Subjects observed and missing at each visit, by group.
    public var observedCounts: [ObservedCount] { layout.observedCounts }

    /// Prepares the imputation of `response` and of the `covariates`' missing values (numeric
    /// ones by `model`, two-level categorical ones by logistic regression).
    ///
    /// - Parameters:
    ///   - iterations: rounds of the chain (1 … 1,000; default 10).
    ///   - model: normal regression (default) or predictive mean matching for the continuous
    ///     columns.
    /// - Throws: ``StatsError/domain(_:)`` when a column is absent or of the wrong kind, a
    ///   subject has two rows at one visit, a categorical covariate or the group is missing, or a
    ///   covariate varies within a subject.
    public init(frame: Frame, response: String, subject: String, visit: String, group: String?, covariates: [String],
                iterations: Int = 10, model: UnivariateImputationModel = .norm) throws {
        guard (1...1000).contains(iterations) else {
            throw StatsError.domain("chained equations need 1 to 1,000 iterations (got \(iterations))")
        }
        layout = try ImputationLayout(frame: frame, response: response, subject: subject, visit: visit, group: group,
                                      covariates: covariates, allowingMissingCovariates: true)
        self.iterations = iterations
        self.model = model
    }

    /// The completed frame of imputation `index` (1-based), the outcome's imputed values of each
    /// group level in `shifts` moved by that δ (covariates are not shifted).
    public func completedFrame(seed: UInt64, imputation index: Int, shifts: [String: Double] = [:]) throws -> Frame {
        let (y, design) = try completed(seed: seed, imputation: index)
        var outcome = y
        layout.shift(&outcome, by: shifts)
        return try layout.completedFrame(outcome, design: design)
    }

    /// The completed outcome (subject-major) and subject-level design.
    func completed(seed: UInt64, imputation index: Int) throws -> (outcome: [Double], design: [Double]) {
        var generator: SeededGenerator? = SeededGenerator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        let l = layout
        let t = l.visits.count, p = l.designWidth, width = p + t
        // Wide matrix: design columns, then visits.
        var wide = [Double](repeating: 0, count: l.subjectCount * width)
        for s in 0..<l.subjectCount {
            for j in 0..<p { wide[s * width + j] = l.design[s * p + j] }
            for k in 0..<t { wide[s * width + p + k] = l.outcome[s * t + k] }
        }
        let observedMask = wide.map { !$0.isNaN }
        for g in 0..<l.groupCount {
            let members = (0..<l.subjectCount).filter { l.subjectGroups[$0] == g }
            guard !members.isEmpty else { continue }
            let targets = (0..<width).filter { c in members.contains { !observedMask[$0 * width + c] } }
            // Start: each missing cell a random observed value of its column in the group.
            for c in targets {
                let pool = members.filter { observedMask[$0 * width + c] }
                guard !pool.isEmpty else {
                    throw StatsError.domain("\(Self.columnName(c, layout: l)) is never observed\(l.group.map { " in this \($0)" } ?? ""), so it cannot be imputed")
                }
                for s in members where !observedMask[s * width + c] {
                    wide[s * width + c] = wide[pool[generator!.nextInt(below: pool.count)] * width + c]
                }
            }
            for _ in 0..<iterations {
                for c in targets {
                    let observed = members.filter { observedMask[$0 * width + c] }
                    func row(_ s: Int) -> [Double] {
                        var x = [1.0]
                        for j in 0..<width where j != c { x.append(wide[s * width + j]) }
                        return x
                    }
                    let missingRows = members.filter { !observedMask[$0 * width + c] }
                    if l.binaryDesignColumns.contains(c) {
                        guard let logistic = LogisticImputationRegression(rows: observed.map(row), y: observed.map { wide[$0 * width + c] },
                                                                          generator: &generator!) else {
                            throw StatsError.domain("only \(observed.count) subjects\(l.group.map { " of this \($0)" } ?? "") have \(Self.columnName(c, layout: l)), too few to impute it by logistic regression")
                        }
                        for s in missingRows { wide[s * width + c] = logistic.draw(row(s), generator: &generator!) }
                        continue
                    }
                    var products = CrossProducts(width: width)
                    for s in observed { products.add(row(s), wide[s * width + c]) }
                    guard let regression = ImputationRegression(gram: products.gram, cross: products.cross, yy: products.yy,
                                                                order: width, count: observed.count, generator: &generator) else {
                        throw StatsError.domain("only \(observed.count) subjects\(l.group.map { " of this \($0)" } ?? "") have \(Self.columnName(c, layout: l)), too few to impute it by chained equations")
                    }
                    let donors = model == .pmm ? observed.map { (x: row($0), value: wide[$0 * width + c]) } : []
                    let values = regression.impute(missingRows.map(row), model: model, observed: donors, generator: &generator!)
                    for (s, value) in zip(missingRows, values) { wide[s * width + c] = value }
                }
            }
        }
        var outcome = l.outcome, design = l.design
        for s in 0..<l.subjectCount {
            for j in 0..<p { design[s * p + j] = wide[s * width + j] }
            for k in 0..<t { outcome[s * t + k] = wide[s * width + p + k] }
        }
        return (outcome, design)
    }

    static func columnName(_ c: Int, layout l: ImputationLayout) -> String {
        c >= l.designWidth ? "'\(l.response)' at \(l.visit) \(l.visits[c - l.designWidth])" : "a covariate of the imputation model"
    }
}
