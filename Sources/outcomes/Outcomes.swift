import ArgumentParser
import OutcomeAnalysis

/// `outcomes`: from cohort CSV to regression reports. Parses arguments and calls OutcomeAnalysis.
@main
struct Outcomes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Outcome research for massage therapy on low back pain: fit models to cohort CSVs and write reports.",
        version: Provenance.version,
        subcommands: [Fit.self, Compare.self, Run.self, Merge.self, Simulate.self, Describe.self, Validate.self])
}
