import OutcomeReports
import OutcomeStats

/// The rendered files of one analysis, keyed by path relative to the analysis folder, and the
/// headline the index shows.
struct RenderedAnalysis: Sendable {
    var files: [(path: String, contents: String)]
    var headline: String
    /// The coefficient table (with reference rows), for side-by-side tables in the index.
    var coefficients: CoefficientTable
    /// Observations the model used.
    var observations: Int
    /// R² of the fit (linear models).
    var rSquared: Double?
    /// Model family for the index: `linear`, `mixed`, `mmrm`, `glm`.
    var model: String = "linear"
}

/// Fits one analysis and renders its report: `report.md`, `report.html`, `results.json`,
/// `tables/coefficients.csv` and `.tex`, and the plots under `plots/`.
enum AnalysisReport {
    /// Grouping and time columns of the trajectory plot, when the data have them.
    static let trajectoryGroup = "cohort"
    static let trajectoryTime = "week"
    /// Grouping column of the distribution plot.
    static let distributionGroup = "technique"
    /// Most points a scatter or Q–Q plot draws; larger samples are thinned systematically
    /// (every k-th row, or evenly spaced order statistics), so plots of a million rows stay a
    /// few hundred kilobytes and render the same.
    static let maximumPlottedPoints = 2000
    /// Most points drawn over one box.
    static let maximumPointsPerBox = 300

    /// Fits the analysis' model to `frame` and renders its report files.
    ///
    /// - Throws: ``AnalysisError/model(analysis:file:_:)`` when the model cannot be fitted.
    static func render(_ analysis: AnalysisDefinition, frame source: Frame, stamp: String? = nil) throws -> RenderedAnalysis {
        let (derived, frame) = try AnalysisFrame.prepare(source, formula: analysis.formula, responder: analysis.responder,
                                                         subset: analysis.subset, fileLabel: analysis.dataLabel,
                                                         analysis: analysis.name)
        if let imputation = analysis.imputation {
            return try ImputedAnalysisReport.render(analysis, imputation: imputation, source: source, stamp: stamp)
        }
        if analysis.missingPolicy == .refuse { try refuseMissing(in: frame, for: analysis) }
        // One line per model: its report is its folder's (Models/<model>/).
        let kind: ModelKind
        do {
            kind = try ModelKind(formula: analysis.formula, family: analysis.family)
        } catch let error as ModelOptionError {
            throw AnalysisError.model(analysis: analysis.name, file: analysis.dataLabel, .domain(error.description))
        }
        switch kind {
        case .mmrm: return try MMRMAnalysisReport.render(analysis, frame: frame, stamp: stamp)
        case .mixed: return try MixedAnalysisReport.render(analysis, frame: frame, stamp: stamp)
        case .generalizedLinear(let family):
            return try GLMAnalysisReport.render(analysis, family: family.glmFamily!, derived: derived, frame: frame, stamp: stamp)
        case .linear: return try LinearAnalysisReport.render(analysis, derived: derived, frame: frame, stamp: stamp)
        }
    }

    /// `value` (an object) with `member` appended when it is not `nil`.
    static func withMember(_ value: JSONValue, _ name: String, _ member: JSONValue?) -> JSONValue {
        guard let member, case .object(var members) = value else { return value }
        members.append((name, member))
        return .object(members)
    }

    /// Throws when a row of `frame` misses a variable of the analysis' model (`missing: refuse`).
    ///
    /// - Throws: ``AnalysisError/subset(analysis:message:)`` counting the rows and naming the first.
    static func refuseMissing(in frame: Frame, for analysis: AnalysisDefinition) throws {
        let names = (analysis.formula.allVariables + analysis.formula.randomVariables).filter(frame.contains)
        var count = 0
        var first: (row: Int, column: String)?
        for row in 0..<frame.rowCount {
            guard let column = names.first(where: { frame[$0]!.isMissing(row) }) else { continue }
            count += 1
            if first == nil { first = (row, column) }
        }
        guard let first else { return }
        throw AnalysisError.subset(analysis: analysis.name, message: "\(count) of \(frame.rowCount) rows miss a model variable "
            + "(first: data row \(first.row + 1), \(first.column)); the analysis sets 'missing: refuse' — "
            + "use 'missing: complete_cases' to fit the complete rows and count the others")
    }

    /// Observed means by cohort over weeks, or `nil` when the data lack the columns.
    static func trajectoryPlot(response: String, frame: Frame) -> String? {
        guard frame.contains(trajectoryGroup), frame.contains(trajectoryTime),
              let means = try? groupedMeans(of: response, by: trajectoryGroup, over: trajectoryTime, in: frame),
              !means.isEmpty else { return nil }
        return observedTrajectory(means, response: response, label: frame.displayName(of: response)).renderSVG()
    }

