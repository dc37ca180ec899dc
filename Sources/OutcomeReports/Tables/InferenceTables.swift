import OutcomeStats

/// Tables of inference results — ANOVA, marginal means, pairwise contrasts, Wald tests and
/// predictions — as ``Table`` values for Markdown reports and as R-like text for the terminal.
/// Pure formatting: every number is already computed by OutcomeStats.
///
/// ```swift
/// let table = InferenceTables.anova(try AnovaTable(fit: fit, data: frame, type: .marginal))
/// print(MarkdownRenderer().render(table))
/// ```
public enum InferenceTables {
    /// An ANOVA table: term, df, sum of squares (mean square for type I), F, p.
    ///
    /// - Parameters:
    ///   - table: the ANOVA table.
    ///   - format: the number policy.
    /// - Returns: the table, titled with the type.
    public static func anova(_ table: AnovaTable, format: NumberFormat = .standard) -> Table {
        let sequential = table.type == .sequential
        var columns = [TableColumn("Term"), TableColumn("Df", alignment: .right), TableColumn("Sum Sq", alignment: .right)]
        if sequential { columns.append(TableColumn("Mean Sq", alignment: .right)) }
        columns += [TableColumn("F", alignment: .right), TableColumn("p", alignment: .right)]
        let rows = table.rows.map { row -> [String] in
            var cells = [row.term, format.count(row.degreesOfFreedom), format.estimate(row.sumOfSquares)]
            if sequential { cells.append(format.estimate(row.meanSquare)) }
            cells += [row.statistic.map(format.estimate) ?? "", row.pValue.map(format.pValue) ?? ""]
            return cells
        }
        return Table(title: "Type \(table.type.rawValue) sums of squares", columns: columns, rows: rows,
                     footnotes: footnotes(for: table.type))
    }

    /// The marginal means: level (and `by` level), mean, SE, df, interval.
    public static func marginalMeans(_ means: MarginalMeans, format: NumberFormat = .standard) -> Table {
        var columns = [TableColumn(means.factor)]
        if let by = means.by { columns.append(TableColumn(by)) }
        columns += [TableColumn("Mean", alignment: .right), TableColumn("Std. error", alignment: .right),
                    TableColumn("df", alignment: .right), TableColumn(intervalHeader(means.level), alignment: .right)]
        let rows = means.means.map { m -> [String] in
            var cells = [m.level]
            if let by = m.by { cells.append(by) }
            guard m.isEstimable else { return cells + ["nonEst", "", format.count(m.degreesOfFreedom), ""] }
            cells += [format.estimate(m.estimate), format.estimate(m.standardError), format.count(m.degreesOfFreedom),
                      "[" + format.estimate(m.confidenceLow) + ", " + format.estimate(m.confidenceHigh) + "]"]
            return cells
        }
        return Table(title: "Estimated marginal means of \(means.factor)" + (means.by.map { " by \($0)" } ?? ""),
                     columns: columns, rows: rows,
                     footnotes: ["Averaged over the levels of the other factors, equally weighted; numeric covariates at their means."]
                        + (means.means.allSatisfy(\.isEstimable) ? [] : ["nonEst: not estimable from these data (aliased coefficients)."]))
    }

    /// The pairwise contrasts: contrast (and `by` level), estimate, SE, t, adjusted p, interval.
    public static func contrasts(_ means: MarginalMeans, format: NumberFormat = .standard) -> Table {
        var columns = [TableColumn("Contrast")]
        if let by = means.by { columns.append(TableColumn(by)) }
        columns += [TableColumn("Estimate", alignment: .right), TableColumn("Std. error", alignment: .right),
                    TableColumn("t", alignment: .right), TableColumn("p", alignment: .right),
                    TableColumn(intervalHeader(means.level), alignment: .right)]
        let rows = means.contrasts.map { c -> [String] in
            var cells = [c.contrast]
            if let by = c.by { cells.append(by) }
            guard c.isEstimable else { return cells + ["nonEst", "", "", "", ""] }
            cells += [format.estimate(c.estimate), format.estimate(c.standardError), format.estimate(c.statistic),
                      format.pValue(c.pValue),
                      "[" + format.estimate(c.confidenceLow) + ", " + format.estimate(c.confidenceHigh) + "]"]
            return cells
        }
        return Table(title: "Pairwise contrasts of \(means.factor)" + (means.by.map { " within \($0)" } ?? ""),
                     columns: columns, rows: rows, footnotes: [adjustmentNote(means)])
    }

