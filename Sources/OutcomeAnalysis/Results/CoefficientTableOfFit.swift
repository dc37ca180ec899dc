import OutcomeReports
import OutcomeStats

/// The report table input of any fit's coefficients (``OutcomeReports/CoefficientTable/init(of:)``):
/// the one builder the reports, the index and `outcomes fit --format markdown` use.
func coefficientTable(of fit: some StatisticalFit) -> CoefficientTable {
    CoefficientTable(of: fit)
}
