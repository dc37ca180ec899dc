/// Assembles report documents from values. No timestamps, no machine paths: the same
/// input gives the same bytes on every machine.
public enum ReportDocument {
    /// The `report.md` text for a linear-model analysis, ending in one newline.
    ///
    /// Sections: the title as `#` heading; a list with the formula (as code), the data file
    /// and the observation counts; `## Coefficients` with the coefficient table (built by
    /// ``CoefficientTable/table(title:format:)``) and a fit-statistics paragraph in R's
    /// order (residual standard error on df, R², adjusted R², F on df1 and df2 with p);
    /// `## Notes` when there are notes; `## Plots` with one image link per plot.
    ///
    /// ```swift
    /// let markdown = ReportDocument.markdown(for: input)
    /// ```
    ///
    /// - Parameters:
    ///   - input: the values to show.
    ///   - format: the number policy; default ``NumberFormat/standard``.
    /// - Returns: Markdown source.
    public static func markdown(for input: LinearReportInput, format: NumberFormat = .standard) -> String {
        MarkdownDocumentRenderer().render(blocks(for: input, format: format))
    }

    /// The `report.html` page for a linear-model analysis: the same blocks as
    /// ``markdown(for:format:)``, with each plot's SVG (from `svgs`, keyed by plot name) inline.
    public static func html(for input: LinearReportInput, svgs: [String: String],
                            format: NumberFormat = .standard) -> String {
        HTMLDocumentRenderer().render(title: input.title, blocks: blocks(for: input, svgs: svgs, format: format))
    }

    /// The report as blocks, in the order described at ``markdown(for:format:)``.
    public static func blocks(for input: LinearReportInput, svgs: [String: String] = [:],
                              format: NumberFormat = .standard) -> [ReportBlock] {
        report(for: input, svgs: svgs, format: format).blocks
    }

    /// The linear model's report: the common facts, then `## Coefficients` with the fit
    /// statistics and each further table under its heading.
    public static func report(for input: LinearReportInput, svgs: [String: String] = [:],
                              format: NumberFormat = .standard) -> ModelReport {
        var body: [ReportBlock] = [.heading(level: 2, text: "Coefficients"), .table(input.coefficients.table(format: format)),
                                   .paragraph([.plain(fitStatisticsSentence(input.fit, format: format))])]
        for section in input.sections {
            body.append(.heading(level: 2, text: section.heading))
            body.append(.table(section.table))
        }
        return ModelReport(title: input.title,
                           facts: ModelReport.commonFacts(formula: input.formula, dataFile: input.dataFile, used: input.observationsUsed,
                                                          dropped: input.observationsDropped, format: format),
                           body: body, notes: input.notes, figures: input.plots.map { ($0, svgs[$0.name] ?? "") })
    }

    /// The fit statistics as one sentence, e.g. `Residual standard error 1.234 on 96 degrees
    /// of freedom. R² = 0.4567, adjusted R² = 0.4400. F = 27.12 on 3 and 96 degrees of
    /// freedom, p < 0.001.`
    ///
    /// - Parameters:
    ///   - fit: the statistics.
    ///   - format: the number policy.
    /// - Returns: Markdown source (one paragraph).
    public static func fitStatisticsSentence(_ fit: LinearFitStatistics, format: NumberFormat = .standard) -> String {
        var sentence = "Residual standard error \(format.estimate(fit.residualStandardError)) on "
            + "\(format.degreesOfFreedom(fit.residualDegreesOfFreedom)) degrees of freedom. "
            + "R² = \(format.estimate(fit.rSquared)), adjusted R² = \(format.estimate(fit.adjustedRSquared))."
        if let f = fit.fTest {
            let p = format.pValue(f.pValue)
            sentence += " F = \(format.estimate(f.statistic)) on "
                + "\(format.degreesOfFreedom(f.numeratorDegreesOfFreedom)) and "
                + "\(format.degreesOfFreedom(f.denominatorDegreesOfFreedom)) degrees of freedom, "
                + (p.hasPrefix("<") ? "p \(p)." : "p = \(p).")
        }
        return sentence
    }

    /// The data file name as shown in a report: as given when relative (`data/visits.csv`),
    /// reduced to its last component when absolute (`/home/ana/visits.csv`, `~/visits.csv`,
    /// `C:\data\visits.csv`, `\\server\share\visits.csv` all show `visits.csv`), so reports
    /// never carry machine paths.
    ///
    /// - Parameter path: the file name as the spec or command line gave it.
    /// - Returns: the name to display.
    public static func displayFileName(_ path: String) -> String {
        let characters = Array(path)
        let isWindowsDrive = characters.count >= 3 && characters[0].isLetter && characters[0].isASCII
            && characters[1] == ":" && (characters[2] == "\\" || characters[2] == "/")
        let isAbsolute = path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("\\") || isWindowsDrive
        guard isAbsolute else { return path }
        return path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? path
    }
}