    /// Wald tests: hypothesis, F, df, p.
    public static func waldTests(_ tests: [WaldTest], format: NumberFormat = .standard) -> Table {
        Table(title: "Wald tests of linear hypotheses",
              columns: [TableColumn("Hypothesis"), TableColumn("F", alignment: .right), TableColumn("Df", alignment: .right),
                        TableColumn("Res. Df", alignment: .right), TableColumn("p", alignment: .right)],
              rows: tests.map { [$0.hypothesis, format.estimate($0.statistic), format.count($0.numeratorDegreesOfFreedom),
                                 format.count($0.denominatorDegreesOfFreedom), format.pValue($0.pValue)] })
    }

    /// The F test of a smaller model nested in the fitted one.
    public static func nestedTest(_ test: NestedModelTest, smaller: String, format: NumberFormat = .standard) -> Table {
        Table(title: "F test against the nested model",
              columns: [TableColumn("Smaller model"), TableColumn("RSS (smaller)", alignment: .right),
                        TableColumn("RSS (this model)", alignment: .right), TableColumn("Df", alignment: .right),
                        TableColumn("F", alignment: .right), TableColumn("p", alignment: .right)],
              rows: [[smaller, format.estimate(test.smallerResidualSumOfSquares), format.estimate(test.largerResidualSumOfSquares),
                      format.count(test.numeratorDegreesOfFreedom), format.estimate(test.statistic), format.pValue(test.pValue)]])
    }

    /// Predictions: row (1-based, as in the file), fit, SE, confidence and prediction intervals.
    public static func predictions(_ predictions: [Prediction?], level: Double, format: NumberFormat = .standard) -> Table {
        let header = intervalHeader(level)
        return Table(title: "Predictions",
                     columns: [TableColumn("Row", alignment: .right), TableColumn("Fitted", alignment: .right),
                               TableColumn("Std. error", alignment: .right), TableColumn("Mean " + header, alignment: .right),
                               TableColumn("Prediction " + header, alignment: .right)],
                     rows: predictions.enumerated().map { index, p in
                         guard let p else { return [String(index + 1), "NA", "NA", "NA", "NA"] }
                         return [String(index + 1), format.estimate(p.fitted), format.estimate(p.standardError),
                                 "[" + format.estimate(p.confidenceLow) + ", " + format.estimate(p.confidenceHigh) + "]",
                                 "[" + format.estimate(p.predictionLow) + ", " + format.estimate(p.predictionHigh) + "]"]
                     },
                     footnotes: predictions.contains(where: { $0 == nil }) ? ["NA: a model variable is missing in that row."] : [])
    }

    static func intervalHeader(_ level: Double) -> String {
        NumberFormat.standard.label(level * 100) + " % CI"
    }

    static func footnotes(for type: AnovaType) -> [String] {
        switch type {
        case .sequential: ["Each term adjusted for the terms before it (R's anova)."]
        case .marginal: ["Each term adjusted for all terms that do not contain it (car::Anova type II)."]
        case .partial: ["Each term adjusted for all others, factors coded by sum-to-zero contrasts (car::Anova type III with contr.sum)."]
        }
    }

    static func adjustmentNote(_ means: MarginalMeans) -> String {
        let k = Set(means.means.map(\.level)).count
        switch means.adjustment {
        case .none: return "p-values and intervals not adjusted for multiplicity."
        case .tukey: return "p-values and intervals adjusted by Tukey's method for a family of \(k) means."
        case .holm: return "p-values adjusted by Holm's method; intervals by Bonferroni's, for \(k * (k - 1) / 2) contrasts."
        case .bonferroni: return "p-values and intervals adjusted by Bonferroni's method for \(k * (k - 1) / 2) contrasts."
        }
    }
}
