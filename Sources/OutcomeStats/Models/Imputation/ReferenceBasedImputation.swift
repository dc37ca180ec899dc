import Foundation

/// A multiple imputation of a longitudinal outcome: what ``ReferenceBasedImputation`` and
/// ``MonotoneRegressionImputation`` share.
public protocol LongitudinalImputation: Sendable {
    /// The levels of the group column, in the order of the shifts' keys.
    var groupLevels: [String] { get }
    /// Cells imputed in each completed data set (missing responses plus absent visits).
    var imputedCellCount: Int { get }
    /// The completed frame of imputation `index` (1-based), its imputed values of each group
    /// level in `shifts` moved by that δ.
    func completedFrame(seed: UInt64, imputation index: Int, shifts: [String: Double]) throws -> Frame
    /// Subjects observed and missing at each visit, by group level, before imputation.
    var observedCounts: [ObservedCount] { get }
}

/// How many subjects of one group have the outcome observed at one visit.
public struct ObservedCount: Sendable, Equatable {
    /// The group level (empty without a group).
    public let group: String
    /// The visit.
    public let visit: Double
    /// Subjects of the group.
    public let subjects: Int
    /// Subjects of the group with the outcome observed at the visit.
    public let observed: Int
}

/// What a reference-based imputation assumes of the visits after a subject's last observed one
/// (Carpenter, Roger & Kenward 2013), for a subject of arm a with reference arm r and last
/// observed visit d, given the arm means μ_a and μ_r of the imputation model at each visit k.
public enum ReferenceBasedAssumption: String, Sendable, CaseIterable {
    /// Missing at random under the same model: mean μ_a throughout (rbmi's `MAR`).
    case mar
    /// Jump to reference: μ_a up to d, μ_r after (`JR`).
    case jumpToReference = "jump-to-reference"
    /// Copy reference: μ_r throughout, the observed visits included (`CR`).
    case copyReference = "copy-reference"
    /// Copy increments in reference: μ_a up to d, then μ_a,d + μ_r,k − μ_r,d (`CIR`).
    case copyIncrements = "copy-increments"
    /// Last mean carried forward: μ_a up to d, then μ_a,d (`LMCF`).
    case lastMean = "last-mean"
}

/// Reference-based multiple imputation of a longitudinal outcome with monotone dropout
/// (Carpenter, Roger & Kenward 2013), in the approximate-Bayesian form (parameters drawn from
/// their posterior before each imputation) or the conditional-mean form (parameters estimated,
/// each missing value its conditional expectation; von Hippel & Bartlett 2021, as R's rbmi does).
///
/// The imputation model is the multivariate normal of the visits given the arm and the
/// subject-level covariates, with a mean per arm and visit, covariate effects per visit and one
/// unstructured covariance Σ for all arms (rbmi's `same_cov = TRUE`). Under monotone dropout its
/// likelihood factors into the regressions of each visit on the arm, the covariates and the
/// earlier visits, over the subjects observed there (Anderson 1957); with flat priors their
/// posteriors are independent, so each imputation draws σ*²_k and β*_k per visit exactly
/// (Rubin 1987, ch. 5), and the same regressions give the conditional means. From the slopes
/// b_k on the earlier visits and the residual variances, y − m = B(y − m) + e, e ~ N(0, diag σ²),
/// for any mean vector m: a subject's missing visits are drawn, in time order, as
/// y_k = m_k + Σ_{j<k} b_kj (y_j − m_j) + σ_k z with m as ``ReferenceBasedAssumption`` says.
///
/// Subjects of the reference arm are imputed under MAR by every assumption (`last-mean`
/// included); a subject with no observed visit takes μ_r throughout (μ_a under `last-mean`).
///
/// ```swift
/// let imputation = try ReferenceBasedImputation(frame: frame, response: "pain_nrs_change",
///     subject: "patient_id", visit: "week", group: "technique", reference: "usual_care",
///     covariates: ["pain_nrs_baseline"], assumption: .jumpToReference)
/// let completed = try imputation.completedFrame(seed: 7, imputation: 1)
/// let conditionalMeans = try imputation.conditionalMeanFrame()
/// ```
public struct ReferenceBasedImputation: LongitudinalImputation {
    let layout: ImputationLayout
    /// What is assumed after the last observed visit.
    public let assumption: ReferenceBasedAssumption
    /// The reference arm.
    public let reference: String
    private let referenceCode: Int
    /// Per subject, the first visit index off treatment, from which the assumption applies: the
    /// first flagged visit with a discontinuation column (``ImputationLayout/visits``' count for
    /// a subject never flagged, who is imputed under MAR), else the visit after the last
    /// observed one.
    let switchVisits: [Int]
    /// The discontinuation column, or `nil`.
    public let discontinuation: String?
    /// Observed outcomes set aside because they follow a subject's discontinuation.
    public let setAsideCount: Int
    /// Subjects flagged as discontinued.
    public let discontinuedSubjects: Int

