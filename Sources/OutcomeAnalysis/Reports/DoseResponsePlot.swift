import CohortData
import OutcomeReports
import OutcomeStats

/// The dose–response figure of an analysis: each patient's change from baseline in the
/// response at the last visit against sessions per week, with the least-squares line of
/// change on dose and its 95 % confidence band (from ``LinearModelFit/predict(for:level:)``).
enum DoseResponsePlot {
    static let dose = "sessions_per_week"

    /// The SVG, or `nil` when the data lack the dose, the visit week or a derivable change.
    /// The change is derived on all rows (so a subset without week 0 still has baselines), then
    /// the analysis' `subset` selects the patients shown.
    static func render(response: String, frame: Frame, subset: RowSubset?) -> String? {
        let change = response + "_change"
        guard frame.contains(dose), frame.contains(AnalysisReport.trajectoryTime),
              let derived = try? DerivedColumns().adding([change], to: frame),
              case .numeric(let changes)? = derived[change], case .numeric(let doses)? = derived[dose],
              case .numeric(let weeks)? = derived[AnalysisReport.trajectoryTime],
              let last = weeks.filter({ !$0.isNaN }).max() else { return nil }
        let kept = Set((try? subset?.matchingRows(in: derived)) ?? Array(0..<derived.rowCount))
        let rows = (0..<derived.rowCount).filter { kept.contains($0) && weeks[$0] == last && !changes[$0].isNaN && !doses[$0].isNaN }
        guard rows.count > 2, Set(rows.map { doses[$0] }).count > 1 else { return nil }
        let sample = try? Frame(columns: [(change, .numeric(rows.map { changes[$0] })), (dose, .numeric(rows.map { doses[$0] }))])
        guard let sample, let fit = try? LinearModel("\(change) ~ \(dose)").fit(to: sample) else { return nil }
        let low = rows.map { doses[$0] }.min()!, high = rows.map { doses[$0] }.max()!
        let grid = (0...20).map { low + (high - low) * Double($0) / 20 }
        guard let gridFrame = try? Frame(columns: [(dose, .numeric(grid))]),
              let predictions = try? fit.predict(for: gridFrame), predictions.allSatisfy({ $0 != nil }) else { return nil }
        let bands = predictions.compactMap { $0 }
        // Points spread a little around each dose (deterministically) so they do not overlap.
        let step = max(1, (rows.count + AnalysisReport.maximumPlottedPoints - 1) / AnalysisReport.maximumPlottedPoints)
        let shown = Array(stride(from: 0, to: rows.count, by: step))
        let xs = shown.map { k in doses[rows[k]] + ((Double(k) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1) - 0.5) * 0.3 }
        let slope = fit.coefficients.last?.estimate ?? .nan
        let week = NumberFormat.standard.label(last)
        return XYPlot(
            title: "Dose-response: change in \(response) by week \(week)",
            description: "Change from baseline in \(response) at week \(week) against sessions per week for \(rows.count) patients"
                + (step > 1 ? " (a systematic sample of \(shown.count) drawn)" : "")
                + ", with the least-squares line (slope \(NumberFormat.standard.estimate(slope)) per weekly session) and its 95 % confidence band.",
            xLabel: "Sessions per week", yLabel: "Change in \(response) from baseline",
            points: [XYPoints(name: "patients", x: xs, y: shown.map { changes[rows[$0]] })],
            lines: [XYLine(name: "fitted line (95 % CI)", x: grid, y: bands.map(\.fitted),
                           lower: bands.map(\.confidenceLow), upper: bands.map(\.confidenceHigh))],
            references: [.horizontal(0)]).renderSVG()
    }
}
