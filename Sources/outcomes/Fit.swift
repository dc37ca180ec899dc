import ArgumentParser
import OutcomeAnalysis
import OutcomeStats

extension FitOutputFormat: ExpressibleByArgument {}

/// `outcomes fit FORMULA DATA.csv`: one model, printed like R's summary.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a linear model to a CSV file and print its summary.",
        discussion: """
            Example:
              outcomes fit "pain_nrs ~ week * cohort + sessions_per_week" Datasets/example_cohort.csv
              outcomes fit "pain_nrs ~ week * cohort" Datasets/example_cohort.csv --covariance cluster:site
              outcomes fit "pain_nrs ~ poly(week, 2, raw = TRUE) + log(age)" cohort.csv --covariance hc3 --weights w
            """)

    @Argument(help: "Model formula in R notation, e.g. \"pain_nrs ~ week * cohort\".")
    var formula: String

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Output format: text, json or markdown.")
    var format: FitOutputFormat = .text

    @Option(name: .customLong("reference"), help: "Reference level of a categorical column, as column=level (repeatable).")
    var references: [String] = []

    @Option(help: "Covariance of the standard errors: classical, hc0, hc1, hc2, hc3 or cluster:COLUMN (CR1).")
    var covariance: String = "classical"

    @Option(help: "Numeric column of case weights (weighted least squares).")
    var weights: String?

    func run() throws {
        var levels: [String: String] = [:]
        for item in references {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--reference '\(item)' must look like column=level, e.g. technique=usual_care")
            }
            levels[parts[0]] = parts[1]
        }
        try reportingFailures {
            let request = FitRequest(formula: formula, dataPath: data, format: format, referenceLevels: levels,
                                     covariance: try CovarianceEstimator(parsing: covariance), weights: weights)
            print(try request.run(), terminator: "")
        }
    }
}
