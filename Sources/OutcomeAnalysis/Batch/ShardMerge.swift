import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Assembles the output of `outcomes run --shard i/n` runs into one report folder whose
/// contents equal an unsharded run byte for byte (`outcomes merge`).
///
/// Reads `shards/shard-*-of-n.json` in each folder and verifies everything before writing
/// anything; it refuses, naming the shard and the file:
///
/// - a manifest that is not one `outcomes run --shard` of this version wrote, or was edited;
/// - shards of different specs, or of the same spec run on different data (every analysis'
///   spec entry and data digest are compared);
/// - a missing or duplicated shard;
/// - an entry whose name is not a plain folder name of the spec (`../x`, `""`, `shards`);
/// - a file whose SHA-256 differs from the manifest, a link, or a file the shard did not write.
///
/// Then it copies each analysis' files (when the output is another folder), writes
/// `index.md`, `index.html` and `index.json`, and — when merging in place — removes the
/// manifests it read and the then-empty `shards/`. It never deletes anything else: an output
/// folder holding a file the merge would not write is refused rather than cleaned.
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

    /// One manifest as read, with where it came from.
    struct ReadShard {
        let manifest: ShardManifest
        let directory: String
        let manifestPath: String
        var label: String { "shard \(manifest.shard)/\(manifest.of) (\(directory))" }
    }

    /// Merges the shards.
    ///
    /// - Returns: the succeeded and failed analyses, as a run reports them.
    /// - Throws: ``AnalysisError/usage(_:)`` for missing, duplicate or mismatched shards,
    ///   ``AnalysisError/io(path:message:)`` for a tampered, unreadable or unwritable file.
    public func merge() throws -> BatchSummary {
        let shards = try readManifests()
        try checkSameRun(shards)
        var contents: [(ReadShard, [(String, Data)])] = []
        for shard in shards { contents.append((shard, try verifiedFiles(of: shard))) }

        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        var writes: [(String, Data)] = []
        var entries: [IndexEntry] = []
        for (shard, files) in contents {
            entries += shard.manifest.entries
            if !Self.isSameFolder(shard.directory, output) { writes += files }
        }
        try checkNothingStale(writes: writes, shards: shards, output: output)
        for (path, data) in writes { try AtomicFileWriter.write(data, relativePath: path, under: output) }
        let stamp = shards.first?.manifest.stamp
        for (name, text) in IndexDocument.files(entries: entries, stamp: stamp) {
            try AtomicFileWriter.write(text, relativePath: name, under: output)
        }
        // In place: the manifests were written by `run` into this folder and are verified; remove
        // exactly those, and `shards/` only when nothing else is in it.
        for shard in shards where Self.isSameFolder(shard.directory, output) {
            unlink(shard.manifestPath)
            rmdir(shard.directory + "/shards")
        }
        let sorted = entries.sorted { $0.position < $1.position }
        return BatchSummary(succeeded: sorted.filter(\.succeeded).map(\.name),
                            failures: sorted.filter { !$0.succeeded }.map { "analysis '\($0.name)' failed: \($0.error ?? "")" })
    }

    /// Every manifest under `DIR/shards/`, decoded and checked on its own.
    func readManifests() throws -> [ReadShard] {
        var shards: [ReadShard] = []
        for directory in directories {
            let folder = directory + "/shards"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            let shardFiles = names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
            if shardFiles.isEmpty {
                throw AnalysisError.usage("\(directory): no shard manifest (shards/shard-i-of-n.json); run 'outcomes run SPEC --shard i/n --out \(directory)' first")
            }
            for name in shardFiles {
                let path = folder + "/" + name
                let data = try ConfinedFileReader.read(relativePath: "shards/" + name, under: directory)
                if let format = try? JSONDecoder().decode(FormatProbe.self, from: data), format.format != ShardManifest.currentFormat {
                    throw AnalysisError.io(path: path, message: "a shard manifest of format \(format.format.map(String.init) ?? "1"), this merge reads format \(ShardManifest.currentFormat); rerun the shard with this version of outcomes")
                }
                let manifest: ShardManifest
                do { manifest = try JSONDecoder().decode(ShardManifest.self, from: data) } catch {
                    throw AnalysisError.io(path: path, message: "not a shard manifest written by 'outcomes run --shard' (\(Self.decodingProblem(error)))")
                }
                let shard = ReadShard(manifest: manifest, directory: directory, manifestPath: path)
                guard manifest.digest == manifest.computedDigest(),
                      manifest.specDigest == ShardManifest.specDigest(of: manifest.analyses) else {
                    throw AnalysisError.io(path: path, message: "the manifest of \(shard.label) was edited after the run (its SHA-256 does not match); rerun the shard")
                }
                guard manifest.tool == ShardManifest.toolVersion else {
                    throw AnalysisError.io(path: path, message: "\(shard.label) ran outcomes \(manifest.tool), this is \(ShardManifest.toolVersion); rerun it with this version")
                }
                guard manifest.of >= 1, (1...manifest.of).contains(manifest.shard), name == "shard-\(manifest.shard)-of-\(manifest.of).json" else {
                    throw AnalysisError.io(path: path, message: "the manifest's name does not match its shard \(manifest.shard)/\(manifest.of); rerun the shard")
                }
                try checkEntries(of: shard)
                shards.append(shard)
            }
        }
        return shards
    }

    /// Entry names are plain folder names of this shard's analyses, in spec order.
    func checkEntries(of shard: ReadShard) throws {
        let manifest = shard.manifest
        let slice = Shard(index: manifest.shard, count: manifest.of)
        let expected = manifest.analyses.filter { slice.contains(position: $0.position) }
        for analysis in manifest.analyses where !Self.isPlainAnalysisName(analysis.name) {
            throw AnalysisError.io(path: shard.manifestPath, message: "\(shard.label) names an analysis '\(analysis.name)', which is not a plain folder name (letters, digits, '-', '_'; not 'shards'); refusing it")
        }
        guard manifest.analyses.map(\.position) == Array(0..<manifest.analyses.count),
              manifest.entries.map(\.position) == expected.map(\.position),
              manifest.entries.map(\.name) == expected.map(\.name) else {
            throw AnalysisError.io(path: shard.manifestPath, message: "the entries of \(shard.label) are not the analyses its spec gives this shard; rerun the shard")
        }
    }

    /// All shards count alike and ran the same analyses on the same data with the same tool.
    func checkSameRun(_ shards: [ReadShard]) throws {
        let counts = Set(shards.map(\.manifest.of))
        guard counts.count == 1, let n = counts.first else {
            throw AnalysisError.usage("shards disagree on their count (\(counts.sorted().map(String.init).joined(separator: ", "))); merge the shards of one run")
        }
        let first = shards[0]
        for other in shards.dropFirst() where other.manifest.specDigest != first.manifest.specDigest {
            throw AnalysisError.usage(Self.difference(first, other))
        }
        let indices = shards.map(\.manifest.shard).sorted()
        guard indices == Array(1...n) else {
            let missing = Set(1...n).subtracting(indices).sorted().map { "\($0)/\(n)" }
            let duplicated = Dictionary(grouping: indices, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().map { "\($0)/\(n)" }
            throw AnalysisError.usage("cannot merge: " + (missing.isEmpty ? "" : "missing shard(s) \(missing.joined(separator: ", "))")
                                      + (duplicated.isEmpty ? "" : (missing.isEmpty ? "" : "; ") + "shard(s) given twice \(duplicated.joined(separator: ", "))"))
        }
    }

    /// Why two shards' analyses differ, naming the first analysis that does.
    static func difference(_ a: ReadShard, _ b: ReadShard) -> String {
        let prefix = "cannot merge \(a.label) with \(b.label): "
        let left = a.manifest.analyses, right = b.manifest.analyses
        for (x, y) in zip(left, right) where x != y {
            if x.name != y.name {
                return prefix + "different specs (analysis \(x.position + 1) is '\(x.name)' in one and '\(y.name)' in the other); rerun all shards from one spec"
            }
            if x.spec != y.spec {
                let xs = x.spec.split(separator: "\n"), ys = y.spec.split(separator: "\n")
                func shown(_ line: Substring?) -> String { line.map { "'\($0.trimmingCharacters(in: .whitespaces))'" } ?? "nothing" }
                let index = Array(zip(xs, ys)).firstIndex { $0 != $1 } ?? min(xs.count, ys.count)
                let line = "\(shown(index < xs.count ? xs[index] : nil)) against \(shown(index < ys.count ? ys[index] : nil))"
                return prefix + "analysis '\(x.name)' has different spec entries (\(line)); rerun all shards from one spec"
            }
            if x.data != y.data {
                return prefix + "analysis '\(x.name)' reads '\(x.data)' in one and '\(y.data)' in the other; rerun all shards from one spec"
            }
            return prefix + "analysis '\(x.name)' ran on different data: '\(x.data)' has SHA-256 \(x.dataDigest.prefix(12))… in one and \(y.dataDigest.prefix(12))… in the other; rerun all shards on the same data"
        }
        return prefix + "different specs (\(left.count) against \(right.count) analyses); rerun all shards from one spec"
    }

    /// The files of `shard`'s succeeded analyses, each checked against its digest, and no others.
    func verifiedFiles(of shard: ReadShard) throws -> [(String, Data)] {
        let manifest = shard.manifest
        let folders = Set(manifest.entries.filter(\.succeeded).map(\.name))
        var result: [(String, Data)] = []
        for path in manifest.files.keys.sorted() {
            let folder = String(path.prefix { $0 != "/" })
            guard folders.contains(folder), path.count > folder.count + 1 else {
                throw AnalysisError.io(path: shard.manifestPath, message: "\(shard.label) lists '\(path)', which is not a file of one of its analyses; refusing it")
            }
            let data = try ConfinedFileReader.read(relativePath: path, under: shard.directory)
            guard ContentDigest.sha256(data) == manifest.files[path] else {
                throw AnalysisError.io(path: shard.directory + "/" + path, message: "changed after \(shard.label) wrote it (its SHA-256 does not match the manifest); rerun the shard")
            }
            result.append((path, data))
        }
        for folder in folders.sorted() {
            for path in try ConfinedFileReader.files(in: folder, under: shard.directory) where manifest.files[path] == nil {
                throw AnalysisError.io(path: shard.directory + "/" + path, message: "was not written by \(shard.label) (it is not in its manifest); remove it and merge again")
            }
        }
        return result
    }

    /// Refuses an output analysis folder that holds a file this merge would not write (the
    /// merge deletes nothing it did not write).
    func checkNothingStale(writes: [(String, Data)], shards: [ReadShard], output: String) throws {
        let written = Set(writes.map(\.0))
        let folders = Set(shards.filter { !Self.isSameFolder($0.directory, output) }.flatMap { $0.manifest.entries.filter(\.succeeded).map(\.name) })
        for folder in folders.sorted() {
            var status = stat()
            guard lstat(output + "/" + folder, &status) == 0 else { continue }
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw AnalysisError.io(path: output + "/" + folder, message: "exists and is not a folder (a link?); remove it or merge into another --out")
            }
            for path in try ConfinedFileReader.files(in: folder, under: output) where !written.contains(path) {
                throw AnalysisError.io(path: output + "/" + path, message: "is not part of the merged shards and merge deletes nothing it did not write; remove it, or merge into an empty --out")
            }
        }
    }

    /// Letters, digits, `-` and `_`, and not `shards` (the manifests' folder).
    static func isPlainAnalysisName(_ name: String) -> Bool {
        name != "shards" && !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }

    /// Whether two paths name one folder (same device and inode), so links and `..` agree.
    static func isSameFolder(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        guard stat(a, &x) == 0, stat(b, &y) == 0 else {
            return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
        }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    static func decodingProblem(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return (context.codingPath.map(\.stringValue).joined(separator: ".") + " " + context.debugDescription).trimmingCharacters(in: .whitespaces)
        @unknown default: return "\(error)"
        }
    }
}

/// The `format` field alone, to tell an old manifest from a broken one.
private struct FormatProbe: Decodable {
    var format: Int?
}
