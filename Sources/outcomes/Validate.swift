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

    @Option(name: .customLong("range"), help: "Valid range of a column, as column=low:high (repeatable), e.g. pain_nrs=0:100.")
    var ranges: [String] = []

    @Option(help: "Symptom weeks below which an episode is acute (default 6).")
    var acuteBelow: Double?

    @Option(help: "Symptom weeks above which an episode is chronic (default 12).")
    var chronicAbove: Double?

    func run() throws {
        var parsed: [String: ClosedRange<Double>] = [:]
        for item in ranges {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let bounds = parts.count == 2 ? parts[1].split(separator: ":").map { Double($0) } : []
            guard parts.count == 2, !parts[0].isEmpty, bounds.count == 2, let low = bounds[0], let high = bounds[1],
                  low.isFinite, high.isFinite, low <= high else {
                throw ValidationError("--range '\(item)' must look like column=low:high with low <= high, e.g. pain_nrs=0:10")
            }
            parsed[parts[0]] = low...high
        }
        let acute = acuteBelow ?? 6, chronic = chronicAbove ?? 12
        guard acute.isFinite, chronic.isFinite, acute <= chronic else {
            throw ValidationError("--acute-below (\(acute)) must not exceed --chronic-above (\(chronic))")
        }
        let validator = ValidationRequest.validator(ranges: parsed, acuteBelow: acute, chronicAbove: chronic)
        let outcome = ValidationRequest(dataPath: data, format: format, validator: validator).run()
        print(outcome.output, terminator: "")
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
