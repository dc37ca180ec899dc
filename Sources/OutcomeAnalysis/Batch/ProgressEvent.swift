/// Progress of a batch run, reported once per finished analysis.
public struct ProgressEvent: Sendable {
    /// Analyses finished so far (including this one).
    public let completed: Int
    /// Analyses in this run.
    public let total: Int
    /// The analysis that just finished.
    public let name: String
    /// Whether it succeeded.
    public let succeeded: Bool
    /// Seconds since the run started.
    public let elapsed: Double

    /// A plain log line: `[3/16] pain-acute: done (2.1 s)`.
    public var line: String {
        "[\(completed)/\(total)] \(name): \(succeeded ? "done" : "FAILED") (\(String(format: "%.1f", elapsed)) s)"
    }
}
