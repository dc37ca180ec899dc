import OutcomeStats

/// An MMRM fit as text that reads like R mmrm's `summary()`: the covariance structure, the
/// data's subjects, visits and visit patterns, the likelihood criteria, the coefficients with
/// their degrees of freedom, the estimated covariance and correlation matrices, optional
/// LS-means with the treatment differences, and the optimizer's outcome.
///
/// ```swift
/// print(MMRMSummary(fit: fit, dataLabel: "trial.csv").text)
/// ```
public struct MMRMSummary: Sendable {
    /// The fit to describe.
    public let fit: MMRMFit
    /// The data file as the user named it.
    public let dataLabel: String
    /// LS-means to print after the coefficients, or `nil`.
    public let leastSquaresMeans: MMRMLeastSquaresMeans?
    /// Type III tests to print after the coefficients, or `nil`.
    public let typeIII: [MMRMTermTest]?
    /// Number formatting.
    public let format: NumberFormat

    /// A summary of `fit`.
    public init(fit: MMRMFit, dataLabel: String, leastSquaresMeans: MMRMLeastSquaresMeans? = nil,
                typeIII: [MMRMTermTest]? = nil, format: NumberFormat = .standard) {
        self.fit = fit
        self.dataLabel = dataLabel
        self.leastSquaresMeans = leastSquaresMeans
        self.typeIII = typeIII
        self.format = format
    }

    /// The structure's long name: `unstructured (us)`.
    public static func structureName(_ structure: CovarianceStructure) -> String {
        let long: String = switch structure {
        case .unstructured: "unstructured"
        case .compoundSymmetry: "compound symmetry"
        case .heterogeneousCompoundSymmetry: "heterogeneous compound symmetry"
        case .autoregressive: "first-order autoregressive"
        case .heterogeneousAutoregressive: "heterogeneous first-order autoregressive"
        case .toeplitz: "Toeplitz"
        case .heterogeneousToeplitz: "heterogeneous Toeplitz"
        case .anteDependence: "ante-dependence"
        case .heterogeneousAnteDependence: "heterogeneous ante-dependence"
        case .spatialExponential: "spatial exponential"
        }
        return "\(long) (\(structure.name))"
    }

    /// Where the standard errors come from when not the model-based covariance (Kenward–Roger's
    /// adjustment, the empirical sandwich), as a clause; else "".
    static func standardErrorNote(_ fit: MMRMFit) -> String {
        if fit.coefficientCovariance == .empirical { return ", standard errors from the empirical (sandwich) covariance by subject" }
        let method = fit.degreesOfFreedomMethod
        return method == .kenwardRoger || method == .kenwardRogerLinear ? ", standard errors from Kenward–Roger's adjusted covariance" : ""
    }

    /// The degrees-of-freedom method as a sentence fragment.
    static func methodName(_ method: MMRMDegreesOfFreedom) -> String {
        switch method {
        case .satterthwaite: "Satterthwaite's"
        case .kenwardRoger: "Kenward–Roger"
        case .kenwardRogerLinear: "Kenward–Roger-linear"
        case .residual: "residual"
        case .betweenWithin: "between-within"
        }
    }

    /// The rendered summary, ending in a newline.
    public var text: String {
        let term = fit.covarianceTerm
        let reml = fit.estimation == .reml
        var lines: [String] = []
        lines.append("MMRM fit by \(reml ? "REML" : "maximum likelihood"). t-tests use \(Self.methodName(fit.degreesOfFreedomMethod)) degrees of freedom\(Self.standardErrorNote(fit))")
        lines.append("Formula: \(fit.formula.text)")
        lines.append("   Data: \(dataLabel) (used \(fit.observationCount) observations from \(fit.subjectCount) subjects with \(fit.visits.count) visits; \(fit.patternCount) visit patterns)")
        if fit.droppedRowCount > 0 {
            lines.append("  (\(fit.droppedRowCount) observations deleted due to missingness)")
        }
        lines.append("Covariance: \(Self.structureName(term.structure)), \(fit.covarianceParameterCount) parameters, visit '\(term.time)', subject '\(term.subject)'"
                     + (term.groups.isEmpty ? "" : ", one matrix per level of '\(term.groups.joined(separator: ":"))'"))
        lines.append("")
        let criterion = reml ? "REML criterion" : "deviance"
        lines.append(contentsOf: TextColumns.aligned(
            [["logLik", criterion, "AIC", "AICc", "BIC"],
             [fit.logLikelihood, fit.objective, fit.aic, fit.aicc, fit.bic].map(format.estimate)], leftColumns: 0))
        lines.append("")
        lines.append("Coefficients:")
        lines += SummaryText.coefficientLines(of: fit, statistic: "t", withDegreesOfFreedom: true, format: format)
        if let aliased = SummaryText.aliasedLine(of: fit) { lines.append(aliased) }
        if let typeIII {
            lines.append("")
            lines.append("Type III tests of fixed effects (\(Self.methodName(fit.degreesOfFreedomMethod)) df):")
            lines.append(contentsOf: TextColumns.aligned(Self.typeIIIRows(typeIII, format: format), leftColumns: 1))
        }
        for group in fit.covarianceMatrices.indices {
            let label = fit.groups.isEmpty ? "" : " (\(term.groups.joined(separator: ":")) = \(fit.groups[group]))"
            lines.append("")
            lines.append("Covariance estimate\(label):")
            lines.append(contentsOf: matrixLines(fit.covarianceMatrices[group]) { format.estimate($0) })
            lines.append("Correlation\(label):")
            lines.append(contentsOf: matrixLines(fit.correlationMatrix(group: group)) { NumberFormat.fixed($0, decimals: 3) })
        }
        if let means = leastSquaresMeans {
            lines.append("")
            lines.append(contentsOf: Self.meansLines(means, format: format))
        }
        lines.append("")
        lines.append(Self.optimizerNote(fit, withEvaluationCount: true))
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n") + "\n"
    }

