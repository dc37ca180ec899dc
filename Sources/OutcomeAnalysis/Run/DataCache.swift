import CohortData
import OutcomeStats

/// Loads each data file once per run, however many analyses read it.
final class DataCache {
    private var frames: [String: Frame] = [:]
    private let loader: CohortLoader

    init(loader: CohortLoader = CohortLoader()) {
        self.loader = loader
    }

    /// A cache whose loader maps file header names onto contract names: `columnMapping` is a
    /// spec's `columns:` (contract name → the file's header name).
    convenience init(columnMapping: [String: String]) {
        var schema = CohortSchema.default
        for (contract, header) in columnMapping { schema.aliases[header] = contract }
        self.init(loader: CohortLoader(schema: schema))
    }

    /// The frame of the file at `path`, loading it on first use.
    ///
    /// - Throws: ``AnalysisError/data(_:)`` with file, line and column of the fault.
    func frame(at path: String) throws -> Frame {
        if let frame = frames[path] { return frame }
        do {
            let frame = try loader.load(path: path)
            frames[path] = frame
            return frame
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
    }
}
