import ArgumentParser
import OutcomeAnalysis

/// `outcomes run SPEC --out DIR`: every analysis of a spec, a report each.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every analysis of a YAML spec and write a report per analysis.",
        discussion: """
            Example:
              outcomes run Datasets/analyses.yaml --out reports
            """)

    @Argument(help: "The analyses spec (YAML).")
    var spec: String

    @Option(help: "Folder for the reports.")
    var out: String = "reports"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        try reportingFailures {
            let runner = BatchRunner(spec: try AnalysisSpec(path: spec), outputDirectory: out)
            let summary = try runner.run { line in if !quiet { printError(line) } }
            for failure in summary.failures { printError("error: \(failure)") }
            if !summary.failures.isEmpty { throw ExitCode.failure }
        }
    }
}
