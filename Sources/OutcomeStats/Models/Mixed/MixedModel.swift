import Foundation

/// A linear mixed model: a formula with random-effect terms, how its categorical variables are
/// coded, and REML or ML.
///
/// The model is y = Xβ + Zb + ε with b ~ N(0, σ²ΛΛᵀ) and ε ~ N(0, σ²I). ``fit(to:)`` minimizes
/// the profiled deviance over the relative covariance factor θ (Bates, Mächler, Bolker & Walker
/// 2015, eq. 34 and 41):
///
///     ML:    d(θ) = log|L|² + n (1 + log(2π r²(θ) / n))
///     REML:  d(θ) = log|L|² + log|R_X|² + (n − p)(1 + log(2π r²(θ) / (n − p)))
///
/// where LLᵀ = ΛᵀZᵀZΛ + I, R_XᵀR_X = XᵀV⁻¹X/σ² and r² is the penalized residual sum of
/// squares. With one grouping factor, an evaluation costs nothing per row
/// (see `SingleFactorSystem`); nested and crossed factors use a dense Cholesky.
///
/// ```swift
/// let model = try MixedModel("pain_nrs ~ week * cohort + (1 + week | patient_id)")
/// let fit = try model.fit(to: frame)
/// fit.coefficients.map { ($0.term, $0.estimate, $0.pValue) }
/// fit.varianceComponents[0].standardDeviations
/// ```
public struct MixedModel: Sendable {
    /// The model formula (with at least one random-effect term).
    public let formula: Formula
    /// Coding of categorical variables (fixed and varying effects).
    public let contrasts: [String: Contrast]
    /// REML (default) or ML.
    public let estimation: Estimation
    /// Confidence level of the coefficient intervals (t with Satterthwaite df).
    public let confidenceLevel: Double

