import OutcomeReports
import OutcomeStats

/// The report of a linear-model analysis: coefficients with fit statistics, the inference tables
/// it asks for (ANOVA, marginal means, tests), a per-site meta-analysis, notes and the plots
/// (trajectories, dose–response, coefficient forest, residuals, Q–Q, distribution by technique).
enum LinearAnalysisReport {
    /// Fits the analysis' linear model to `frame` (the rows after `subset:`; `derived` is the
    /// whole file with derived columns) and renders its report files.
    ///
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the model cannot be fitted.
    static func render(_ analysis: AnalysisDefinition, derived fullFrame: Frame, frame: Frame, stamp: String?) throws -> RenderedAnalysis {
        let fit = try fitLinearModel(analysis.formula, references: analysis.referenceLevels, frame: frame,
                                     fileLabel: analysis.dataLabel, analysis: analysis.name,
                                     covariance: analysis.covariance, weights: analysis.weights)
        let results = try InferenceResults.compute(
            analysis.inference, fit: fit, frame: frame, contrasts: analysis.referenceLevels.mapValues { .treatment(reference: $0) },
            fileLabel: analysis.dataLabel, analysis: analysis.name)
        let response = analysis.formula.response
        var plots: [(PlotLink, String)] = []
        var notes: [String] = []
        notes.append(contentsOf: analysis.formula.warnings.map { "Warning: " + $0 + "." })

        if let plot = AnalysisReport.trajectoryPlot(response: response, frame: frame) {
            plots.append((PlotLink(name: "trajectory", altText: "Mean \(response) by week and cohort with 95 % confidence intervals"), plot))
        } else {
            notes.append("No trajectory plot: the data need '\(AnalysisReport.trajectoryGroup)' and '\(AnalysisReport.trajectoryTime)' columns.")
        }
        if let plot = AnalysisReport.facetedTrajectoryPlot(response: response, frame: frame) {
            plots.append((PlotLink(name: "trajectory-by-technique",
                                   altText: "Mean \(response) by week and technique within each cohort, with 95 % confidence intervals"), plot))
        }
        if let plot = DoseResponsePlot.render(response: response, frame: fullFrame, subset: analysis.subset) {
            plots.append((PlotLink(name: "dose-response", altText: "Change in \(response) from baseline by sessions per week, with fitted line and 95 % band"), plot))
        }
        plots.append((PlotLink(name: "coefficients", altText: "Coefficient estimates with 95 % confidence intervals"),
                      coefficientForest(fit).renderSVG()))
        plots.append((PlotLink(name: "residuals-vs-fitted", altText: "Residuals against fitted values"),
                      residualPlot(fit, response: response).renderSVG()))
        if let qq = quantilePlot(fit) {
            plots.append((PlotLink(name: "normal-qq", altText: "Normal Q-Q plot of the residuals"), qq.renderSVG()))
        }
        if let box = AnalysisReport.distributionPlot(response: response, frame: frame) {
            plots.append((PlotLink(name: "distribution-by-technique", altText: "Distribution of \(response) at the last visit by technique"), box))
        }

        var sections = results.headedTables(level: fit.confidenceLevel).map { TableSection(heading: $0.heading, table: $0.table) }
        var meta: SiteMetaAnalysis?
        if let request = analysis.meta {
            let result = try SiteMetaAnalysis(request, analysis: analysis, frame: frame)
            plots.append((PlotLink(name: "site-forest", altText: "\(request.coefficient) by \(request.by) with pooled estimates"),
                          result.forestPlot(response: response).renderSVG()))
            sections.append(TableSection(heading: "\(request.coefficient) pooled across \(request.by) (random effects)", table: result.table()))
            meta = result
        }
        if let wanted = analysis.plots { plots = plots.filter { wanted.contains($0.0.name) } }
        if !fit.referenceLevels.isEmpty {
            let levels = fit.referenceLevels.keys.sorted().map { "\($0) = \(fit.referenceLevels[$0]!)" }
            notes.append("Reference levels (treatment contrasts): " + levels.joined(separator: ", ") + ".")
        }
        notes.append(fit.covarianceEstimator.description)
        if let weights = fit.weightsColumn {
            notes.append("Weighted least squares with case weights '\(weights)'"
                         + (fit.zeroWeightRowCount > 0 ? "; \(fit.zeroWeightRowCount) rows of weight 0 left out." : "."))
        }
        if let note = ReportNotes.aliased(of: fit) { notes.append(note) }
        if let subset = analysis.subset { notes.append("Rows: subset \(subset) (\(frame.rowCount) of \(fullFrame.rowCount) rows).") }
        if let note = ReportNotes.repeatedVisits(in: frame, covariance: fit.covarianceEstimator, patient: analysis.patientColumn) {
            notes.append(note)
        }
        if let note = ReportNotes.conditionNumber(of: fit) { notes.append(note) }
        if let note = ReportNotes.variableLabels(of: analysis.formula, in: frame) { notes.append(note) }
        if let stamp { notes.append(stamp) }
        let table = withReferenceRows(coefficientTable(of: fit), fit: fit, frame: frame)
        let input = LinearReportInput(
            title: analysis.title, formula: analysis.formula.text, dataFile: analysis.dataLabel,
            observationsUsed: fit.observationCount, observationsDropped: fit.droppedRowCount,
            coefficients: table,
            fit: LinearFitStatistics(
                rSquared: fit.rSquared, adjustedRSquared: fit.adjustedRSquared,
                residualStandardError: fit.residualStandardError,
                residualDegreesOfFreedom: Double(fit.residualDegreesOfFreedom),
                fTest: fit.fTest.map {
                    LinearFitStatistics.FTest(statistic: $0.statistic, numeratorDegreesOfFreedom: $0.numeratorDegreesOfFreedom,
                                              denominatorDegreesOfFreedom: $0.denominatorDegreesOfFreedom, pValue: $0.pValue)
                }),
            notes: notes, plots: plots.map(\.0), sections: sections)
        let svgs = Dictionary(uniqueKeysWithValues: plots.map { ($0.0.name, $0.1) })
        let coefficients = table.table(title: "Coefficients: \(analysis.formula.text)")
        var files: [(String, String)] = [
            ("report.md", ReportDocument.markdown(for: input)),
            ("report.html", ReportDocument.html(for: input, svgs: svgs)),
            ("results.json", AnalysisReport.withMember(InferenceJSON.appending(InferenceJSON.members(of: results, precision: .report),
                                                                to: LinearFitJSON.value(of: fit, dataLabel: analysis.dataLabel, precision: .report)),
                                        "meta", meta?.json()).rendered(pretty: true)),
        ]
        if analysis.tableFormats.contains(.csv) { files.append(("tables/coefficients.csv", CSVTableRenderer().render(coefficients))) }
        if analysis.tableFormats.contains(.latex) { files.append(("tables/coefficients.tex", LaTeXTableRenderer().render(coefficients))) }
        files += plots.map { ($0.0.path, $0.1) }
        let format = NumberFormat.standard
        let headline = "n = \(fit.observationCount), R² = \(format.estimate(fit.rSquared))"
            + (fit.fTest.map { ", F p \(format.pValue($0.pValue).hasPrefix("<") ? format.pValue($0.pValue) : "= " + format.pValue($0.pValue))" } ?? "")
        return RenderedAnalysis(files: files, headline: headline, coefficients: table,
                                observations: fit.observationCount, rSquared: fit.rSquared)
    }

