import OutcomeReports
import OutcomeStats

/// The report files of a GLM analysis (logistic or Poisson regression): `report.md` with the
/// coefficient table, odds or rate ratios and warnings, `results.json` in the ``GLMFitJSON`` shape,
/// and the trajectory plot of the response's mean (for a responder flag: the responder rate) by
/// week and cohort over all visits of the derived data.
enum GLMAnalysisReport {
    static func render(_ analysis: AnalysisDefinition, family: GLMFamily, derived: Frame, frame: Frame,
                       stamp: String?) throws -> RenderedAnalysis {
        let fit = try fitGeneralizedLinearModel(analysis.formula, family: family, references: analysis.referenceLevels,
                                                frame: frame, fileLabel: analysis.dataLabel, analysis: analysis.name)
        let response = analysis.formula.response
        let subset = analysis.subset?.text
        var plots: [(PlotLink, String)] = []
        var notes: [String] = []
        notes.append(contentsOf: analysis.formula.warnings.map { "Warning: " + $0 + "." })
        if case .numeric? = derived[response], derived.contains(AnalysisReport.trajectoryGroup),
           derived.contains(AnalysisReport.trajectoryTime),
           let means = try? groupedMeans(of: response, by: AnalysisReport.trajectoryGroup, over: AnalysisReport.trajectoryTime, in: derived),
           !means.isEmpty {
            let what = response.hasSuffix("_responder") ? "Responder rate (\(response))" : "Mean \(response)"
            let plot = AnalysisReport.observedTrajectory(means, response: response)
            let link = PlotLink(name: "trajectory", altText: "\(what) by week and cohort over all visits, with 95 % confidence intervals")
            plots.append((link, plot.renderSVG()))
        }
        if let responder = analysis.responder ?? (response.hasSuffix("_responder") ? .init(outcome: String(response.dropLast(10))) : nil) {
            var rule: [String] = []
            if let points = responder.minimumPoints { rule.append("at least \(NumberFormat.standard.label(points)) points") }
            if let fraction = responder.minimumFraction { rule.append("at least \(NumberFormat.standard.label(fraction * 100)) %") }
            notes.append("Responder: improvement of \(responder.outcome) from the week-0 value by " + rule.joined(separator: " or ")
                         + " (Farrar 2001, IMMPACT); missing at week 0 and where either value is missing.")
        }
        if !fit.referenceLevels.isEmpty {
            let levels = fit.referenceLevels.keys.sorted().map { "\($0) = \(fit.referenceLevels[$0]!)" }
            notes.append("Reference levels (treatment contrasts): " + levels.joined(separator: ", ") + ".")
        }
        notes.append("Standard errors from the Fisher information at the estimates (dispersion 1); Wald intervals.")
        if let note = ReportNotes.repeatedVisitsInGLM(in: frame, patient: analysis.patientColumn) { notes.append(note) }
        if let note = ReportNotes.variableLabels(of: analysis.formula, in: frame) { notes.append(note) }
        if let stamp { notes.append(stamp) }
        let mean = family == .binomial
            ? "P(\(response) = \(fit.successLevel ?? "1"))"
            : "E(\(response))"
        let ratioName = family == .binomial ? "Odds ratio" : "Rate ratio"
        let ratios = zip(fit.coefficients, fit.ratios).filter { $0.0.term != "(Intercept)" }.map { c, r in
            RatioRow(term: c.term, ratio: r?.estimate, confidenceLow: r?.confidenceLow, confidenceHigh: r?.confidenceHigh)
        }
        let input = GLMReportInput(
            title: analysis.title, formula: analysis.formula.text, dataFile: analysis.dataLabel, subset: subset,
            responseDescription: mean, observationsUsed: fit.observationCount, observationsDropped: fit.droppedRowCount,
            coefficients: coefficientTable(of: fit), ratioName: ratioName, ratios: ratios,
            fit: GLMFitStatistics(family: family.rawValue, link: family.linkName, nullDeviance: fit.nullDeviance,
                                  nullDegreesOfFreedom: fit.nullDegreesOfFreedom, deviance: fit.deviance,
                                  residualDegreesOfFreedom: fit.residualDegreesOfFreedom, aic: fit.aic,
                                  iterations: fit.iterations, isConverged: fit.isConverged),
            rateTable: ResponderRateTable.table(fit: fit, frame: frame), warnings: fit.warnings, notes: notes, plots: plots.map(\.0))
        var json = GLMFitJSON.value(of: fit, dataLabel: analysis.dataLabel, subset: subset, precision: .report)
        if case .object(var pairs) = json, let rates = ResponderRateTable.json(fit: fit, frame: frame, precision: .report) {
            pairs.append(("responder_rates", rates))
            json = .object(pairs)
        }
        let svgs = Dictionary(uniqueKeysWithValues: plots.map { ($0.0.name, $0.1) })
        let table = coefficientTable(of: fit)
        var files: [(path: String, contents: String)] = [
            ("report.md", ReportDocument.markdown(for: input)),
            ("report.html", ReportDocument.html(for: input, svgs: svgs)),
            ("results.json", json.rendered(pretty: true)),
        ]
        files += plots.map { ($0.0.path, $0.1) }
        let format = NumberFormat.standard
        let headline = "n = \(fit.observationCount), deviance \(format.estimate(fit.deviance)) on \(fit.residualDegreesOfFreedom) df"
        return RenderedAnalysis(files: files, headline: headline, coefficients: table, observations: fit.observationCount,
                                rSquared: nil, model: "glm")
    }
}
