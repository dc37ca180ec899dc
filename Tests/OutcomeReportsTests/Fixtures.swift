@testable import OutcomeReports

/// Hand-written example inputs shared by the tests (inputs, not reference outputs).
enum Fixtures {
    static let coefficients = CoefficientTable(rows: [
        CoefficientRow(term: "(Intercept)", estimate: 6.482_913, standardError: 0.211_874,
                       statistic: 30.597_7, pValue: 2.1e-52, confidenceLow: 6.062_6, confidenceHigh: 6.903_2),
        CoefficientRow(term: "week", estimate: -0.412_736, standardError: 0.031_905_2,
                       statistic: -12.936_4, pValue: 4.4e-23, confidenceLow: -0.476_0, confidenceHigh: -0.349_4),
        CoefficientRow(term: "cohort[T.chronic]", estimate: 0.850_11, standardError: 0.299_631,
                       statistic: 2.837_2, pValue: 0.005_52, confidenceLow: 0.255_6, confidenceHigh: 1.444_6),
        CoefficientRow(term: "week:cohort[T.chronic]", estimate: 0.088_41, standardError: 0.045_12,
                       statistic: 1.959_4, pValue: 0.052_91, confidenceLow: -0.001_1, confidenceHigh: 0.177_9),
        .aliased("technique[T.deep_tissue]"),
    ])

    static let fit = LinearFitStatistics(
        rSquared: 0.645_218, adjustedRSquared: 0.634_016, residualStandardError: 1.102_47,
        residualDegreesOfFreedom: 95,
        fTest: .init(statistic: 57.600_3, numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 95,
                     pValue: 1.3e-21))

    static let report = LinearReportInput(
        title: "Pain over eight weeks: acute vs chronic",
        formula: "pain_nrs ~ week * cohort + technique",
        dataFile: "/home/analyst/trial/visits.csv",
        observationsUsed: 99, observationsDropped: 3,
        coefficients: coefficients, fit: fit,
        notes: ["Classical (OLS) standard errors.",
                "Deep tissue work recorded in the acute cohort (2 patients): not usually advised for acute strain."],
        plots: [PlotLink(name: "pain_trajectory", altText: "Mean pain by week and cohort, with 95 % CI"),
                PlotLink(name: "residuals vs fitted", altText: "Residuals against fitted values")])

    static func point(_ x: Double, _ mean: Double, _ halfWidth: Double, n: Int) -> TrajectoryPoint {
        TrajectoryPoint(x: x, mean: mean, lower: mean - halfWidth, upper: mean + halfWidth, n: n)
    }

    static let trajectory = TrajectoryPlot(
        title: "Pain over time by cohort",
        description: "Mean pain NRS with 95 % confidence intervals at weeks 0 to 8 for acute, subacute and chronic patients.",
        xLabel: "Week", yLabel: "Pain NRS (0-10)",
        series: [
            TrajectorySeries(name: "acute", points: [
                point(0, 6.8, 0.42, n: 40), point(2, 5.1, 0.45, n: 39), point(4, 3.9, 0.47, n: 38),
                point(6, 3.1, 0.50, n: 36), point(8, 2.6, 0.52, n: 35),
            ]),
            TrajectorySeries(name: "subacute", points: [
                point(0, 6.5, 0.55, n: 25), point(2, 5.6, 0.58, n: 25), point(4, 4.8, 0.61, n: 24),
                point(6, 4.2, 0.66, n: 22), point(8, 3.9, 0.70, n: 21),
            ]),
            TrajectorySeries(name: "chronic", points: [
                point(0, 6.9, 0.38, n: 52), point(2, 6.3, 0.40, n: 51), point(4, 5.7, 0.41, n: 50),
                point(6, 5.4, 0.44, n: 47), point(8, 5.2, 0.46, n: 46),
            ]),
        ])
}

extension Fixtures {
    /// A table exercising every renderer's escaping: a level named `<script>`, a formula-like
    /// cell, quotes, commas, a newline, LaTeX specials and negative numbers.
    static let awkwardTable = Table(
        title: "Awkward & <odd> cells",
        columns: [TableColumn("Level"), TableColumn("n", alignment: .right), TableColumn("Note", alignment: .center)],
        rows: [
            ["<script>alert(1)</script>", "12", "plain"],
            ["=HYPERLINK(\"http://x\")", "-3", "50% of #1 & $2_{x}~^"],
            ["+cmd|' /C calc'!A0", "+4", "line one\nline two"],
            ["@SUM(A1)", "-0.25", "a, \"quoted\" b"],
            ["-x", "1e-05", "tab\tin"],
        ],
        footnotes: ["Footnote with <b>tags</b> & 100 %."],
        headerGroups: [HeaderGroup("", columnCount: 1), HeaderGroup("Counts & notes", columnCount: 2)])

    static let forest = ForestPlot(
        title: "Site estimates of massage vs usual care",
        description: "Per-site difference in pain change with 95 % CI and the pooled random-effects estimate.",
        xLabel: "Difference in pain change (points)",
        rows: [
            ForestRow(label: "site_a", estimate: -1.2, lower: -1.9, upper: -0.5),
            ForestRow(label: "site_b <north>", estimate: -0.8, lower: -1.6, upper: 0.0),
            ForestRow(label: "site_c", estimate: -1.5, lower: -2.6, upper: -0.4),
            ForestRow(label: "no estimate", estimate: .nan, lower: .nan, upper: .nan),
            ForestRow(label: "Pooled (REML)", estimate: -1.15, lower: -1.6, upper: -0.7, isSummary: true),
        ], reference: 0)

    static let scatter = XYPlot(
        title: "Dose-response: pain change by sessions per week",
        description: "Change from baseline in pain at week 10 against sessions per week, with the fitted line and its 95 % confidence band.",
        xLabel: "Sessions per week", yLabel: "Change in pain (points)",
        points: [XYPoints(name: "patients", x: [0, 0, 1, 1, 1, 2, 2, 3, 3, .nan], y: [-1, -0.5, -1.5, -2, -1, -2.5, -2, -3, -2.4, 1])],
        lines: [XYLine(name: "fitted (95 % CI)", x: [0, 1, 2, 3], y: [-0.7, -1.4, -2.1, -2.8],
                       lower: [-1.2, -1.8, -2.5, -3.4], upper: [-0.2, -1.0, -1.7, -2.2])],
        references: [.horizontal(0), ReferenceLine(intercept: 5, slope: -4)])

    static let box = BoxPlot(
        title: "Pain at week 10 by technique",
        description: "Box plots of pain at week 10 with every observation.",
        yLabel: "pain_nrs",
        boxes: [
            BoxSummary(label: "combined", lowerQuartile: 2, median: 3, upperQuartile: 4.5, lowerWhisker: 0.5, upperWhisker: 7,
                       observations: [0.5, 2, 2.5, 3, 3, 4, 4.5, 7, 9.5]),
            BoxSummary(label: "usual_care", lowerQuartile: 4, median: 5, upperQuartile: 6.5, lowerWhisker: 1, upperWhisker: 9,
                       observations: [1, 4, 5, 5, 6.5, 9]),
            BoxSummary(label: "<script>", lowerQuartile: .nan, median: .nan, upperQuartile: .nan, lowerWhisker: .nan,
                       upperWhisker: .nan, observations: []),
        ])
}