    /// `table` with a "ref" row before the first main-effect coefficient of each categorical
    /// variable coded by treatment contrasts (`techniqueusual_care` before `techniquecombined`).
    static func withReferenceRows(_ table: CoefficientTable, fit: LinearModelFit, frame: Frame) -> CoefficientTable {
        var rows = table.rows
        for variable in fit.referenceLevels.keys.sorted() {
            guard let reference = fit.referenceLevels[variable], case .categorical(let column)? = frame[variable] else { continue }
            let mainEffects = Set(column.levels.map { variable + $0 })
            if let first = rows.firstIndex(where: { mainEffects.contains($0.term) }) {
                rows.insert(.reference(variable + reference), at: first)
            }
        }
        return CoefficientTable(rows: rows, statisticName: table.statisticName, confidenceLevel: table.confidenceLevel)
    }

    /// Every estimable coefficient but the intercept, with its confidence interval.
    static func coefficientForest(_ fit: LinearModelFit) -> ForestPlot {
        let rows = fit.coefficients.compactMap { c -> ForestRow? in
            guard c.term != "(Intercept)", let estimate = c.estimate, let low = c.confidenceLow, let high = c.confidenceHigh else { return nil }
            return ForestRow(label: c.term, estimate: estimate, lower: low, upper: high)
        }
        return ForestPlot(title: "Coefficients of \(fit.formula.response)",
                          description: "Estimate and 95 % confidence interval of each coefficient except the intercept; dashed line at zero.",
                          xLabel: "Estimate (95 % CI)", rows: rows, reference: 0)
    }

    /// Residuals against fitted values with a dashed line at zero.
    static func residualPlot(_ fit: LinearModelFit, response: String) -> XYPlot {
        let step = max(1, (fit.observationCount + AnalysisReport.maximumPlottedPoints - 1) / AnalysisReport.maximumPlottedPoints)
        let rows = Array(stride(from: 0, to: fit.observationCount, by: step))
        return XYPlot(title: "Residuals vs fitted: \(response)",
               description: "Residual against fitted value for "
                + (rows.count == fit.observationCount ? "each of the \(fit.observationCount) observations"
                    : "a systematic sample of \(rows.count) of the \(fit.observationCount) observations (every \(step)th)")
                + "; dashed line at zero.",
               xLabel: "Fitted value", yLabel: "Residual",
               points: [XYPoints(x: rows.map { fit.fittedValues[$0] }, y: rows.map { fit.residuals[$0] })], references: [.horizontal(0)])
    }

    /// Normal Q–Q plot of the residuals with R's quartile line.
    static func quantilePlot(_ fit: LinearModelFit) -> XYPlot? {
        guard let qq = NormalQuantilePlot(of: fit.residuals, maximumPoints: AnalysisReport.maximumPlottedPoints) else { return nil }
        return XYPlot(title: "Normal Q-Q: residuals of \(fit.formula.response)",
                      description: "Sorted residuals against standard normal quantiles; dashed line through the quartiles.",
                      xLabel: "Theoretical quantile", yLabel: "Sample quantile (residual)",
                      points: [XYPoints(x: qq.theoretical, y: qq.sample)],
                      references: [ReferenceLine(intercept: qq.lineIntercept, slope: qq.lineSlope)])
    }
}
