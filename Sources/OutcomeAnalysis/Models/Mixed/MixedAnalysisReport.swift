import Foundation
import OutcomeReports
import OutcomeStats

/// The report files of a mixed-model analysis: `report.md`, `results.json`, a trajectory plot of
/// model-predicted means (dashed, with shaded 95 % Wald bands) next to observed means, and the
/// conditional modes (BLUPs) per group as `conditional_modes.csv`.
enum MixedAnalysisReport {
    /// Fits the analysis' mixed model to `frame` and renders its report files.
    ///
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the model cannot be fitted.
    static func render(_ analysis: AnalysisDefinition, frame: Frame, stamp: String?) throws -> RenderedAnalysis {
        let fit = try fitMixedModel(analysis.formula, references: analysis.referenceLevels, estimation: analysis.estimation,
                                    frame: frame, fileLabel: analysis.dataLabel, analysis: analysis.name)
        var plots: [(PlotLink, String)] = []
        var notes = MixedModelSummary.notes(fit, withEvaluationCount: false)
        notes.append(contentsOf: analysis.formula.warnings.map { "Warning: " + $0 + "." })
        let response = analysis.formula.response
        let group = AnalysisReport.trajectoryGroup, time = AnalysisReport.trajectoryTime
        if frame.contains(group), frame.contains(time),
           let observed = try? groupedMeans(of: response, by: group, over: time, in: frame), !observed.isEmpty,
           let predicted = try? fit.predictedMeans(in: frame, by: group, over: time), !predicted.isEmpty {
            let plot = trajectoryPlot(observed: observed, predicted: predicted, response: response, label: frame.displayName(of: response))
            let link = PlotLink(name: "trajectory",
                                altText: "Observed mean \(response) by week and cohort with 95 % confidence intervals, and the mixed model's predicted means with 95 % bands")
            plots.append((link, plot.renderSVG()))
        } else {
            notes.append("No trajectory plot: the data need '\(group)' and '\(time)' columns.")
        }
        if !fit.referenceLevels.isEmpty {
            let levels = fit.referenceLevels.keys.sorted().map { "\($0) = \(fit.referenceLevels[$0]!)" }
            notes.append("Reference levels (treatment contrasts): " + levels.joined(separator: ", ") + ".")
        }
        notes.append("Conditional modes (BLUPs) of every group: conditional_modes.csv.")
        let aliased = fit.coefficients.filter(\.isAliased).map(\.term)
        if !aliased.isEmpty { notes.append("Aliased (not estimable) terms: " + aliased.joined(separator: ", ") + ".") }
        if let note = ReportNotes.variableLabels(of: analysis.formula, in: frame) { notes.append(note) }
        if let stamp { notes.append(stamp) }
        let input = MixedReportInput(
            title: analysis.title, formula: analysis.formula.text, dataFile: analysis.dataLabel,
            observationsUsed: fit.observationCount, observationsDropped: fit.droppedRowCount,
            coefficients: coefficientTable(of: fit), degreesOfFreedom: fit.degreesOfFreedom,
            varianceComponents: varianceComponentTable(of: fit),
            fit: MixedFitStatistics(isREML: fit.estimation == .reml, objective: fit.objective, logLikelihood: fit.logLikelihood,
                                    aic: fit.aic, bic: fit.bic,
                                    groups: fit.varianceComponents.map { ($0.group, $0.groupCount) }),
            notes: notes, plots: plots.map(\.0))
        let svgs = Dictionary(uniqueKeysWithValues: plots.map { ($0.0.name, $0.1) })
        let table = coefficientTable(of: fit)
        var files: [(path: String, contents: String)] = [
            ("report.md", ReportDocument.markdown(for: input)),
            ("report.html", ReportDocument.html(for: input, svgs: svgs)),
            ("results.json", MixedFitJSON.value(of: fit, dataLabel: analysis.dataLabel, precision: .report).rendered(pretty: true)),
            ("conditional_modes.csv", conditionalModesCSV(fit)),
        ]
        files += plots.map { ($0.0.path, $0.1) }
        let format = NumberFormat.standard
        let headline = "n = \(fit.observationCount), \(fit.estimation == .reml ? "REML" : "ML") criterion \(format.estimate(fit.objective))"
        return RenderedAnalysis(files: files, headline: headline, coefficients: table, observations: fit.observationCount,
                                rSquared: nil, model: "mixed")
    }

    /// The conditional modes (BLUPs) as CSV: `group,level,effect,mode`, one row per group level
    /// and effect, modes to seven significant digits (as the report JSON). Every field goes
    /// through ``OutcomeReports/CSVTableRenderer/field(_:)``, the one CSV field writer of the
    /// reports, so a level such as `=HYPERLINK(…)` cannot run as a spreadsheet formula.
    static func conditionalModesCSV(_ fit: MixedModelFit) -> String {
        var lines = ["group,level,effect,mode"]
        func quoted(_ text: String) -> String { CSVTableRenderer.field(text) }
        for modes in fit.conditionalModes {
            for (g, level) in modes.levels.enumerated() {
                for (i, effect) in modes.effects.enumerated() {
                    let value = modes.values[g * modes.effects.count + i]
                    lines.append([quoted(modes.group), quoted(level), quoted(effect),
                                  String(format: "%.*g", MixedFitJSON.reportDigits, value)].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Observed means (solid, markers, error bars) and predicted means (dashed, bands) per cohort.
    static func trajectoryPlot(observed: [GroupedMean], predicted: [PredictedMean], response: String, label: String? = nil) -> TrajectoryPlot {
        let observedPlot = AnalysisReport.observedTrajectory(observed, response: response)
        var series = observedPlot.series
        for (index, observedSeries) in observedPlot.series.enumerated() {
            let points = predicted.filter { $0.group == observedSeries.name }.map {
                TrajectoryPoint(x: $0.x, mean: $0.mean, lower: $0.lower, upper: $0.upper, n: $0.count)
            }
            if !points.isEmpty {
                series.append(TrajectorySeries(name: observedSeries.name + " (model)", points: points, style: .predicted, colorIndex: index))
            }
        }
        return TrajectoryPlot(
            title: "Observed and model-predicted mean \(response) by week and cohort",
            description: "Observed mean \(response) at each visit week per cohort with 95 % t intervals (solid, markers), and the "
                + "mixed model's population-level predicted means with 95 % Wald bands (dashed, shaded).",
            xLabel: "Week", yLabel: label ?? response, series: series)
    }
}
