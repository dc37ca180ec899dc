import OutcomeStats

/// The report of an MMRM analysis as blocks (rendered to `report.md` and `report.html`): the
/// trial's primary table (the treatment difference at each visit) first, then the LS-means, the
/// coefficients, the estimated covariance and correlation matrices, missing data by arm and
/// visit, notes and the LS-means trajectory plot.
///
/// ```swift
/// let blocks = MMRMReport(title: "Primary analysis", dataFile: "trial.csv", fit: fit, means: means).blocks()
/// MarkdownDocumentRenderer().render(blocks)
/// ```
public struct MMRMReport: Sendable {
    /// The report's title.
    public let title: String
    /// The data file as the user named it.
    public let dataFile: String
    /// The fit.
    public let fit: MMRMFit
    /// LS-means by arm at each visit, or `nil`.
    public let means: MMRMLeastSquaresMeans?
    /// Missing data by arm × visit (built by the caller from the data), or `nil`.
    public let missingData: Table?
    /// Type III tests, or `nil`.
    public let typeIII: [MMRMTermTest]?
    /// Plain-language notes.
    public let notes: [String]
    /// Plots with their SVG.
    public let plots: [(PlotLink, String)]
    /// Number formatting.
    public let format: NumberFormat

    /// A report.
    public init(title: String, dataFile: String, fit: MMRMFit, means: MMRMLeastSquaresMeans?, missingData: Table? = nil,
                typeIII: [MMRMTermTest]? = nil, notes: [String] = [], plots: [(PlotLink, String)] = [],
                format: NumberFormat = .standard) {
        self.typeIII = typeIII
        self.title = title
        self.dataFile = dataFile
        self.fit = fit
        self.means = means
        self.missingData = missingData
        self.notes = notes
        self.plots = plots
        self.format = format
    }

    /// `report.md`.
    public var markdown: String { report.markdown }

    /// `report.html`, plots inline.
    public var html: String { report.html }

    /// The blocks, in the order described at ``MMRMReport``.
    public func blocks() -> [ReportBlock] { report.blocks }

