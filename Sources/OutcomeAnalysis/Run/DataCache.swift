import CohortData
import OutcomeStats

/// Loads each data file once per run, however many analyses read it.
final class DataCache {
    private var frames: [String: Frame] = [:]
    private let loader: CohortLoader

    init(loader: CohortLoader = CohortLoader()) {
        self.loader = loader
    }

    /// Every frame loaded so far, by path.
    var loadedFrames: [String: Frame] { frames }

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
