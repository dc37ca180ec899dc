import Foundation

/// What an MMRM fit computes from its data besides the likelihood: the cells of the design (for
/// estimability and proportional weights), the sum-to-zero map of Type III tests, the visit
/// factor of a structure that needs one, and the empirical (sandwich) covariance.
extension MMRM {
    /// The rows `rows` of `frame` counted by their levels of the coding's factors (in formula
    /// order, as ``ReferenceGrid/factors``): level indices into ``DesignCoding/levels``.
    static func cellCounts(coding: DesignCoding, frame: Frame, rows: [Int]) -> [[Int]: Int] {
        let factors = coding.formula.variables.filter { coding.levels[$0] != nil }
        let maps: [(codes: [Int32], index: [Int])] = factors.map { name in
            guard case .categorical(let column)? = frame[name] else { return ([], []) }
            let levels = coding.levels[name]!
            return (column.codes, column.levels.map { levels.firstIndex(of: $0) ?? -1 })
        }
        var counts: [[Int]: Int] = [:]
        for row in rows {
            let cell = maps.map { map -> Int in
                let code = map.codes.isEmpty ? -1 : Int(map.codes[row])
                return code < 0 ? -1 : map.index[code]
            }
            counts[cell, default: 0] += 1
        }
        return counts
    }

    /// A = X_sum⁺X: the map from the fit's coefficients to those of the same model coded with
    /// sum-to-zero contrasts (column-major, p_sum × p), for Type III hypotheses; `nil` when some
    /// coefficient is aliased.
    static func sumContrastMap(coding: DesignCoding, design: ModelMatrix, prepared: Frame, allEstimable: Bool) throws -> [Double]? {
        guard allEstimable else { return nil }
        let sum = try coding.withSumContrasts.rows(for: prepared.rows(design.usedRows))
        let n = design.rowCount
        guard sum.rowCount == n else { return nil }
        let (kept, qr) = try QRDecomposition.droppingAliasedColumns(
            of: sum.values, rows: n, columns: sum.columnNames.count, relativeTolerance: LinearModel.rankTolerance)
        guard kept.count == sum.columnNames.count else { return nil }
        var map: [Double] = []
        for j in 0..<design.columnCount { map += try qr.solve(Array(design.column(j))) }
        return map
    }

    /// `frame` with a numeric visit made categorical (levels in numeric order) for a
    /// non-spatial structure; a spatial structure needs a numeric time.
    static func prepare(_ frame: Frame, for term: CovarianceTerm) throws -> Frame {
        guard let column = frame[term.time] else {
            throw StatsError.unknownColumn(term: term.time, suggestion: nearestName(to: term.time, in: frame.columnNames))
        }
        switch (column, term.structure.isSpatial) {
        case (.numeric(let values), false):
            let distinct = Set(values.filter { !$0.isNaN }).sorted()
            var index: [Double: Int32] = [:]
            for (i, value) in distinct.enumerated() { index[value] = Int32(i) }
            let levels = distinct.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
            var result = frame
            try result.set(term.time, .categorical(CategoricalColumn(levels: levels, codes: values.map { $0.isNaN ? -1 : index[$0]! })))
            return result
        case (.categorical, true):
            throw StatsError.wrongColumnKind(column: term.time, expected: "numeric (times) for 'sp_exp'")
        default:
            return frame
        }
    }

    /// The visit-by-visit covariance of the residuals over the subjects observed at both
    /// visits (the variance where a pair is never observed together, zero covariance).
    static func empiricalCovariance(residuals r: [Double], subjects: [Int32], visits: [Int32], visitCount t: Int) -> [Double] {
        let subjectCount = Int(subjects.max() ?? -1) + 1
        var table = [Double](repeating: .nan, count: subjectCount * t)
        for i in r.indices { table[Int(subjects[i]) * t + Int(visits[i])] = r[i] }
        var sums = [Double](repeating: 0, count: t * t)
        var counts = [Double](repeating: 0, count: t * t)
        for s in 0..<subjectCount {
            for u in 0..<t {
                let a = table[s * t + u]
                if a.isNaN { continue }
                for v in 0..<t {
                    let b = table[s * t + v]
                    if b.isNaN { continue }
                    sums[u + v * t] += a * b
                    counts[u + v * t] += 1
                }
            }
        }
        var result = [Double](repeating: 0, count: t * t)
        for j in 0..<t { for i in 0..<t where counts[i + j * t] > 1 { result[i + j * t] = sums[i + j * t] / counts[i + j * t] } }
        for i in 0..<t where !(result[i + i * t] > 0) { result[i + i * t] = 1 }
        return result
    }
}
