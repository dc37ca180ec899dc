import Foundation
import Testing
@testable import OutcomeAnalysis

/// A small two-analysis spec on the example cohort, with `extra` added to the second analysis.
private func writeSpec(in folder: URL, named name: String = "spec.yaml", data: String? = nil, extra: String = "") throws -> String {
    let dataPath = data ?? repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let spec = """
        defaults:
          data: \(dataPath)
          reference: { technique: usual_care }
        analyses:
          - { name: pain, formula: pain_nrs ~ week + technique }
          - name: sleep
            formula: sleep_psqi ~ week + cohort
        \(extra.isEmpty ? "" : "    " + extra)
        """
    let path = folder.appendingPathComponent(name).path
    try Data(spec.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// Runs shards 1/2 and 2/2 of `spec` into `folder/s1` and `folder/s2`.
private func runShards(_ spec: String, in folder: URL, prefix: String = "s") throws -> [String] {
    try (1...2).map { i in
        let out = folder.appendingPathComponent("\(prefix)\(i)").path
        let result = try runOutcomes(["run", spec, "--out", out, "--shard", "\(i)/2", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return out
    }
}

/// Merges and checks the run ended in an error (status 1, no signal) within 5 s naming `expected`.
private func expectMergeRefused(_ folders: [String], out: String, naming expected: [String]) throws {
    let start = Date()
    let result = try runOutcomes(["merge"] + folders + ["--out", out, "--quiet"])
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(result.status == 1, "status \(result.status): \(result.standardError)")
    for text in expected { #expect(result.standardError.contains(text), "'\(text)' missing from: \(result.standardError)") }
}

/// Rewrites the manifest of shard 1 with `change` applied and its digest recomputed, as a
/// forger who knows the format would.
private func forgeManifest(in folder: String, _ change: (inout ShardManifest) -> Void) throws {
    let path = folder + "/shards/shard-1-of-2.json"
    var manifest = try JSONDecoder().decode(ShardManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    change(&manifest)
    manifest.specDigest = ShardManifest.specDigest(of: manifest.analyses)
    manifest.digest = manifest.computedDigest()
    try Data(manifest.encoded().utf8).write(to: URL(fileURLWithPath: path))
}

@Suite struct ShardMergeTests {
    /// The issue's `"../../victim"` and `""` names, forged with valid digests: refused, and
    /// nothing outside --out (nor --out itself) is deleted.
    @Test(arguments: ["../../victim", "", "shards", "a/b", "."])
    func forgedEntryNamesAreRefusedAndNothingIsDeleted(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try runShards(try writeSpec(in: folder), in: folder)
        let victim = folder.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: victim.appendingPathComponent("precious.txt"))
        let out = folder.appendingPathComponent("out/merged")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: out.appendingPathComponent("unrelated.txt"))
        try forgeManifest(in: shards[0]) { manifest in
            let old = manifest.entries[0].name
            manifest.entries[0].name = name
            manifest.analyses[0].name = name
            manifest.files = Dictionary(uniqueKeysWithValues: manifest.files.map { key, value in
                (key.hasPrefix(old + "/") ? name + key.dropFirst(old.count) : key, value)
            })
        }
        try expectMergeRefused(shards, out: out.path, naming: ["shard 1/2", "shard-1-of-2.json"])
        #expect(FileManager.default.fileExists(atPath: victim.appendingPathComponent("precious.txt").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("unrelated.txt").path))
    }

    /// An edited results.json, report.md or manifest estimate is refused, naming the file.
    @Test(arguments: ["pain/results.json", "pain/report.md", "shards/shard-1-of-2.json"])
    func editedFilesAreRefused(file: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try runShards(try writeSpec(in: folder), in: folder)
        let path = shards[0] + "/" + file
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if file.hasPrefix("shards/") {
            let range = try #require(text.range(of: "\"estimate\" : \""))
            text.replaceSubrange(range, with: "\"estimate\" : \"9")
        } else {
            text += " "
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try expectMergeRefused(shards, out: folder.appendingPathComponent("m").path, naming: [path, "shard 1/2"])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m").path))
    }

    /// A file the shard did not write, or a link in place of one it did, is refused.
    @Test func unlistedFilesAndLinksAreRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try runShards(try writeSpec(in: folder), in: folder)
        try Data("<script>".utf8).write(to: URL(fileURLWithPath: shards[0] + "/pain/extra.html"))
        try expectMergeRefused(shards, out: folder.appendingPathComponent("m").path, naming: ["pain/extra.html", "not in its manifest"])
        try FileManager.default.removeItem(atPath: shards[0] + "/pain/extra.html")
        try FileManager.default.removeItem(atPath: shards[0] + "/pain/report.md")
        try FileManager.default.createSymbolicLink(atPath: shards[0] + "/pain/report.md", withDestinationPath: "/etc/hostname")
        try expectMergeRefused(shards, out: folder.appendingPathComponent("m").path, naming: ["pain/report.md", "symbolic link"])
    }

    /// Shards of specs that differ in covariance, subset or reference, or that ran on different
    /// data under the same file name, are refused, naming the analysis and what differs.
    @Test(arguments: [("covariance: hc3", "covariance"), ("subset: week > 2", "subset"),
                      ("reference: { cohort: chronic }", "reference")])
    func shardsOfDifferentSpecsAreRefused(extra: String, word: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try runShards(try writeSpec(in: folder, named: "a.yaml"), in: folder, prefix: "a")
        let b = try runShards(try writeSpec(in: folder, named: "b.yaml", extra: extra), in: folder, prefix: "b")
        try expectMergeRefused([a[0], b[1]], out: folder.appendingPathComponent("m").path,
                               naming: ["cannot merge shard 1/2", "analysis 'sleep'", word])
    }

    @Test func shardsOnDifferentDataWithTheSameNameAreRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("cohort.csv")
        let full = try String(contentsOf: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv"), encoding: .utf8)
        try Data(full.utf8).write(to: data)
        let spec = try writeSpec(in: folder, data: data.path)
        let first = try runShards(spec, in: folder, prefix: "a")
        let half = full.split(separator: "\n", omittingEmptySubsequences: false)
        try Data((half.prefix(half.count / 2).joined(separator: "\n") + "\n").utf8).write(to: data)
        let second = try runShards(spec, in: folder, prefix: "b")
        try expectMergeRefused([first[0], second[1]], out: folder.appendingPathComponent("m").path,
                               naming: ["ran on different data", "SHA-256"])
    }

    /// A merge into a folder that holds a file the merge would not write refuses instead of
    /// deleting it; links planted below --out are not followed.
    @Test func staleOutputIsRefusedNotDeleted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = try runShards(try writeSpec(in: folder), in: folder)
        let out = folder.appendingPathComponent("m")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("pain"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("pain/notes.txt"))
        try expectMergeRefused(shards, out: out.path, naming: ["pain/notes.txt", "deletes nothing"])
        #expect(try String(contentsOf: out.appendingPathComponent("pain/notes.txt"), encoding: .utf8) == "mine")

        try FileManager.default.removeItem(at: out.appendingPathComponent("pain"))
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("pain"), withDestinationURL: elsewhere)
        try expectMergeRefused(shards, out: out.path, naming: ["pain", "not a folder"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    /// An analysis named `shards` would vanish in a merge: the spec refuses the name.
    @Test func theNameShardsIsReserved() throws {
        #expect {
            try AnalysisSpec(yaml: "analyses:\n  - { name: shards, data: a.csv, formula: y ~ x }\n", path: "a.yaml")
        } throws: { error in
            guard case AnalysisError.spec(file: _, line: _, column: _, message: let message) = error else { return false }
            return message.contains("analysis name 'shards' is reserved")
        }
        do {
            _ = try AnalysisSpec(yaml: "analyses:\n  - { name: shards, data: a.csv, formula: y ~ x }\n", path: "a.yaml")
        } catch {
            #expect("\(error)".contains("a.yaml:2:"), "\(error)")
            #expect("\(error)".contains("reserved"))
        }
    }

    /// The manifest records the tool version `outcomes --version` prints.
    @Test func manifestToolVersionIsTheCLIVersion() throws {
        let result = try runOutcomes(["--version"])
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == ShardManifest.toolVersion)
    }
}
