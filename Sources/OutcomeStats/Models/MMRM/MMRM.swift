import Foundation

/// A mixed model for repeated measures (MMRM): fixed effects and a structured within-subject
/// covariance across visits, the primary analysis of a randomized trial as SAS PROC MIXED
/// (`REPEATED visit / SUBJECT=patient TYPE=UN`) and R's mmrm fit it.
///
/// The formula names the covariance in mmrm's notation, as one term of its own:
///
/// ```swift
/// let model = try MMRM("pain_nrs_change ~ pain_nrs_baseline + technique * visit + us(visit | patient_id)")
/// let fit = try model.fit(to: frame)
/// fit.coefficients.map { ($0.term, $0.estimate, $0.pValue) }
/// fit.degreesOfFreedom          // Satterthwaite, per coefficient
/// fit.covarianceMatrices[0]     // Σ̂, visit by visit
/// ```
///
/// Estimation profiles the fixed effects out by generalized least squares and finds the
/// covariance parameters by Fisher scoring with exact gradients (``MMRMLikelihood``), starting
/// from the empirical covariance of the least-squares residuals, with step halving. Subjects are
/// pooled by their pattern of observed visits, so an evaluation costs nothing per row. The
/// visit of a non-spatial structure is categorical (a numeric column becomes a factor of its
/// values, in numeric order), in the fixed part too; the order of its levels is the order of
/// the visits for `ar1`, `toep` and `ad`.
public struct MMRM: Sendable {
    /// The model formula, with one covariance term (``Formula/covarianceTerm``).
    public let formula: Formula
    /// Coding of categorical variables; absent ones use treatment coding.
    public let contrasts: [String: Contrast]
    /// REML (default) or ML.
    public let estimation: Estimation
    /// How the coefficients' denominator degrees of freedom are found.
    public let degreesOfFreedomMethod: MMRMDegreesOfFreedom
    /// Confidence level of the coefficient intervals.
    public let confidenceLevel: Double
    /// A column of case weights (an observation's variance is divided by its weight; weight-0
    /// observations are left out), or `nil`.
    public let weights: String?
    /// The information matrix behind W = Cov(θ̂) (observed by default).
    public let parameterInformation: MMRMParameterInformation
    /// The covariance of β̂ behind standard errors and tests (model-based by default).
    public let coefficientCovariance: MMRMCoefficientCovariance

