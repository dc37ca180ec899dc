import CohortData
import Foundation
import OutcomeReports
import OutcomeStats

/// The missing-data assumption of a multiple imputation (`--impute`): `mar`, or a
/// reference-based one (``OutcomeStats/ReferenceBasedAssumption``).
public typealias ImputationAssumption = ReferenceBasedAssumption

/// How the imputations are made (`--impute-method`).
public enum ImputationMethod: String, Sendable, CaseIterable {
    /// m imputations, each from parameters drawn from their posterior, pooled by Rubin's rules.
    case approximateBayesian = "approximate-bayesian"
    /// One imputation by conditional means under the estimated parameters, with jackknife
    /// standard errors over the subjects (rbmi's `method_condmean(type = "jackknife")`).
    case conditionalMean = "conditional-mean"
}

/// A multiple-imputation request of `outcomes fit`: `--impute mar --imputations M --seed S
/// [--impute-by ARM] [--write-imputations DIR]`.
///
/// The outcome (the formula's response) is imputed on the long data before any `--subset`, so
/// that an analysis at the last visit uses the earlier visits; each completed data set is fitted
/// with the formula's model (a linear model or an MMRM) and the coefficients pooled by Rubin's
/// rules (``OutcomeStats/PooledEstimate``).
public struct ImputationRequest: Sendable, Equatable {
    /// The assumption.
    public var assumption: ImputationAssumption = .mar
    /// The method.
    public var method: ImputationMethod = .approximateBayesian
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
    /// A numeric column, 1 at the visits after a subject left treatment and 0 before
    /// (`--discontinued`): those visits' outcomes are set aside and imputed, under a
    /// reference-based assumption from the first flagged visit (subjects never flagged under
    /// MAR), under MAR as if treatment had continued; `nil` for none.
    public var discontinuation: String?
    /// How continuous values are drawn by a MAR regression imputation (`--impute-model`):
    /// normal regression or predictive mean matching.
    public var model: UnivariateImputationModel = .norm
    /// The reference arm (a level of ``group``); `nil` takes the fit's `--reference` level of
    /// the group, else its first level.
    public var reference: String?

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

/// One coefficient combined over the imputations, beside its complete-case fit.
struct PooledCoefficient {
    let term: String
    let pooled: CombinedEstimate?
    let completeCase: Coefficient?
}

/// An estimate combined over imputations: by Rubin's rules (``rubin``), or the conditional-mean
/// estimate with its jackknife standard error and a normal reference distribution.
struct CombinedEstimate {
    let estimate: Double
    let standardError: Double
    /// The df of the t reference, `nil` for the normal.
    let degreesOfFreedom: Double?
    /// Rubin's rules' details, `nil` for the jackknife.
    let rubin: PooledEstimate?
    let jackknife: JackknifeEstimate?

    init(_ pooled: PooledEstimate) {
        estimate = pooled.estimate
        standardError = pooled.standardError
        degreesOfFreedom = pooled.degreesOfFreedom
        rubin = pooled
        jackknife = nil
    }

    init(jackknife: JackknifeEstimate) {
        estimate = jackknife.estimate
        standardError = jackknife.standardError
        degreesOfFreedom = nil
        rubin = nil
        self.jackknife = jackknife
    }

    var pValue: Double { rubin?.pValue ?? jackknife!.pValue }

    func confidenceInterval(level: Double = 0.95) -> (low: Double, high: Double) {
        rubin?.confidenceInterval(level: level) ?? jackknife!.confidenceInterval(level: level)
    }
}

/// Fits a model to each completed data set and pools the coefficients.
enum ImputedFit {
    /// The pooled fit of `formula` to `loaded` (the whole file, derived columns added), rendered
    /// in the request's format, or an error naming what cannot be done.
    static func run(_ formula: Formula, request: FitRequest, imputation: ImputationRequest, loaded: Frame,
                    progress: ImputationProgressHandler? = nil) throws -> String {
        try compute(formula, request: request, imputation: imputation, loaded: loaded, progress: progress).rendered(request.format)
    }

