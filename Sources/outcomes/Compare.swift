import ArgumentParser
import OutcomeAnalysis
import OutcomeStats

/// `outcomes compare REDUCED FULL DATA.csv`: a likelihood-ratio test between two mixed models.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Likelihood-ratio test between two nested mixed models (both refitted by ML, as lme4's anova).",
        discussion: """
            Example:
              outcomes compare "pain_nrs ~ week + (1 | patient_id)" \\
                "pain_nrs ~ week * cohort + (1 + week | patient_id)" Datasets/example_cohort.csv
            """)

    @Argument(help: "The smaller model's formula.")
    var reduced: String

    @Argument(help: "The larger model's formula.")
    var full: String

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Output format: text or json.")
    var format: FitOutputFormat = .text

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
        let request = CompareRequest(reduced: reduced, full: full, dataPath: data, format: format, referenceLevels: levels)
        for formula in [reduced, full] {
            for warning in (try? Formula(formula))?.warnings ?? [] { printError("warning: " + warning) }
        }
        try reportingFailures { print(try request.run(), terminator: "") }
    }
}
