import Foundation

/// A generalized linear model: a formula, an error ``GLMFamily`` with its canonical link, and how
/// categorical variables are coded. ``fit(to:)`` returns an immutable ``GeneralizedLinearModelFit``.
///
/// ```swift
/// let model = try GeneralizedLinearModel("pain_nrs_responder ~ technique + cohort", family: .binomial,
///                                        contrasts: ["technique": .treatment(reference: "usual_care")])
/// let fit = try model.fit(to: frame)
/// fit.coefficients.map(\.term)          // ["(Intercept)", "techniquecombined", …]
/// fit.ratios.map { $0?.estimate }       // odds ratios
/// ```
///
/// **Response.** Binomial: a numeric column of 0 and 1, or a categorical column with exactly two
/// levels, where — as R's `glm` reads a factor — the *first* level in sorted order is failure (0)
/// and the second is success (1), unless ``successLevel`` names the success level. Poisson: a
/// numeric column of non-negative whole numbers. Any other value is an error naming the row.
///
/// **Fitting.** Iteratively reweighted least squares, each step a Householder QR of W^½X
/// (LAPACK `dgeqrf`), started from R's `mustart` and iterated until the relative change of the
/// deviance |D − D_old| / (|D| + 0.1) — R's `glm.control` criterion — falls below
/// ``convergenceTolerance``. R's default is 1e-8; ours is 1e-12, so estimates are converged to
/// about 1e-10 relative (IRLS converges quadratically). Standard errors come from the information
/// matrix at the final estimates, (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ of the final W^½X (R's `glm` uses the weights of
/// the previous step; with `epsilon = 1e-14` the two agree). Aliased columns are found once on the
/// unweighted X with R's `lm` tolerance ``LinearModel/rankTolerance`` and left out.
///
/// **Diagnostics.** A fit that did not converge within ``maximumIterations`` has
/// `isConverged == false`. Separation — a combination of predictors that predicts the binomial
/// response perfectly (complete) or perfectly at some observations (quasi-complete), so that the
/// maximum-likelihood estimates are infinite — is reported in ``GeneralizedLinearModelFit/separation``
/// with the coefficients that diverge: it is declared when a fitted probability is within 1e-10 of 0
/// or 1 (|η| > 23) and coefficients were still moving at the last step (a binomial fit whose linear
/// predictor still moves by more than 1e-3 is iterated on until it reaches that boundary, so the
/// verdict does not depend on the size of the deviance). Separation is checked for the binomial only.
public struct GeneralizedLinearModel: Sendable {
    /// The model formula.
    public let formula: Formula
    /// The error distribution and link.
    public let family: GLMFamily
    /// Coding of categorical predictors; absent ones use treatment coding against the first sorted level.
    public let contrasts: [String: Contrast]
    /// Level of the Wald confidence intervals.
    public let confidenceLevel: Double
    /// For a categorical binomial response: the level counted as success; `nil` takes the second sorted level.
    public let successLevel: String?
    /// Relative deviance change that ends the iteration (R's `epsilon`).
    public let convergenceTolerance: Double
    /// Most IRLS iterations before the fit is reported as not converged.
    public let maximumIterations: Int

    /// Default ``convergenceTolerance``: 1e-12 (R: 1e-8).
    public static let defaultConvergenceTolerance = 1e-12
    /// A fitted probability within this distance of 0 or 1 marks possible separation.
    public static let separationProbability = 1e-10