    /// The MMRM's contribution to the common report frame.
    public var report: ModelReport {
        let term = fit.covarianceTerm
        var blocks: [ReportBlock] = []
        let method = MMRMSummary.methodName(fit.degreesOfFreedomMethod)
        let facts: [[ReportInline]] = ModelReport.commonFacts(formula: fit.formula.text, dataFile: dataFile) + [
            [.plain("Observations: \(format.count(fit.observationCount)) used from \(format.count(fit.subjectCount)) subjects at \(fit.visits.count) visits (\(fit.patternCount) visit patterns), \(format.count(fit.droppedRowCount)) dropped")],
            [.plain("Covariance: \(MMRMSummary.structureName(term.structure)) across '\(term.time)' within '\(term.subject)'"
                    + (term.groups.isEmpty ? "" : ", one matrix per level of '\(term.groups.joined(separator: ":"))'"))],
            [.plain("MMRM fitted by \(fit.estimation == .reml ? "REML" : "maximum likelihood"); t tests with \(method) degrees of freedom\(MMRMSummary.standardErrorNote(fit))")],
        ]
        let percent = NumberFormat.fixed(fit.confidenceLevel * 100, decimals: 0)
        if let means {
            blocks.append(.heading(level: 2, text: "Treatment difference" + (means.by.map { " at each \($0)" } ?? "")))
            let rows = means.differences.map { d in
                [d.by ?? "", "\(d.level) − \(d.reference)", format.estimate(d.estimate), format.estimate(d.standardError),
                 format.degreesOfFreedom(d.degreesOfFreedom), format.estimate(d.confidenceLow), format.estimate(d.confidenceHigh),
                 format.pValue(d.pValue)]
            }
            blocks.append(.table(Table(columns: [TableColumn(means.by ?? ""), TableColumn("Contrast"),
                                                 TableColumn("Difference", alignment: .right), TableColumn("SE", alignment: .right),
                                                 TableColumn("df", alignment: .right), TableColumn("Lower \(percent)%", alignment: .right),
                                                 TableColumn("Upper \(percent)%", alignment: .right), TableColumn("p", alignment: .right)],
                                       rows: rows, footnotes: ["LS-means with \(means.weights == .equal ? "equal weights" : "weights proportional to the fitted rows' frequencies") over the other factors; p-values unadjusted."])))
            blocks.append(.heading(level: 2, text: "LS-means"))
            let meanRows = means.means.map { m in
                [m.by ?? "", m.level, format.estimate(m.estimate), format.estimate(m.standardError),
                 format.degreesOfFreedom(m.degreesOfFreedom), format.estimate(m.confidenceLow), format.estimate(m.confidenceHigh)]
            }
            blocks.append(.table(Table(columns: [TableColumn(means.by ?? ""), TableColumn(means.factor),
                                                 TableColumn("LS-mean", alignment: .right), TableColumn("SE", alignment: .right),
                                                 TableColumn("df", alignment: .right), TableColumn("Lower \(percent)%", alignment: .right),
                                                 TableColumn("Upper \(percent)%", alignment: .right)], rows: meanRows)))
        }
        blocks.append(.heading(level: 2, text: "Fixed effects"))
        let coefficients = Self.coefficientTable(of: fit)
        blocks.append(.table(ReportDocument.fixedEffectsTable(coefficients, degreesOfFreedom: fit.degreesOfFreedom, format: format)))
        if let typeIII {
            blocks.append(.heading(level: 2, text: "Type III tests"))
            let rows = MMRMSummary.typeIIIRows(typeIII, format: format)
            blocks.append(.table(Table(columns: [TableColumn("Term"), TableColumn("NumDF", alignment: .right),
                                                 TableColumn("DenDF", alignment: .right), TableColumn("F", alignment: .right),
                                                 TableColumn("p", alignment: .right)], rows: Array(rows.dropFirst()),
                                       footnotes: ["Hypotheses of sum-to-zero coded terms; \(method) denominator df."])))
        }
        blocks.append(.heading(level: 2, text: "Covariance across visits"))
        for group in fit.covarianceMatrices.indices {
            let label = fit.groups.isEmpty ? "" : " (\(term.groups.joined(separator: ":")) = \(fit.groups[group]))"
            blocks.append(.table(matrixTable("Covariance" + label, fit.covarianceMatrices[group]) { format.estimate($0) }))
            blocks.append(.table(matrixTable("Correlation" + label, fit.correlationMatrix(group: group)) { NumberFormat.fixed($0, decimals: 3) }))
        }
        let criterion = fit.estimation == .reml ? "REML criterion (−2 restricted log-likelihood)" : "Deviance"
        blocks.append(.paragraph([.plain("\(criterion) \(format.estimate(fit.objective)); AIC \(format.estimate(fit.aic)); "
                                         + "AICc \(format.estimate(fit.aicc)); BIC \(format.estimate(fit.bic)); "
                                         + "\(fit.covarianceParameterCount) covariance parameters.")]))
        if let missingData {
            blocks.append(.heading(level: 2, text: "Missing data"))
            blocks.append(.table(missingData))
        }
        return ModelReport(title: title, facts: facts, body: blocks,
                           notes: [MMRMSummary.optimizerNote(fit, withEvaluationCount: false)] + notes,
                           figures: plots.map { (link: $0.0, svg: $0.1) })
    }

    /// The report table input of an MMRM's coefficients (statistic t), shared by the report,
    /// the index and `outcomes fit --format markdown`.
    public static func coefficientTable(of fit: MMRMFit) -> CoefficientTable { CoefficientTable(of: fit) }

    private func matrixTable(_ title: String, _ matrix: [Double], _ cell: (Double) -> String) -> Table {
        let t = fit.visits.count
        let rows = (0..<t).map { i in [fit.visits[i]] + (0..<t).map { cell(matrix[i + $0 * t]) } }
        return Table(title: title, columns: [TableColumn(fit.covarianceTerm.time)] + fit.visits.map { TableColumn($0, alignment: .right) },
                     rows: rows)
    }

    /// The LS-means trajectory by level of the factor, with CIs, against the visit (numeric
    /// visit labels on their own scale, others at 1, 2, …); `label` names the y axis (the
    /// response's variable label), else `response` does.
    public static func trajectoryPlot(_ means: MMRMLeastSquaresMeans, response: String, label: String? = nil) -> TrajectoryPlot {
        let byLevels = means.means.compactMap(\.by)
        var visitOrder: [String] = []
        for level in byLevels where !visitOrder.contains(level) { visitOrder.append(level) }
        let numeric = visitOrder.allSatisfy { Double($0) != nil }
        func x(_ visit: String?) -> Double {
            guard let visit else { return 0 }
            return numeric ? Double(visit)! : Double((visitOrder.firstIndex(of: visit) ?? 0) + 1)
        }
        var levels: [String] = []
        for mean in means.means where !levels.contains(mean.level) { levels.append(mean.level) }
        let series = levels.enumerated().map { index, level in
            TrajectorySeries(name: level, points: means.means.filter { $0.level == level }.map {
                TrajectoryPoint(x: x($0.by), mean: $0.estimate, lower: $0.confidenceLow, upper: $0.confidenceHigh, n: 0)
            }, style: .observed, colorIndex: index)
        }
        return TrajectoryPlot(
            title: "LS-mean \(response) by \(means.by ?? "visit") and \(means.factor)",
            description: "The MMRM's LS-means of \(response) for each \(means.factor) at each \(means.by ?? "visit") with \(NumberFormat.fixed(means.level * 100, decimals: 0)) % confidence intervals.",
            xLabel: means.by ?? "visit", yLabel: label ?? response, series: series)
    }
}