    /// The pooled fit of `formula` to `loaded`, with the tipping-point grid when one is asked for.
    ///
    /// - Parameters:
    ///   - analysis: The spec analysis' name, for errors; `nil` for `outcomes fit`.
    ///   - progress: Called after each completed data set is fitted (or jackknife replicate).
    static func compute(_ formula: Formula, request: FitRequest, imputation: ImputationRequest, loaded: Frame,
                        analysis: String? = nil, progress: ImputationProgressHandler? = nil) throws -> ImputedFitResult {
        let label = request.dataPath
        func refuse(_ message: String) -> AnalysisError { .model(analysis: analysis, file: label, .domain(message)) }
        guard imputation.method == .conditionalMean || (2...10_000).contains(imputation.imputations) else {
            throw refuse("--imputations \(imputation.imputations): use 2 to 10,000 imputations")
        }
        guard !formula.isMixed else {
            throw refuse("multiple imputation is available for linear models, GLMs and MMRMs; this formula is a linear mixed model (random terms): use an MMRM covariance term such as us(week | patient_id)")
        }
        guard request.family == .gaussian || !formula.isMMRM else {
            throw refuse("--family \(request.family.rawValue) with a covariance term: an MMRM is a linear model")
        }
        guard request.inference.isEmpty else {
            throw refuse("--anova, --emmeans, --test, --compare and --predict are not pooled over imputations yet; drop them with --impute")
        }
        guard request.weights == nil else { throw refuse("--weights with --impute is not available yet") }
        let patient = request.patientColumn, visit = request.visitColumn
        let term = formula.covarianceTerm
        // The outcome imputed is the measured score: for a response derived from it (its
        // change, percent change or responder indicator) the score itself, the response being
        // derived again from each completed data set.
        let outcome = imputedOutcome(of: formula.response, in: loaded)
        let excluded = Set([formula.response, outcome, patient, visit, imputation.group].compactMap { $0 }
                           + (term.map { [$0.time, $0.subject] + $0.groups } ?? []))
        // Columns derived from the outcome (its baseline, change, …) are recomputed from each
        // completed data set rather than imputed on their own.
        let derivedFromOutcome = Set(BaselineDerivation.Quantity.allCases.map { "\(outcome)_\($0.rawValue)" })
        let rederived = ([formula.response] + formula.variables.filter { $0 != formula.response }).filter(derivedFromOutcome.contains)
        if request.family == .binomial && outcome == formula.response {
            throw refuse("--family binomial with --impute: the response '\(formula.response)' would be imputed by a normal model; impute the score it comes from with a derived response such as '\(formula.response)_responder'")
        }
        let covariates = formula.variables.filter { !excluded.contains($0) && !derivedFromOutcome.contains($0) && loaded.contains($0) }
        let reference = imputation.group.map { imputation.reference ?? request.referenceLevels[$0] ?? "" }
        let imputer: any LongitudinalImputation
        var setAside: (values: Int, subjects: Int)?
        do {
            if imputation.assumption == .mar && imputation.method == .approximateBayesian {
                var source = loaded
                if let flag = imputation.discontinuation {
                    let (frame, values, first) = try ReferenceBasedImputation.settingAside(loaded, response: outcome, subject: patient,
                                                                                           visit: visit, flag: flag)
                    source = frame
                    setAside = (values, first.count)
                }
                let chained = try ChainedEquationsImputation(frame: source, response: outcome, subject: patient, visit: visit,
                                                             group: imputation.group, covariates: covariates, model: imputation.model)
                imputer = chained.needsChains ? chained
                    : try MonotoneRegressionImputation(frame: source, response: outcome, subject: patient, visit: visit,
                                                       group: imputation.group, covariates: covariates, model: imputation.model)
            } else {
                guard imputation.model == .norm else {
                    throw refuse("--impute-model \(imputation.model.rawValue) applies to MAR imputation by regression (--impute mar, the approximate-Bayesian method); \(imputation.assumption == .mar ? "conditional-mean imputation" : "reference-based imputation") draws from the multivariate normal")
                }
                guard let group = imputation.group else {
                    throw refuse("--impute \(imputation.assumption.rawValue)\(imputation.method == .conditionalMean ? " --impute-method conditional-mean" : ""): name the arm with --impute-by (by: in a spec) and its reference level with --reference ARM=LEVEL")
                }
                let levels = try ImputationLevels.of(group, in: loaded, label: label)
                imputer = try ReferenceBasedImputation(frame: loaded, response: outcome, subject: patient, visit: visit,
                                                       group: group, reference: reference.flatMap { $0.isEmpty ? nil : $0 } ?? levels[0],
                                                       covariates: covariates, assumption: imputation.assumption,
                                                       discontinuation: imputation.discontinuation)
                if let reference = imputer as? ReferenceBasedImputation, reference.discontinuation != nil {
                    setAside = (reference.setAsideCount, reference.discontinuedSubjects)
                }
            }
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: analysis, file: label, error)
        }
        let completeCase = Dictionary(try fit(formula, request: request, frame: loaded).map { ($0.0.term, $0.0) },
                                      uniquingKeysWith: { a, _ in a })
        @Sendable func counting(_ stage: String) -> (@Sendable (Int, Int) -> Void)? {
            guard let progress else { return nil }
            return { completed, total in progress(ImputationProgress(stage: stage, completed: completed, total: total)) }
        }
        func combine(_ shifts: [String: Double], _ directory: String?, _ delta: Double?) throws -> [PooledCoefficient] {
            let suffix = delta.map { " at δ = " + ImputedFitResult.deltaText($0) } ?? ""
            if imputation.method == .conditionalMean, let imputer = imputer as? ReferenceBasedImputation {
                return try jackknife(formula, request: request, imputer: imputer, completeCase: completeCase, shifts: shifts,
                                     rederiving: rederived, writing: directory, progress: counting("jackknife refits" + suffix))
            }
            return try pool(formula, request: request, imputation: imputation, imputer: imputer, completeCase: completeCase,
                            shifts: shifts, rederiving: rederived, writing: directory, progress: counting("imputations" + suffix))
        }
        let pooled = try combine([:], imputation.writeDirectory, nil)
        var tipping: [(delta: Double, coefficients: [PooledCoefficient])] = []
        if !imputation.deltas.isEmpty {
            guard let group = imputation.group else {
                throw refuse("--delta shifts the imputed values of the active arms: name the arm with --impute-by")
            }
            let level = reference.flatMap { $0.isEmpty ? nil : $0 } ?? imputer.groupLevels.first ?? ""
            guard imputer.groupLevels.contains(level) else {
                throw refuse("--reference \(group)=\(level): '\(level)' is not a level of '\(group)'")
            }
            for delta in imputation.deltas {
                let shifts = Dictionary(uniqueKeysWithValues: imputer.groupLevels.filter { $0 != level }.map { ($0, delta) })
                tipping.append((delta, try combine(shifts, nil, delta)))
            }
        }
        return ImputedFitResult(formula: formula, dataLabel: label, imputation: imputation, imputer: imputer, outcome: outcome, setAside: setAside,
                                coefficients: pooled, isMMRM: formula.isMMRM, family: request.family.glmFamily, tipping: tipping,
                                shiftedTerms: imputation.group.map { g in pooled.map(\.term).filter { $0.hasPrefix(g) } } ?? [])
    }