    /// The levels of the arm.
    public var groupLevels: [String] { layout.groupLevels }
    /// Cells imputed in each completed data set.
    public var imputedCellCount: Int { layout.missing.count }
    /// Subjects observed and missing at each visit, by arm.
    public var observedCounts: [ObservedCount] { layout.observedCounts }
    /// The number of subjects (the jackknife's replicates).
    public var subjectCount: Int { layout.subjectCount }

    /// Prepares the imputation of `response` in `frame`.
    ///
    /// - Parameter discontinuation: a numeric column, 1 at the visits after a subject left
    ///   treatment (an intercurrent event) and 0 elsewhere. A flagged subject's outcomes from
    ///   its first flagged visit on are set aside and imputed under `assumption` from that
    ///   visit, while a subject who is never flagged is imputed under MAR (rbmi's strategy per
    ///   subject). Without one, the assumption applies after each subject's last observed visit.
    /// - Throws: ``StatsError/domain(_:)`` as ``MonotoneRegressionImputation`` does, when
    ///   `reference` is not a level of `group`, and when the discontinuation column is absent,
    ///   not numeric, missing, not 0 or 1, or 0 after a 1 within a subject.
    public init(frame: Frame, response: String, subject: String, visit: String, group: String, reference: String,
                covariates: [String], assumption: ReferenceBasedAssumption, discontinuation: String? = nil) throws {
        var input = frame
        var setAside = 0
        var firstFlagged: [String: Double] = [:]   // subject label → first flagged visit
        if let discontinuation {
            (input, setAside, firstFlagged) = try Self.settingAside(frame, response: response, subject: subject, visit: visit,
                                                                    flag: discontinuation)
        }
        layout = try ImputationLayout(frame: input, response: response, subject: subject, visit: visit, group: group,
                                      covariates: covariates)
        try layout.requireMonotone()
        let l = layout
        switchVisits = (0..<l.subjectCount).map { s in
            guard discontinuation != nil else { return l.lastObserved[s] + 1 }
            guard let visit = firstFlagged[l.subjectLabels[s]] else { return l.visits.count }
            return l.visits.firstIndex { $0 >= visit } ?? l.visits.count
        }
        self.discontinuation = discontinuation
        setAsideCount = setAside
        discontinuedSubjects = firstFlagged.count
        guard let code = layout.groupLevels.firstIndex(of: reference) else {
            throw StatsError.domain("the reference arm '\(excerpt(of: reference, around: 1))' is not a level of '\(excerpt(of: group, around: 1))' (levels: \(layout.groupLevels.map { excerpt(of: $0, around: 1) }.joined(separator: ", ")))")
        }
        self.assumption = assumption
        self.reference = reference
        referenceCode = code
    }

    /// The completed frame of imputation `index` (1-based), parameters drawn from their posterior.
    public func completedFrame(seed: UInt64, imputation index: Int, shifts: [String: Double] = [:]) throws -> Frame {
        var generator: SeededGenerator? = SeededGenerator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        return try layout.completedFrame(try completedOutcome(generator: &generator, shifts: shifts, excluding: []))
    }

    /// The frame completed with conditional means under the estimated parameters, without the
    /// rows of the subjects in `excluded` (0-based, in the order of the subject column's levels,
    /// numbers sorted), who are left out of the imputation model as well: with one subject
    /// excluded, a jackknife replicate.
    public func conditionalMeanFrame(shifts: [String: Double] = [:], excluding excluded: Set<Int> = []) throws -> Frame {
        var none: SeededGenerator?
        return try layout.completedFrame(try completedOutcome(generator: &none, shifts: shifts, excluding: excluded),
                                         excluding: excluded)
    }

