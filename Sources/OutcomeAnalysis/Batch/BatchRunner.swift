import Dispatch
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

/// Runs the analyses of a spec and writes, per analysis, `DIR/<name>/report.md`,
/// `report.html`, `results.json`, `tables/` and `plots/`, plus `DIR/index.md`, `index.html`
/// and `index.json`.
///
/// Analyses run on `jobs` threads; each data file is loaded once. A failing analysis is
/// reported with its name and reason and the others still run. Output holds no timestamps
/// or machine paths unless `stamp` is given, and numbers are rounded to ten significant
/// digits, so a rerun is byte-identical on any machine and for any `jobs`. With a ``Shard``,
/// only that slice runs and a manifest goes to `DIR/shards/` instead of the index;
/// ``ShardMerge`` assembles the index from the manifests.
///
/// ```swift
/// let summary = try BatchRunner(spec: AnalysisSpec(path: "Datasets/analyses.yaml"),
///                               outputDirectory: "reports", jobs: 2).run { print($0.line) }
/// ```
public struct BatchRunner: Sendable {
    /// The analyses to run.
    public let spec: AnalysisSpec
    /// Where reports go.
    public let outputDirectory: String
    /// A provenance line added to every report page, or `nil` for reproducible output.
    public let stamp: String?
    /// Analyses run at once (at least 1).
    public let jobs: Int
    /// The slice to run, or `nil` for all.
    public let shard: Shard?

    /// A runner of `spec` into `outputDirectory`.
    public init(spec: AnalysisSpec, outputDirectory: String, stamp: String? = nil, jobs: Int = 1, shard: Shard? = nil) {
        precondition(jobs >= 1, "jobs must be at least 1")
        self.spec = spec
        self.outputDirectory = outputDirectory
        self.stamp = stamp
        self.jobs = jobs
        self.shard = shard
    }

    /// The analyses this runner runs (all, or its shard's).
    public var selectedAnalyses: [AnalysisDefinition] {
        spec.analyses.filter { shard?.contains(position: $0.position) ?? true }
    }

    /// Runs the selected analyses and writes their files atomically.
    ///
    /// - Parameter progress: called once per finished analysis, from worker threads.
    /// - Returns: which analyses succeeded and which failed.
    /// - Throws: ``AnalysisError/io(path:message:)`` when a file cannot be written.
    public func run(progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }) throws -> BatchSummary {
        let (files, summary) = render(progress: progress)
        for path in files.keys.sorted() {
            try AtomicFileWriter.write(files[path]!, relativePath: path, under: outputDirectory)
        }
        return summary
    }

    /// Renders everything in memory and compares it with the files in the output folder.
    ///
    /// - Returns: the drift (empty when up to date) and the run's summary.
    public func check(progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }) -> (ReportDrift, BatchSummary) {
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

    /// Every output file of the run, keyed by path relative to the output folder.
    func render(progress: @escaping @Sendable (ProgressEvent) -> Void) -> ([String: String], BatchSummary) {
        let analyses = selectedAnalyses
        let started = DispatchTime.now().uptimeNanoseconds
        @Sendable func elapsed(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

        // Each data file once, before any analysis runs.
        // Each data file (with its column mapping) once, before any analysis runs.
        let cache = DataCache()
        var loaded: [String: Frame] = [:]
        var loadErrors: [String: Error] = [:]
        for analysis in analyses {
            let key = DataCache.key(path: analysis.dataPath, columns: analysis.columnMapping, categorical: analysis.categoricalColumns)
            guard loaded[key] == nil, loadErrors[key] == nil else { continue }
            do {
                loaded[key] = try cache.frame(at: analysis.dataPath, columns: analysis.columnMapping,
                                              categorical: analysis.categoricalColumns)
            } catch { loadErrors[key] = error }
        }
        let frames = loaded
        let failedLoads = loadErrors

        let outcomes = Outcomes(count: analyses.count)
        let workers = min(jobs, max(1, analyses.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = outcomes.next() {
                let analysis = analyses[index]
                let start = DispatchTime.now().uptimeNanoseconds
                let result: Result<RenderedAnalysis, Error>
                let key = DataCache.key(path: analysis.dataPath, columns: analysis.columnMapping,
                                        categorical: analysis.categoricalColumns)
                if let error = failedLoads[key] {
                    result = .failure(error)
                } else {
                    result = Result {
                        let frame = try DataCache.deriving(analysis.formula.allVariables, in: frames[key]!, path: analysis.dataPath,
                                                           roles: (analysis.patientColumn, analysis.visitColumn))
                        return try AnalysisReport.render(analysis, frame: frame, stamp: stamp)
                    }
                }
                let completed = outcomes.store(result, seconds: elapsed(since: start), at: index)
                let succeeded = (try? result.get()) != nil
                progress(ProgressEvent(completed: completed, total: analyses.count, name: analysis.name,
                                       succeeded: succeeded, elapsed: elapsed(since: started)))
            }
        }

        var files: [String: String] = [:]
        var entries: [IndexEntry] = []
        var succeeded: [String] = []
        var failures: [String] = []
        for (index, analysis) in analyses.enumerated() {
            let (result, seconds) = outcomes.result(at: index)
            var entry = IndexEntry(position: analysis.position, name: analysis.name, title: analysis.title,
                                   formula: analysis.formula.text, model: "linear", status: "ok", error: nil, headline: nil,
                                   observations: nil, rSquared: nil, coefficients: [],
                                   seconds: stamp == nil ? nil : "\(seconds)")
            switch result {
            case .success(let rendered):
                for (path, contents) in rendered.files { files[analysis.name + "/" + path] = contents }
                succeeded.append(analysis.name)
                entry.headline = rendered.headline
                entry.model = rendered.model
                entry.observations = rendered.observations
                entry.rSquared = rendered.rSquared.map { "\($0)" }
                entry.coefficients = rendered.coefficients.rows.map(IndexCoefficient.init)
            case .failure(let error):
                failures.append("analysis '\(analysis.name)' failed: \(error)")
                entry.status = "failed"
                entry.error = "\(error)"
            }
            entries.append(entry)
        }
        if let shard {
            files["shards/" + shard.manifestName] = ShardManifest(spec: spec, shard: shard, stamp: stamp, entries: entries,
                                                                   files: files).encoded()
        } else {
            for (name, contents) in IndexDocument.files(entries: entries, stamp: stamp) { files[name] = contents }
        }
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

/// Work distribution and result slots shared by the worker threads of a run.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var completed = 0
    private var results: [(Result<RenderedAnalysis, Error>, Double)?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next analysis to run, or `nil` when all are taken.
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < results.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    /// Stores a result; returns how many analyses have finished.
    func store(_ result: Result<RenderedAnalysis, Error>, seconds: Double, at index: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        results[index] = (result, seconds)
        completed += 1
        return completed
    }

    func result(at index: Int) -> (Result<RenderedAnalysis, Error>, Double) {
        lock.lock(); defer { lock.unlock() }
        return results[index]!
    }
}
