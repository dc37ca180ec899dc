import Foundation
import OutcomeReports
import OutcomeStats

/// The report files of an MMRM analysis: `report.md`, `report.html`, `results.json` and, when the
/// spec asks for LS-means (`emmeans: { factor: technique, by: week }`), the treatment difference
/// at each visit and the LS-means trajectory plot.
enum MMRMAnalysisReport {
    /// Fits the analysis' MMRM to `frame` and renders its report files.
    ///
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the model cannot be fitted.
    static func render(_ analysis: AnalysisDefinition, frame: Frame, stamp: String?) throws -> RenderedAnalysis {
        let fit = try fitMMRM(analysis.formula, references: analysis.referenceLevels, estimation: analysis.estimation,
                              degreesOfFreedom: analysis.degreesOfFreedom, covariance: analysis.covariance, weights: analysis.weights,
                              frame: frame, fileLabel: analysis.dataLabel, analysis: analysis.name,
                              fallback: analysis.covarianceFallback)
        let means = try leastSquaresMeans(of: fit, request: analysis.inference.marginalMeans, fileLabel: analysis.dataLabel,
                                          analysis: analysis.name)
        let typeIII = try typeIIITests(of: fit, type: analysis.inference.anova, fileLabel: analysis.dataLabel,
                                       analysis: analysis.name)
        var notes = analysis.formula.warnings.map { "Warning: " + $0 + "." }
        if !analysis.covarianceFallback.isEmpty {
            let sequence = ([analysis.formula.covarianceTerm!.structure] + analysis.covarianceFallback).map(\.name).joined(separator: ", ")
            let failed = fit.failedStructures.map { "'\($0.structure.name)' (\($0.reason))" }
            notes.append("Covariance fallback sequence \(sequence): "
                         + (failed.isEmpty ? "the first converged" : failed.joined(separator: "; ") + " failed")
                         + "; '\(fit.covarianceTerm.structure.name)' was used.")
        }
        if !fit.referenceLevels.isEmpty {
            let levels = fit.referenceLevels.keys.sorted().map { "\($0) = \(fit.referenceLevels[$0]!)" }
            notes.append("Reference levels (treatment contrasts): " + levels.joined(separator: ", ") + ".")
        }
        let aliased = fit.coefficients.filter(\.isAliased).map(\.term)
        if !aliased.isEmpty { notes.append("Aliased (not estimable) terms: " + aliased.joined(separator: ", ") + ".") }
        notes.append("Observations missing at a visit are not imputed: the MMRM uses every observed visit of every subject (valid under missing at random).")
        if let note = ReportNotes.variableLabels(of: analysis.formula, in: frame) { notes.append(note) }
        if let stamp { notes.append(stamp) }
        var plots: [(PlotLink, String)] = []
        if let means, means.by != nil {
            let plot = MMRMReport.trajectoryPlot(means, response: analysis.formula.response, label: frame.displayName(of: analysis.formula.response))
            plots.append((PlotLink(name: "lsmeans", altText: "LS-mean \(analysis.formula.response) by \(means.by!) and \(means.factor) with 95 % confidence intervals"),
                          plot.renderSVG()))
        }
        let missing = means.flatMap { missingDataTable(frame: frame, fit: fit, factor: $0.factor) }
        let report = MMRMReport(title: analysis.title, dataFile: analysis.dataLabel, fit: fit, means: means,
                                missingData: missing, typeIII: typeIII, notes: notes, plots: plots)
        var files: [(path: String, contents: String)] = [
            ("report.md", report.markdown),
            ("report.html", report.html),
            ("results.json", MMRMFitJSON.value(of: fit, means: means, typeIII: typeIII, dataLabel: analysis.dataLabel, weights: analysis.weights,
                                               precision: .report).rendered(pretty: true)),
        ]
        files += plots.map { ($0.0.path, $0.1) }
        let table = MMRMReport.coefficientTable(of: fit)
        let format = NumberFormat.standard
        let headline = "n = \(fit.observationCount) from \(fit.subjectCount) subjects, \(fit.covarianceTerm.structure.name), "
            + "\(fit.estimation == .reml ? "REML" : "ML") criterion \(format.estimate(fit.objective))"
        return RenderedAnalysis(files: files, headline: headline, coefficients: table, observations: fit.observationCount,
                                rSquared: nil, model: "mmrm")
    }

    /// Subjects observed at each visit by level of `factor` (the arm), among the subjects of the
    /// fit: the number randomized to the arm, then observed and missing per visit.
    static func missingDataTable(frame: Frame, fit: MMRMFit, factor: String) -> Table? {
        let term = fit.covarianceTerm
        guard case .categorical(let arm)? = frame[factor], let subjectColumn = frame[term.subject],
              let visitColumn = frame[term.time], let response = frame[fit.formula.response] else { return nil }
        func label(_ column: Column, _ row: Int) -> String? {
            switch column {
            case .categorical(let c): return c.label(at: row)
            case .numeric(let v): return v[row].isNaN ? nil : (v[row] == v[row].rounded() && abs(v[row]) < 1e15 ? String(Int(v[row])) : String(v[row]))
            }
        }
        var subjectsByArm: [String: Set<String>] = [:]
        var observed: [String: Set<String>] = [:]   // "arm\u{0}visit" → subjects
        for row in 0..<frame.rowCount {
            guard let level = arm.label(at: row), let subject = label(subjectColumn, row) else { continue }
            subjectsByArm[level, default: []].insert(subject)
            if !response.isMissing(row), let visit = label(visitColumn, row) {
                observed[level + "\u{0}" + visit, default: []].insert(subject)
            }
        }
        let percent = { (part: Int, whole: Int) -> String in
            whole > 0 ? NumberFormat.fixed(100 * Double(part) / Double(whole), decimals: 0) + " %" : "–"
        }
        var rows: [[String]] = []
        for level in arm.levels where subjectsByArm[level] != nil {
            let total = subjectsByArm[level]!.count
            for visit in fit.visits {
                let seen = observed[level + "\u{0}" + visit]?.count ?? 0
                rows.append([level, visit, String(total), String(seen), String(total - seen), percent(total - seen, total)])
            }
        }
        return Table(title: "Subjects with the response observed, by \(factor) and \(term.time)",
                     columns: [TableColumn(factor), TableColumn(term.time), TableColumn("Subjects", alignment: .right),
                               TableColumn("Observed", alignment: .right), TableColumn("Missing", alignment: .right),
                               TableColumn("Missing %", alignment: .right)],
                     rows: rows, footnotes: ["Subjects: those with the \(factor) in the analysed rows (after subset:)."])
    }
}
