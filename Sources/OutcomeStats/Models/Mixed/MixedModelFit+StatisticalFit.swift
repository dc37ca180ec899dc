import Foundation

extension MixedModelFit: StatisticalFit {
    /// The Satterthwaite df of each coefficient (``degreesOfFreedom``).
    public var coefficientDegreesOfFreedom: [Double?] { degreesOfFreedom }

    /// n − rank (SAS's DDFM=RESIDUAL; lme4 defines none).
    public var residualDegreesOfFreedom: Int { observationCount - estimableTerms.count }

    /// Fixed effects, θ and σ (``parameterCount``), as lme4 counts them.
    public var informationParameterCount: Int { parameterCount }

    /// Aliased terms, a singular fit and an optimizer that stopped short.
    public var notes: [FitNote] {
        var notes = FitNote.aliased(in: coefficients)
        if isSingular { notes.append(.singular) }
        if !optimizer.isConverged { notes.append(.notConverged(method: optimizer.method, iterations: optimizer.evaluations)) }
        return notes
    }

    /// ``optimizer``.
    public var optimizerSummary: OptimizerSummary? { optimizer }

    /// x₀ᵀβ̂, the population-level mean (random effects at zero), for each row of `newData`;
    /// the grouping columns are not needed.
    public func predictedMeans(for newData: Frame) throws -> [Double?] {
        let coding = try DesignCoding(formula: formula, frame: data, contrasts: contrasts)
        return linearPredictor(try coding.rows(for: newData))
    }
}
