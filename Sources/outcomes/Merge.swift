import ArgumentParser
import OutcomeAnalysis

/// `outcomes merge DIR... --out OUT`: assemble sharded runs.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble the outputs of 'outcomes run --shard i/n' into one report folder with its index.",
        discussion: """
            The result equals an unsharded run byte for byte. Before writing anything, merge checks
            each shard's manifest: every file against its SHA-256, every analysis name as a plain folder
            name, and that all shards ran the same spec entries on the same data with this version; it
            refuses a tampered or mismatched shard naming the shard and the file, and deletes nothing it
            did not write (an output folder holding other files is refused, not cleaned).
            Example:
              outcomes merge out-1 out-2 out-3 --out reports
            """)

    @Argument(help: "Folders written by 'outcomes run --shard i/n' (the same folder may hold several shards).")
    var directories: [String]

    @Option(help: "Folder for the merged reports (may be one of the shard folders).")
    var out: String

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("give at least one shard folder") }
    }

    func run() throws {
        try reportingFailures {
            let summary = try ShardMerge(directories: directories, outputDirectory: out).merge()
            for failure in summary.failures { printError("error: \(failure)") }
            if !quiet { printError("merged \(summary.succeeded.count + summary.failures.count) analyses into \(out)") }
            if !summary.failures.isEmpty { throw ExitCode.failure }
        }
    }
}
