import OutcomeReports
import OutcomeStats

/// The rendered files of one analysis, keyed by path relative to the analysis folder, and the
/// headline the index shows.
struct RenderedAnalysis: Sendable {
    var files: [(path: String, contents: String)]
    var headline: String
    /// The coefficient table (with reference rows), for side-by-side tables in the index.
    var coefficients: CoefficientTable
    /// Observations the model used.
    var observations: Int
    /// R² of the fit (linear models).
    var rSquared: Double?
    /// Model family for the index: `linear`, `mixed`, `mmrm`, `glm`.
    var model: String = "linear"
}

/// Fits one analysis and renders its report: `report.md`, `report.html`, `results.json`,
/// `tables/coefficients.csv` and `.tex`, and the plots under `plots/`.
enum AnalysisReport {
    /// Grouping and time columns of the trajectory plot, when the data have them.
    static let trajectoryGroup = "cohort"
    static let trajectoryTime = "week"
    /// Grouping column of the distribution plot.
    static let distributionGroup = "technique"
    /// Most points a scatter or Q–Q plot draws; larger samples are thinned systematically
    /// (every k-th row, or evenly spaced order statistics), so plots of a million rows stay a
    /// few hundred kilobytes and render the same.
    static let maximumPlottedPoints = 2000
    /// Most points drawn over one box.
    static let maximumPointsPerBox = 300