    /// A model of `formula`.
    public init(_ formula: Formula, contrasts: [String: Contrast] = [:], estimation: Estimation = .reml,
                degreesOfFreedom: MMRMDegreesOfFreedom = .satterthwaite, confidenceLevel: Double = 0.95,
                weights: String? = nil, parameterInformation: MMRMParameterInformation = .observed,
                coefficientCovariance: MMRMCoefficientCovariance = .modelBased) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1, "confidence level \(confidenceLevel) outside (0, 1)")
        self.parameterInformation = parameterInformation
        self.coefficientCovariance = coefficientCovariance
        self.formula = formula
        self.contrasts = contrasts
        self.estimation = estimation
        self.degreesOfFreedomMethod = degreesOfFreedom
        self.confidenceLevel = confidenceLevel
        self.weights = weights
    }

    /// A model of the formula `text`.
    ///
    /// - Throws: ``StatsError/formulaSyntax(formula:position:message:)``.
    public init(_ text: String, contrasts: [String: Contrast] = [:], estimation: Estimation = .reml,
                degreesOfFreedom: MMRMDegreesOfFreedom = .satterthwaite, confidenceLevel: Double = 0.95,
                weights: String? = nil, parameterInformation: MMRMParameterInformation = .observed,
                coefficientCovariance: MMRMCoefficientCovariance = .modelBased) throws {
        self.init(try Formula(text), contrasts: contrasts, estimation: estimation, degreesOfFreedom: degreesOfFreedom,
                  confidenceLevel: confidenceLevel, weights: weights, parameterInformation: parameterInformation,
                  coefficientCovariance: coefficientCovariance)
    }

    /// The most covariance parameters a fit may have (us over 15 visits has 120): each Fisher
    /// step costs the square of their number per visit pattern, and the observed Hessian
    /// eight gradients per parameter.
    public static let maximumCovarianceParameters = 120

    /// The most distinct visits (or times of `sp_exp`): the covariance is a visits × visits matrix.
    public static let maximumVisits = 200

    /// The most arithmetic a fit may take (about 2 × 10¹², a few minutes on one core): see
    /// the work estimate in ``fit(to:)``.
    public static let maximumWork = 2e12

    /// The most Fisher-scoring iterations.
    public static let maximumIterations = 200

    /// Fits the model to the complete cases of `frame`.
    ///
    /// - Throws: ``StatsError/mixedModel(_:)`` when the formula has no covariance term, a
    ///   subject has two rows at one visit, the fit does not converge or the information is
    ///   singular; the errors of ``ModelMatrix``.
    public func fit(to frame: Frame) throws -> MMRMFit {
        try fit(to: frame, fallback: [])
    }

    /// Fits the model, and when its covariance structure does not converge (or leaves the
    /// positive definite matrices), each structure of `fallback` in turn: the documented
    /// fallback sequence of a trial's analysis plan (`covariance: [us, toeph, ar1h, cs]` in a spec).
    /// The fit says which structure it used and why the others failed
    /// (``MMRMFit/failedStructures``).
    ///
    /// - Throws: the last structure's error when none converges; the errors of ``fit(to:)``.
    public func fit(to frame: Frame, fallback: [CovarianceStructure]) throws -> MMRMFit {
        guard let term = formula.covarianceTerm else {
            throw StatsError.mixedModel("formula '\(excerpt(of: formula.text, around: 1))' has no covariance term such as 'us(visit | patient_id)'")
        }
        if estimation == .ml && (degreesOfFreedomMethod == .kenwardRoger || degreesOfFreedomMethod == .kenwardRogerLinear) {
            throw StatsError.mixedModel("degrees of freedom '\(degreesOfFreedomMethod.rawValue)' need a REML fit (Kenward and Roger derive them from the restricted likelihood); drop the ML estimation or use satterthwaite")
        }
        if coefficientCovariance == .empirical && degreesOfFreedomMethod != .residual && degreesOfFreedomMethod != .betweenWithin {
            throw StatsError.mixedModel("degrees of freedom '\(degreesOfFreedomMethod.rawValue)' are not available with the empirical covariance; use between-within or residual")
        }
        var structures = [term.structure]
        for structure in fallback where !structures.contains(structure) { structures.append(structure) }
        if structures.contains(where: \.isSpatial) && structures.contains(where: { !$0.isSpatial }) {
            throw StatsError.mixedModel("a fallback sequence cannot mix sp_exp (numeric times) with visit structures (a categorical visit): the fixed part would change between them")
        }
        var failures: [MMRMFailedStructure] = []
        for (index, structure) in structures.enumerated() {
            let attempt = CovarianceTerm(structure: structure, time: term.time, groups: term.groups, subject: term.subject)
            do {
                var fit = try fit(to: frame, term: attempt)
                fit.failedStructures = failures
                return fit
            } catch let failure as MMRMConvergenceFailure {
                guard index + 1 < structures.count else { throw StatsError.mixedModel(failure.message) }
                failures.append(MMRMFailedStructure(structure: structure, reason: failure.message))
            }
        }
        preconditionFailure("unreachable: the loop returns or throws")
    }

    private func fit(to frame: Frame, term: CovarianceTerm) throws -> MMRMFit {
        var prepared = try Self.prepare(frame, for: term)
        // The complete cases first, so that a visit no used row has is not a level of the fixed
        // part while missing from the covariance (its LS-means would be NaN, its lag wrong).
        // Observations of weight 0 are left out too, as SAS leaves out nonpositive weights
        // (their variance would be infinite); negative ones are the design's error.
        var missingRows = 0
        let needed = formula.allVariables + (weights.map { [$0] } ?? [])
        if needed.allSatisfy(prepared.contains) {
            var rows = DesignColumns.completeCases(of: needed, in: prepared)
            missingRows = prepared.rowCount - rows.count
            if let weights, case .numeric(let w)? = prepared[weights] { rows = rows.filter { w[$0] != 0 } }
            if rows.count != prepared.rowCount { prepared = prepared.rows(rows) }
            if case .categorical(let visit)? = prepared[term.time] {
                var present = [Bool](repeating: false, count: visit.levels.count)
                for code in visit.codes where code >= 0 { present[Int(code)] = true }
                if present.contains(false) {
                    var remap = [Int32](repeating: -1, count: visit.levels.count)
                    var levels: [String] = []
                    for (level, isPresent) in present.enumerated() where isPresent {
                        remap[level] = Int32(levels.count)
                        levels.append(visit.levels[level])
                    }
                    try prepared.set(term.time, .categorical(CategoricalColumn(levels: levels, codes: visit.codes.map { $0 < 0 ? -1 : remap[Int($0)] })))
                }
            }
        }
        let design = try ModelMatrix(formula: formula, frame: prepared, contrasts: contrasts, weights: weights)
        let coding = try DesignCoding(formula: formula, frame: prepared, contrasts: contrasts)
        precondition(coding.columnNames == design.columnNames, "design coding and model matrix disagree on the columns")
        let n = design.rowCount
        guard n > 0 else { throw StatsError.tooFewObservations(observations: 0, parameters: design.columnCount) }
        let (kept, qr) = try QRDecomposition.droppingAliasedColumns(
            of: design.values, rows: n, columns: design.columnCount, relativeTolerance: LinearModel.rankTolerance)
        let p = kept.count
        guard n > p else { throw StatsError.tooFewObservations(observations: n, parameters: p) }
        let x: [Double] = kept.count == design.columnCount ? design.values : kept.flatMap { design.column($0) }
        // Fit to y − Xβ₀ (``leastSquaresCentered(_:x:qr:columns:)``).
        let (ordinary, y) = try leastSquaresCentered(design.response, x: x, qr: qr, columns: p)
        let scale = design.response.map(abs).max() ?? 0
        guard y.contains(where: { abs($0) > 1e-12 * max(scale, .leastNormalMagnitude) }) else {
            throw StatsError.mixedModel("the fixed effects fit '\(excerpt(of: formula.response, around: 1))' exactly (every least-squares residual is zero to rounding): there is no within-subject variation left for a covariance to model")
        }
        let used = design.usedRows
        let subjects = try RandomEffectsDesign.groups(of: [term.subject], frame: prepared, usedRows: used)
        let visits = try RandomEffectsDesign.groups(of: [term.time], frame: prepared, usedRows: used)
        let groups = term.groups.isEmpty
            ? (codes: [Int32](repeating: 0, count: n), levels: ["all"])
            : try RandomEffectsDesign.groups(of: term.groups, frame: prepared, usedRows: used)
        let visitTimes: [Double]
        if term.structure.isSpatial, case .numeric(let values)? = prepared[term.time] {
            visitTimes = Set(used.map { values[$0] }).sorted()
        } else {
            visitTimes = visits.levels.indices.map(Double.init)
        }
        guard visitTimes.count <= Self.maximumVisits else {
            throw StatsError.mixedModel("'\(excerpt(of: term.time, around: 1))' has \(visitTimes.count) distinct \(term.structure.isSpatial ? "times" : "visits") among the rows used; an MMRM allows \(Self.maximumVisits) (its covariance is visit by visit); round the times or group them into visits")
        }
        let parameterCount = term.structure.parameterCount(visits: visitTimes.count) * groups.levels.count
        guard parameterCount <= Self.maximumCovarianceParameters else {
            throw MMRMConvergenceFailure(message: "'\(excerpt(of: term.description, around: 1))' over \(visitTimes.count) visits"
                + (groups.levels.count > 1 ? " and \(groups.levels.count) groups" : "")
                + " has \(parameterCount) covariance parameters; an MMRM allows \(Self.maximumCovarianceParameters) (us over 15 visits); use a structured covariance such as ar1h or toeph, or fewer visits")
        }
        // The work of one evaluation with derivatives, Σ over patterns of m·k²p² + m²k³, times the
        // evaluations of a fit (scoring steps and eight per parameter for the observed Hessian):
        // bounded before any moment is computed, so that a fit cannot silently run for hours.
        let perGroup = Double(term.structure.parameterCount(visits: visitTimes.count))
        let budget = { (sizes: [Int]) throws -> Void in
            var work = 0.0
            for size in sizes {
                let k = Double(size), pp = Double(p)
                work += perGroup * k * k * pp * pp + perGroup * perGroup * k * k * k
            }
            let total = work * (8 * Double(parameterCount) + 60)
            guard total <= Self.maximumWork else {
                throw MMRMConvergenceFailure(message: "the MMRM with '\(term.structure.name)' covariance over \(sizes.count) visit patterns would take about \(Int(total / 1e9)) billion operations, more than \(Int(Self.maximumWork / 1e9)) billion (a few minutes); use a structure with fewer parameters (ar1h, toeph, cs), fewer visits or fewer fixed effects")
            }
        }
        let patterns = try VisitPatterns(
            x: x, y: y, p: p, weights: design.weights, subjects: subjects.codes, visits: visits.codes,
            groups: groups.codes, subjectLabels: subjects.levels, visitLabels: visits.levels, groupLabels: groups.levels,
            precheck: budget)
        // A visit never observed within a group leaves that group's variance there (and, for
        // us, its covariances) without data: refuse it rather than report the start values.
        if term.structure.isHeterogeneous && !term.groups.isEmpty {
            for g in groups.levels.indices {
                var seen = Set<Int>()
                for pattern in patterns.patterns where pattern.group == g { seen.formUnion(pattern.visits) }
                if let missing = visits.levels.indices.first(where: { !seen.contains($0) }) {
                    throw StatsError.mixedModel("'\(excerpt(of: term.time, around: 1))' level '\(excerpt(of: visits.levels[missing], around: 1))' is never observed in group '\(excerpt(of: groups.levels[g], around: 1))', so a '\(term.structure.name)' covariance per group cannot estimate it there; drop that visit for the group, use one covariance for all groups, or a homogeneous structure such as ar1 or cs")
                }
            }
        }
        let likelihood = MMRMLikelihood(patterns: patterns, structure: term.structure,
                                        times: [[Double]](repeating: visitTimes, count: groups.levels.count),
                                        reml: estimation == .reml, observationCount: n, y: y, weights: design.weights)

        // Start from the empirical covariance of the least-squares residuals.
        let t = visitTimes.count
        let empirical = Self.empiricalCovariance(residuals: y, subjects: subjects.codes, visits: visits.codes, visitCount: t)
        let startGroup = term.structure.startingParameters(empirical: empirical, visits: t)
        let start = Array([[Double]](repeating: startGroup, count: groups.levels.count).joined())
        let optimum: FisherScoring.Result
        do {
            optimum = try FisherScoring.minimize(likelihood, from: start, maximumIterations: Self.maximumIterations)
        } catch let error as StatsError where error == MMRMLikelihood.notPositiveDefinite {
            throw MMRMConvergenceFailure(message: "the MMRM with '\(term.structure.name)' covariance has no positive definite start or step: \(error)")
        }
        guard optimum.converged else {
            throw MMRMConvergenceFailure(message: "the MMRM with '\(term.structure.name)' covariance did not converge in \(Self.maximumIterations) Fisher-scoring iterations (last gradient \(optimum.gradientNorm)); try a simpler structure such as 'toeph', 'ar1h' or 'cs', or a fallback sequence")
        }
        let evaluation = optimum.evaluation
        let sumMap = try Self.sumContrastMap(coding: coding, design: design, prepared: prepared, allEstimable: p == design.columnCount)
        let inference: MMRMInference
        do {
            inference = try MMRMInference(likelihood: likelihood, theta: optimum.theta, evaluation: evaluation,
                                          method: degreesOfFreedomMethod, information: parameterInformation,
                                          empirical: coefficientCovariance == .empirical,
                                          design: x, rows: n, p: p,
                                          subjects: subjects.codes, subjectCount: subjects.levels.count)
        } catch let error as StatsError where error == MMRMLikelihood.notPositiveDefinite {
            throw MMRMConvergenceFailure(message: "the MMRM with '\(term.structure.name)' covariance is at the edge of the positive definite matrices (its observed information cannot be computed): \(error)")
        }
        return MMRMFit(model: self, term: term, design: design, kept: kept, ordinary: ordinary, y: y,
                       evaluation: evaluation, inference: inference, optimum: optimum, start: start,
                       visitLevels: visits.levels, groupLevels: term.groups.isEmpty ? [] : groups.levels,
                       subjectCount: subjects.levels.count, likelihood: likelihood, coding: coding, sumContrastMap: sumMap,
                       missingRows: missingRows + design.droppedRowCount,
                       cellCounts: Self.cellCounts(coding: coding, frame: prepared, rows: design.usedRows),
                       aliases: try design.columnNames.indices.filter { !kept.contains($0) }.map { j in
                           (j, try qr.solve(Array(design.column(j))))
                       })
    }

}

