import Foundation
import Testing

/// `outcomes run` on the example spec gives byte-identical reports across reruns and whatever
/// thread count OpenBLAS is offered (the library pins it to one thread; results.json rounds to
/// ten significant digits, far above the last-bit differences of CPU-specific kernels).
@Test func reportsAreByteIdenticalAcrossRunsAndThreadCounts() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let spec = repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path
    var outputs: [[String: Data]] = []
    for threads in ["1", "2", "1"] {
        let out = folder.appendingPathComponent("run-\(outputs.count)")
        let result = try runOutcomes(["run", spec, "--out", out.path, "--quiet"],
                                     environment: ["OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads])
        #expect(result.status == 0, "\(result.standardError)")
        outputs.append(try filesUnder(out))
    }
    #expect(outputs[0].count >= 5 * 3 + 1)
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0] == outputs[2])
    // No temporary files are left behind by the atomic writer.
    #expect(!outputs[0].keys.contains { $0.contains(".tmp-") })
    // And no machine path leaks into a report.
    for (name, data) in outputs[0] {
        #expect(!String(decoding: data, as: UTF8.self).contains(folder.path), "\(name) mentions a machine path")
    }
}

/// The committed reports/ equal what the code produces now (what `.ci/run` also checks).
@Test func committedReportsAreUpToDate() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try runOutcomes(["run", "Datasets/analyses.yaml", "--out", folder.path, "--quiet"], in: repositoryRoot)
    #expect(result.status == 0, "\(result.standardError)")
    let committed = try filesUnder(repositoryRoot.appendingPathComponent("reports"))
    let fresh = try filesUnder(folder)
    #expect(Set(committed.keys) == Set(fresh.keys))
    for (name, data) in fresh where committed[name] != data {
        Issue.record("reports/\(name) is out of date: run 'make report' and commit it")
    }
}

/// `outcomes run --check` passes on a fresh output, and on drift prints a unified diff naming
/// the file and exits 1 (changed, missing and stale files all count).
@Test func checkModeReportsDriftWithADiff() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let spec = repositoryRoot.appendingPathComponent("Datasets/analyses.yaml").path
    let out = folder.appendingPathComponent("reports")
    #expect(try runOutcomes(["run", spec, "--out", out.path, "--quiet"]).status == 0)
    let clean = try runOutcomes(["run", spec, "--out", out.path, "--check", "--quiet"])
    #expect(clean.status == 0, "\(clean.standardOutput)\(clean.standardError)")
    #expect(clean.standardOutput.isEmpty)

    let report = out.appendingPathComponent("pain/report.md")
    let original = try String(contentsOf: report, encoding: .utf8)
    try Data(original.replacingOccurrences(of: "## Coefficients", with: "## Coefficients (edited)").utf8).write(to: report)
    try FileManager.default.removeItem(at: out.appendingPathComponent("sleep/results.json"))
    try Data("left over\n".utf8).write(to: out.appendingPathComponent("old.md"))
    let drift = try runOutcomes(["run", spec, "--out", out.path, "--check", "--quiet"])
    #expect(drift.status == 1)
    #expect(drift.standardOutput.contains("--- \(out.path)/pain/report.md"))
    #expect(drift.standardOutput.contains("-## Coefficients (edited)\n+## Coefficients\n"))
    #expect(drift.standardOutput.contains("+++ \(out.path)/sleep/results.json"))
    #expect(drift.standardOutput.contains("stale file: \(out.path)/old.md"))
    #expect(drift.standardError.contains("1 changed, 1 missing, 1 stale"))
    // --check never writes.
    #expect(try String(contentsOf: report, encoding: .utf8).contains("(edited)"))
}
