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

    @Flag(help: "Add a provenance line (tool version, UTC time, host) to every report; stamped reports differ between runs.")
    var stamp = false

    @Flag(help: "Regenerate in memory and compare with --out; print a unified diff and exit 1 when they differ.")
    var check = false

    func run() throws {
        try reportingFailures {
            let provenance = stamp ? Provenance.line() : nil
            let runner = BatchRunner(spec: try AnalysisSpec(path: spec), outputDirectory: out, stamp: provenance)
            if check {
                let (drift, summary) = runner.check { line in if !quiet { printError(line) } }
                for failure in summary.failures { printError("error: \(failure)") }
                if !drift.isClean {
                    print(drift.diff, terminator: "")
                    printError("error: \(out) is out of date: \(drift.changed.count) changed, \(drift.missing.count) missing, "
                               + "\(drift.stale.count) stale file(s); rerun without --check (make report) and commit")
                    throw ExitCode.failure
                }
                if !summary.failures.isEmpty { throw ExitCode.failure }
                if !quiet { printError("\(out) is up to date") }
                return
            }
            let summary = try runner.run { line in if !quiet { printError(line) } }
            for failure in summary.failures { printError("error: \(failure)") }
            if !summary.failures.isEmpty { throw ExitCode.failure }
        }
    }
}
