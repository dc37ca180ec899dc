import Foundation

/// The immutable result of fitting an ``MMRM``: SAS PROC MIXED's and R mmrm's summary as a value.
public struct MMRMFit: Sendable {
    /// The formula that was fitted.
    public let formula: Formula
    /// The covariance term.
    public let covarianceTerm: CovarianceTerm
    /// REML or ML.
    public let estimation: Estimation
    /// The degrees-of-freedom method.
    public let degreesOfFreedomMethod: MMRMDegreesOfFreedom
    /// Fixed effects with t tests on ``degreesOfFreedom``; aliased columns have `nil` estimates.
    public let coefficients: [Coefficient]
    /// Denominator degrees of freedom per coefficient (`nil` when aliased).
    public let degreesOfFreedom: [Double?]
    /// Level of the confidence intervals.
    public let confidenceLevel: Double
    /// Names of the estimable coefficients, the order of ``covariance``.
    public let estimableTerms: [String]
    /// Cov(β̂) behind the standard errors and tests, column-major: model-based
    /// (Σᵢ XᵢᵀVᵢ⁻¹Xᵢ)⁻¹, Kenward–Roger's adjusted Φ_A, or the empirical one, as the model asked.
    public let covariance: [Double]
    /// Model-based Cov(β̂) = (Σᵢ XᵢᵀVᵢ⁻¹Xᵢ)⁻¹, column-major.
    public var modelBasedCovariance: [Double] { inference.modelBasedCovariance }
    /// Which covariance of β̂ the standard errors use.
    public let coefficientCovariance: MMRMCoefficientCovariance
    /// Empirical (sandwich) Cov(β̂), column-major (mmrm's `"Empirical"`, without small-sample factor).
    public let empiricalCovariance: [Double]
    /// The visits, in the order of the covariance matrices' rows.
    public let visits: [String]
    /// The covariance groups (empty for one matrix).
    public let groups: [String]
    /// Σ̂ per group, visit by visit, column-major.
    public let covarianceMatrices: [[Double]]
    /// The covariance parameters θ̂ (see ``CovarianceStructure``).
    public let theta: [Double]
    /// −2ℓ at the optimum: the REML criterion −2ℓ_R for REML, the deviance for ML.
    public let objective: Double
    /// Observations used.
    public let observationCount: Int
    /// Subjects with at least one used observation.
    public let subjectCount: Int
    /// Rows dropped for a missing value.
    public let droppedRowCount: Int
    /// Residuals y − Xβ̂ at the used rows (marginal residuals).
    public let residuals: [Double]
    /// Marginal fitted values Xβ̂ at the used rows.
    public let fittedValues: [Double]
    /// The optimizer's record.
    public let optimizer: OptimizerSummary
    /// Reference level of each categorical variable coded by treatment contrasts.
    public let referenceLevels: [String: String]
    /// Number of distinct visit patterns (the pooling units of the likelihood).
    public let patternCount: Int
    /// The structures of a fallback sequence tried before ``covarianceTerm``'s, with why each
    /// failed (empty when the first converged).
    public internal(set) var failedStructures: [MMRMFailedStructure] = []
    let inference: MMRMInference
    /// The rows fitted, counted by their levels of the reference grid's factors (in
    /// ``ReferenceGrid/factors`` order): the proportional weights of LS-means.
    let cellCounts: [[Int]: Int]
    /// Each aliased column j with c, X_j = X_kept·c: the null space of X is spanned by
    /// e_j − Σₖ cₖ e_kept[k], so lᵀβ is estimable exactly when l_j = Σₖ cₖ l_kept[k] for every j.
    let aliases: [(column: Int, combination: [Double])]
    /// The design coding (for the reference grid of LS-means).
    let coding: DesignCoding
    let columnNames: [String]
    let kept: [Int]
    /// A = X_sum⁺X (see ``MMRM``), `nil` when a coefficient is aliased.
    let sumContrastMap: [Double]?

    /// Number of covariance parameters.
    public var covarianceParameterCount: Int { theta.count }
    /// The log-likelihood (restricted for REML).
    public var logLikelihood: Double { -objective / 2 }
    /// Parameters counted by the information criteria, as SAS counts them: covariance parameters
    /// (REML), plus the fixed effects (ML).
    public var informationParameterCount: Int {
        theta.count + (estimation == .ml ? estimableTerms.count : 0)
    }
    /// AIC = −2ℓ + 2d.
    public var aic: Double { objective + 2 * Double(informationParameterCount) }
    /// AICc = −2ℓ + 2d·n*/(n* − d − 1), n* = N − p (REML) or N (ML), as SAS; NaN when n* ≤ d + 1.
    public var aicc: Double {
        let d = Double(informationParameterCount)
        let n = Double(observationCount - (estimation == .reml ? estimableTerms.count : 0))
        // Undefined (NaN) when n* ≤ d + 1, rather than a value below AIC or infinite.
        return n - d - 1 > 0 ? objective + 2 * d * n / (n - d - 1) : .nan
    }
    /// BIC = −2ℓ + d·log(subjects), as SAS.
    public var bic: Double { objective + Double(informationParameterCount) * Foundation.log(Double(subjectCount)) }