/// The covariance of β̂ behind an MMRM's standard errors and tests.
public enum MMRMCoefficientCovariance: String, Sendable, CaseIterable {
    /// M⁻¹ = (Σᵢ XᵢᵀVᵢ⁻¹Xᵢ)⁻¹, or Kenward–Roger's adjustment of it under `kenward-roger*`.
    case modelBased = "model-based"
    /// The sandwich M⁻¹(Σᵢ XᵢᵀVᵢ⁻¹rᵢrᵢᵀVᵢ⁻¹Xᵢ)M⁻¹ by subject, without small-sample factor (SAS's
    /// `EMPIRICAL`, mmrm's `vcov = "Empirical"`), robust to a misspecified covariance structure;
    /// with `residual` or `between-within` degrees of freedom.
    case empirical
}

/// Which information matrix of the covariance parameters gives W = Cov(θ̂) = 2H⁻¹ for
/// Satterthwaite's and Kenward–Roger's degrees of freedom.
public enum MMRMParameterInformation: String, Sendable, CaseIterable {
    /// The observed Hessian of −2ℓ at θ̂ (SAS's, mmrm's and lmerTest's choice; the default).
    case observed
    /// Its expectation, the Fisher information (pbkrtest's choice for Kenward–Roger).
    case expected
}

