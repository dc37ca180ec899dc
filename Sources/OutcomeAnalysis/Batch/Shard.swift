/// One of n deterministic slices of a spec's expanded analyses (`--shard i/n`): analysis k
/// (0-based, in spec order) belongs to shard (k mod n) + 1, so shards stay balanced however
/// the spec groups its analyses — the shape a Slurm array job or a CI matrix expects.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based index of this shard.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// Shard `index` of `count` (1 ≤ index ≤ count).
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) out of range")
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    ///
    /// - Throws: ``AnalysisError/spec(file:line:column:message:)`` with the expected form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw AnalysisError.usage("--shard '\(text)' must look like i/n with 1 ≤ i ≤ n, e.g. 2/3")
        }
        self.init(index: i, count: n)
    }

    /// Whether the analysis at `position` (0-based) belongs to this shard.
    public func contains(position: Int) -> Bool { position % count == index - 1 }

    public var description: String { "\(index)/\(count)" }

    /// File name of this shard's manifest under `shards/`.
    var manifestName: String { "shard-\(index)-of-\(count).json" }
}
