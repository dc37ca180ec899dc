import Foundation

/// An ordinary least-squares linear model: a formula and how its categorical variables are coded.
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

    /// Relative tolerance for declaring a column aliased: column j is aliased when its norm
    /// orthogonal to the kept columns before it is at most `rankTolerance` times its own norm.
    /// 1e-7 is R's `lm` default (`tol` of `qr`), so both declare the same columns aliased.
    public static let rankTolerance = 1e-7

    /// A model of `formula`.
    public init(_ formula: Formula, contrasts: [String: Contrast] = [:], confidenceLevel: Double = 0.95) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        self.formula = formula
        self.contrasts = contrasts
        self.confidenceLevel = confidenceLevel
    }

    /// A model of the formula `text`.
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)``.
    public init(_ text: String, contrasts: [String: Contrast] = [:], confidenceLevel: Double = 0.95) throws {
        self.init(try Formula(text), contrasts: contrasts, confidenceLevel: confidenceLevel)
    }

    /// Fits the model by least squares to the complete cases of `frame`.
    ///
    /// Householder QR of X (LAPACK `dgeqrf`); aliased columns are detected in order, as R's
    /// `lm` does, and left out of the fit. Standard errors come from σ̂²R⁻¹R⁻ᵀ.
    ///
    /// - Returns: the fit, with coefficients in design-matrix column order.
    /// - Throws: ``StatsError`` for unknown columns or levels,
    ///   ``StatsError/mixedModel(_:)`` for a formula with random-effect terms, and
    ///   ``StatsError/tooFewObservations(observations:parameters:)`` when the complete cases
    ///   cannot identify the estimable coefficients.
    public func fit(to frame: Frame) throws -> LinearModelFit {
        guard !formula.isMixed else {
            throw StatsError.mixedModel("formula '\(formula.text)' has random-effect terms: fit it as a mixed model (MixedModel)")
        }
        let design = try ModelMatrix(formula: formula, frame: frame, contrasts: contrasts)
        let n = design.rowCount
        let p = design.columnCount
        guard n > 0 else { throw StatsError.tooFewObservations(observations: 0, parameters: p) }

        var kept = Array(0..<p)
        var qr: QRDecomposition?
        let norms = (0..<p).map { j in design.column(j).reduce(0) { $0 + $1 * $1 }.squareRoot() }
        while !kept.isEmpty {
            guard kept.count <= n else {
                throw StatsError.tooFewObservations(observations: n, parameters: kept.count)
            }
            let matrix = kept.flatMap { design.column($0) }
            let candidate = try QRDecomposition(matrix: matrix, rows: n, columns: kept.count)
            let diagonal = candidate.diagonalMagnitudes
            if let position = kept.indices.first(where: { !(diagonal[$0] > Self.rankTolerance * norms[kept[$0]]) }) {
                kept.remove(at: position)
                continue
            }
            qr = candidate
            break
        }

        let rank = kept.count
        let y = design.response
        var estimates = [Double](repeating: 0, count: rank)
        var inverseGram: [Double] = []
        if let qr {
            estimates = try qr.solve(y)
            inverseGram = try qr.inverseGram()
        }
        var fitted = [Double](repeating: 0, count: n)
        for (k, j) in kept.enumerated() {
            let b = estimates[k]
            let column = design.column(j)
            var i = 0
            for x in column { fitted[i] += b * x; i += 1 }
        }
        let residuals = zip(y, fitted).map { $0 - $1 }
        let rss = residuals.reduce(0) { $0 + $1 * $1 }
        let residualDF = n - rank
        let sigma2 = residualDF > 0 ? rss / Double(residualDF) : .nan

        let studentT = residualDF > 0 ? StudentT(degreesOfFreedom: Double(residualDF)) : nil
        let critical = studentT?.quantile(0.5 + confidenceLevel / 2) ?? .nan
        var coefficients: [Coefficient] = []
        var covariance = [Double](repeating: 0, count: rank * rank)
        for index in 0..<(rank * rank) { covariance[index] = inverseGram[index] * sigma2 }
        for j in 0..<p {
            guard let k = kept.firstIndex(of: j) else {
                coefficients.append(Coefficient(term: design.columnNames[j], estimate: nil, standardError: nil,
                                                statistic: nil, pValue: nil, confidenceLow: nil, confidenceHigh: nil))
                continue
            }
            let estimate = estimates[k]
            let se = covariance[k + k * rank].squareRoot()
            let t = estimate / se
            coefficients.append(Coefficient(
                term: design.columnNames[j], estimate: estimate, standardError: se, statistic: t,
                pValue: studentT?.twoSidedPValue(t) ?? .nan,
                confidenceLow: estimate - critical * se, confidenceHigh: estimate + critical * se))
        }

        // R's summary.lm: mss about the mean of the fitted values when there is an intercept.
        let hasIntercept = formula.hasIntercept && kept.contains(0)
        let mss: Double
        if hasIntercept {
            let meanFitted = fitted.reduce(0, +) / Double(n)
            mss = fitted.reduce(0) { $0 + ($1 - meanFitted) * ($1 - meanFitted) }
        } else {
            mss = fitted.reduce(0) { $0 + $1 * $1 }
        }
        let rSquared = mss / (mss + rss)
        let interceptDF = hasIntercept ? 1 : 0
        let adjusted = 1 - (1 - rSquared) * Double(n - interceptDF) / Double(residualDF)
        let numeratorDF = rank - interceptDF
        var fTest: FTest?
        if numeratorDF > 0 && residualDF > 0 {
            let f = (mss / Double(numeratorDF)) / sigma2
            fTest = FTest(statistic: f, numeratorDegreesOfFreedom: Double(numeratorDF),
                          denominatorDegreesOfFreedom: Double(residualDF),
                          pValue: FisherF(numerator: Double(numeratorDF), denominator: Double(residualDF)).survival(f))
        }

        return LinearModelFit(
            formula: formula, coefficients: coefficients, confidenceLevel: confidenceLevel,
            observationCount: n, droppedRowCount: design.droppedRowCount, rank: rank,
            residualDegreesOfFreedom: residualDF, residualStandardError: sigma2.squareRoot(),
            rSquared: rSquared, adjustedRSquared: adjusted, fTest: fTest,
            fittedValues: fitted, residuals: residuals, estimableTerms: kept.map { design.columnNames[$0] },
            covariance: covariance, referenceLevels: design.referenceLevels,
            design: try DesignCoding(formula: formula, frame: frame, contrasts: contrasts))
    }
}
