import ArgumentParser
import OutcomeAnalysis

/// `outcomes`: from cohort CSV to regression reports. Parses arguments and calls OutcomeAnalysis.
@main
struct Outcomes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Outcome research for massage therapy on low back pain: fit models to cohort CSVs and write reports.",
        subcommands: [Fit.self, Run.self, Simulate.self, Describe.self, Validate.self])
}
