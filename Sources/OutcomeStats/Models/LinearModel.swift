/// A linear model fitted by (weighted) least squares: a formula and how its categorical variables are coded.
///
/// A model is a description; ``fit(to:)`` returns an immutable ``LinearModelFit``.
///
/// ```swift
/// let model = try LinearModel("pain_nrs ~ week * cohort + sessions_per_week",
///                             contrasts: ["technique": .treatment(reference: "usual_care")])
/// let fit = try model.fit(to: frame)
/// fit.coefficients.map(\.term)
/// ```
public struct LinearModel: Sendable {
    /// The model formula.
    public let formula: Formula
    /// Coding of categorical variables; absent ones use treatment coding against the first
    /// sorted level.
    public let contrasts: [String: Contrast]
    /// Confidence level of the intervals in the fit's coefficient table.
    public let confidenceLevel: Double
    /// Name of the numeric column of case weights (weighted least squares), or `nil`.
    public let weights: String?

    /// Relative tolerance for declaring a column aliased: column j is aliased when its norm
    /// orthogonal to the kept columns before it is at most `rankTolerance` times its own norm.
    ///
    /// 1e-10. Exact aliasing (dummy columns summing to the intercept, a column repeated or
    /// rescaled) leaves a relative norm near 1e-15, far below it. R's `lm` uses 1e-7, which
    /// drops the x¹⁰ column of NIST's Filip data (relative norm 5.2e-8) although NIST certifies
    /// its coefficient to 15 digits; with refinement in extended precision we estimate columns
    /// down to 1e-10 to about seven digits, so we keep it. Designs whose columns are between
    /// the two tolerances are rare; for them R reports an aliased term and we an estimate with
    /// a large standard error.
    public static let rankTolerance = 1e-10

    /// From this many complete cases on, an unweighted fit streams its design a block of rows at
    /// a time (``StreamedLeastSquares``) instead of materialising X: 65,536.
    ///
    /// Below it the whole design is factored in memory (``RefinedLeastSquares``), which is what
    /// NIST's certified datasets and the example reports exercise. Both solve to the same digits
    /// (the tests compare them); an ill-conditioned design (reciprocal condition of the scaled R
    /// below 1e-4) always takes the in-memory path, whose refinement handles it.
    public static let streamingMinimumRows = 65_536

    /// A model of `formula`.
    ///
    /// - Parameters:
    ///   - formula: the model formula.
    ///   - contrasts: coding per categorical variable.
    ///   - confidenceLevel: level of the coefficient intervals.
    ///   - weights: a numeric column of non-negative case weights (weighted least squares).
    public init(_ formula: Formula, contrasts: [String: Contrast] = [:], confidenceLevel: Double = 0.95,
                weights: String? = nil) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        self.formula = formula
        self.weights = weights
        self.contrasts = contrasts
        self.confidenceLevel = confidenceLevel
    }

    /// A model of the formula `text`.
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)``.
    public init(_ text: String, contrasts: [String: Contrast] = [:], confidenceLevel: Double = 0.95,
                weights: String? = nil) throws {
        self.init(try Formula(text), contrasts: contrasts, confidenceLevel: confidenceLevel, weights: weights)
    }

    /// Fits the model by least squares to the complete cases of `frame`.
    ///
    /// ``RefinedLeastSquares``: column-scaled Householder QR with rank detection (aliased
    /// columns are reported with `nil` estimates, the later of two collinear columns, as R's
    /// `lm`), then iterative refinement with residuals in extended precision. With
    /// ``weights`` it minimises Σ wᵢ(yᵢ − xᵢᵀb)²; rows of weight 0 are left out of the fit and its
    /// degrees of freedom, as R's `lm` does, and counted in ``LinearModelFit/zeroWeightRowCount``.
    ///
    /// ```swift
    /// let fit = try LinearModel("pain_nrs ~ week * cohort").fit(to: frame, covariance: .cluster(by: "site"))
    /// ```
    ///
    /// - Parameters:
    ///   - frame: the data.
    ///   - covariance: the covariance estimator behind standard errors and tests.
    /// - Returns: the fit, with coefficients in design-matrix column order.
    /// - Throws: ``StatsError`` for unknown columns or levels, bad weights or cluster values, and
    ///   ``StatsError/tooFewObservations(observations:parameters:)`` when the complete cases
    ///   cannot identify the estimable coefficients.
    public func fit(to frame: Frame, covariance: CovarianceEstimator = .classical) throws -> LinearModelFit {
        try fit(to: frame, covariance: covariance, path: .automatic)
    }

    /// ``fit(to:covariance:)`` by a chosen least-squares path.
    func fit(to frame: Frame, covariance: CovarianceEstimator, path: LeastSquaresPath) throws -> LinearModelFit {
        guard !formula.isMixed else {
            throw StatsError.mixedModel("formula '\(formula.text)' has random-effect terms: fit it as a mixed model (MixedModel)")
        }
        if covariance == .empirical {
            throw StatsError.domain("the empirical covariance is an MMRM's; a linear model's by-patient sandwich is covariance cluster:patient_id (CR1)")
        }
        if let term = formula.covarianceTerm {
            throw StatsError.mixedModel("formula '\(excerpt(of: formula.text, around: 1))' has the covariance term '\(excerpt(of: term.description, around: 1))': fit it as an MMRM")
        }
        let columns = try DesignColumns(formula: formula, frame: frame, contrasts: contrasts, weights: weights)
        var basis = try LinearFitBasis(columns: columns, frame: frame, weightsColumn: weights,
                                       rankTolerance: Self.rankTolerance, sandwich: covariance, path: path)
        basis.contrasts = contrasts
        return try LinearModelFit(basis: basis, covariance: covariance, confidenceLevel: confidenceLevel)
    }
}
