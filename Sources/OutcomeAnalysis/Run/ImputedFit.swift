import CohortData
import Foundation
import OutcomeReports
import OutcomeStats

/// The missing-data assumption of a multiple imputation (`--impute`).
public enum ImputationAssumption: String, Sendable, CaseIterable {
    /// Missing at random: sequential regression within group.
    case mar
    /// Reference-based imputations (Carpenter, Roger & Kenward 2013): not available yet, refused by name.
    case jumpToReference = "jump-to-reference", copyReference = "copy-reference"
    case copyIncrements = "copy-increments", lastMean = "last-mean"
}

/// A multiple-imputation request of `outcomes fit`: `--impute mar --imputations M --seed S
/// [--impute-by ARM] [--write-imputations DIR]`.
///
/// The outcome (the formula's response) is imputed on the long data before any `--subset`, so
/// that an analysis at the last visit uses the earlier visits; each completed data set is fitted
/// with the formula's model (a linear model or an MMRM) and the coefficients pooled by Rubin's
/// rules (``OutcomeStats/PooledEstimate``).
public struct ImputationRequest: Sendable, Equatable {
    /// The assumption; only `mar` is available.
    public var assumption: ImputationAssumption = .mar
    /// m, the number of imputations (2 … 10,000).
    public var imputations: Int = 20
    /// The seed of the draws.
    public var seed: UInt64 = 1
    /// The column within whose levels the imputation model is fitted (the arm), or `nil`.
    public var group: String?
    /// A directory to write each completed data set to (`imputation-001.csv`, …), or `nil`.
    public var writeDirectory: String?
    /// The δ grid of a tipping-point analysis (`--delta 0,0.5,1`): every imputed value of the
    /// arms other than the reference level of ``group`` shifted by δ; empty for none.
    public var deltas: [Double] = []

    /// A request.
    public init(assumption: ImputationAssumption = .mar, imputations: Int = 20, seed: UInt64 = 1, group: String? = nil,
                writeDirectory: String? = nil) {
        self.assumption = assumption
        self.imputations = imputations
        self.seed = seed
        self.group = group
        self.writeDirectory = writeDirectory
    }
}

/// One coefficient pooled over the imputations, beside its complete-case fit.
struct PooledCoefficient {
    let term: String
    let pooled: PooledEstimate?
    let completeCase: Coefficient?
}

