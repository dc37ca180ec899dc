import OutcomeReports
import OutcomeStats

/// Fits the mixed model `formula` with treatment contrasts at `references`, wrapping model
/// errors with the file.
func fitMixedModel(_ formula: Formula, references: [String: String], estimation: Estimation, frame: Frame,
                   fileLabel: String, analysis: String?) throws -> MixedModelFit {
    let contrasts = references.mapValues { Contrast.treatment(reference: $0) }
    do {
        return try MixedModel(formula, contrasts: contrasts, estimation: estimation).fit(to: frame)
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// `outcomes fit` output of a mixed model.
func renderMixedFit(_ fit: MixedModelFit, format: FitOutputFormat, dataLabel: String) -> String {
    switch format {
    case .text:
        return MixedModelSummary(fit: fit, dataLabel: dataLabel).text
    case .json:
        return MixedFitJSON.value(of: fit, dataLabel: dataLabel, precision: .full).rendered(pretty: true)
    case .markdown:
        return MarkdownRenderer().render(ReportDocument.fixedEffectsTable(coefficientTable(of: fit), degreesOfFreedom: fit.degreesOfFreedom))
            + "\n" + MarkdownRenderer().render(varianceComponentTable(of: fit).table())
    }
}

/// The report table input of a mixed fit's variance components.
func varianceComponentTable(of fit: MixedModelFit) -> VarianceComponentTable {
    var rows: [VarianceComponentRow] = []
    for component in fit.varianceComponents {
        for (i, effect) in component.effects.enumerated() {
            rows.append(VarianceComponentRow(
                group: component.group, effect: effect, variance: component.variances[i],
                standardDeviation: component.standardDeviations[i],
                correlations: (0..<i).map { component.correlation(i, $0) }))
        }
    }
    rows.append(VarianceComponentRow(group: "Residual", effect: nil, variance: fit.residualVariance,
                                     standardDeviation: fit.residualStandardDeviation, correlations: []))
    return VarianceComponentTable(rows: rows)
}