    /// Fits the analysis' model to `frame` and renders its report files.
    ///
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the model cannot be fitted.
    static func render(_ analysis: AnalysisDefinition, frame source: Frame, stamp: String? = nil) throws -> RenderedAnalysis {
        let (derived, frame) = try AnalysisFrame.prepare(source, formula: analysis.formula, responder: analysis.responder,
                                                         subset: analysis.subset, fileLabel: analysis.dataLabel,
                                                         analysis: analysis.name)
        let fullFrame = derived
        if let imputation = analysis.imputation {
            return try ImputedAnalysisReport.render(analysis, imputation: imputation, source: source, stamp: stamp)
        }
        if analysis.missingPolicy == .refuse { try refuseMissing(in: frame, for: analysis) }
        if analysis.formula.isMMRM { return try MMRMAnalysisReport.render(analysis, frame: frame, stamp: stamp) }
        if analysis.formula.isMixed { return try MixedAnalysisReport.render(analysis, frame: frame, stamp: stamp) }
        if let family = analysis.family.glmFamily {
            return try GLMAnalysisReport.render(analysis, family: family, derived: derived, frame: frame, stamp: stamp)
        }
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

        if let plot = trajectoryPlot(response: response, frame: frame) {
            plots.append((PlotLink(name: "trajectory", altText: "Mean \(response) by week and cohort with 95 % confidence intervals"), plot))
        } else {
            notes.append("No trajectory plot: the data need '\(trajectoryGroup)' and '\(trajectoryTime)' columns.")
        }
        if let plot = facetedTrajectoryPlot(response: response, frame: frame) {
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
        if let box = distributionPlot(response: response, frame: frame) {
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
            ("results.json", withMember(InferenceJSON.appending(InferenceJSON.members(of: results, precision: .report),
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

    /// `value` (an object) with `member` appended when it is not `nil`.
    static func withMember(_ value: JSONValue, _ name: String, _ member: JSONValue?) -> JSONValue {
        guard let member, case .object(var members) = value else { return value }
        members.append((name, member))
        return .object(members)
    }

    /// Throws when a row of `frame` misses a variable of the analysis' model (`missing: refuse`).
    ///
    /// - Throws: ``AnalysisError/subset(analysis:message:)`` counting the rows and naming the first.
    static func refuseMissing(in frame: Frame, for analysis: AnalysisDefinition) throws {
        let names = (analysis.formula.allVariables + analysis.formula.randomVariables).filter(frame.contains)
        var count = 0
        var first: (row: Int, column: String)?
        for row in 0..<frame.rowCount {
            guard let column = names.first(where: { frame[$0]!.isMissing(row) }) else { continue }
            count += 1
            if first == nil { first = (row, column) }
        }
        guard let first else { return }
        throw AnalysisError.subset(analysis: analysis.name, message: "\(count) of \(frame.rowCount) rows miss a model variable "
            + "(first: data row \(first.row + 1), \(first.column)); the analysis sets 'missing: refuse' — "
            + "use 'missing: complete_cases' to fit the complete rows and count the others")
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

    /// Observed means by cohort over weeks, or `nil` when the data lack the columns.
    static func trajectoryPlot(response: String, frame: Frame) -> String? {
        guard frame.contains(trajectoryGroup), frame.contains(trajectoryTime),
              let means = try? groupedMeans(of: response, by: trajectoryGroup, over: trajectoryTime, in: frame),
              !means.isEmpty else { return nil }
        return observedTrajectory(means, response: response, label: frame.displayName(of: response)).renderSVG()
    }

    /// Observed means by cohort over weeks as a plot value.
    static func observedTrajectory(_ means: [GroupedMean], response: String, label: String? = nil) -> TrajectoryPlot {
        var order: [String] = []
        var points: [String: [TrajectoryPoint]] = [:]
        for mean in means {
            if points[mean.group] == nil { order.append(mean.group) }
            points[mean.group, default: []].append(
                TrajectoryPoint(x: mean.x, mean: mean.mean, lower: mean.lower, upper: mean.upper, n: mean.count))
        }
        return TrajectoryPlot(
            title: "Observed mean \(response) by week and cohort",
            description: "Mean \(response) at each visit week for each cohort, with 95 % confidence intervals (\(means.first?.interval.label ?? "t-based")).",
            xLabel: "Week", yLabel: label ?? response,
            series: order.map { TrajectorySeries(name: $0, points: points[$0]!) })
    }

    /// Observed means by technique over weeks, one panel per cohort.
    static func facetedTrajectoryPlot(response: String, frame: Frame) -> String? {
        guard case .categorical(let cohorts)? = frame[trajectoryGroup], frame.contains(distributionGroup),
              frame.contains(trajectoryTime) else { return nil }
        // One kind of interval for every panel, chosen from the whole column.
        guard case .numeric(let values)? = frame[response] else { return nil }
        let interval = MeanInterval.suited(to: values)
        var facets: [TrajectoryFacet] = []
        for (code, cohort) in cohorts.levels.enumerated() {
            let rows = (0..<frame.rowCount).filter { cohorts.codes[$0] == Int32(code) }
            guard !rows.isEmpty,
                  let means = try? groupedMeans(of: response, by: distributionGroup, over: trajectoryTime, in: frame.rows(rows),
                                                interval: interval)
            else { continue }
            var order: [String] = []
            var points: [String: [TrajectoryPoint]] = [:]
            for mean in means {
                if points[mean.group] == nil { order.append(mean.group) }
                points[mean.group, default: []].append(
                    TrajectoryPoint(x: mean.x, mean: mean.mean, lower: mean.lower, upper: mean.upper, n: mean.count))
            }
            facets.append(TrajectoryFacet(title: cohort, series: order.map { TrajectorySeries(name: $0, points: points[$0]!) }))
        }
        guard !facets.isEmpty else { return nil }
        return FacetedTrajectoryPlot(
            title: "Observed mean \(response) by week and technique, per cohort",
            description: "Mean \(response) at each visit week for each technique, one panel per cohort, with 95 % confidence intervals (\(interval.label)).",
            xLabel: "Week", yLabel: frame.displayName(of: response), facets: facets).renderSVG()
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
        let step = max(1, (fit.observationCount + maximumPlottedPoints - 1) / maximumPlottedPoints)
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
        guard let qq = NormalQuantilePlot(of: fit.residuals, maximumPoints: maximumPlottedPoints) else { return nil }
        return XYPlot(title: "Normal Q-Q: residuals of \(fit.formula.response)",
                      description: "Sorted residuals against standard normal quantiles; dashed line through the quartiles.",
                      xLabel: "Theoretical quantile", yLabel: "Sample quantile (residual)",
                      points: [XYPoints(x: qq.theoretical, y: qq.sample)],
                      references: [ReferenceLine(intercept: qq.lineIntercept, slope: qq.lineSlope)])
    }

    /// Box plots of the response at the last visit week, one per technique.
    static func distributionPlot(response: String, frame: Frame) -> String? {
        guard case .numeric(let values)? = frame[response], case .categorical(let groups)? = frame[distributionGroup],
              case .numeric(let weeks)? = frame[trajectoryTime], let last = weeks.filter({ !$0.isNaN }).max() else { return nil }
        var samples = [[Double]](repeating: [], count: groups.levels.count)
        for row in 0..<frame.rowCount where weeks[row] == last && groups.codes[row] >= 0 && !values[row].isNaN {
            samples[Int(groups.codes[row])].append(values[row])
        }
        var thinned = false
        let boxes = zip(groups.levels, samples).compactMap { label, sample -> BoxSummary? in
            guard let box = BoxStatistics(of: sample) else { return nil }
            let step = max(1, (sample.count + maximumPointsPerBox - 1) / maximumPointsPerBox)
            if step > 1 { thinned = true }
            return BoxSummary(label: label, lowerQuartile: box.lowerQuartile, median: box.median, upperQuartile: box.upperQuartile,
                              lowerWhisker: box.lowerWhisker, upperWhisker: box.upperWhisker,
                              observations: Array(stride(from: 0, to: sample.count, by: step)).map { sample[$0] })
        }
        guard !boxes.isEmpty else { return nil }
        let week = NumberFormat.standard.label(last)
        return BoxPlot(title: "\(response) at week \(week) by technique",
                       description: "Box plots (quartiles, Tukey whiskers) of \(response) at week \(week) for each technique, with " + (thinned ? "a systematic sample of the observations" : "every observation") + " as points.",
                       yLabel: frame.displayName(of: response), boxes: boxes).renderSVG()
    }
}
