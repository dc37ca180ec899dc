import CohortData
import Foundation

/// A synthetic cohort to write, as `outcomes simulate` asks for it.
///
/// ```swift
/// let truthPath = try SimulationRequest(patients: 300, seed: 2026).write(to: "cohort.csv")
/// ```
public struct SimulationRequest: Sendable {
    /// Number of patients.
    public let patients: Int
    /// Generator seed.
    public let seed: UInt64

    /// A request for `patients` patients from `seed`.
    public init(patients: Int, seed: UInt64) {
        precondition(patients > 0, "a simulated cohort needs at least one patient")
        self.patients = patients
        self.seed = seed
    }

    private var simulator: CohortSimulator { CohortSimulator(patients: patients, seed: seed) }

    /// The cohort CSV text.
    public func csv() -> String { simulator.csv() }

    /// Writes the CSV to `path` and the true parameters to `path` with its extension replaced
    /// by `.truth.json`, each atomically.
    ///
    /// - Returns: the path of the parameters file.
    /// - Throws: ``AnalysisError/io(path:message:)``.
    @discardableResult
    public func write(to path: String) throws -> String {
        let simulator = self.simulator
        let truthPath = Self.truthPath(for: path)
        try AtomicFileWriter.write(simulator.csv(), to: path)
        try AtomicFileWriter.write(simulator.truthJSON(), to: truthPath)
        return truthPath
    }

    /// `cohort.csv` → `cohort.truth.json`.
    public static func truthPath(for path: String) -> String {
        let base = path.hasSuffix(".csv") ? String(path.dropLast(4)) : path
        return base + ".truth.json"
    }
}
