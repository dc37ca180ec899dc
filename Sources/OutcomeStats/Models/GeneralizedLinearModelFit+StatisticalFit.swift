import Foundation

extension GeneralizedLinearModelFit: StatisticalFit {
    /// `nil` for every coefficient: Wald z tests and intervals, as R's `summary.glm` for the
    /// binomial and Poisson families (dispersion fixed at 1).
    public var coefficientDegreesOfFreedom: [Double?] { coefficients.map { _ in nil } }

    /// The rank: the binomial and Poisson families have no dispersion parameter (R's `logLik.glm`).
    public var informationParameterCount: Int { rank }

    /// Response residuals y − μ̂ at the used rows.
    public var residuals: [Double] { zip(response, fittedValues).map { $0 - $1 } }

    /// Aliased terms, non-convergence and separation.
    public var notes: [FitNote] {
        var notes = FitNote.aliased(in: coefficients)
        if !isConverged { notes.append(.notConverged(method: "IRLS", iterations: iterations)) }
        if let separation { notes.append(.separation(separation)) }
        return notes
    }

    /// IRLS as an optimizer: the coefficients from zero to β̂, the deviance as objective, one
    /// evaluation per iteration; the relative deviance change |D − D_old|/(|D| + 0.1) is its
    /// criterion (R's).
    public var optimizerSummary: OptimizerSummary? {
        OptimizerSummary(method: "iteratively reweighted least squares (Fisher scoring)",
                         start: estimableTerms.map { _ in 0 }, end: estimableTerms.map { coefficient($0)?.estimate ?? .nan },
                         startObjective: .nan, endObjective: deviance, evaluations: iterations,
                         status: isConverged ? .converged : .maximumEvaluationsReached)
    }

    /// g⁻¹(x₀ᵀβ̂): the predicted probability (binomial) or rate (Poisson) for each row of `newData`.
    public func predictedMeans(for newData: Frame) throws -> [Double?] {
        let coding = try DesignCoding(formula: formula, frame: data, contrasts: contrasts)
        return linearPredictor(try coding.rows(for: newData)).map { $0.map(family.mean) }
    }
}