    /// Observed means by cohort over weeks as a plot value.
    static func observedTrajectory(_ means: [GroupedMean], response: String, label: String? = nil) -> TrajectoryPlot {
        var order: [String] = []
        var points: [String: [TrajectoryPoint]] = [:]
        for mean in means {
            if points[mean.group] == nil { order.append(mean.group) }
            points[mean.group, default: []].append(
                TrajectoryPoint(x: mean.x, mean: mean.mean, lower: mean.lower, upper: mean.upper, n: mean.count))
        }
        return TrajectoryPlot(
            title: "Observed mean \(response) by week and cohort",
            description: "Mean \(response) at each visit week for each cohort, with 95 % confidence intervals (\(means.first?.interval.label ?? "t-based")).",
            xLabel: "Week", yLabel: label ?? response,
            series: order.map { TrajectorySeries(name: $0, points: points[$0]!) })
    }

    /// Observed means by technique over weeks, one panel per cohort.
    static func facetedTrajectoryPlot(response: String, frame: Frame) -> String? {
        guard case .categorical(let cohorts)? = frame[trajectoryGroup], frame.contains(distributionGroup),
              frame.contains(trajectoryTime) else { return nil }
        // One kind of interval for every panel, chosen from the whole column.
        guard case .numeric(let values)? = frame[response] else { return nil }
        let interval = MeanInterval.suited(to: values)
        var facets: [TrajectoryFacet] = []
        for (code, cohort) in cohorts.levels.enumerated() {
            let rows = (0..<frame.rowCount).filter { cohorts.codes[$0] == Int32(code) }
            guard !rows.isEmpty,
                  let means = try? groupedMeans(of: response, by: distributionGroup, over: trajectoryTime, in: frame.rows(rows),
                                                interval: interval)
            else { continue }
            var order: [String] = []
            var points: [String: [TrajectoryPoint]] = [:]
            for mean in means {
                if points[mean.group] == nil { order.append(mean.group) }
                points[mean.group, default: []].append(
                    TrajectoryPoint(x: mean.x, mean: mean.mean, lower: mean.lower, upper: mean.upper, n: mean.count))
            }
            facets.append(TrajectoryFacet(title: cohort, series: order.map { TrajectorySeries(name: $0, points: points[$0]!) }))
        }
        guard !facets.isEmpty else { return nil }
        return FacetedTrajectoryPlot(
            title: "Observed mean \(response) by week and technique, per cohort",
            description: "Mean \(response) at each visit week for each technique, one panel per cohort, with 95 % confidence intervals (\(interval.label)).",
            xLabel: "Week", yLabel: frame.displayName(of: response), facets: facets).renderSVG()
    }

    /// Box plots of the response at the last visit week, one per technique.
    static func distributionPlot(response: String, frame: Frame) -> String? {
        guard case .numeric(let values)? = frame[response], case .categorical(let groups)? = frame[distributionGroup],
              case .numeric(let weeks)? = frame[trajectoryTime], let last = weeks.filter({ !$0.isNaN }).max() else { return nil }
        var samples = [[Double]](repeating: [], count: groups.levels.count)
        for row in 0..<frame.rowCount where weeks[row] == last && groups.codes[row] >= 0 && !values[row].isNaN {
            samples[Int(groups.codes[row])].append(values[row])
        }
        var thinned = false
        let boxes = zip(groups.levels, samples).compactMap { label, sample -> BoxSummary? in
            guard let box = BoxStatistics(of: sample) else { return nil }
            let step = max(1, (sample.count + maximumPointsPerBox - 1) / maximumPointsPerBox)
            if step > 1 { thinned = true }
            return BoxSummary(label: label, lowerQuartile: box.lowerQuartile, median: box.median, upperQuartile: box.upperQuartile,
                              lowerWhisker: box.lowerWhisker, upperWhisker: box.upperWhisker,
                              observations: Array(stride(from: 0, to: sample.count, by: step)).map { sample[$0] })
        }
        guard !boxes.isEmpty else { return nil }
        let week = NumberFormat.standard.label(last)
        return BoxPlot(title: "\(response) at week \(week) by technique",
                       description: "Box plots (quartiles, Tukey whiskers) of \(response) at week \(week) for each technique, with " + (thinned ? "a systematic sample of the observations" : "every observation") + " as points.",
                       yLabel: frame.displayName(of: response), boxes: boxes).renderSVG()
    }
}
