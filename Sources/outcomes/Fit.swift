import ArgumentParser
import OutcomeAnalysis

extension FitOutputFormat: ExpressibleByArgument {}

/// `outcomes fit FORMULA DATA.csv`: one model, printed like R's summary.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a linear or linear mixed model to a CSV file and print its summary.",
        discussion: """
            Example:
              outcomes fit "pain_nrs ~ week * cohort + sessions_per_week" Datasets/example_cohort.csv
              outcomes fit "pain_nrs ~ week * cohort + (1 + week | patient_id)" Datasets/example_cohort.csv
            """)

    @Argument(help: "Model formula in R notation, e.g. \"pain_nrs ~ week * cohort\".")
    var formula: String

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Output format: text, json or markdown.")
    var format: FitOutputFormat = .text

    @Flag(help: "Fit a mixed model (a formula with random-effect terms) by maximum likelihood instead of REML.")
    var ml = false

    @Option(name: .customLong("reference"), help: "Reference level of a categorical column, as column=level (repeatable).")
    var references: [String] = []

    func run() throws {
        var levels: [String: String] = [:]
        for item in references {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--reference '\(item)' must look like column=level, e.g. technique=usual_care")
            }
            levels[parts[0]] = parts[1]
        }
        let request = FitRequest(formula: formula, dataPath: data, format: format, referenceLevels: levels,
                                 estimation: ml ? .ml : .reml)
        try reportingFailures { print(try request.run(), terminator: "") }
    }
}
