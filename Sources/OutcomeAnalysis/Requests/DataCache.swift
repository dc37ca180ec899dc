import CohortData
import OutcomeStats

/// Loads each data file once per run, however many analyses read it, and derives the columns
/// a model names but the file lacks (``CohortData/DerivedColumns``: `pain_nrs_change`,
/// `pain_nrs_baseline`, `pain_nrs_responder`, …).
final class DataCache {
    private var frames: [String: Frame] = [:]
    private let schema: CohortSchema

    init(schema: CohortSchema = .analysis) {
        self.schema = schema
    }

    /// A cache whose loads map file header names onto contract names by default:
    /// `columnMapping` is a spec's `columns:` (contract name → the file's header name).
    convenience init(columnMapping: [String: String]) {
        self.init(schema: Self.schema(columnMapping, base: .analysis))
    }

    /// `base` with `mapping` (contract name → file header name) added to its aliases.
    static func schema(_ mapping: [String: String], base: CohortSchema) -> CohortSchema {
        var schema = base
        for (contract, header) in mapping { schema.aliases[header] = contract }
        return schema
    }

    /// The frame of the file at `path`, loading it on first use, with the derivable columns of
    /// `names` added.
    ///
    /// - Parameters:
    ///   - path: The data file.
    ///   - mapping: Contract name → file header name (a spec's `columns:`).
    ///   - names: Columns a model needs; derivable ones the file lacks are derived.
    /// - Throws: ``AnalysisError/data(_:)`` with file, line and column of the fault.
    func frame(at path: String, columns mapping: [String: String] = [:], categorical: [String] = [],
               deriving names: [String] = []) throws -> Frame {
        let key = Self.key(path: path, columns: mapping, categorical: categorical)
        do {
            let frame: Frame
            if let cached = frames[key] {
                frame = cached
            } else {
                frame = try CohortLoader(schema: Self.schema(mapping, base: schema.declaring(categorical: categorical))).load(path: path)
                frames[key] = frame
            }
            return names.isEmpty ? frame
                : try DerivedColumns(cutPoints: schema.cohortCutPoints).adding(names, to: frame, fileName: path)
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
    }

    /// The frame `outcomes fit` fits: the file at `path` loaded with only the columns `fit`
    /// reads when that suffices (see ``FitColumns``), else loaded whole as
    /// ``frame(at:columns:deriving:)`` loads it; with the derivable columns of `names` added.
    ///
    /// A file the projected load rejects is loaded whole too, so the error is the first of the
    /// whole file, exactly as without the projection. Projected frames are not cached.
    ///
    /// - Throws: ``AnalysisError/data(_:)`` with file, line and column of the fault.
    func frame(at path: String, reading fit: FitColumns?, deriving names: [String],
               roles: (patient: String, visit: String) = ("patient_id", "week")) throws -> Frame {
        let derivations = DerivedColumns(patient: roles.patient, time: roles.visit, cutPoints: schema.cohortCutPoints)
        if let fit, let projected = try? CohortLoader(schema: schema).load(path: path, columns: fit.selection),
           fit.isComplete(projected) {
            do {
                return try derivations.adding(names, to: projected, fileName: path)
            } catch let error as CohortDataError {
                throw AnalysisError.data(error)
            }
        }
        let whole = try frame(at: path)
        do {
            return names.isEmpty ? whole : try derivations.adding(names, to: whole, fileName: path)
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
    }

    /// The cache key of a file read with a column mapping and columns forced categorical.
    static func key(path: String, columns mapping: [String: String], categorical: [String] = []) -> String {
        path + "\u{0}" + mapping.keys.sorted().map { "\($0)=\(mapping[$0]!)" }.joined(separator: "\u{0}")
            + "\u{1}" + categorical.sorted().joined(separator: "\u{0}")
    }

    /// `frame` (from `path`) with the derivable columns of `names` it lacks added — the step
    /// ``frame(at:columns:deriving:)`` does after loading, for callers holding a loaded frame.
    ///
    /// - Throws: ``AnalysisError/data(_:)``.
    static func deriving(_ names: [String], in frame: Frame, path: String, schema: CohortSchema = .analysis,
                         roles: (patient: String, visit: String) = ("patient_id", "week")) throws -> Frame {
        do {
            return try DerivedColumns(patient: roles.patient, time: roles.visit, cutPoints: schema.cohortCutPoints)
                .adding(names, to: frame, fileName: path)
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
    }
}
