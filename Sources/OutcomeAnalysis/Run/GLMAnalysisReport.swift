import OutcomeReports
import OutcomeStats

/// The report files of a GLM analysis (logistic or Poisson regression): `report.md` with the
/// coefficient table, odds or rate ratios and warnings, `results.json` in the ``GLMFitJSON`` shape,
/// and the trajectory plot of the response's mean (for a responder flag: the responder rate) by
/// week and cohort over all visits of the derived data.
enum GLMAnalysisReport {
    static func files(for analysis: AnalysisDefinition, family: GLMFamily, derived: Frame, frame: Frame) throws -> [(String, String)] {
        let fit = try fitGeneralizedLinearModel(analysis.formula, family: family, references: analysis.referenceLevels,
                                                frame: frame, fileLabel: analysis.dataLabel, analysis: analysis.name)
        let response = analysis.formula.response
        let subset = analysis.filters.isEmpty ? nil : analysis.filters.map(\.description).joined(separator: ", ")
        var files: [(String, String)] = []
        var plots: [PlotLink] = []
        var notes: [String] = []
        if case .numeric? = derived[response], derived.contains(AnalysisReport.trajectoryGroup),
           derived.contains(AnalysisReport.trajectoryTime),
           let means = try? groupedMeans(of: response, by: AnalysisReport.trajectoryGroup, over: AnalysisReport.trajectoryTime, in: derived),
           !means.isEmpty {
            let what = response.hasSuffix("_responder") ? "Responder rate (\(response))" : "Mean \(response)"
            let plot = AnalysisReport.trajectoryPlot(means, response: response)
            let link = PlotLink(name: "trajectory", altText: "\(what) by week and cohort over all visits, with 95 % confidence intervals")
            plots.append(link)
            files.append((link.path, plot.renderSVG()))
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
            rateTable: ResponderRateTable.table(fit: fit, frame: frame), warnings: fit.warnings, notes: notes, plots: plots)
        files.insert(("report.md", ReportDocument.markdown(for: input)), at: 0)
        var json = GLMFitJSON.value(of: fit, dataLabel: analysis.dataLabel, subset: subset, precision: .report)
        if case .object(var pairs) = json, let rates = ResponderRateTable.json(fit: fit, frame: frame, precision: .report) {
            pairs.append(("responder_rates", rates))
            json = .object(pairs)
        }
        files.insert(("results.json", json.rendered(pretty: true)), at: 1)
        return files
    }
}
