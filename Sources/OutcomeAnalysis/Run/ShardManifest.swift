import Foundation

/// What one shard ran (`DIR/shards/shard-i-of-n.json`): its index entries, and a fingerprint
/// of the expanded spec so that `outcomes merge` refuses shards of different specs.
struct ShardManifest: Codable, Sendable {
    var fingerprint: String
    var shard: Int
    var of: Int
    var stamp: String?
    var entries: [IndexEntry]

    /// FNV-1a (64-bit) over every expanded analysis' name, formula and data file: stable
    /// across machines and runs (Swift's `hashValue` is seeded per process).
    static func fingerprint(of spec: AnalysisSpec) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for analysis in spec.analyses {
            for byte in "\(analysis.name)\u{1}\(analysis.formula.text)\u{1}\(analysis.dataLabel)\u{2}".utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding plain strings, integers and optionals cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// Assembles the output of `outcomes run --shard i/n` runs into one report folder whose
/// contents equal an unsharded run byte for byte (`outcomes merge`).
///
/// Reads `shards/shard-*-of-n.json` in each folder, checks that shards 1…n of one spec are
/// all there exactly once, copies each analysis folder into the output (when it is another
/// folder), writes `index.md`, `index.html` and `index.json`, and removes `shards/` from the
/// output.
///
/// ```swift
/// let summary = try ShardMerge(directories: ["out1", "out2", "out3"], outputDirectory: "reports").merge()
/// ```
public struct ShardMerge: Sendable {
    /// Folders holding shard outputs.
    public let directories: [String]
    /// Where the merged reports go (may be one of `directories`).
    public let outputDirectory: String

    /// A merge of `directories` into `outputDirectory`.
    public init(directories: [String], outputDirectory: String) {
        self.directories = directories
        self.outputDirectory = outputDirectory
    }

    /// Merges the shards.
    ///
    /// - Returns: the succeeded and failed analyses, as a run reports them.
    /// - Throws: ``AnalysisError/usage(_:)`` for missing, duplicate or mismatched shards,
    ///   ``AnalysisError/io(path:message:)`` for file errors.
    public func merge() throws -> BatchSummary {
        var manifests: [(ShardManifest, String)] = []
        for directory in directories {
            let folder = directory + "/shards"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            let shardFiles = names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
            if shardFiles.isEmpty {
                throw AnalysisError.usage("\(directory): no shard manifest (shards/shard-i-of-n.json); run 'outcomes run SPEC --shard i/n --out \(directory)' first")
            }
            for name in shardFiles {
                let path = folder + "/" + name
                guard let data = FileManager.default.contents(atPath: path),
                      let manifest = try? JSONDecoder().decode(ShardManifest.self, from: data) else {
                    throw AnalysisError.io(path: path, message: "not a shard manifest written by 'outcomes run --shard'")
                }
                manifests.append((manifest, directory))
            }
        }
        let counts = Set(manifests.map(\.0.of))
        let fingerprints = Set(manifests.map(\.0.fingerprint))
        guard counts.count == 1, let n = counts.first else {
            throw AnalysisError.usage("shards disagree on their count (\(counts.sorted().map(String.init).joined(separator: ", "))); merge the shards of one run")
        }
        guard fingerprints.count == 1 else {
            throw AnalysisError.usage("shards come from different specs (fingerprints \(fingerprints.sorted().joined(separator: ", ")))")
        }
        let indices = manifests.map(\.0.shard).sorted()
        guard indices == Array(1...n) else {
            let missing = Set(1...n).subtracting(indices).sorted().map { "\($0)/\(n)" }
            let duplicated = Dictionary(grouping: indices, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().map { "\($0)/\(n)" }
            throw AnalysisError.usage("cannot merge: " + (missing.isEmpty ? "" : "missing shard(s) \(missing.joined(separator: ", "))")
                                      + (duplicated.isEmpty ? "" : (missing.isEmpty ? "" : "; ") + "shard(s) given twice \(duplicated.joined(separator: ", "))"))
        }
        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL
        var entries: [IndexEntry] = []
        for (manifest, directory) in manifests {
            let source = URL(fileURLWithPath: directory).standardizedFileURL
            for entry in manifest.entries {
                entries.append(entry)
                guard entry.succeeded, source.path != output.path else { continue }
                let target = output.appendingPathComponent(entry.name)
                do {
                    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
                    if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
                    try FileManager.default.copyItem(at: source.appendingPathComponent(entry.name), to: target)
                } catch {
                    throw AnalysisError.io(path: target.path, message: "cannot copy the analysis folder: \(error.localizedDescription)")
                }
            }
        }
        let stamp = manifests.first?.0.stamp
        for (name, contents) in IndexDocument.files(entries: entries, stamp: stamp) {
            try AtomicFileWriter.write(contents, to: outputDirectory + "/" + name)
        }
        let shards = output.appendingPathComponent("shards")
        if FileManager.default.fileExists(atPath: shards.path) { try? FileManager.default.removeItem(at: shards) }
        let sorted = entries.sorted { $0.position < $1.position }
        return BatchSummary(succeeded: sorted.filter(\.succeeded).map(\.name),
                            failures: sorted.filter { !$0.succeeded }.map { "analysis '\($0.name)' failed: \($0.error ?? "")" })
    }
}