    /// A model of `formula`.
    ///
    /// - Parameters:
    ///   - formula: a formula with random-effect terms.
    ///   - contrasts: coding per categorical variable; absent ones use treatment coding.
    ///   - estimation: ``Estimation/reml`` (default) or ``Estimation/ml``.
    ///   - confidenceLevel: level of the coefficient intervals.
    public init(_ formula: Formula, contrasts: [String: Contrast] = [:], estimation: Estimation = .reml,
                confidenceLevel: Double = 0.95) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        self.formula = formula
        self.contrasts = contrasts
        self.estimation = estimation
        self.confidenceLevel = confidenceLevel
    }

    /// A model of the formula `text`.
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)``.
    public init(_ text: String, contrasts: [String: Contrast] = [:], estimation: Estimation = .reml,
                confidenceLevel: Double = 0.95) throws {
        self.init(try Formula(text), contrasts: contrasts, estimation: estimation, confidenceLevel: confidenceLevel)
    }

    /// The same model estimated by `estimation`.
    public func estimated(by estimation: Estimation) -> MixedModel {
        MixedModel(formula, contrasts: contrasts, estimation: estimation, confidenceLevel: confidenceLevel)
    }

    /// Fits the model to the complete cases of `frame`.
    ///
    /// - Returns: the fit: fixed effects with Satterthwaite t tests, variance components,
    ///   conditional modes, the objective and the optimizer's record.
    /// - Throws: ``StatsError/mixedModel(_:)`` when the formula has no random-effect term, a
    ///   grouping factor has too many levels, or the fixed effects are degenerate; the errors of
    ///   ``ModelMatrix`` for unknown columns and levels.
    public func fit(to frame: Frame) throws -> MixedModelFit {
        guard formula.isMixed else {
            throw StatsError.mixedModel("formula '\(formula.text)' has no random-effect term such as '(1 | patient_id)'; fit it as a linear model")
        }
        let design = try ModelMatrix(formula: formula, frame: frame, contrasts: contrasts)
        let n = design.rowCount
        guard n > 0 else { throw StatsError.tooFewObservations(observations: 0, parameters: design.columnCount) }
        let (kept, qr) = try estimableColumns(design)
        let p = kept.count
        guard n > p else { throw StatsError.tooFewObservations(observations: n, parameters: p) }
        let x: [Double] = kept.count == design.columnCount ? design.values : kept.flatMap { design.column($0) }
        // Fit to y − Xβ₀ (``leastSquaresCentered(_:x:qr:columns:)``).
        let (ordinary, y) = try leastSquaresCentered(design.response, x: x, qr: qr, columns: p)
        let random = try RandomEffectsDesign(formula: formula, frame: frame, usedRows: design.usedRows, contrasts: contrasts)
        let blocks = random.blocks
        let singleFactor = blocks.allSatisfy { $0.term.grouping == blocks[0].term.grouping }
        let system: PenalizedLeastSquares = singleFactor
            ? SingleFactorSystem(x: x, y: y, p: p, blocks: blocks)
            : try DenseSystem(x: x, y: y, p: p, blocks: blocks)
        let reml = estimation == .reml
        let objective = { (theta: [Double]) throws -> Double in
            Self.deviance(try system.solve(theta: theta), n: n, p: p, reml: reml)
        }

        // Optimize θ from lme4's start (T = I).
        var start: [Double] = []
        var lowerBounds: [Double] = []
        for block in blocks {
            for j in 0..<block.k { for i in j..<block.k { start.append(i == j ? 1 : 0) } }
            lowerBounds += block.lowerBounds
        }
        let startObjective = try objective(start)
        let minimizer = BoundedMinimizer(lowerBounds: lowerBounds, maximumEvaluations: 2000 * max(1, start.count))
        let result = try minimizer.minimize(from: start, objective)
        let theta = result.x
        let centeredSolution = try system.solve(theta: theta)
        let solution = centeredSolution.shifted(by: ordinary)
        let residualDF = Double(reml ? n - p : n)
        let sigma2 = solution.penalizedResidualSumOfSquares / residualDF
        let sigma = sigma2.squareRoot()
        let unscaled = try solution.unscaledCovariance()
        let covariance = unscaled.map { $0 * sigma2 }
        let (degrees, _) = try Satterthwaite.degreesOfFreedom(
            system: system, theta: theta, sigma: sigma, reml: reml)

        // Fixed effects.
        var coefficients: [Coefficient] = []
        var dfs: [Double?] = []
        for j in 0..<design.columnCount {
            guard let position = kept.firstIndex(of: j) else {
                coefficients.append(Coefficient.aliased(design.columnNames[j]))
                dfs.append(nil)
                continue
            }
            let estimate = solution.beta[position]
            let se = covariance[position + position * p].squareRoot()
            let t = estimate / se
            let df = degrees[position]
            let distribution = df.isFinite && df > 0 ? StudentT(degreesOfFreedom: df) : nil
            let critical = distribution?.quantile(0.5 + confidenceLevel / 2) ?? .nan
            coefficients.append(Coefficient(term: design.columnNames[j], estimate: estimate, standardError: se, statistic: t,
                                            pValue: distribution?.twoSidedPValue(t) ?? .nan,
                                            confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se))
            dfs.append(df)
        }

        // Variance components and conditional modes.
        var components: [VarianceComponent] = []
        var thetaOffset = 0
        var singular = false
        let modes = try system.conditionalModes(theta: theta, beta: centeredSolution.beta)
        var conditional: [ConditionalModes] = []
        for (index, block) in blocks.enumerated() {
            let k = block.k
            let t = block.factor(theta[thetaOffset..<(thetaOffset + block.thetaCount)])
            for j in 0..<k where abs(t[j + j * k]) < 1e-4 { singular = true }
            thetaOffset += block.thetaCount
            var sigmaMatrix = [Double](repeating: 0, count: k * k)
            for j in 0..<k { for i in 0..<k {
                var s = 0.0
                for l in 0..<k { s += t[i + l * k] * t[j + l * k] }
                sigmaMatrix[i + j * k] = sigma2 * s
            } }
            let variances = (0..<k).map { sigmaMatrix[$0 + $0 * k] }
            let sds = variances.map { $0.squareRoot() }
            var correlations = [Double](repeating: 0, count: k * k)
            for j in 0..<k { for i in 0..<k {
                correlations[i + j * k] = i == j ? 1 : (sds[i] > 0 && sds[j] > 0 ? sigmaMatrix[i + j * k] / (sds[i] * sds[j]) : .nan)
            } }
            components.append(VarianceComponent(group: block.term.groupLabel, effects: block.effectNames,
                                                groupCount: block.levels.count, variances: variances,
                                                standardDeviations: sds, correlations: correlations))
            conditional.append(ConditionalModes(group: block.term.groupLabel, effects: block.effectNames,
                                                levels: block.levels, values: modes[index]))
        }

        // Conditional residuals y − Xβ̂ − Zb̂ (y centred: β̂ − β₀).
        var residuals = y
        for (position, _) in kept.enumerated() {
            let beta = centeredSolution.beta[position]
            let base = position * n
            x.withUnsafeBufferPointer { xp in for i in 0..<n { residuals[i] -= xp[base + i] * beta } }
        }
        for (index, block) in blocks.enumerated() {
            let k = block.k
            for i in 0..<n {
                let g = Int(block.groupCodes[i])
                for j in 0..<k { residuals[i] -= block.values[i + j * n] * modes[index][g * k + j] }
            }
        }

        let finalObjective = Self.deviance(solution, n: n, p: p, reml: reml)
        let summary = OptimizerSummary(
            method: "Nelder–Mead with bounds, then projected Newton with finite-difference derivatives",
            start: start, end: theta, startObjective: startObjective, endObjective: finalObjective,
            evaluations: result.evaluations + 1, status: result.converged ? .converged : .maximumEvaluationsReached)
        return MixedModelFit(
            formula: formula, estimation: estimation, coefficients: coefficients, degreesOfFreedom: dfs,
            confidenceLevel: confidenceLevel, estimableTerms: kept.map { design.columnNames[$0] },
            covariance: covariance, varianceComponents: components, residualVariance: sigma2, theta: theta,
            conditionalModes: conditional, objective: finalObjective, parameterCount: p + theta.count + 1,
            observationCount: n, droppedRowCount: design.droppedRowCount, residuals: residuals,
            fittedValues: zip(design.response, residuals).map { $0 - $1 }, optimizer: summary,
            isSingular: singular, referenceLevels: design.referenceLevels, contrasts: contrasts, data: frame)
    }

    /// The profiled deviance (ML) or REML criterion of a solution.
    static func deviance(_ solution: PenalizedSolution, n: Int, p: Int, reml: Bool) -> Double {
        let r2 = solution.penalizedResidualSumOfSquares
        guard r2 > 0 else { return .infinity }
        if reml {
            let df = Double(n - p)
            return solution.logDeterminantL + solution.logDeterminantRX + df * (1 + log(2 * Double.pi * r2 / df))
        }
        let nn = Double(n)
        return solution.logDeterminantL + nn * (1 + log(2 * Double.pi * r2 / nn))
    }

    /// Columns of X that are not linear combinations of earlier ones (R's `lm` rule with
    /// tolerance ``LinearModel/rankTolerance``; lme4 drops the same columns).
    private func estimableColumns(_ design: ModelMatrix) throws -> ([Int], QRDecomposition) {
        try QRDecomposition.droppingAliasedColumns(of: design.values, rows: design.rowCount, columns: design.columnCount,
                                                   relativeTolerance: LinearModel.rankTolerance)
    }
}