    /// The Type III rows: header, then term, NumDF, DenDF, F value, Pr(>F).
    static func typeIIIRows(_ tests: [MMRMTermTest], format: NumberFormat) -> [[String]] {
        [["", "NumDF", "DenDF", "F value", "Pr(>F)"]] + tests.map {
            [$0.term, String($0.numeratorDegreesOfFreedom), format.degreesOfFreedom($0.denominatorDegreesOfFreedom),
             format.estimate($0.statistic), format.pValue($0.pValue)]
        }
    }

    /// The LS-means table and the differences from the reference level.
    static func meansLines(_ means: MMRMLeastSquaresMeans, format: NumberFormat) -> [String] {
        let percent = NumberFormat.fixed(means.level * 100, decimals: 0)
        var lines = ["LS-means of \(means.factor)" + (means.by.map { " by \($0)" } ?? "") + " (\(means.weights.rawValue) weights):"]
        var rows = [[means.by ?? "", means.factor, "LS-mean", "Std. Error", "df", "lower \(percent)%", "upper \(percent)%"]]
        for mean in means.means {
            rows.append([mean.by ?? "", mean.level, format.estimate(mean.estimate), format.estimate(mean.standardError),
                         format.degreesOfFreedom(mean.degreesOfFreedom), format.estimate(mean.confidenceLow),
                         format.estimate(mean.confidenceHigh)])
        }
        lines.append(contentsOf: TextColumns.aligned(rows, leftColumns: 2))
        lines.append("")
        lines.append("Differences from \(means.differences.first?.reference ?? "the reference")" + (means.by.map { " at each \($0)" } ?? "") + ":")
        var differenceRows = [[means.by ?? "", "contrast", "Estimate", "Std. Error", "df", "t value", "Pr(>|t|)",
                               "lower \(percent)%", "upper \(percent)%"]]
        for d in means.differences {
            differenceRows.append([d.by ?? "", "\(d.level) - \(d.reference)", format.estimate(d.estimate),
                                   format.estimate(d.standardError), format.degreesOfFreedom(d.degreesOfFreedom),
                                   format.estimate(d.statistic), format.pValue(d.pValue), format.estimate(d.confidenceLow),
                                   format.estimate(d.confidenceHigh)])
        }
        lines.append(contentsOf: TextColumns.aligned(differenceRows, leftColumns: 2))
        return lines
    }

    /// The optimizer's outcome as one sentence.
    public static func optimizerNote(_ fit: MMRMFit, withEvaluationCount: Bool) -> String {
        let optimizer = fit.optimizer
        let criterion = fit.estimation == .reml ? "REML criterion" : "deviance"
        guard optimizer.isConverged else {
            return "Optimizer did NOT converge after \(optimizer.evaluations) evaluations: estimates may be off the optimum."
        }
        return withEvaluationCount
            ? "Optimizer: Fisher scoring converged after \(optimizer.evaluations) evaluations of the \(criterion)."
            : "Optimizer: Fisher scoring converged (the \(criterion) is at its minimum to rounding)."
    }

    /// A visit-by-visit matrix with the visits as row and column labels.
    private func matrixLines(_ matrix: [Double], _ cell: (Double) -> String) -> [String] {
        let t = fit.visits.count
        var rows = [[""] + fit.visits]
        for i in 0..<t { rows.append([fit.visits[i]] + (0..<t).map { cell(matrix[i + $0 * t]) }) }
        return TextColumns.aligned(rows, leftColumns: 1).map { "  " + $0 }
    }
}