    /// The completed outcome, subject-major; parameters drawn when `generator` is given,
    /// estimated (and no residual noise) otherwise.
    func completedOutcome(generator: inout SeededGenerator?, shifts: [String: Double], excluding excluded: Set<Int>) throws -> [Double] {
        let l = layout
        let t = l.visits.count, g = l.groupCount, p = l.designWidth
        var y = l.outcome
        // Per visit: [intercept, arm dummies for levels 1..<g, covariates, y_0..<k].
        var regressions: [(coefficients: [Double], sigma: Double)] = []
        for k in 0..<t {
            let width = 1 + (g - 1) + p + k
            var products = CrossProducts(width: width)
            for subject in 0..<l.subjectCount where !excluded.contains(subject) && !l.outcome[subject * t + k].isNaN {
                var x = [Double](repeating: 0, count: width)
                x[0] = 1
                if l.subjectGroups[subject] > 0 { x[l.subjectGroups[subject]] = 1 }
                for j in 0..<p { x[g + j] = l.design[subject * p + j] }
                for j in 0..<k { x[g + p + j] = l.outcome[subject * t + j] }
                products.add(x, l.outcome[subject * t + k])
            }
            guard let regression = ImputationRegression(gram: products.gram, cross: products.cross, yy: products.yy,
                                                        order: width, count: products.count, generator: &generator) else {
                throw StatsError.domain("only \(products.count) subjects are observed at \(l.visit) \(l.visits[k]), too few for the imputation model's regression on the arm, \(p) covariate column(s) and \(k) earlier visit(s)")
            }
            regressions.append((regression.full(width: width), regression.sigma))
        }
        func armMeans(_ arm: Int, subject: Int) -> [Double] {
            var mu = [Double](repeating: 0, count: t)
            for k in 0..<t {
                let b = regressions[k].coefficients
                var value = b[0] + (arm > 0 ? b[arm] : 0)
                for j in 0..<p { value += b[g + j] * l.design[subject * p + j] }
                for j in 0..<k { value += b[g + p + j] * mu[j] }
                mu[k] = value
            }
            return mu
        }
        for subject in 0..<l.subjectCount where !excluded.contains(subject) {
            let first = l.lastObserved[subject] + 1
            guard first < t else { continue }
            // d: the last visit on treatment.
            let d = switchVisits[subject] - 1
            let arm = l.subjectGroups[subject]
            let own = armMeans(arm, subject: subject)
            let ref = arm == referenceCode ? own : armMeans(referenceCode, subject: subject)
            var m = own
            switch arm == referenceCode || d >= t - 1 ? .mar : assumption {
            case .mar: break
            case .jumpToReference: for k in (d + 1)..<t { m[k] = ref[k] }
            case .copyReference: m = ref
            case .copyIncrements: for k in (d + 1)..<t { m[k] = d >= 0 ? own[d] + ref[k] - ref[d] : ref[k] }
            case .lastMean: if d >= 0 { for k in (d + 1)..<t { m[k] = own[d] } }
            }
            for k in first..<t {
                let b = regressions[k].coefficients
                var value = m[k]
                for j in 0..<k { value += b[g + p + j] * (y[subject * t + j] - m[j]) }
                if generator != nil { value += regressions[k].sigma * generator!.nextNormal() }
                y[subject * t + k] = value
            }
        }
        l.shift(&y, by: shifts)
        return y
    }

    /// `frame` with the outcome set to missing at every row of a subject from its first visit
    /// flagged in `flag` on; the number of observed values set aside; each flagged subject's
    /// first flagged visit (keyed by the subject's label as the layout writes it).
    public static func settingAside(_ frame: Frame, response: String, subject: String, visit: String,
                                    flag: String) throws -> (Frame, Int, [String: Double]) {
        guard let column = frame[flag] else {
            throw StatsError.domain("the discontinuation column '\(excerpt(of: flag, around: 1))' is not in the data")
        }
        guard case .numeric(let flags) = column else {
            throw StatsError.domain("the discontinuation column '\(excerpt(of: flag, around: 1))' must be numeric: 1 at the visits after the subject left treatment, 0 before")
        }
        guard case .numeric(var y)? = frame[response], case .numeric(let times)? = frame[visit], let subjects = frame[subject] else {
            return (frame, 0, [:])   // the layout names what is wrong
        }
        func label(_ row: Int) -> String {
            switch subjects {
            case .categorical(let c): return c.codes[row] >= 0 ? c.levels[Int(c.codes[row])] : ""
            case .numeric(let x): return "\(x[row])"
            }
        }
        var first: [String: Double] = [:]
        for row in 0..<frame.rowCount {
            let value = flags[row]
            guard value == 0 || value == 1 else {
                throw StatsError.domain("the discontinuation column '\(excerpt(of: flag, around: 1))' is \(value.isNaN ? "missing" : "\(value)") at row \(row + 1); it must be 0 (on treatment) or 1 (after discontinuation) at every row")
            }
            if value == 1, !times[row].isNaN {
                let key = label(row)
                first[key] = min(first[key] ?? times[row], times[row])
            }
        }
        var setAside = 0
        for row in 0..<frame.rowCount {
            guard let start = first[label(row)], !times[row].isNaN, times[row] >= start else { continue }
            if flags[row] == 0 {
                throw StatsError.domain("subject '\(excerpt(of: label(row), around: 1))' is flagged in '\(excerpt(of: flag, around: 1))' at \(visit) \(start) but not at \(times[row]) (row \(row + 1)): once discontinued, every later visit must be flagged")
            }
            if !y[row].isNaN { setAside += 1; y[row] = .nan }
        }
        let columns = frame.columnNames.map { name in (name, name == response ? Column.numeric(y) : frame[name]!) }
        return (try Frame(columns: columns), setAside, first)
    }
}
