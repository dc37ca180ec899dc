import Foundation
import OutcomeReports
import OutcomeStats

/// What a batch run did: the analyses that produced reports and those that failed.
public struct BatchSummary: Sendable {
    /// Names of the analyses whose reports were written.
    public let succeeded: [String]
    /// One line per failed analysis, naming it and why it failed.
    public let failures: [String]
}

/// Runs every analysis of a spec and writes, per analysis, `DIR/<name>/report.md`,
/// `DIR/<name>/results.json` and `DIR/<name>/plots/*.svg`, plus `DIR/index.md`.
///
/// Each file is written atomically. A failing analysis is reported with its name and reason
/// and the others still run. Output holds no timestamps or machine paths, and numbers in
/// `results.json` are rounded to ten significant digits, so a rerun is byte-identical on
/// any machine.
///
/// ```swift
/// let summary = try BatchRunner(spec: AnalysisSpec(path: "Datasets/analyses.yaml"),
///                               outputDirectory: "reports").run { print($0) }
/// ```
public struct BatchRunner {
    /// The analyses to run.
    public let spec: AnalysisSpec
    /// Where reports go.
    public let outputDirectory: String

    /// A runner of `spec` into `outputDirectory`.
    public init(spec: AnalysisSpec, outputDirectory: String) {
        self.spec = spec
        self.outputDirectory = outputDirectory
    }

    /// Runs all analyses in spec order.
    ///
    /// - Parameter progress: receives one line per analysis (`[2/4] sleep ... done`).
    /// - Returns: which analyses succeeded and which failed.
    /// - Throws: ``AnalysisError/io(path:message:)`` only when the index cannot be written.
    public func run(progress: (String) -> Void = { _ in }) throws -> BatchSummary {
        let cache = DataCache()
        var succeeded: [String] = []
        var failures: [String] = []
        var indexLines: [String] = []
        let total = spec.analyses.count
        for (position, analysis) in spec.analyses.enumerated() {
            do {
                let files = try AnalysisReport.files(for: analysis, frame: cache.frame(
                    at: analysis.dataPath, columns: analysis.columnMapping, deriving: analysis.formula.allVariables))
                for (relativePath, text) in files {
                    try AtomicFileWriter.write(text, to: outputDirectory + "/" + analysis.name + "/" + relativePath)
                }
                succeeded.append(analysis.name)
                indexLines.append("- [\(analysis.name)](\(analysis.name)/report.md): "
                                  + MarkdownEscaping.inline(analysis.title) + " — " + MarkdownEscaping.codeSpan(analysis.formula.text))
                progress("[\(position + 1)/\(total)] \(analysis.name): done")
            } catch {
                let reason = "\(error)"
                failures.append("analysis '\(analysis.name)' failed: \(reason)")
                indexLines.append("- \(analysis.name): **failed**: " + MarkdownEscaping.inline(reason))
                progress("[\(position + 1)/\(total)] \(analysis.name): FAILED")
            }
        }
        let index = "# Analyses\n\n" + indexLines.joined(separator: "\n") + "\n"
        try AtomicFileWriter.write(index, to: outputDirectory + "/index.md")
        return BatchSummary(succeeded: succeeded, failures: failures)
    }
}
