import OutcomeReports
import OutcomeStats

/// Fits the MMRM `formula` with treatment contrasts at `references`, wrapping model errors
/// with the file.
func fitMMRM(_ formula: Formula, references: [String: String], estimation: Estimation,
             degreesOfFreedom: MMRMDegreesOfFreedom?, covariance: CovarianceEstimator = .classical, weights: String?, frame: Frame,
             fileLabel: String, analysis: String?, fallback: [CovarianceStructure] = [],
             information: MMRMParameterInformation = .observed) throws -> MMRMFit {
    let contrasts = references.mapValues { Contrast.treatment(reference: $0) }
    let empirical = covariance == .empirical
    do {
        // With the empirical covariance the df default to between-within, as SAS's for a
        // REPEATED-only model.
        return try MMRM(formula, contrasts: contrasts, estimation: estimation,
                        degreesOfFreedom: degreesOfFreedom ?? (empirical ? .betweenWithin : .satterthwaite),
                        weights: weights, parameterInformation: information,
                        coefficientCovariance: empirical ? .empirical : .modelBased)
            .fit(to: frame, fallback: fallback)
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// The LS-means an `--emmeans FACTOR [--by VISIT]` request asks of an MMRM, or `nil`.
func leastSquaresMeans(of fit: MMRMFit, request: MarginalMeansRequest?, fileLabel: String,
                       analysis: String?) throws -> MMRMLeastSquaresMeans? {
    guard let request else { return nil }
    do {
        return try fit.leastSquaresMeans(of: request.factor, by: request.by, weights: request.weights)
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// The Type III tests an `--anova III` request asks of an MMRM, or `nil`.
func typeIIITests(of fit: MMRMFit, type: AnovaType?, fileLabel: String, analysis: String?) throws -> [MMRMTermTest]? {
    guard type == .partial else { return nil }
    do {
        return try fit.typeIIITests()
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// `outcomes fit` output of an MMRM.
func renderMMRMFit(_ fit: MMRMFit, means: MMRMLeastSquaresMeans?, typeIII: [MMRMTermTest]?, format: FitOutputFormat,
                   dataLabel: String, weights: String?) -> String {
    switch format {
    case .text:
        return MMRMSummary(fit: fit, dataLabel: dataLabel, leastSquaresMeans: means, typeIII: typeIII).text
    case .json:
        return MMRMFitJSON.value(of: fit, means: means, typeIII: typeIII, dataLabel: dataLabel, weights: weights, precision: .full)
            .rendered(pretty: true)
    case .markdown:
        let table = MMRMReport.coefficientTable(of: fit)
        return MarkdownRenderer().render(ReportDocument.fixedEffectsTable(table, degreesOfFreedom: fit.degreesOfFreedom))
    }
}
