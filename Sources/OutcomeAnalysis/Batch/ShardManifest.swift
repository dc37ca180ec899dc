import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one shard ran (`DIR/shards/shard-i-of-n.json`), in enough detail for `outcomes merge`
/// to refuse anything it should not assemble:
///
/// - ``analyses``: every analysis of the expanded spec (not only this shard's), each with its
///   spec entry after `for_each` expansion and the defaults, its data file and that file's
///   SHA-256 — so shards of different specs, or of the same spec on different data, differ;
/// - ``tool``: the version of `outcomes` that ran;
/// - ``entries``: the index entries of this shard's analyses;
/// - ``files``: the SHA-256 of every file this shard wrote, by path relative to its folder;
/// - ``digest``: the SHA-256 of the manifest itself (with `digest` empty), so an edited
///   estimate in it is refused.
///
/// Digests detect edits and corruption; they are not signatures (see ``ContentDigest``).
struct ShardManifest: Codable, Sendable {
    /// The manifest layout; merge refuses others.
    static let currentFormat = 2
    /// The tool version recorded in manifests (equals `outcomes --version`).
    static let toolVersion = "0.1.0"

    var format: Int
    var tool: String
    var shard: Int
    var of: Int
    var stamp: String?
    /// SHA-256 over ``analyses``: equal exactly when two shards ran the same analyses on the same data.
    var specDigest: String
    var analyses: [AnalysisDescription]
    var entries: [IndexEntry]
    var files: [String: String]
    var digest: String

    /// The manifest of `shard` of `spec`, for the rendered `files` (relative paths → contents).
    init(spec: AnalysisSpec, shard: Shard, stamp: String?, entries: [IndexEntry], files: [String: String]) {
        var dataDigests: [String: String] = [:]
        let analyses = spec.analyses.map { analysis in
            if dataDigests[analysis.dataPath] == nil { dataDigests[analysis.dataPath] = Self.dataDigest(analysis.dataPath) }
            return AnalysisDescription(position: analysis.position, name: analysis.name, spec: analysis.specEntry,
                                       data: analysis.dataLabel, dataDigest: dataDigests[analysis.dataPath]!)
        }
        self.format = Self.currentFormat
        self.tool = Self.toolVersion
        self.shard = shard.index
        self.of = shard.count
        self.stamp = stamp
        self.analyses = analyses
        self.specDigest = Self.specDigest(of: analyses)
        self.entries = entries
        self.files = files.mapValues { ContentDigest.sha256($0) }
        self.digest = ""
        self.digest = computedDigest()
    }

    /// SHA-256 of a data file, `unreadable` when it is missing, not a regular file, or
    /// larger than a loader would read.
    static func dataDigest(_ path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return "unreadable" }
        return ContentDigest.sha256(fileAt: path) ?? "unreadable"
    }

    /// SHA-256 over the canonical JSON of `analyses`.
    static func specDigest(of analyses: [AnalysisDescription]) -> String {
        ContentDigest.sha256(canonicalJSON(analyses))
    }

    /// SHA-256 of this manifest's canonical JSON with `digest` empty.
    func computedDigest() -> String {
        var copy = self
        copy.digest = ""
        return ContentDigest.sha256(Self.canonicalJSON(copy))
    }

    func encoded() -> String {
        String(decoding: Self.canonicalJSON(self), as: UTF8.self) + "\n"
    }

    /// Sorted keys, pretty printed: the same bytes for the same value on every machine.
    static func canonicalJSON<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers, arrays and optionals cannot fail.
        return try! encoder.encode(value)
    }
}

/// One analysis of the expanded spec as a shard manifest records it.
struct AnalysisDescription: Codable, Sendable, Equatable {
    /// Position in the expanded spec, 0-based.
    var position: Int
    /// Analysis name (its folder).
    var name: String
    /// The spec entry after `for_each` expansion, with the spec's defaults, as YAML.
    var spec: String
    /// The data file as the spec names it.
    var data: String
    /// SHA-256 of the data file (`unreadable` when it could not be read).
    var dataDigest: String
}