    /// The correlation matrix of group `group` (0 for a single matrix).
    public func correlationMatrix(group: Int = 0) -> [Double] {
        let t = visits.count
        let sigma = covarianceMatrices[group]
        var result = sigma
        for j in 0..<t { for i in 0..<t { result[i + j * t] = sigma[i + j * t] / (sigma[i + i * t] * sigma[j + j * t]).squareRoot() } }
        return result
    }

    /// The coefficient called `term`, or `nil`.
    public func coefficient(_ term: String) -> Coefficient? { coefficients.first { $0.term == term } }

    /// The estimate, standard error and degrees of freedom of lᵀβ for weights `l` over every
    /// design column (``Coefficient/term`` order).
    ///
    /// With aliased columns, lᵀβ is estimable when l is orthogonal to the null space of X (as
    /// emmeans checks, to 1e-8 relative); its value is then l_keptᵀβ̂_kept.
    ///
    /// - Returns: `nil` when lᵀβ is not estimable.
    public func linearCombination(_ l: [Double]) -> (estimate: Double, standardError: Double, degreesOfFreedom: Double)? {
        precondition(l.count == columnNames.count, "\(l.count) weights for \(columnNames.count) columns")
        let scale = max(l.map(abs).max() ?? 0, 1e-300)
        for alias in aliases {
            var projection = l[alias.column]
            var size = 1.0
            for (position, j) in kept.enumerated() {
                projection -= alias.combination[position] * l[j]
                size += abs(alias.combination[position])
            }
            if abs(projection) > 1e-8 * scale * size { return nil }
        }
        let reduced = kept.map { l[$0] }
        var estimate = 0.0
        for (position, j) in kept.enumerated() { estimate += reduced[position] * (coefficients[j].estimate ?? 0) }
        let (variance, df) = inference.variance(of: reduced)
        return (estimate, variance.squareRoot(), df)
    }

    init(model: MMRM, term: CovarianceTerm, design: ModelMatrix, kept: [Int], ordinary: [Double], y: [Double],
         evaluation: MMRMLikelihood.Evaluation, inference: MMRMInference, optimum: FisherScoring.Result,
         start: [Double], visitLevels: [String], groupLevels: [String], subjectCount: Int, likelihood: MMRMLikelihood,
         coding: DesignCoding, sumContrastMap: [Double]?, missingRows: Int, cellCounts: [[Int]: Int],
         aliases: [(column: Int, combination: [Double])]) {
        self.coding = coding
        self.cellCounts = cellCounts
        self.aliases = aliases
        self.sumContrastMap = sumContrastMap
        formula = model.formula
        covarianceTerm = term
        estimation = model.estimation
        degreesOfFreedomMethod = model.degreesOfFreedomMethod
        coefficientCovariance = model.coefficientCovariance
        confidenceLevel = model.confidenceLevel
        estimableTerms = kept.map { design.columnNames[$0] }
        covariance = inference.covariance
        empiricalCovariance = inference.empiricalCovariance
        self.inference = inference
        columnNames = design.columnNames
        self.kept = kept
        let p = kept.count
        let beta = (0..<p).map { evaluation.beta[$0] + ordinary[$0] }
        var coefficients: [Coefficient] = []
        var dfs: [Double?] = []
        for j in 0..<design.columnCount {
            guard let position = kept.firstIndex(of: j) else {
                coefficients.append(Coefficient.aliased(design.columnNames[j]))
                dfs.append(nil)
                continue
            }
            var l = [Double](repeating: 0, count: p)
            l[position] = 1
            let (variance, df) = inference.variance(of: l)
            let se = variance.squareRoot()
            let estimate = beta[position]
            let statistic = estimate / se
            let distribution = df.isFinite && df > 0 ? StudentT(degreesOfFreedom: df) : nil
            let critical = distribution?.quantile(0.5 + model.confidenceLevel / 2) ?? .nan
            coefficients.append(Coefficient(term: design.columnNames[j], estimate: estimate, standardError: se, statistic: statistic,
                                            pValue: distribution?.twoSidedPValue(statistic) ?? .nan,
                                            confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se))
            dfs.append(df)
        }
        self.coefficients = coefficients
        degreesOfFreedom = dfs
        visits = visitLevels
        groups = groupLevels
        covarianceMatrices = evaluation.covariances
        theta = optimum.theta
        objective = evaluation.value
        observationCount = design.rowCount
        self.subjectCount = subjectCount
        droppedRowCount = missingRows
        let n = design.rowCount
        var residuals = y
        let x = design.values
        for (position, j) in kept.enumerated() {
            let b = evaluation.beta[position]
            for i in 0..<n { residuals[i] -= x[i + j * n] * b }
        }
        self.residuals = residuals
        fittedValues = zip(design.response, residuals).map { $0 - $1 }
        optimizer = OptimizerSummary(
            method: "Fisher scoring with exact gradient and step halving, from the empirical covariance",
            start: start, end: optimum.theta, startObjective: optimum.startValue, endObjective: evaluation.value,
            evaluations: optimum.evaluations, status: optimum.converged ? .converged : .maximumEvaluationsReached)
        referenceLevels = design.referenceLevels
        patternCount = likelihood.patterns.patterns.count
    }
}
