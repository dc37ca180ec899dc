/// Fit statistics of a mixed model, as already computed, for a report.
public struct MixedFitStatistics: Sendable, Equatable, Hashable {
    /// Whether the variance parameters were estimated by REML (else ML).
    public let isREML: Bool
    /// The REML criterion (REML) or the deviance (ML) at the optimum.
    public let objective: Double
    /// The (REML) log-likelihood.
    public let logLikelihood: Double
    /// AIC.
    public let aic: Double
    /// BIC.
    public let bic: Double
    /// Groups per grouping factor, in model order: (factor, count).
    public let groups: [String: Int]
    /// The grouping factors in model order.
    public let groupOrder: [String]

    /// Statistics.
    ///
    /// - Parameters:
    ///   - isREML: REML (true) or ML.
    ///   - objective: the REML criterion or deviance.
    ///   - logLikelihood: the log-likelihood.
    ///   - aic: AIC.
    ///   - bic: BIC.
    ///   - groups: (grouping factor, number of groups), in model order.
    public init(isREML: Bool, objective: Double, logLikelihood: Double, aic: Double, bic: Double, groups: [(String, Int)]) {
        self.isREML = isREML
        self.objective = objective
        self.logLikelihood = logLikelihood
        self.aic = aic
        self.bic = bic
        var counts: [String: Int] = [:]
        var order: [String] = []
        for (name, count) in groups where counts[name] == nil {
            counts[name] = count
            order.append(name)
        }
        self.groups = counts
        self.groupOrder = order
    }
}

/// Everything `report.md` shows for one mixed-model analysis, as values.
public struct MixedReportInput: Sendable, Equatable, Hashable {
    /// The analysis title.
    public let title: String
    /// The model formula as written.
    public let formula: String
    /// The data file as the spec names it.
    public let dataFile: String
    /// Observations used.
    public let observationsUsed: Int
    /// Observations dropped.
    public let observationsDropped: Int
    /// Fixed effects (t tests with Satterthwaite df).
    public let coefficients: CoefficientTable
    /// Satterthwaite df per coefficient row (`nil` for aliased rows).
    public let degreesOfFreedom: [Double?]
    /// The variance components.
    public let varianceComponents: VarianceComponentTable
    /// Criterion, likelihood, information criteria, groups.
    public let fit: MixedFitStatistics
    /// Notes, in order.
    public let notes: [String]
    /// Plots, in order.
    public let plots: [PlotLink]

    /// A report input; parameters as the properties.
    public init(title: String, formula: String, dataFile: String, observationsUsed: Int, observationsDropped: Int,
                coefficients: CoefficientTable, degreesOfFreedom: [Double?], varianceComponents: VarianceComponentTable,
                fit: MixedFitStatistics, notes: [String] = [], plots: [PlotLink] = []) {
        precondition(degreesOfFreedom.count == coefficients.rows.count, "one df per coefficient row")
        self.title = title
        self.formula = formula
        self.dataFile = dataFile
        self.observationsUsed = observationsUsed
        self.observationsDropped = observationsDropped
        self.coefficients = coefficients
        self.degreesOfFreedom = degreesOfFreedom
        self.varianceComponents = varianceComponents
        self.fit = fit
        self.notes = notes
        self.plots = plots
    }
}

extension ReportDocument {
    /// A mixed model's fixed-effects table: the coefficient table with a Satterthwaite `df`
    /// column after the standard error (blank for aliased rows).
    ///
    /// - Parameters:
    ///   - coefficients: the coefficient rows.
    ///   - degreesOfFreedom: one df per row.
    ///   - title: the caption, or `nil`.
    ///   - format: the number policy.
    /// - Returns: the table.
    public static func fixedEffectsTable(_ coefficients: CoefficientTable, degreesOfFreedom: [Double?], title: String? = nil,
                                         format: NumberFormat = .standard) -> Table {
        precondition(degreesOfFreedom.count == coefficients.rows.count, "one df per coefficient row")
        let base = coefficients.table(title: title, format: format)
        var columns = base.columns
        columns.insert(TableColumn("df", alignment: .right), at: 3)
        let rows = zip(base.rows, degreesOfFreedom).map { row, df -> [String] in
            var cells = row
            // Aliased rows ("aliased", blanks) get a blank df too; a missing df of an estimate is NA.
            cells.insert(df.map { format.degreesOfFreedom($0) } ?? (cells[1] == "aliased" ? "" : "NA"), at: 3)
            return cells
        }
        return Table(title: title, columns: columns, rows: rows, footnotes: base.footnotes)
    }

    /// The `report.md` text for a mixed-model analysis, ending in one newline.
    ///
    /// Sections: the title; a list with formula, data, observations, groups and the estimation
    /// method; `## Fixed effects` (the coefficient table with a Satterthwaite `df` column after
    /// the standard error); `## Random effects` (the variance-components table) and a sentence
    /// with the criterion, log-likelihood, AIC and BIC; `## Notes`; `## Plots`.
    ///
    /// - Parameters:
    ///   - input: the values to show.
    ///   - format: the number policy.
    /// - Returns: Markdown source.
    public static func markdown(for input: MixedReportInput, format: NumberFormat = .standard) -> String {
        MarkdownDocumentRenderer().render(blocks(for: input, format: format))
    }

    /// The `report.html` page of a mixed-model analysis: the blocks of
    /// ``markdown(for:format:)-swift.type.method`` with each plot's SVG inline.
    public static func html(for input: MixedReportInput, svgs: [String: String], format: NumberFormat = .standard) -> String {
        HTMLDocumentRenderer().render(title: input.title, blocks: blocks(for: input, svgs: svgs, format: format))
    }

    /// The mixed-model report as blocks.
    public static func blocks(for input: MixedReportInput, svgs: [String: String] = [:],
                              format: NumberFormat = .standard) -> [ReportBlock] {
        let groups = input.fit.groupOrder.map { "\($0) \(format.count(input.fit.groups[$0]!))" }.joined(separator: ", ")
        let facts = ModelReport.commonFacts(formula: input.formula, dataFile: input.dataFile, used: input.observationsUsed,
                                            dropped: input.observationsDropped, format: format) + [
            [.plain("Groups: " + groups)],
            [.plain("Linear mixed model fitted by \(input.fit.isREML ? "REML" : "maximum likelihood"); t tests with Satterthwaite degrees of freedom")],
        ]
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Fixed effects")]
        blocks.append(.table(fixedEffectsTable(input.coefficients, degreesOfFreedom: input.degreesOfFreedom, format: format)))
        blocks.append(.heading(level: 2, text: "Random effects"))
        blocks.append(.table(input.varianceComponents.table(format: format)))
        let criterion = input.fit.isREML ? "REML criterion" : "Deviance"
        blocks.append(.paragraph([.plain("\(criterion) \(format.estimate(input.fit.objective)); log-likelihood \(format.estimate(input.fit.logLikelihood)); "
                                         + "AIC \(format.estimate(input.fit.aic)); BIC \(format.estimate(input.fit.bic)).")]))
        return ModelReport(title: input.title, facts: facts, body: blocks, notes: input.notes,
                           figures: input.plots.map { ($0, svgs[$0.name] ?? "") }).blocks
    }
}
