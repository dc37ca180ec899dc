import ArgumentParser
import OutcomeAnalysis

extension FitOutputFormat: ExpressibleByArgument {}

/// `outcomes fit FORMULA DATA.csv`: one model, printed like R's summary.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a linear model or GLM to a CSV file and print its summary.",
        discussion: """
            Examples:
              outcomes fit "pain_nrs ~ week * cohort + sessions_per_week" Datasets/example_cohort.csv
              outcomes fit "pain_nrs_responder ~ technique + cohort" Datasets/example_cohort.csv \\
                --family binomial --subset week=10 --reference technique=usual_care
            A formula variable <outcome>_responder is derived per patient when the data lack it
            (improvement from week 0 of >= 2 points or >= 30 %).
            """)

    @Argument(help: "Model formula in R notation, e.g. \"pain_nrs ~ week * cohort\".")
    var formula: String

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Output format: text, json or markdown.")
    var format: FitOutputFormat = .text

    @Option(name: .customLong("reference"), help: "Reference level of a categorical column, as column=level (repeatable).")
    var references: [String] = []

    @Option(help: "Model family: gaussian (linear model, default), binomial (logistic) or poisson.")
    var family: String = "gaussian"

    @Option(help: "Keep only rows where a column equals a value, as column=value, e.g. week=10 (repeatable).")
    var subset: [String] = []

    func run() throws {
        guard let modelFamily = ModelFamily(parsing: family) else {
            printError("error: --family: " + ModelFamily.unknownMessage(family))
            throw ExitCode.failure
        }
        let filters = try subset.map { item -> RowFilter in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                printError("error: --subset '\(item)' must look like column=value, e.g. week=10")
                throw ExitCode.failure
            }
            return RowFilter(column: parts[0], value: parts[1])
        }
        var levels: [String: String] = [:]
        for item in references {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--reference '\(item)' must look like column=level, e.g. technique=usual_care")
            }
            levels[parts[0]] = parts[1]
        }
        let request = FitRequest(formula: formula, dataPath: data, format: format, referenceLevels: levels,
                                 family: modelFamily, filters: filters)
        try reportingFailures { print(try request.run(), terminator: "") }
    }
}