/// Fits a model to each completed data set and pools the coefficients.
enum ImputedFit {
    /// The pooled fit of `formula` to `loaded` (the whole file, derived columns added), or an
    /// error naming what cannot be done.
    static func run(_ formula: Formula, request: FitRequest, imputation: ImputationRequest, loaded: Frame) throws -> String {
        let label = request.dataPath
        func refuse(_ message: String) -> AnalysisError { .model(analysis: nil, file: label, .domain(message)) }
        guard imputation.assumption == .mar else {
            throw refuse("--impute \(imputation.assumption.rawValue): reference-based imputation is not available yet; use --impute mar")
        }
        guard (2...10_000).contains(imputation.imputations) else {
            throw refuse("--imputations \(imputation.imputations): use 2 to 10,000 imputations")
        }
        guard request.family == .gaussian, !formula.isMixed else {
            throw refuse("multiple imputation is available for linear models and MMRMs; this formula is a \(formula.isMixed ? "mixed model" : "GLM")")
        }
        guard request.inference.isEmpty else {
            throw refuse("--anova, --emmeans, --test, --compare and --predict are not pooled over imputations yet; drop them with --impute")
        }
        guard request.weights == nil else { throw refuse("--weights with --impute is not available yet") }
        let patient = request.patientColumn, visit = request.visitColumn
        let term = formula.covarianceTerm
        let excluded = Set([formula.response, patient, visit, imputation.group].compactMap { $0 }
                           + (term.map { [$0.time, $0.subject] + $0.groups } ?? []))
        let covariates = formula.variables.filter { !excluded.contains($0) && loaded.contains($0) }
        let imputer: MonotoneRegressionImputation
        do {
            imputer = try MonotoneRegressionImputation(frame: loaded, response: formula.response, subject: patient, visit: visit,
                                                       group: imputation.group, covariates: covariates)
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: nil, file: label, error)
        }
        let completeCase = Dictionary(try fit(formula, request: request, frame: loaded).map { ($0.0.term, $0.0) },
                                      uniquingKeysWith: { a, _ in a })
        let pooled = try pool(formula, request: request, imputation: imputation, imputer: imputer, completeCase: completeCase,
                              shifts: [:], writing: imputation.writeDirectory)
        var tipping: [(delta: Double, coefficients: [PooledCoefficient])] = []
        if !imputation.deltas.isEmpty {
            guard let group = imputation.group else {
                throw refuse("--delta shifts the imputed values of the active arms: name the arm with --impute-by")
            }
            let reference = request.referenceLevels[group] ?? imputer.groupLevels.first ?? ""
            guard imputer.groupLevels.contains(reference) else {
                throw refuse("--reference \(group)=\(reference): '\(reference)' is not a level of '\(group)'")
            }
            for delta in imputation.deltas {
                let shifts = Dictionary(uniqueKeysWithValues: imputer.groupLevels.filter { $0 != reference }.map { ($0, delta) })
                tipping.append((delta, try pool(formula, request: request, imputation: imputation, imputer: imputer,
                                                completeCase: completeCase, shifts: shifts, writing: nil)))
            }
        }
        return ImputedFitRendering(formula: formula, dataLabel: label, imputation: imputation, imputer: imputer,
                                   coefficients: pooled, isMMRM: formula.isMMRM, tipping: tipping,
                                   shiftedTerms: imputation.group.map { g in pooled.map(\.term).filter { $0.hasPrefix(g) } } ?? [])
            .rendered(request.format)
    }

    /// Imputes m data sets (the imputed values of the groups in `shifts` moved by their δ),
    /// fits each and pools every coefficient by Rubin's rules. Imputations are independent: each
    /// runs on its own core and they are collected by index, so the result does not depend on
    /// the number of threads.
    static func pool(_ formula: Formula, request: FitRequest, imputation: ImputationRequest,
                     imputer: MonotoneRegressionImputation, completeCase: [String: Coefficient],
                     shifts: [String: Double], writing directory: String?) throws -> [PooledCoefficient] {
        let label = request.dataPath
        let m = imputation.imputations
        let results = ResultSlots<[(Coefficient, Double)]>(count: m)
        DispatchQueue.concurrentPerform(iterations: m) { offset in
            let index = offset + 1
            results.set(offset, Result {
                let completed: Frame
                do {
                    completed = try imputer.completedFrame(seed: imputation.seed, imputation: index, shifts: shifts)
                } catch let error as StatsError {
                    throw AnalysisError.model(analysis: nil, file: label, error)
                }
                if let directory {
                    var writer = CSVWriter()
                    writer.integersWithoutFraction = true
                    let bytes = try writer.bytes(of: completed)
                    try AtomicFileWriter.write(Data(bytes), relativePath: String(format: "imputation-%03d.csv", index), under: directory)
                }
                return try fit(formula, request: request, frame: completed, imputed: true)
            })
        }
        var perTerm: [String: (estimates: [Double], variances: [Double], df: [Double])] = [:]
        var terms: [String] = []
        for offset in 0..<m {
            let coefficients = try results.get(offset).get()
            if offset == 0 { terms = coefficients.map(\.0.term) }
            for (coefficient, df) in coefficients {
                guard let estimate = coefficient.estimate, let se = coefficient.standardError else { continue }
                perTerm[coefficient.term, default: ([], [], [])].estimates.append(estimate)
                perTerm[coefficient.term, default: ([], [], [])].variances.append(se * se)
                perTerm[coefficient.term, default: ([], [], [])].df.append(df)
            }
        }
        var pooled: [PooledCoefficient] = []
        for term in terms {
            guard let values = perTerm[term], values.estimates.count == m else {
                pooled.append(PooledCoefficient(term: term, pooled: nil, completeCase: completeCase[term]))
                continue
            }
            // ν_com: the complete-data df (the residual df of a linear model; the mean of an
            // MMRM coefficient's df over the imputations).
            let com = values.df.reduce(0, +) / Double(values.df.count)
            let estimate = try PooledEstimate(estimates: values.estimates, variances: values.variances,
                                              completeDataDegreesOfFreedom: com)
            pooled.append(PooledCoefficient(term: term, pooled: estimate, completeCase: completeCase[term]))
        }
        return pooled
    }

    /// The coefficients and their complete-data df of one fit. An imputed MMRM takes its
    /// Satterthwaite df (ν_com for Rubin's rules) from the expected information, which costs no
    /// observed Hessian (8 gradients per covariance parameter, per imputation).
    static func fit(_ formula: Formula, request: FitRequest, frame loaded: Frame, imputed: Bool = false) throws -> [(Coefficient, Double)] {
        let (_, frame) = try AnalysisFrame.prepare(loaded, formula: formula, responder: nil, subset: request.subset,
                                                   fileLabel: request.dataPath, analysis: nil)
        if formula.isMMRM {
            let fit = try fitMMRM(formula, references: request.referenceLevels, estimation: request.estimation,
                                  degreesOfFreedom: request.degreesOfFreedom, covariance: request.covariance, weights: nil,
                                  frame: frame, fileLabel: request.dataPath, analysis: nil,
                                  information: imputed && (request.degreesOfFreedom ?? .satterthwaite) == .satterthwaite ? .expected : .observed)
            return zip(fit.coefficients, fit.degreesOfFreedom).map { ($0, $1 ?? .nan) }
        }
        let fit = try fitLinearModel(formula, references: request.referenceLevels, frame: frame, fileLabel: request.dataPath,
                                     analysis: nil, covariance: request.covariance)
        return fit.coefficients.map { ($0, Double(fit.residualDegreesOfFreedom)) }
    }
}

/// One result per index, set from concurrent work and read after it.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Result<Value, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<Value, Error>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Result<Value, Error> {
        lock.lock()
        defer { lock.unlock() }
        return slots[index]!
    }
}
