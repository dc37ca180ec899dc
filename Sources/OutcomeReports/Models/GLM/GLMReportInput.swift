/// Deviance statistics of a generalized linear model, as already computed, for a report.
public struct GLMFitStatistics: Sendable, Equatable, Hashable {
    /// Family name, e.g. `binomial`.
    public let family: String
    /// Link name, e.g. `logit`.
    public let link: String
    /// Null deviance.
    public let nullDeviance: Double
    /// Its degrees of freedom.
    public let nullDegreesOfFreedom: Int
    /// Residual deviance.
    public let deviance: Double
    /// Its degrees of freedom.
    public let residualDegreesOfFreedom: Int
    /// Akaike's information criterion.
    public let aic: Double
    /// IRLS iterations.
    public let iterations: Int
    /// Whether IRLS converged.
    public let isConverged: Bool

    /// Statistics.
    ///
    /// - Parameters:
    ///   - family: family name.
    ///   - link: link name.
    ///   - nullDeviance: deviance of the null model.
    ///   - nullDegreesOfFreedom: its degrees of freedom.
    ///   - deviance: residual deviance.
    ///   - residualDegreesOfFreedom: n − rank.
    ///   - aic: AIC.
    ///   - iterations: IRLS iterations.
    ///   - isConverged: convergence status.
    public init(family: String, link: String, nullDeviance: Double, nullDegreesOfFreedom: Int, deviance: Double,
                residualDegreesOfFreedom: Int, aic: Double, iterations: Int, isConverged: Bool) {
        self.family = family
        self.link = link
        self.nullDeviance = nullDeviance
        self.nullDegreesOfFreedom = nullDegreesOfFreedom
        self.deviance = deviance
        self.residualDegreesOfFreedom = residualDegreesOfFreedom
        self.aic = aic
        self.iterations = iterations
        self.isConverged = isConverged
    }
}

/// One row of a ratio table: exp(β) and its interval; all `nil` for an aliased term.
public struct RatioRow: Sendable, Equatable, Hashable {
    /// The term.
    public let term: String
    /// exp(estimate).
    public let ratio: Double?
    /// exp(lower limit).
    public let confidenceLow: Double?
    /// exp(upper limit).
    public let confidenceHigh: Double?

    /// A row.
    ///
    /// - Parameters:
    ///   - term: the term name.
    ///   - ratio: the ratio, `nil` when aliased.
    ///   - confidenceLow: its lower limit.
    ///   - confidenceHigh: its upper limit.
    public init(term: String, ratio: Double?, confidenceLow: Double?, confidenceHigh: Double?) {
        self.term = term
        self.ratio = ratio
        self.confidenceLow = confidenceLow
        self.confidenceHigh = confidenceHigh
    }
}

/// Everything `report.md` shows for one GLM analysis (logistic or Poisson regression), as values.
public struct GLMReportInput: Sendable, Equatable, Hashable {
    /// The heading.
    public let title: String
    /// The formula as written.
    public let formula: String
    /// The data file as the spec names it.
    public let dataFile: String
    /// What the rows are restricted to, e.g. `week = 10`; `nil` for all rows.
    public let subset: String?
    /// What the model's mean is, e.g. `P(pain_nrs_responder = 1)`.
    public let responseDescription: String
    /// Observations used.
    public let observationsUsed: Int
    /// Observations dropped.
    public let observationsDropped: Int
    /// Coefficients on the link scale (statistic `z`).
    public let coefficients: CoefficientTable
    /// Header of the ratio column: `Odds ratio` or `Rate ratio`.
    public let ratioName: String
    /// exp(β) for every non-intercept term.
    public let ratios: [RatioRow]
    /// Deviances, AIC, iterations.
    public let fit: GLMFitStatistics
    /// Observed responder rates by group with risk differences and NNT (responder analyses), or `nil`.
    public let rateTable: Table?
    /// Warnings (separation, non-convergence), shown prominently.
    public let warnings: [String]
    /// Notes.
    public let notes: [String]
    /// Plots.
    public let plots: [PlotLink]

