import ArgumentParser
import OutcomeAnalysis

/// `outcomes`: from cohort CSV to regression reports. Parses arguments and calls OutcomeAnalysis.
@main
struct Outcomes: ParsableCommand {
    /// Runs the command line, with formula arguments protected from being read as options.
    static func main() {
        main(Array(CommandLine.arguments.dropFirst()).map(protectingFormula))
    }

    /// An argument that begins with a single `-` and contains `~` is a formula (no option of
    /// the tool looks like that), but ArgumentParser would read it as a group of short flags,
    /// and `"-h ~ x"` as a request for help. A leading space keeps it a value; the formula
    /// parser trims it, so the formula is then refused with its own message ("a formula starts
    /// with its response, not '-'"), not answered with the help.
    static func protectingFormula(_ argument: String) -> String {
        argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.contains("~") ? " " + argument : argument
    }

    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Outcome research for massage therapy on low back pain: fit models to cohort CSVs and write reports.",
        version: Provenance.version,
        subcommands: [Fit.self, Compare.self, Run.self, Merge.self, Simulate.self, Describe.self, Validate.self])
}
