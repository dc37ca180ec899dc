import Testing
@testable import OutcomeReports

@Suite("Mixed-model report pieces")
struct MixedReportTests {
    static let components = VarianceComponentTable(rows: [
        VarianceComponentRow(group: "patient_id", effect: "(Intercept)", variance: 1.673768837, standardDeviation: 1.293742183, correlations: []),
        VarianceComponentRow(group: "patient_id", effect: "week", variance: 0.009314358, standardDeviation: 0.09651092, correlations: [-0.1998521]),
        VarianceComponentRow(group: "Residual", effect: nil, variance: 0.5564648, standardDeviation: 0.7459657, correlations: []),
    ])

    @Test("variance components render as lme4 lays them out")
    func varianceComponentsTable() {
        let markdown = MarkdownRenderer().render(Self.components.table())
        #expect(markdown == """
            | Group      | Effect      | Variance | Std. dev. | Corr. |
            | :--------- | :---------- | -------: | --------: | ----: |
            | patient_id | (Intercept) |    1.674 |     1.294 |       |
            |            | week        | 0.009314 |   0.09651 | -0.20 |
            | Residual   |             |   0.5565 |    0.7460 |       |

            """)
    }

    @Test("report has df after the standard error, the random-effects table and the criterion")
    func reportDocument() {
        let input = MixedReportInput(
            title: "Pain", formula: "y ~ week + (1 + week | patient_id)", dataFile: "/home/x/c.csv",
            observationsUsed: 1757, observationsDropped: 43,
            coefficients: CoefficientTable(rows: [
                CoefficientRow(term: "(Intercept)", estimate: 6.05, standardError: 0.17, statistic: 35.4, pValue: 1e-100,
                               confidenceLow: 5.7, confidenceHigh: 6.4),
                .aliased("x"),
            ]),
            degreesOfFreedom: [300.88, nil], varianceComponents: Self.components,
            fit: MixedFitStatistics(isREML: true, objective: 5072.388, logLikelihood: -2536.194, aic: 5106.388, bic: 5199.401,
                                    groups: [("patient_id", 300), ("patient_id", 300)]),
            notes: ["Singular (boundary) fit."], plots: [PlotLink(name: "trajectory", altText: "Trajectories")])
        let markdown = ReportDocument.markdown(for: input)
        #expect(markdown.contains("- Data: `c.csv`\n"))
        #expect(markdown.contains("- Groups: patient_id 300\n"))
        #expect(markdown.contains("| Term        | Estimate | Std. error |    df |     t |       p |        95 % CI |"))
        #expect(markdown.contains("| (Intercept) |    6.050 |     0.1700 | 300.9 | 35.40 | < 0.001 | [5.700, 6.400] |"))
        #expect(markdown.contains("| x           |  aliased |            |       |"))
        #expect(markdown.contains("## Random effects\n\n| Group "))
        #expect(markdown.contains("REML criterion 5072; log-likelihood -2536; AIC 5106; BIC 5199."))
        #expect(markdown.hasSuffix("![Trajectories](plots/trajectory.svg)\n"))
    }

    @Test("a predicted series is a dashed line with a band, well-formed, coloured like its observed series")
    func predictedSeries() throws {
        let observed = TrajectorySeries(name: "acute", points: [
            TrajectoryPoint(x: 0, mean: 5, lower: 4.5, upper: 5.5, n: 10), TrajectoryPoint(x: 2, mean: 4, lower: 3.5, upper: 4.5, n: 10)])
        let predicted = TrajectorySeries(name: "acute (model)", points: [
            TrajectoryPoint(x: 0, mean: 5.1, lower: 4.8, upper: 5.4, n: 10), TrajectoryPoint(x: 2, mean: 4.1, lower: 3.8, upper: 4.4, n: 10)],
            style: .predicted, colorIndex: 0)
        let svg = TrajectoryPlot(title: "T", description: "D", xLabel: "Week", yLabel: "Pain", series: [observed, predicted]).renderSVG()
        let check = XMLDocumentCheck(svg)
        #expect(check.error == nil)
        let polygons = check.elements.filter { $0.name == "polygon" }
        #expect(polygons.count == 1)
        #expect(polygons[0].attributes["fill"] == Palette.color(forSeries: 0))
        let dashed = check.elements.filter { $0.attributes["stroke-dasharray"] == "6 4" }
        #expect(dashed.count == 2, "the predicted line and its legend sample")
        #expect(svg.contains("predicted mean 5.100 (95 % CI 4.800 to 5.400)"))
    }
}