/// A covariance structure that did not converge, with the reason, when a fallback was used.
public struct MMRMFailedStructure: Sendable, Equatable {
    /// The structure.
    public let structure: CovarianceStructure
    /// Why it failed.
    public let reason: String
}

/// A structure's fit that did not converge: the cue to try the next of a fallback sequence.
struct MMRMConvergenceFailure: Error {
    let message: String
}

/// How an MMRM's denominator degrees of freedom are found (`--df`, spec key `df:`).
public enum MMRMDegreesOfFreedom: String, Sendable, CaseIterable {
    /// Satterthwaite's approximation with the observed information of θ (SAS's and mmrm's default).
    case satterthwaite
    /// Kenward and Roger's: the bias-adjusted Cov(β̂) for standard errors and tests, with its
    /// second-derivative term in SAS's parameters (SAS's `DDFM=KR`; REML only).
    case kenwardRoger = "kenward-roger"
    /// Kenward and Roger's without the second-derivative term (mmrm's `Kenward-Roger-Linear`;
    /// equal to `kenward-roger` for `us`, `cs` and `toep`).
    case kenwardRogerLinear = "kenward-roger-linear"
    /// N − rank(X) for every coefficient.
    case residual
    /// SAS's between-within: S − (between-subject columns) for effects constant within subjects,
    /// N − S − (within-subject columns) for the others.
    case betweenWithin = "between-within"
}
