import Foundation

/// One row of an MMRM's Type III table: an F test that every coefficient of a term, coded with
/// sum-to-zero contrasts, is zero.
public struct MMRMTermTest: Sendable, Equatable {
    /// The term, R style (`technique:week`).
    public let term: String
    /// Numerator degrees of freedom (the rank of the hypothesis).
    public let numeratorDegreesOfFreedom: Int
    /// Denominator degrees of freedom (Satterthwaite's for several rows, as below).
    public let denominatorDegreesOfFreedom: Double
    /// The F statistic.
    public let statistic: Double
    /// P(F > statistic).
    public let pValue: Double
}

extension MMRMFit {
    /// Type III F tests of every term, as SAS's `MODEL / DDFM=SATTERTHWAITE` Type III table and
    /// lmerTest's `anova(type = 3)`. Under Kenward–Roger, F is scaled and its df found by
    /// Kenward and Roger's moment match (``KenwardRoger``), as SAS's `DDFM=KR` and pbkrtest.
    ///
    /// The hypothesis of a term is "its columns under sum-to-zero coding are zero", carried into
    /// the fit's own coding by β_sum = Aβ with A = X_sum⁺X (both codings span one column space).
    /// For the q × p hypothesis L: LΦLᵀ = PDPᵀ (Φ the model-based Cov(β̂)), F = Σᵢ (pᵢᵀLβ̂)²/dᵢ / q,
    /// and with νᵢ the one-degree Satterthwaite df of pᵢᵀL, the denominator df is ν₁ for q = 1,
    /// else 2E/(E − q) with E = Σ νᵢ/(νᵢ − 2) (2 when some νᵢ ≤ 2; their mean when all are equal),
    /// the rule of lmerTest and of SAS (Fai and Cornelius 1996). With `residual` or
    /// `between-within` df the denominator is the smallest of the νᵢ.
    ///
    /// - Throws: ``StatsError/domain(_:)`` when the fit has aliased coefficients (the
    ///   hypotheses are then not all estimable).
    public func typeIIITests() throws -> [MMRMTermTest] {
        guard let sumMap = sumContrastMap else {
            throw StatsError.domain("Type III tests need every coefficient estimable; the MMRM has aliased terms")
        }
        let p = estimableTerms.count
        let sumCoding = coding.withSumContrasts
        let beta = kept.map { coefficients[$0].estimate ?? 0 }
        var tests: [MMRMTermTest] = []
        for (index, term) in formula.terms.enumerated() {
            let columns = sumCoding.columns(ofTerm: index)
            guard !columns.isEmpty else { continue }
            let q = columns.count
            // L = rows `columns` of A (p_sum × p, column-major in sumMap).
            let l = columns.map { row in (0..<p).map { sumMap[row + $0 * sumCoding.columnCount] } }
            var lpl = [Double](repeating: 0, count: q * q)
            let phiL = l.map { SmallDense.apply(covariance, order: p, to: $0) }
            for j in 0..<q { for i in 0..<q {
                var s = 0.0
                for k in 0..<p { s += l[i][k] * phiL[j][k] }
                lpl[i + j * q] = s
            } }
            let (values, vectors) = try FixedOrder.symmetricEigen(lpl, order: q)
            let largest = values.map(abs).max() ?? 0
            var statistic = 0.0
            var rank = 0
            var nus: [Double] = []
            var directions: [[Double]] = []
            for (e, value) in values.enumerated() where value > 1e-8 * largest {
                rank += 1
                var direction = [Double](repeating: 0, count: p)
                for i in 0..<q { for k in 0..<p { direction[k] += vectors[i + e * q] * l[i][k] } }
                directions.append(direction)
                var estimate = 0.0
                for k in 0..<p { estimate += direction[k] * beta[k] }
                statistic += estimate * estimate / value
                if inference.kenwardRoger == nil { nus.append(inference.variance(of: direction).degreesOfFreedom) }
            }
            guard rank > 0 else { continue }
            statistic /= Double(rank)
            var ddf: Double = .nan
            if let kenwardRoger = inference.kenwardRoger {
                // Kenward–Roger: λF from Φ_A and its own df, for the rank's independent rows.
                if let test = kenwardRoger.test(directions, beta: beta) {
                    statistic = test.statistic
                    ddf = test.degreesOfFreedom
                } else {
                    statistic = .nan
                }
            } else {
                ddf = Self.denominatorDegreesOfFreedom(nus, method: degreesOfFreedomMethod)
            }
            let pValue = ddf.isFinite && ddf > 0 ? FisherF(numerator: Double(rank), denominator: ddf).survival(statistic) : .nan
            tests.append(MMRMTermTest(term: term.label, numeratorDegreesOfFreedom: rank, denominatorDegreesOfFreedom: ddf,
                                      statistic: statistic, pValue: pValue))
        }
        return tests
    }

    /// The denominator df of a q-row test from its rows' one-degree df νᵢ: the smallest for
    /// `residual` and `between-within`; else ν₁ for one row, their mean when all are equal, 2
    /// when some νᵢ ≤ 2, otherwise 2E/(E − q) with E = Σ νᵢ/(νᵢ − 2) (Fai and Cornelius 1996).
    static func denominatorDegreesOfFreedom(_ nus: [Double], method: MMRMDegreesOfFreedom) -> Double {
        switch method {
        case .residual, .betweenWithin: return nus.min() ?? .nan
        default:
            guard let first = nus.first else { return .nan }
            if nus.count == 1 { return first }
            if nus.allSatisfy({ abs($0 - first) < 1e-8 }) { return nus.reduce(0, +) / Double(nus.count) }
            if nus.contains(where: { $0 <= 2 }) { return 2 }
            let e = nus.map { $0 / ($0 - 2) }.reduce(0, +)
            return 2 * e / (e - Double(nus.count))
        }
    }
}
