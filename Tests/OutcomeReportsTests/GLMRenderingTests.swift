import Testing
import OutcomeStats
@testable import OutcomeReports

/// Golden files for the GLM report section and the summary.glm-like text.
@Suite("GLM rendering")
struct GLMRenderingTests {
    static let input = GLMReportInput(
        title: "Pain responders at week 10", formula: "pain_nrs_responder ~ technique", dataFile: "/home/ana/visits.csv",
        subset: "week = 10", responseDescription: "P(pain_nrs_responder = 1)", observationsUsed: 280, observationsDropped: 20,
        coefficients: CoefficientTable(rows: [
            CoefficientRow(term: "(Intercept)", estimate: -0.0139, standardError: 0.2937, statistic: -0.0475,
                           pValue: 0.962, confidenceLow: -0.5895, confidenceHigh: 0.5616),
            CoefficientRow(term: "techniquecombined", estimate: 3.178, standardError: 0.5056, statistic: 6.286,
                           pValue: 3.3e-10, confidenceLow: 2.187, confidenceHigh: 4.169),
            .aliased("techniquefriction"),
        ], statisticName: "z"),
        ratioName: "Odds ratio",
        ratios: [RatioRow(term: "techniquecombined", ratio: 24.0, confidenceLow: 8.91, confidenceHigh: 64.66),
                 RatioRow(term: "techniquefriction", ratio: nil, confidenceLow: nil, confidenceHigh: nil)],
        fit: GLMFitStatistics(family: "binomial", link: "logit", nullDeviance: 369.44, nullDegreesOfFreedom: 279,
                              deviance: 266.96, residualDegreesOfFreedom: 271, aic: 284.96, iterations: 5, isConverged: false),
        warnings: ["quasi-complete separation: 3 fitted probabilities are numerically 0 or 1; diverging coefficients: techniquefriction."],
        notes: ["Reference levels (treatment contrasts): technique = usual_care."],
        plots: [PlotLink(name: "trajectory", altText: "Responder rate by week")])

    @Test("GLM report.md matches the golden file")
    func report() {
        let markdown = ReportDocument.markdown(for: Self.input)
        GoldenFile.check(markdown, matches: "glm-report.md")
        #expect(!markdown.contains("/home/"))
    }

    @Test("summary.glm-like text matches the golden file")
    func summary() throws {
        let frame = try Frame(columns: [("y", .numeric([0, 1, 0, 1, 1, 0, 1, 1, 0, 1])),
                                        ("x", .numeric([1, 2, 3, 4, 5, 6, 7, 8, 2, 9]))])
        let fit = try GeneralizedLinearModel("y ~ x", family: .binomial).fit(to: frame)
        GoldenFile.check(GeneralizedLinearModelSummary(fit: fit, dataLabel: "toy.csv").text, matches: "glm-summary.txt")
    }
}
