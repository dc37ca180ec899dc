import ArgumentParser
import Foundation
import OutcomeAnalysis

/// `outcomes run SPEC --out DIR`: every analysis of a spec, a report each.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every analysis of a YAML spec and write a report per analysis.",
        discussion: """
            Examples:
              outcomes run Datasets/analyses.yaml --out reports
              outcomes run analyses.yaml --out reports --jobs 2
              outcomes run analyses.yaml --out shard1 --shard 1/3   # then: outcomes merge shard1 shard2 shard3 --out reports
              outcomes run analyses.yaml --dry-run
            """)

    @Argument(help: "The analyses spec (YAML).")
    var spec: String

    @Option(help: "Folder for the reports.")
    var out: String = "reports"

    @Option(help: "Analyses to run at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run only slice i of n of the expanded analyses, e.g. 2/3; assemble with 'outcomes merge'.")
    var shard: String?

    @Flag(help: "List the expanded analyses without running them.")
    var dryRun = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Add a provenance line (tool version, UTC time, host) and timings to every report; stamped reports differ between runs.")
    var stamp = false

    @Flag(help: "Regenerate in memory and compare with --out; print a unified diff and exit 1 when they differ.")
    var check = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if check && shard != nil { throw ValidationError("--check compares a whole run; it cannot be combined with --shard") }
    }

    func run() throws {
        try reportingFailures {
            let shard = try self.shard.map { try Shard(parsing: $0) }
            let runner = BatchRunner(spec: try AnalysisSpec(path: spec), outputDirectory: out,
                                     stamp: stamp ? Provenance.line() : nil, jobs: jobs, shard: shard)
            if dryRun {
                // Names, formulas and paths come from the spec: escaped before they reach a terminal.
                for analysis in runner.selectedAnalyses {
                    print([analysis.name, analysis.formula.text, analysis.dataLabel, analysis.subset?.text ?? "all rows"]
                        .map(TerminalText.escaped).joined(separator: "\t"))
                }
                printError("\(runner.selectedAnalyses.count) of \(runner.spec.analyses.count) analyses" + (shard.map { " (shard \($0))" } ?? ""))
                return
            }
            let display = ProgressDisplay(quiet: quiet, total: runner.selectedAnalyses.count)
            if check {
                let (drift, summary) = runner.check(progress: display.report)
                display.finish()
                for failure in summary.failures { printError("error: \(failure)") }
                if !drift.isClean {
                    // The diff quotes report files, whose text comes from specs and data: escaped.
                    print(TerminalText.escaped(drift.diff), terminator: "")
                    printError("error: \(out) is out of date: \(drift.changed.count) changed, \(drift.missing.count) missing, "
                               + "\(drift.stale.count) stale file(s); rerun without --check (make report) and commit")
                    throw ExitCode.failure
                }
                if !summary.failures.isEmpty { throw ExitCode.failure }
                if !quiet { printError("\(out) is up to date") }
                return
            }
            let summary = try runner.run(progress: display.report)
            display.finish()
            for failure in summary.failures { printError("error: \(failure)") }
            if !quiet {
                printError("\(summary.succeeded.count) of \(summary.succeeded.count + summary.failures.count) analyses succeeded; reports in \(out)")
            }
            if !summary.failures.isEmpty { throw ExitCode.failure }
        }
    }
}