    /// A report input; see the properties for each parameter.
    public init(title: String, formula: String, dataFile: String, subset: String?, responseDescription: String,
                observationsUsed: Int, observationsDropped: Int, coefficients: CoefficientTable, ratioName: String,
                ratios: [RatioRow], fit: GLMFitStatistics, rateTable: Table? = nil, warnings: [String] = [],
                notes: [String] = [], plots: [PlotLink] = []) {
        self.title = title
        self.formula = formula
        self.dataFile = dataFile
        self.subset = subset
        self.responseDescription = responseDescription
        self.observationsUsed = observationsUsed
        self.observationsDropped = observationsDropped
        self.coefficients = coefficients
        self.ratioName = ratioName
        self.ratios = ratios
        self.fit = fit
        self.rateTable = rateTable
        self.warnings = warnings
        self.notes = notes
        self.plots = plots
    }
}

extension ReportDocument {
    /// The `report.md` text for a GLM analysis, ending in one newline.
    ///
    /// Sections: title; a list with formula, family and link, modelled mean, data, subset and
    /// observation counts; `## Warnings` (separation, non-convergence) when any; `## Coefficients`
    /// (log-odds or log-rate scale, z statistics) with a deviance sentence; `## Odds ratios` (or
    /// rate ratios) with Wald intervals exp(β ± z·SE); the rate table under its title when given;
    /// `## Notes`; `## Plots`.
    ///
    /// - Parameters:
    ///   - input: the values to show.
    ///   - format: the number policy.
    /// - Returns: Markdown source.
    public static func markdown(for input: GLMReportInput, format: NumberFormat = .standard) -> String {
        MarkdownDocumentRenderer().render(blocks(for: input, format: format))
    }

    /// The `report.html` page of a GLM analysis, each plot's SVG inline.
    public static func html(for input: GLMReportInput, svgs: [String: String], format: NumberFormat = .standard) -> String {
        HTMLDocumentRenderer().render(title: input.title, blocks: blocks(for: input, svgs: svgs, format: format))
    }

    /// The GLM report as blocks.
    public static func blocks(for input: GLMReportInput, svgs: [String: String] = [:],
                              format: NumberFormat = .standard) -> [ReportBlock] {
        var facts: [[ReportInline]] = [
            [.plain("Formula: "), .code(input.formula)],
            [.plain("Model: generalized linear model, \(input.fit.family) family, \(input.fit.link) link, for "),
             .code(input.responseDescription)],
            [.plain("Data: "), .code(displayFileName(input.dataFile))],
        ]
        if let subset = input.subset { facts.append([.plain("Rows: "), .code(subset)]) }
        facts.append([.plain("Observations: \(format.count(input.observationsUsed)) used, \(format.count(input.observationsDropped)) dropped")])
        var blocks: [ReportBlock] = [.heading(level: 2, text: "Coefficients")]
        blocks.append(.table(input.coefficients.table(format: format)))
        let f = input.fit
        var fitLine: [ReportInline] = [.plain("Null deviance \(format.estimate(f.nullDeviance)) on \(f.nullDegreesOfFreedom) degrees of freedom; "
            + "residual deviance \(format.estimate(f.deviance)) on \(f.residualDegreesOfFreedom) degrees of freedom. "
            + "AIC = \(format.estimate(f.aic)). ")]
        if f.isConverged {
            fitLine.append(.plain("IRLS converged in \(f.iterations) iterations."))
        } else {
            fitLine += [.plain("IRLS did "), .bold("not"), .plain(" converge in \(f.iterations) iterations.")]
        }
        blocks.append(.paragraph(fitLine))
        blocks.append(.heading(level: 2, text: input.ratioName + "s"))
        let header = input.coefficients.intervalHeader
        blocks.append(.table(Table(columns: [TableColumn("Term"), TableColumn(input.ratioName, alignment: .right),
                                             TableColumn(header + " (Wald)", alignment: .right)],
                                   rows: input.ratios.map { row in
                                       guard let ratio = row.ratio else { return [row.term, "aliased", ""] }
                                       return [row.term, format.estimate(ratio),
                                               "[" + format.estimate(row.confidenceLow ?? .nan) + ", " + format.estimate(row.confidenceHigh ?? .nan) + "]"]
                                   })))
        if let rates = input.rateTable {
            blocks.append(.heading(level: 2, text: rates.title ?? "Observed rates"))
            blocks.append(.table(Table(columns: rates.columns, rows: rates.rows, footnotes: rates.footnotes)))
        }
        return ModelReport(title: input.title, facts: facts, warnings: input.warnings, body: blocks, notes: input.notes,
                           figures: input.plots.map { ($0, svgs[$0.name] ?? "") }).blocks
    }
}
