import OutcomeStats
import Testing
@testable import OutcomeReports

private func fitAndFrame() throws -> (LinearModelFit, Frame) {
    let frame = try Frame(columns: [
        ("y", .numeric([3.1, 4.2, 2.8, 5.5, 4.9, 6.1, 3.3, 4.0, 5.2])),
        ("x", .numeric([1, 2, 3, 4, 5, 6, 7, 8, 9])),
        ("g", .categorical(CategoricalColumn(["a", "b", "c", "a", "b", "c", "a", "b", "c"]))),
    ])
    return (try LinearModel("y ~ x + g").fit(to: frame), frame)
}

@Test func anovaTableColumnsFollowTheType() throws {
    let (fit, frame) = try fitAndFrame()
    let one = InferenceTables.anova(try AnovaTable(fit: fit, data: frame, type: .sequential))
    #expect(one.columns.map(\.header) == ["Term", "Df", "Sum Sq", "Mean Sq", "F", "p"])
    #expect(one.rows.map { $0[0] } == ["x", "g", "Residuals"])
    #expect(one.rows.last!.suffix(2) == ["", ""])
    let three = InferenceTables.anova(try AnovaTable(fit: fit, data: frame, type: .partial))
    #expect(three.columns.map(\.header) == ["Term", "Df", "Sum Sq", "F", "p"])
    #expect(three.rows.map { $0[0] } == ["(Intercept)", "x", "g", "Residuals"])
    #expect(three.title == "Type III sums of squares")
}

@Test func reportShowsInferenceSectionsOnlyWhenAsked() throws {
    let (fit, frame) = try fitAndFrame()
    func input(_ sections: [TableSection]) -> LinearReportInput {
        LinearReportInput(
            title: "T", formula: "y ~ x + g", dataFile: "d.csv", observationsUsed: 9, observationsDropped: 0,
            coefficients: CoefficientTable(rows: []),
            fit: LinearFitStatistics(rSquared: 0.5, adjustedRSquared: 0.4, residualStandardError: 1, residualDegreesOfFreedom: 5, fTest: nil),
            sections: sections)
    }
    #expect(!ReportDocument.markdown(for: input([])).contains("sums of squares"))
    let emm = try MarginalMeans(fit: fit, factor: "g", adjustment: .holm)
    let tables = [InferenceTables.anova(try AnovaTable(fit: fit, data: frame, type: .marginal)),
                  InferenceTables.marginalMeans(emm), InferenceTables.contrasts(emm)]
    let markdown = ReportDocument.markdown(for: input(tables.map { TableSection(heading: $0.title ?? "", table: $0) }))
    #expect(markdown.contains("## Type II sums of squares\n\n**Type II sums of squares**\n\n| Term"))
    #expect(markdown.contains("**Pairwise contrasts of g**"))
    #expect(markdown.contains("p-values adjusted by Holm's method; intervals by Bonferroni's, for 3 contrasts."))
}

@Test func textLooksLikeRsPrintouts() throws {
    let (fit, frame) = try fitAndFrame()
    let anova = InferenceText.anova(try AnovaTable(fit: fit, data: frame, type: .sequential), response: "y")
    let lines = anova.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "Analysis of Variance Table")
    #expect(lines[2] == "Response: y")
    #expect(lines[3].hasPrefix("          Df"))
    #expect(lines[4].hasPrefix("x          1"))
    #expect(!anova.contains(" \n"))
    let emm = InferenceText.marginalMeans(try MarginalMeans(fit: fit, factor: "g"))
    #expect(emm.hasPrefix("$emmeans\n g "))
    #expect(emm.contains("\n contrast estimate "))
    let predictions = InferenceText.predictions(try fit.predict(for: frame.rows([0, 1])), level: 0.95)
    #expect(predictions.hasPrefix("Predictions (confidence and prediction intervals at 95 %):\n"))
    #expect(predictions.contains(" fit se.fit "))
    #expect(predictions.contains("\n1 "))
}
