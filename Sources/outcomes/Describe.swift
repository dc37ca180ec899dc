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

    @Argument(help: "Data file: CSV, or SPSS, Stata or SAS (.sav, .dta, .sas7bdat, .xpt).")
    var data: String

    @Option(help: "Grouping column.")
    var by: String = "cohort"

    @Option(help: "Patient column (default patient_id; without one in the file, each row is a patient).")
    var patient: String?

    @Option(help: "Visit column whose earliest value is the baseline (default week; without one, a patient's first row).")
    var visit: String?

    func run() throws {
        var request = DescribeRequest(dataPath: data, group: by)
        request.patient = patient
        request.visit = visit
        try reportingFailures { print(try request.run(), terminator: "") }
    }
}
