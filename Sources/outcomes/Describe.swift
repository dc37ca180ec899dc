import ArgumentParser
import OutcomeAnalysis

/// `outcomes describe DATA.csv`: Table 1, baseline characteristics by cohort.
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print Table 1: baseline characteristics of a cohort file by cohort (Markdown).",
        discussion: """
            One row per patient (the earliest visit). Numeric columns: mean (SD), median [IQR],
            missing; categorical columns: counts (%) and missing.
            Example:
              outcomes describe Datasets/example_cohort.csv
            """)

    @Argument(help: "Cohort CSV file.")
    var data: String

    @Option(help: "Grouping column.")
    var by: String = "cohort"

    func run() throws {
        try reportingFailures { print(try DescribeRequest(dataPath: data, group: by).run(), terminator: "") }
    }
}
