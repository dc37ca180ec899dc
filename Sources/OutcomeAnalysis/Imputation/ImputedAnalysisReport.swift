import Foundation
import OutcomeReports
import OutcomeStats

/// The report files of an analysis with `missing: { method: … }`: the outcome imputed on the
/// long data before `subset:`, the analysis model fitted to each completed data set and pooled
/// (``ImputedFit``). `report.md` and `report.html` hold the pooled estimates beside the
/// complete-case ones, the missing-data table by arm and visit and, with `delta:`, the
/// tipping-point table and plot (`plots/tipping_point.svg`); `results.json` is what
/// `outcomes fit --impute … --format json` prints.
enum ImputedAnalysisReport {
    /// Imputes, fits, pools and renders.
    ///
    /// - Parameter source: the analysis' data with derived columns, before `subset:`.
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the imputation or a fit fails.
    static func render(_ analysis: AnalysisDefinition, imputation requested: ImputationRequest, source: Frame,
                       stamp: String?) throws -> RenderedAnalysis {
        var request = FitRequest(formula: analysis.formula.text, dataPath: analysis.dataLabel, format: .json,
                                 referenceLevels: analysis.referenceLevels, inference: analysis.inference,
                                 estimation: analysis.estimation, covariance: analysis.covariance, weights: analysis.weights,
                                 family: analysis.family, subset: analysis.subset)
        request.patientColumn = analysis.patientColumn
        request.visitColumn = analysis.visitColumn
        request.degreesOfFreedom = analysis.degreesOfFreedom
        var imputation = requested
        if imputation.group == nil { imputation.group = arm(of: analysis, reference: imputation.reference, in: source) }
        let result = try ImputedFit.compute(analysis.formula, request: request, imputation: imputation, loaded: source,
                                            analysis: analysis.name)
        var plots: [(PlotLink, String)] = []
        if let plot = result.tippingPlot() {
            plots.append((PlotLink(name: "tipping_point", altText: "Pooled \(result.shiftedTerms.joined(separator: ", ")) with 95 % confidence intervals against the shift delta of the imputed values"),
                          plot.renderSVG()))
        }
        var notes = analysis.formula.warnings.map { "Warning: " + $0 + "." }
        notes.append("The outcome was imputed on the long data before any subset:, so that earlier visits inform the imputation of later ones.")
        if let stamp { notes.append(stamp) }
        let blocks = result.reportBlocks(title: analysis.title, notes: notes, plots: plots)
        var files: [(path: String, contents: String)] = [
            ("report.md", MarkdownDocumentRenderer().render(blocks)),
            ("report.html", HTMLDocumentRenderer().render(title: analysis.title, blocks: blocks)),
            ("results.json", result.json().rendered(pretty: true)),
        ]
        files += plots.map { ($0.0.path, $0.1) }
        let table = result.coefficientTable()
        let format = NumberFormat.standard
        let headline = (imputation.method == .conditionalMean ? "conditional-mean imputation, jackknife SEs"
                        : "\(imputation.imputations) imputations, Rubin's rules")
            + " under \(ImputedFitResult.assumptionName(imputation.assumption)); \(format.count(result.imputer.imputedCellCount)) cells imputed"
        return RenderedAnalysis(files: files, headline: headline, coefficients: table,
                                observations: result.imputer.observedCounts.reduce(0) { $0 + $1.observed },
                                rSquared: nil, model: result.isMMRM ? "mmrm" : result.family == nil ? "linear" : "glm")
    }

    /// The arm when `by:` is not given: the formula's categorical variable that has the
    /// imputation's reference level, else the one variable of the analysis' `reference:` map
    /// that is in the formula; `nil` when neither settles it.
    static func arm(of analysis: AnalysisDefinition, reference: String?, in frame: Frame) -> String? {
        let variables = analysis.formula.variables
        if let reference {
            let holders = variables.filter { name in
                if case .categorical(let c)? = frame[name] { return c.levels.contains(reference) }
                return false
            }
            if holders.count == 1 { return holders[0] }
        }
        let mapped = analysis.referenceLevels.keys.filter(variables.contains).sorted()
        return mapped.count == 1 ? mapped[0] : nil
    }
}

extension ImputedFitResult {
    /// The pooled coefficients as the index's coefficient table.
    func coefficientTable() -> CoefficientTable {
        CoefficientTable(rows: coefficients.map { c in
            let interval = c.pooled?.confidenceInterval()
            return CoefficientRow(term: c.term, estimate: c.pooled?.estimate, standardError: c.pooled?.standardError,
                                  statistic: c.pooled.map { $0.estimate / $0.standardError }, pValue: c.pooled?.pValue,
                                  confidenceLow: interval?.low, confidenceHigh: interval?.high)
        }, statisticName: imputation.method == .conditionalMean ? "z" : "t")
    }

    /// Estimate and 95 % interval of each arm coefficient against δ, or `nil` without a grid.
    func tippingPlot() -> TrajectoryPlot? {
        guard !tipping.isEmpty, !shiftedTerms.isEmpty else { return nil }
        let series = shiftedTerms.enumerated().map { index, term in
            TrajectorySeries(name: term, points: tipping.compactMap { point in
                guard let p = point.coefficients.first(where: { $0.term == term })?.pooled else { return nil }
                let interval = p.confidenceInterval()
                return TrajectoryPoint(x: point.delta, mean: p.estimate, lower: interval.low, upper: interval.high, n: 0)
            }, style: .observed, colorIndex: index)
        }
        return TrajectoryPlot(title: "Tipping point: \(formula.response)",
                              description: "The pooled \(shiftedTerms.joined(separator: ", ")) with 95 % confidence intervals when the imputed values of the arms other than the reference are shifted by delta.",
                              xLabel: "delta (shift of the imputed values)", yLabel: "estimate", series: series)
    }

