import Foundation

extension MMRMFit: StatisticalFit {
    /// The df of each coefficient by the fit's method (Satterthwaite, Kenward–Roger, …).
    public var coefficientDegreesOfFreedom: [Double?] { degreesOfFreedom }

    /// n − rank (SAS's DDFM=RESIDUAL).
    public var residualDegreesOfFreedom: Int { observationCount - estimableTerms.count }

    /// Aliased terms and an optimizer that stopped short.
    public var notes: [FitNote] {
        var notes = FitNote.aliased(in: coefficients)
        if !optimizer.isConverged { notes.append(.notConverged(method: optimizer.method, iterations: optimizer.evaluations)) }
        return notes
    }

    /// ``optimizer``.
    public var optimizerSummary: OptimizerSummary? { optimizer }

    /// x₀ᵀβ̂ for each row of `newData`; the subject and visit-time columns are not needed
    /// unless the mean model uses them.
    public func predictedMeans(for newData: Frame) throws -> [Double?] {
        linearPredictor(try coding.rows(for: newData))
    }
}