    /// A model of `formula`.
    ///
    /// - Parameters:
    ///   - formula: the model formula; its response is the outcome.
    ///   - family: ``GLMFamily/binomial`` or ``GLMFamily/poisson``.
    ///   - contrasts: coding per categorical predictor.
    ///   - confidenceLevel: level of the Wald intervals, in (0, 1).
    ///   - successLevel: success level of a categorical binomial response.
    ///   - convergenceTolerance: relative deviance change that ends the iteration, > 0.
    ///   - maximumIterations: iteration limit, ≥ 1.
    public init(_ formula: Formula, family: GLMFamily, contrasts: [String: Contrast] = [:],
                confidenceLevel: Double = 0.95, successLevel: String? = nil,
                convergenceTolerance: Double = defaultConvergenceTolerance, maximumIterations: Int = 100) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        precondition(convergenceTolerance > 0, "convergence tolerance must be positive")
        precondition(maximumIterations >= 1, "at least one iteration")
        self.formula = formula
        self.family = family
        self.contrasts = contrasts
        self.confidenceLevel = confidenceLevel
        self.successLevel = successLevel
        self.convergenceTolerance = convergenceTolerance
        self.maximumIterations = maximumIterations
    }

    /// A model of the formula `text`.
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)``.
    public init(_ text: String, family: GLMFamily, contrasts: [String: Contrast] = [:],
                confidenceLevel: Double = 0.95, successLevel: String? = nil) throws {
        self.init(try Formula(text), family: family, contrasts: contrasts, confidenceLevel: confidenceLevel,
                  successLevel: successLevel)
    }

    /// Fits the model by IRLS to the complete cases of `frame`.
    ///
    /// - Returns: the fit, coefficients in design-matrix column order (aliased ones with `nil`).
    /// - Throws: ``StatsError/invalidResponse(column:row:value:expected:)`` for a response value the
    ///   family cannot take, ``StatsError/tooFewObservations(observations:parameters:)``, and the
    ///   errors of ``ModelMatrix``.
    public func fit(to frame: Frame) throws -> GeneralizedLinearModelFit {
        if formula.isMixed || formula.isMMRM {
            throw StatsError.mixedModel("formula '\(excerpt(of: formula.text, around: 1))' has random-effect or covariance terms; a generalized linear model has neither")
        }
        let (data, success) = try codedResponse(frame)
        let design = try ModelMatrix(formula: formula, frame: data, contrasts: contrasts)
        let n = design.rowCount
        let y = design.response
        for (i, value) in y.enumerated() where !family.accepts(value) {
            throw StatsError.invalidResponse(column: formula.response, row: design.usedRows[i] + 1,
                                             value: "\(value)", expected: family.responseDescription)
        }
        let kept = try estimableColumns(design)
        let p = kept.count
        let x = kept.map { Array(design.column($0)) }

        // IRLS from R's starting values.
        var mu = y.map(family.startingMean)
        var eta = mu.map(family.link)
        var deviance = totalDeviance(y, mu)
        var beta = [Double](repeating: 0, count: p)
        var previousBeta = beta
        var iterations = 0
        var converged = false
        var halvings = 0
        while iterations < maximumIterations {
            iterations += 1
            let step = try weightedStep(x: x, y: y, eta: eta, mu: mu)
            var candidate = step
            var newEta = linearPredictor(x, candidate)
            var newMu = newEta.map(family.mean)
            var newDeviance = totalDeviance(y, newMu)
            // R's glm.fit: halve the step towards the previous estimates while the deviance is not finite.
            var halving = 0
            while !newDeviance.isFinite && iterations > 1 && halving < 30 {
                halving += 1
                candidate = zip(candidate, beta).map { ($0 + $1) / 2 }
                newEta = linearPredictor(x, candidate)
                newMu = newEta.map(family.mean)
                newDeviance = totalDeviance(y, newMu)
            }
            halvings += halving
            var movement = 0.0
            for i in eta.indices { movement = max(movement, abs(newEta[i] - eta[i])) }
            previousBeta = beta
            beta = candidate
            eta = newEta
            mu = newMu
            let change = abs(newDeviance - deviance) / (abs(newDeviance) + 0.1)
            deviance = newDeviance
            // A binomial fit whose linear predictor still moves although the deviance has settled is
            // running off to infinity (separation): iterate on until its fitted probabilities reach
            // the boundary, so that separation is recognised however large the deviance is.
            let settled = family != .binomial || movement < 1e-3 || mu.contains { $0 < Self.separationProbability || $0 > 1 - Self.separationProbability }
            if change < convergenceTolerance && settled {
                converged = true
                break
            }
        }

        // Information at the final estimates: (XᵀWX)⁻¹ from the QR of W^½X.
        let weights = zip(eta, mu).map { e, m in
            let d = family.meanDerivative(e)
            return d * d / family.variance(m)
        }
        var covariance: [Double] = []
        if p > 0 {
            let roots = weights.map { $0.squareRoot() }
            if n >= LinearModel.streamingMinimumRows {
                // Large n: the stacked QR of W^½X, a block of rows at a time (no n × p copy).
                var rInverse = try WeightedColumnRows(columns: x, roots: roots, response: [Double](repeating: 0, count: n))
                    .solve().r
                try FixedOrder.trtriUpper(&rInverse, order: p)
                covariance = gramOfUpperInverse(rInverse, order: p)
            } else {
                var weighted: [Double] = []
                weighted.reserveCapacity(n * p)
                for column in x { for i in 0..<n { weighted.append(column[i] * roots[i]) } }
                covariance = try QRDecomposition(matrix: consume weighted, rows: n, columns: p).inverseGram()
            }
        }

        let normal = Normal.standard
        let critical = normal.quantile(0.5 + confidenceLevel / 2)
        var coefficients: [Coefficient] = []
        for j in 0..<design.columnCount {
            guard let k = kept.firstIndex(of: j) else {
                coefficients.append(Coefficient.aliased(design.columnNames[j]))
                continue
            }
            let estimate = beta[k]
            let se = covariance[k + k * p].squareRoot()
            let z = estimate / se
            coefficients.append(Coefficient(
                term: design.columnNames[j], estimate: estimate, standardError: se, statistic: z,
                pValue: z.isNaN ? .nan : 2 * normal.cdf(-abs(z)),
                confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se))
        }

        let hasIntercept = formula.hasIntercept && kept.contains(0)
        let nullMean = hasIntercept ? y.reduce(0, +) / Double(n) : family.mean(0)
        let nullDeviance = y.reduce(0) { $0 + family.unitDeviance($1, nullMean) }
        let logLikelihood = zip(y, mu).reduce(0) { $0 + family.logDensity($1.0, $1.1) }
        let separation = detectSeparation(mu: mu, beta: beta, previousBeta: previousBeta, x: x,
                                          terms: kept.map { design.columnNames[$0] })

        return GeneralizedLinearModelFit(
            formula: formula, family: family, coefficients: coefficients, confidenceLevel: confidenceLevel,
            observationCount: n, droppedRowCount: design.droppedRowCount, rank: p,
            deviance: deviance, nullDeviance: nullDeviance, residualDegreesOfFreedom: n - p,
            nullDegreesOfFreedom: n - (hasIntercept ? 1 : 0), logLikelihood: logLikelihood,
            aic: -2 * logLikelihood + 2 * Double(p), iterations: iterations, isConverged: converged,
            separation: separation, fittedValues: mu, linearPredictor: eta,
            estimableTerms: kept.map { design.columnNames[$0] }, covariance: covariance,
            referenceLevels: design.referenceLevels, successLevel: success, response: y, data: data, contrasts: contrasts)
    }

    /// The frame with a two-level categorical binomial response recoded to 0/1, and the success level.
    private func codedResponse(_ frame: Frame) throws -> (Frame, String?) {
        guard family == .binomial, case .categorical(let column)? = frame[formula.response] else {
            if let level = successLevel {
                throw StatsError.domain("a success level ('\(level)') needs a categorical binomial response; "
                                        + "'\(formula.response)' is numeric 0/1 already")
            }
            return (frame, nil)
        }
        guard column.levels.count == 2 else {
            throw StatsError.wrongColumnKind(
                column: formula.response,
                expected: "a categorical column with exactly two levels for a binomial model (it has \(column.levels.count): "
                    + column.levels.joined(separator: ", ") + ")")
        }
        let successIndex: Int32
        if let level = successLevel {
            guard let index = column.levels.firstIndex(of: level) else {
                throw StatsError.unknownLevel(column: formula.response, level: level, levels: column.levels)
            }
            successIndex = Int32(index)
        } else {
            successIndex = 1
        }
        var data = frame
        try data.set(formula.response, .numeric(column.codes.map { $0 < 0 ? .nan : ($0 == successIndex ? 1 : 0) }))
        return (data, column.levels[Int(successIndex)])
    }

    /// Indices of the design columns that are not linear combinations of earlier ones (R's `lm` rule).
    private func estimableColumns(_ design: ModelMatrix) throws -> [Int] {
        let n = design.rowCount
        guard n > 0 else { throw StatsError.tooFewObservations(observations: 0, parameters: design.columnCount) }
        if n >= LinearModel.streamingMinimumRows {
            // The stacked QR of the design a block at a time: no copy of X, one pass.
            let p = design.columnCount
            let full = try StreamedLeastSquares.factor(DenseRows(matrix: design.values, response: design.response, columnCount: p))
            let kept = try StreamedLeastSquares.rank(of: full, columns: p, rankTolerance: LinearModel.rankTolerance).kept
            guard kept.count <= n else { throw StatsError.tooFewObservations(observations: n, parameters: kept.count) }
            return kept
        }
        return try QRDecomposition.droppingAliasedColumns(of: design.values, rows: n, columns: design.columnCount,
                                                          relativeTolerance: LinearModel.rankTolerance).kept
    }

    /// One IRLS step: the weighted least-squares solution for the working response z = η + (y − μ)/μ′.
    private func weightedStep(x: [[Double]], y: [Double], eta: [Double], mu: [Double]) throws -> [Double] {
        let n = y.count
        let p = x.count
        guard p > 0 else { return [] }
        var roots = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let d = family.meanDerivative(eta[i])
            let w = (d * d / family.variance(mu[i])).squareRoot()
            roots[i] = w
            z[i] = (eta[i] + (y[i] - mu[i]) / d) * w
        }
        if n >= LinearModel.streamingMinimumRows {
            return try WeightedColumnRows(columns: x, roots: roots, response: z).solve().coefficients
        }
        var weighted: [Double] = []
        weighted.reserveCapacity(n * p)
        for column in x { for i in 0..<n { weighted.append(column[i] * roots[i]) } }
        return try QRDecomposition(matrix: consume weighted, rows: n, columns: p).solve(z)
    }

    private func linearPredictor(_ x: [[Double]], _ beta: [Double]) -> [Double] {
        var eta = [Double](repeating: 0, count: x.first?.count ?? 0)
        for (column, b) in zip(x, beta) {
            for i in eta.indices { eta[i] += b * column[i] }
        }
        return eta
    }

    private func totalDeviance(_ y: [Double], _ mu: [Double]) -> Double {
        zip(y, mu).reduce(0) { $0 + family.unitDeviance($1.0, $1.1) }
    }

    /// Separation: fitted probabilities at 0 or 1 while coefficients still move. A coefficient is
    /// reported as diverging when its last step changed the linear predictor by more than 1e-3
    /// somewhere (|Δβⱼ| · maxᵢ|xᵢⱼ|); at a finite optimum the last step is many orders smaller.
    private func detectSeparation(mu: [Double], beta: [Double], previousBeta: [Double], x: [[Double]],
                                  terms: [String]) -> Separation? {
        guard family == .binomial else { return nil }
        let limit = Self.separationProbability
        let extreme = mu.filter { $0 < limit || $0 > 1 - limit }.count
        guard extreme > 0 else { return nil }
        var diverging: [String] = []
        for (j, column) in x.enumerated() {
            let scale = column.reduce(0) { max($0, abs($1)) }
            if abs(beta[j] - previousBeta[j]) * scale > 1e-3 { diverging.append(terms[j]) }
        }
        // Extreme fitted probabilities at a finite optimum (nothing moving) are not separation.
        guard !diverging.isEmpty else { return nil }
        return Separation(kind: extreme == mu.count ? .complete : .quasiComplete,
                          fittedAtBoundary: extreme, divergingTerms: diverging)
    }
}
