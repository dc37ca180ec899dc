import OutcomeReports
import OutcomeStats

/// Fits a GLM of `formula` with treatment contrasts at `references`, wrapping model errors with the file.
func fitGeneralizedLinearModel(_ formula: Formula, family: GLMFamily, references: [String: String], frame: Frame,
                               fileLabel: String, analysis: String?) throws -> GeneralizedLinearModelFit {
    let contrasts = references.mapValues { Contrast.treatment(reference: $0) }
    do {
        return try GeneralizedLinearModel(formula, family: family, contrasts: contrasts).fit(to: frame)
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// `outcomes fit` output of a GLM: R's `summary(glm)`-like text with the notes, the results
/// JSON, or a Markdown coefficient table.
func renderGLMFit(_ fit: GeneralizedLinearModelFit, format: FitOutputFormat, dataLabel: String, subset: String?,
                  notes: [String]) -> String {
    switch format {
    case .text: GeneralizedLinearModelSummary(fit: fit, dataLabel: dataLabel).text + ReportNotes.numbered(notes)
    case .json: GLMFitJSON.value(of: fit, dataLabel: dataLabel, subset: subset, precision: .full).rendered(pretty: true)
    case .markdown: MarkdownRenderer().render(coefficientTable(of: fit).table(title: nil))
    }
}
