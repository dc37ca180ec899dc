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

/// How committed reports differ from what the code produces now (`outcomes run --check`).
public struct ReportDrift: Sendable {
    /// Files whose contents differ, relative to the output folder.
    public let changed: [String]
    /// Files the run produces that the folder lacks.
    public let missing: [String]
    /// Files in the folder that the run no longer produces.
    public let stale: [String]
    /// A unified diff of every changed and missing file, ready to print.
    public let diff: String
    /// Whether the folder is up to date.
    public var isClean: Bool { changed.isEmpty && missing.isEmpty && stale.isEmpty }
}

/// Runs every analysis of a spec and writes, per analysis, `DIR/<name>/report.md`,
/// `report.html`, `results.json`, `tables/` and `plots/`, plus `DIR/index.md` and `index.html`.
///
/// Each file is written atomically. A failing analysis is reported with its name and reason
/// and the others still run. Output holds no timestamps or machine paths, and numbers in
/// `results.json` are rounded to ten significant digits, so a rerun is byte-identical on
/// any machine. ``check(progress:)`` renders in memory and compares with the folder instead.
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
    /// A provenance line (tool version, date, machine) added to every report page, or `nil`
    /// (the default) for reports that are byte-identical everywhere.
    public let stamp: String?

    /// A runner of `spec` into `outputDirectory`; `stamp` adds a provenance line (`--stamp`).
    public init(spec: AnalysisSpec, outputDirectory: String, stamp: String? = nil) {
        self.spec = spec
        self.outputDirectory = outputDirectory
        self.stamp = stamp
    }

    /// Runs all analyses in spec order and writes their files.
    ///
    /// - Parameter progress: receives one line per analysis (`[2/4] sleep: done`).
    /// - Returns: which analyses succeeded and which failed.
    /// - Throws: ``AnalysisError/io(path:message:)`` when a file cannot be written.
    public func run(progress: (String) -> Void = { _ in }) throws -> BatchSummary {
        let (files, summary) = render(progress: progress)
        for path in files.keys.sorted() {
            try AtomicFileWriter.write(files[path]!, to: outputDirectory + "/" + path)
        }
        return summary
    }

    /// Renders everything in memory and compares it with the files in the output folder.
    ///
    /// - Returns: the drift (empty when up to date) and the run's summary.
    public func check(progress: (String) -> Void = { _ in }) -> (ReportDrift, BatchSummary) {
        let (files, summary) = render(progress: progress)
        var changed: [String] = [], missing: [String] = []
        var diff = ""
        for path in files.keys.sorted() {
            let full = outputDirectory + "/" + path
            guard let data = FileManager.default.contents(atPath: full) else {
                missing.append(path)
                diff += UnifiedDiff.diff(old: "", new: files[path]!, oldName: "/dev/null", newName: full)
                continue
            }
            let committed = String(decoding: data, as: UTF8.self)
            if committed != files[path]! {
                changed.append(path)
                diff += UnifiedDiff.diff(old: committed, new: files[path]!, oldName: full, newName: full + " (regenerated)")
            }
        }
        let stale = existingFiles().filter { files[$0] == nil }
        for path in stale { diff += "stale file: \(outputDirectory)/\(path) (no analysis produces it)\n" }
        return (ReportDrift(changed: changed, missing: missing, stale: stale, diff: diff), summary)
    }

    /// Every report file of the run, keyed by path relative to the output folder.
    func render(progress: (String) -> Void) -> ([String: String], BatchSummary) {
        let cache = DataCache()
        var files: [String: String] = [:]
        var succeeded: [String] = []
        var failures: [String] = []
        var index: [[ReportInline]] = []
        var models: [(rightHandSide: String, model: SideBySideTable.Model)] = []
        let total = spec.analyses.count
        for (position, analysis) in spec.analyses.enumerated() {
            do {
                let rendered = try AnalysisReport.render(analysis, frame: cache.frame(at: analysis.dataPath), stamp: stamp)
                for (path, contents) in rendered.files { files[analysis.name + "/" + path] = contents }
                succeeded.append(analysis.name)
                let text = analysis.formula.text
                let rightHandSide = text.firstIndex(of: "~").map { String(text[text.index(after: $0)...]).trimmingCharacters(in: .whitespaces) } ?? text
                models.append((rightHandSide, SideBySideTable.Model(name: analysis.name, coefficients: rendered.coefficients)))
                index.append([.link(analysis.name, target: "\(analysis.name)/report.md"), .plain(": \(analysis.title) — "),
                              .code(analysis.formula.text), .plain(" (\(rendered.headline))")])
                progress("[\(position + 1)/\(total)] \(analysis.name): done")
            } catch {
                failures.append("analysis '\(analysis.name)' failed: \(error)")
                index.append([.plain(analysis.name + ": "), .bold("failed"), .plain(": \(error)")])
                progress("[\(position + 1)/\(total)] \(analysis.name): FAILED")
            }
        }
        var blocks: [ReportBlock] = [.heading(level: 1, text: "Analyses"), .list(index)]
        if let stamp { blocks.insert(.paragraph([.plain(stamp)]), at: 1) }
        // Models that share a right-hand side (one per outcome, say) side by side.
        var sides: [String] = []
        for entry in models where !sides.contains(entry.rightHandSide) { sides.append(entry.rightHandSide) }
        for side in sides {
            let group = models.filter { $0.rightHandSide == side }.map(\.model)
            guard group.count > 1 else { continue }
            blocks.append(.heading(level: 2, text: "Outcomes side by side"))
            blocks.append(.paragraph([.plain("Models with right-hand side "), .code(side), .plain(".")]))
            blocks.append(.table(SideBySideTable(models: group).table()))
        }
        files["index.md"] = MarkdownDocumentRenderer().render(blocks)
        let htmlBlocks = blocks.map { block -> ReportBlock in
            guard case .list(let items) = block else { return block }
            return .list(items.map { $0.map { run in
                if case let .link(text, target) = run, target.hasSuffix("/report.md") {
                    return .link(text, target: String(target.dropLast(3)) + ".html")
                }
                return run
            } })
        }
        files["index.html"] = HTMLDocumentRenderer().render(title: "Analyses", blocks: htmlBlocks)
        return (files, BatchSummary(succeeded: succeeded, failures: failures))
    }

    /// Regular files under the output folder, relative paths, skipping hidden ones.
    private func existingFiles() -> [String] {
        let root = URL(fileURLWithPath: outputDirectory).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var result: [String] = []
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            result.append(String(url.standardizedFileURL.path.dropFirst(root.path.count + 1)))
        }
        return result.sorted()
    }
}
