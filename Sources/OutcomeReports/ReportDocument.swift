/// Assembles report documents from values. No timestamps, no machine paths: the same
/// input gives the same bytes on every machine.
public enum ReportDocument {
    /// The `report.md` text for a linear-model analysis, ending in one newline.
    ///
    /// Sections: the title as `#` heading; a list with the formula (as code), the data file
    /// and the observation counts; `## Coefficients` with the coefficient table (built by
    /// ``CoefficientTable/table(title:format:)``) and a fit-statistics paragraph in R's
    /// order (residual standard error on df, R², adjusted R², F on df1 and df2 with p);
    /// `## Inference` with ANOVA, marginal-means and test tables when there are any;
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
        var blocks: [String] = []
        blocks.append("# " + MarkdownEscaping.heading(input.title))
        blocks.append([
            "- Formula: " + MarkdownEscaping.codeSpan(input.formula),
            "- Data: " + MarkdownEscaping.codeSpan(displayFileName(input.dataFile)),
            "- Observations: \(format.count(input.observationsUsed)) used, "
                + "\(format.count(input.observationsDropped)) dropped",
        ].joined(separator: "\n"))
        blocks.append("## Coefficients")
        let table = MarkdownRenderer().render(input.coefficients.table(format: format))
        blocks.append(String(table.dropLast()))
        blocks.append(fitStatisticsSentence(input.fit, format: format))
        if !input.inferenceTables.isEmpty {
            blocks.append("## Inference")
            for table in input.inferenceTables {
                blocks.append(String(MarkdownRenderer().render(table).dropLast()))
            }
        }
        if !input.notes.isEmpty {
            blocks.append("## Notes")
            blocks.append(input.notes.map { "- " + MarkdownEscaping.inline(MarkdownEscaping.trimmed($0)) }
                .joined(separator: "\n"))
        }
        if !input.plots.isEmpty {
            blocks.append("## Plots")
            for plot in input.plots {
                blocks.append("![" + MarkdownEscaping.inline(plot.altText) + "](" + plot.path + ")")
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
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
