import Foundation
import Testing
@testable import OutcomeAnalysis

private let batchSpec = repositoryRoot.appendingPathComponent("Datasets/batch-example.yaml").path

@Test func forEachExpandsInKeyOrderWithSubstitution() throws {
    let spec = try AnalysisSpec(path: batchSpec)
    #expect(spec.analyses.count == 17)
    #expect(spec.analyses.prefix(4).map(\.name) == ["pain_nrs-all", "sleep_psqi-all", "rom_flexion_deg-all", "mood_phq9-all"])
    #expect(spec.analyses[4...7].map(\.name) == ["pain_nrs-acute", "pain_nrs-chronic", "sleep_psqi-acute", "sleep_psqi-chronic"])
    #expect(spec.analyses[5].subset?.text == "cohort == \"chronic\"")
    #expect(spec.analyses[5].formula.response == "pain_nrs")
    #expect(spec.analyses[5].title == "pain_nrs: chronic patients only")
    #expect(spec.analyses.map(\.position) == Array(0..<17))
}

/// The issue's end-to-end case: 17 analyses, one broken: 16 reports, the broken one named
/// with its reason in stderr and the index, exit status 1; --jobs 1 and 2 give the same bytes.
@Test func batchWithOneBrokenAnalysisCompletesTheOthers() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var outputs: [[String: Data]] = []
    for jobs in ["1", "2"] {
        let out = folder.appendingPathComponent("jobs-\(jobs)")
        let result = try runOutcomes(["run", batchSpec, "--out", out.path, "--jobs", jobs])
        #expect(result.status == 1)
        #expect(result.standardError.contains("error: analysis 'broken-example' failed:"))
        #expect(result.standardError.contains("unknown column 'weeks'"))
        #expect(result.standardError.contains("16 of 17 analyses succeeded"))
        let files = try filesUnder(out)
        let reports = files.keys.filter { $0.hasSuffix("/report.md") }
        #expect(reports.count == 16)
        #expect(files["broken-example/report.md"] == nil)
        let index = String(decoding: try #require(files["index.md"]), as: UTF8.self)
        #expect(index.contains("broken-example: **failed**"))
        let json = String(decoding: try #require(files["index.json"]), as: UTF8.self)
        #expect(json.contains("\"status\": \"failed\"") && json.contains("\"name\": \"pain_nrs-chronic\""))
        outputs.append(files)
    }
    #expect(outputs[0] == outputs[1], "--jobs 1 and --jobs 2 differ")
}

/// Shards 1/3, 2/3 and 3/3 merged equal the unsharded run byte for byte (separate folders,
/// and all shards into one shared folder).
@Test func shardsMergeToTheUnshardedRun() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let whole = folder.appendingPathComponent("whole")
    _ = try runOutcomes(["run", batchSpec, "--out", whole.path, "--quiet"])
    var shardFolders: [String] = []
    for i in 1...3 {
        let out = folder.appendingPathComponent("shard-\(i)")
        shardFolders.append(out.path)
        let result = try runOutcomes(["run", batchSpec, "--out", out.path, "--shard", "\(i)/3", "--quiet"])
        // broken-example is analysis 17 (position 16), so it falls to shard 2.
        #expect(result.status == (i == 2 ? 1 : 0), "shard \(i): \(result.standardError)")
    }
    let merged = folder.appendingPathComponent("merged")
    let merge = try runOutcomes(["merge"] + shardFolders + ["--out", merged.path, "--quiet"])
    #expect(merge.status == 1 && merge.standardError.contains("broken-example"))
    let expected = try filesUnder(whole)
    let actual = try filesUnder(merged)
    #expect(Set(expected.keys) == Set(actual.keys))
    for (name, data) in expected where actual[name] != data { Issue.record("merged \(name) differs from the unsharded run") }

    // Shared folder: every shard writes into one place, then merge in place.
    let shared = folder.appendingPathComponent("shared")
    for i in 1...3 { _ = try runOutcomes(["run", batchSpec, "--out", shared.path, "--shard", "\(i)/3", "--quiet"]) }
    _ = try runOutcomes(["merge", shared.path, "--out", shared.path, "--quiet"])
    #expect(try filesUnder(shared) == expected)
}

@Test func mergeRefusesIncompleteOrMixedShards() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let one = folder.appendingPathComponent("one")
    _ = try runOutcomes(["run", batchSpec, "--out", one.path, "--shard", "1/3", "--quiet"])
    let result = try runOutcomes(["merge", one.path, "--out", folder.appendingPathComponent("m").path])
    #expect(result.status == 1)
    #expect(result.standardError.contains("missing shard(s) 2/3, 3/3"), "\(result.standardError)")
    let bad = try runOutcomes(["run", batchSpec, "--shard", "4/3", "--out", one.path])
    #expect(bad.status == 1 && bad.standardError.contains("i/n with 1 ≤ i ≤ n"))
}

@Test func dryRunListsTheExpandedAnalyses() throws {
    let result = try runOutcomes(["run", batchSpec, "--dry-run", "--shard", "2/3"])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.count == 6)   // positions 1, 4, 7, 10, 13, 16
    #expect(lines[0].hasPrefix("sleep_psqi-all\tsleep_psqi ~ sessions_per_week + technique + cohort * week\texample_cohort.csv"))
    #expect(result.standardError.contains("6 of 17 analyses (shard 2/3)"))
}
