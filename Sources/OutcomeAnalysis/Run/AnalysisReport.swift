import OutcomeReports
import OutcomeStats

/// The files of one analysis' report, as (path relative to the analysis folder, contents).
enum AnalysisReport {
    /// Grouping and time columns of the trajectory plot, when the data have them.
    static let trajectoryGroup = "cohort"
    static let trajectoryTime = "week"

    /// Fits the analysis' model to `frame` and renders its report files.
    ///
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the model cannot be fitted.
    static func files(for analysis: AnalysisDefinition, frame source: Frame) throws -> [(String, String)] {
        let (derived, frame) = try AnalysisFrame.prepare(source, formula: analysis.formula, responder: analysis.responder,
                                                         filters: analysis.filters, fileLabel: analysis.dataLabel,
                                                         analysis: analysis.name)
        if let family = analysis.family.glmFamily {
            return try GLMAnalysisReport.files(for: analysis, family: family, derived: derived, frame: frame)
        }
        let fit = try fitLinearModel(analysis.formula, references: analysis.referenceLevels, frame: frame,
                                     fileLabel: analysis.dataLabel, analysis: analysis.name)
        var files: [(String, String)] = []
        var plots: [PlotLink] = []
        var notes: [String] = []
        let response = analysis.formula.response
        if frame.contains(trajectoryGroup), frame.contains(trajectoryTime),
           let means = try? groupedMeans(of: response, by: trajectoryGroup, over: trajectoryTime, in: frame),
           !means.isEmpty {
            let plot = trajectoryPlot(means, response: response)
            let link = PlotLink(name: "trajectory", altText: "Mean \(response) by week and cohort with 95 % confidence intervals")
            plots.append(link)
            files.append((link.path, plot.renderSVG()))
        } else {
            notes.append("No trajectory plot: the data need '\(trajectoryGroup)' and '\(trajectoryTime)' columns.")
        }
        if !fit.referenceLevels.isEmpty {
            let levels = fit.referenceLevels.keys.sorted().map { "\($0) = \(fit.referenceLevels[$0]!)" }
            notes.append("Reference levels (treatment contrasts): " + levels.joined(separator: ", ") + ".")
        }
        let aliased = fit.coefficients.filter(\.isAliased).map(\.term)
        if !aliased.isEmpty {
            notes.append("Aliased (not estimable) terms: " + aliased.joined(separator: ", ") + ".")
        }
        let input = LinearReportInput(
            title: analysis.title, formula: analysis.formula.text, dataFile: analysis.dataLabel,
            observationsUsed: fit.observationCount, observationsDropped: fit.droppedRowCount,
            coefficients: coefficientTable(of: fit),
            fit: LinearFitStatistics(
                rSquared: fit.rSquared, adjustedRSquared: fit.adjustedRSquared,
                residualStandardError: fit.residualStandardError,
                residualDegreesOfFreedom: Double(fit.residualDegreesOfFreedom),
                fTest: fit.fTest.map {
                    LinearFitStatistics.FTest(statistic: $0.statistic, numeratorDegreesOfFreedom: $0.numeratorDegreesOfFreedom,
                                              denominatorDegreesOfFreedom: $0.denominatorDegreesOfFreedom, pValue: $0.pValue)
                }),
            notes: notes, plots: plots)
        files.insert(("report.md", ReportDocument.markdown(for: input)), at: 0)
        files.insert(("results.json", LinearFitJSON.value(of: fit, dataLabel: analysis.dataLabel, precision: .report).rendered(pretty: true)), at: 1)
        return files
    }

    /// Observed means by cohort over weeks as a plot value.
    static func trajectoryPlot(_ means: [GroupedMean], response: String) -> TrajectoryPlot {
        var order: [String] = []
        var points: [String: [TrajectoryPoint]] = [:]
        for mean in means {
            if points[mean.group] == nil { order.append(mean.group) }
            points[mean.group, default: []].append(
                TrajectoryPoint(x: mean.x, mean: mean.mean, lower: mean.lower, upper: mean.upper, n: mean.count))
        }
        return TrajectoryPlot(
            title: "Observed mean \(response) by week and cohort",
            description: "Mean \(response) at each visit week for each cohort, with 95 % confidence intervals (t-based).",
            xLabel: "Week", yLabel: response,
            series: order.map { TrajectorySeries(name: $0, points: points[$0]!) })
    }
}
