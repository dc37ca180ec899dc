import ArgumentParser
import OutcomeAnalysis

extension ValidationOutputFormat: ExpressibleByArgument {}

/// `outcomes validate DATA.csv`: every problem of a cohort file, with exit status 0/1/2.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a cohort file: ranges, duplicates, baseline consistency, cohort labels, missing values.",
        discussion: """
            Every finding names its severity, rule, line, column, value and count.
            Exit status: 0 no errors (warnings allowed), 1 errors, 2 the file cannot be read as CSV.
            Example:
              outcomes validate Datasets/example_cohort.csv --format json
            """)

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Output format: text or json.")
    var format: ValidationOutputFormat = .text

    func run() throws {
        let outcome = ValidationRequest(dataPath: data, format: format).run()
        print(outcome.output, terminator: "")
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