    /// The report: what was imputed, the pooled estimates beside the complete-case ones, the
    /// missing data by arm and visit, the tipping point, notes and plots.
    func reportBlocks(title: String, notes: [String], plots: [(PlotLink, String)]) -> [ReportBlock] {
        let format = NumberFormat.standard
        let facts = ModelReport.commonFacts(formula: formula.text, dataFile: dataLabel)
            + [[.plain(description.trimmingCharacters(in: .whitespacesAndNewlines) + ".")]]
        var blocks: [ReportBlock] = []
        let jackknife = imputation.method == .conditionalMean
        blocks.append(.heading(level: 2, text: jackknife ? "Estimates (conditional-mean imputation)" : "Pooled estimates"))
        let rows: [[String]] = coefficients.map { c in
            let cc = [c.completeCase?.estimate.map(format.estimate) ?? "NA", c.completeCase?.standardError.map(format.estimate) ?? "NA"]
            guard let p = c.pooled else { return [c.term] + Array(repeating: "NA", count: 8) + cc }
            let interval = p.confidenceInterval()
            return [c.term, format.estimate(p.estimate), format.estimate(p.standardError), p.degreesOfFreedom.map(format.degreesOfFreedom) ?? "Inf",
                    format.estimate(interval.low), format.estimate(interval.high), format.pValue(p.pValue),
                    p.rubin.map { format.estimate($0.fractionOfMissingInformation) } ?? "NA",
                    p.rubin.map { format.estimate($0.relativeIncreaseInVariance) } ?? "NA"] + cc
        }
        let right = { (name: String) in TableColumn(name, alignment: .right) }
        blocks.append(.table(Table(columns: [TableColumn("Term"), right("Estimate"), right("SE"), right("df"), right("Lower 95%"),
                                             right("Upper 95%"), right("p"), right("fmi"), right("riv"), right("CC estimate"),
                                             right("CC SE")], rows: rows,
                                   footnotes: [jackknife ? "Jackknife standard errors over the subjects, normal reference (df Inf); CC: the complete-case fit."
                                               : "Rubin's rules with Barnard–Rubin df; fmi: fraction of missing information; riv: relative increase in variance; CC: the complete-case fit."])))
        if let family, !ratioRows().isEmpty {
            blocks.append(.heading(level: 2, text: family.ratioName.prefix(1).uppercased() + family.ratioName.dropFirst() + "s"))
            blocks.append(.table(Table(columns: [TableColumn("Term"), right(family.ratioName.prefix(1).uppercased() + family.ratioName.dropFirst()),
                                                 right("Lower 95%"), right("Upper 95%")], rows: ratioRows(),
                                       footnotes: ["exp of the \(jackknife ? "" : "pooled ")coefficient and of its 95 % limits."])))
        }
        blocks.append(.heading(level: 2, text: "Missing data"))
        let groupName = imputation.group ?? "all"
        let countRows = imputer.observedCounts.map { c in
            [c.group.isEmpty ? "all" : c.group, c.visit == c.visit.rounded() && abs(c.visit) < 1e15 ? String(Int(c.visit)) : String(c.visit), String(c.subjects), String(c.observed),
             String(c.subjects - c.observed),
             c.subjects > 0 ? NumberFormat.fixed(100 * Double(c.subjects - c.observed) / Double(c.subjects), decimals: 0) + " %" : "–"]
        }
        blocks.append(.table(Table(title: "Subjects with '\(outcome)' observed, by \(groupName) and visit",
                                   columns: [TableColumn(groupName), TableColumn("Visit"), right("Subjects"), right("Observed"),
                                             right("Missing"), right("Missing %")], rows: countRows,
                                   footnotes: ["Before imputation, over the whole file (the imputation precedes subset:)."])))
        if !tipping.isEmpty {
            blocks.append(.heading(level: 2, text: "Tipping point"))
            var tippingRows: [[String]] = []
            for point in tipping {
                for c in point.coefficients where shiftedTerms.contains(c.term) {
                    guard let p = c.pooled else { continue }
                    let interval = p.confidenceInterval()
                    tippingRows.append([ImputedFitResult.deltaText(point.delta), c.term, format.estimate(p.estimate), format.estimate(p.standardError),
                                        format.estimate(interval.low), format.estimate(interval.high), format.pValue(p.pValue)])
                }
            }
            let conclusions = tippingPoints().map { term, delta in
                "\(term): " + (delta.map { "p reaches 0.05 at delta = \(ImputedFitResult.deltaText($0))" } ?? "no change of conclusion over the grid")
            }
            blocks.append(.table(Table(columns: [right("delta"), TableColumn("Term"), right("Estimate"), right("SE"), right("Lower 95%"),
                                                 right("Upper 95%"), right("p")], rows: tippingRows,
                                       footnotes: ["The imputed values of the arms other than the reference shifted by delta, the same draws at every delta."] + conclusions)))
        }
        return ModelReport(title: title, facts: facts, body: blocks, notes: notes, figures: plots.map { (link: $0.0, svg: $0.1) }).blocks
    }
}
