import OutcomeReports
import OutcomeStats

/// Fits `formula` with treatment contrasts at `references`, wrapping model errors with the file.
func fitLinearModel(_ formula: Formula, references: [String: String], frame: Frame, fileLabel: String,
                    analysis: String?, covariance: CovarianceEstimator = .classical,
                    weights: String? = nil) throws -> LinearModelFit {
    let contrasts = references.mapValues { Contrast.treatment(reference: $0) }
    do {
        return try LinearModel(formula, contrasts: contrasts, weights: weights).fit(to: frame, covariance: covariance)
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// `outcomes fit` output of a linear model: R's `summary(lm)`-like text with the notes and the
/// inference tables asked for, the results JSON, or Markdown tables.
func renderLinearFit(_ fit: LinearModelFit, results: InferenceResults, format: FitOutputFormat, dataLabel: String,
                     notes: [String]) -> String {
    switch format {
    case .text:
        let extra = results.text(fit: fit)
        return LinearModelSummary(fit: fit, dataLabel: dataLabel).text + ReportNotes.numbered(notes) + (extra.isEmpty ? "" : "\n" + extra)
    case .json:
        let value = LinearFitJSON.value(of: fit, dataLabel: dataLabel, precision: .full)
        return InferenceJSON.appending(InferenceJSON.members(of: results, precision: .full), to: value).rendered(pretty: true)
    case .markdown:
        let tables = [coefficientTable(of: fit).table(title: nil)] + results.tables(level: fit.confidenceLevel)
        return tables.map { MarkdownRenderer().render($0) }.joined(separator: "\n")
    }
}