    /// Imputes m data sets (the imputed values of the groups in `shifts` moved by their δ),
    /// fits each and pools every coefficient by Rubin's rules. Imputations are independent: each
    /// runs on its own core and they are collected by index, so the result does not depend on
    /// the number of threads.
    static func pool(_ formula: Formula, request: FitRequest, imputation: ImputationRequest,
                     imputer: any LongitudinalImputation, completeCase: [String: Coefficient],
                     shifts: [String: Double], rederiving rederived: [String], writing directory: String?,
                     progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [PooledCoefficient] {
        let label = request.dataPath
        let m = imputation.imputations
        let source = try directory.flatMap { _ in try sourceTable(request.dataPath) }
        let onFill: (@Sendable (Int) -> Void)? = progress.map { report in { @Sendable completed in report(completed, m) } }
        let results = ResultSlots<[(Coefficient, Double)]>(count: m, onFill: onFill)
        DispatchQueue.concurrentPerform(iterations: m) { offset in
            let index = offset + 1
            results.set(offset, Result {
                let completed: Frame
                do {
                    completed = try rederive(rederived, in: try imputer.completedFrame(seed: imputation.seed, imputation: index, shifts: shifts),
                                             request: request)
                } catch let error as StatsError {
                    throw AnalysisError.model(analysis: nil, file: label, error)
                }
                if let directory {
                    var writer = CSVWriter()
                    writer.integersWithoutFraction = true
                    let bytes = try writer.bytes(of: completed, keepingCellsOf: source)
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
            pooled.append(PooledCoefficient(term: term, pooled: CombinedEstimate(estimate), completeCase: completeCase[term]))
        }
        return pooled
    }

    /// The conditional-mean estimate of every coefficient (the fit of the data completed by
    /// conditional means) with its jackknife standard error: each subject left out of both the
    /// imputation model and the analysis in turn, SE² = (n − 1)/n · Σ(θ₍ᵢ₎ − θ̄₍.₎)² (rbmi's
    /// `method_condmean(type = "jackknife")`). Replicates run concurrently and are collected by
    /// index.
    static func jackknife(_ formula: Formula, request: FitRequest, imputer: ReferenceBasedImputation,
                          completeCase: [String: Coefficient], shifts: [String: Double], rederiving rederived: [String],
                          writing directory: String?, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [PooledCoefficient] {
        let label = request.dataPath
        @Sendable func completed(excluding excluded: Set<Int>) throws -> Frame {
            do {
                return try rederive(rederived, in: try imputer.conditionalMeanFrame(shifts: shifts, excluding: excluded), request: request)
            } catch let error as StatsError {
                throw AnalysisError.model(analysis: nil, file: label, error)
            }
        }
        let full = try completed(excluding: [])
        if let directory {
            var writer = CSVWriter()
            writer.integersWithoutFraction = true
            try AtomicFileWriter.write(Data(try writer.bytes(of: full, keepingCellsOf: try sourceTable(request.dataPath))),
                                       relativePath: "imputation-001.csv", under: directory)
        }
        let estimates = try fit(formula, request: request, frame: full, imputed: true).map(\.0)
        let n = imputer.subjectCount
        let onFill: (@Sendable (Int) -> Void)? = progress.map { report in { @Sendable completed in report(completed, n) } }
        let results = ResultSlots<[String: Double]>(count: n, onFill: onFill)
        DispatchQueue.concurrentPerform(iterations: n) { subject in
            results.set(subject, Result {
                let replicate = try fit(formula, request: request, frame: try completed(excluding: [subject]), imputed: true)
                return Dictionary(replicate.compactMap { c in c.0.estimate.map { (c.0.term, $0) } }, uniquingKeysWith: { a, _ in a })
            })
        }
        let replicates = try (0..<n).map { try results.get($0).get() }
        return try estimates.map { coefficient in
            guard let estimate = coefficient.estimate else {
                return PooledCoefficient(term: coefficient.term, pooled: nil, completeCase: completeCase[coefficient.term])
            }
            let values = replicates.compactMap { $0[coefficient.term] }
            guard values.count == n else {
                return PooledCoefficient(term: coefficient.term, pooled: nil, completeCase: completeCase[coefficient.term])
            }
            let jackknife = try JackknifeEstimate(estimate: estimate, replicates: values)
            return PooledCoefficient(term: coefficient.term, pooled: CombinedEstimate(jackknife: jackknife),
                                     completeCase: completeCase[coefficient.term])
        }
    }

    /// The cells of a CSV data file as written, for completed data sets that repeat them; `nil`
    /// for SPSS, Stata and SAS files (their completed data sets are written from the values).
    static func sourceTable(_ path: String) throws -> CSVTable? {
        guard StatisticalFileFormat(path: path) == nil else { return nil }
        do {
            return try CSVReader().read(Array(try Data(contentsOf: URL(fileURLWithPath: path))), fileName: path)
        } catch let error as CohortDataError {
            throw AnalysisError.data(error)
        }
    }

    /// `frame` with the columns `names` (derived from the outcome: its baseline, change, …)
    /// derived again from its completed outcome.
    static func rederive(_ names: [String], in frame: Frame, request: FitRequest) throws -> Frame {
        guard !names.isEmpty else { return frame }
        let dropped = Set(names)
        let kept = try Frame(columns: frame.columnNames.filter { !dropped.contains($0) }.map { ($0, frame[$0]!) })
        return try DataCache.deriving(names, in: kept, path: request.dataPath, roles: (request.patientColumn, request.visitColumn))
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
        if let family = request.family.glmFamily {
            let fit = try fitGeneralizedLinearModel(formula, family: family, references: request.referenceLevels, frame: frame,
                                                    fileLabel: request.dataPath, analysis: nil)
            return fit.coefficients.map { ($0, Double(fit.residualDegreesOfFreedom)) }
        }
        let fit = try fitLinearModel(formula, references: request.referenceLevels, frame: frame, fileLabel: request.dataPath,
                                     analysis: nil, covariance: request.covariance)
        return fit.coefficients.map { ($0, Double(fit.residualDegreesOfFreedom)) }
    }

    /// The column imputed for `response`: the score `X` when the response is derived from it
    /// (`X_change`, `X_pct_change`, `X_responder`) and `X` is a column of `frame`, else the
    /// response itself.
    static func imputedOutcome(of response: String, in frame: Frame) -> String {
        for quantity in BaselineDerivation.Quantity.allCases where quantity != .baseline {
            let suffix = "_" + quantity.rawValue
            guard response.hasSuffix(suffix) else { continue }
            let base = String(response.dropLast(suffix.count))
            if case .numeric? = frame[base] { return base }
        }
        return response
    }
}

/// The levels of the imputation group.
enum ImputationLevels {
    static func of(_ group: String, in frame: Frame, label: String) throws -> [String] {
        guard case .categorical(let c)? = frame[group], !c.levels.isEmpty else {
            throw AnalysisError.model(analysis: nil, file: label, .domain("--impute-by '\(group)': the arm must be a categorical column of the data"))
        }
        return c.levels
    }
}
