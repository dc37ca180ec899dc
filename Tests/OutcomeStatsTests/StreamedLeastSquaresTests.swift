import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// ``StreamedLeastSquares`` against NIST's certified values and against the in-memory
/// ``RefinedLeastSquares``; its results do not depend on how chunks are scheduled.
@Suite struct StreamedLeastSquaresTests {
    /// A cohort-like frame: numeric covariates, a 4-level factor with an interaction, and missing
    /// values (so used rows are not contiguous). Deterministic (a fixed linear congruential generator).
    static func frame(rows n: Int) throws -> Frame {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var week = [Double](), age = [Double](), y = [Double](), site = [Int32](), arm = [Int32]()
        for i in 0..<n {
            let w = Double(i % 7) * 2
            let a = 20 + 60 * uniform()
            let s = Int32(i % 5)
            let g = Int32(uniform() * 4)
            let noise = (uniform() + uniform() + uniform() - 1.5) * (1 + w / 6)   // heteroskedastic
            week.append(w)
            age.append(i % 97 == 3 ? .nan : a)
            site.append(s)
            arm.append(i % 211 == 5 ? -1 : g)
            y.append(6 - 0.3 * w + 0.01 * a + 0.2 * Double(g) - 0.05 * w * Double(g % 2) + noise)
        }
        return try Frame(columns: [
            ("y", .numeric(y)), ("week", .numeric(week)), ("age", .numeric(age)),
            ("site", .categorical(CategoricalColumn(levels: ["a", "b", "c", "d", "e"], codes: site))),
            ("arm", .categorical(CategoricalColumn(levels: ["control", "deep", "light", "mixed"], codes: arm))),
        ])
    }

    /// Three chunks (the last one short): estimates, residuals and every covariance estimator
    /// agree with the in-memory solver to 1e-12 relative.
    @Test func agreesWithTheInMemorySolver() throws {
        let frame = try Self.frame(rows: 2 * StreamedLeastSquares.chunkRows + 1_234)
        let model = try LinearModel("y ~ week * arm + age")
        for estimator in [CovarianceEstimator.classical, .hc0, .hc1, .hc2, .hc3, .cluster(by: "site")] {
            let streamed = try model.fit(to: frame, covariance: estimator, path: .streamed)
            let dense = try model.fit(to: frame, covariance: estimator, path: .dense)
            #expect(streamed.basis.leastSquares is StreamedLeastSquares)
            #expect(dense.basis.leastSquares is RefinedLeastSquares)
            #expect(streamed.coefficients.map(\.term) == dense.coefficients.map(\.term))
            for (s, d) in zip(streamed.coefficients, dense.coefficients) {
                let streamedEstimate = try #require(s.estimate), denseEstimate = try #require(d.estimate)
                let streamedSE = try #require(s.standardError), denseSE = try #require(d.standardError)
                #expect(streamedEstimate.isApproximatelyEqual(to: denseEstimate, relativeTolerance: 1e-12)
                            && streamedSE.isApproximatelyEqual(to: denseSE, relativeTolerance: 1e-12),
                        "\(estimator) \(s.term): estimate \(streamedEstimate) vs \(denseEstimate), SE \(streamedSE) vs \(denseSE)")
            }
            let scale = dense.residuals.reduce(0) { max($0, abs($1)) }
            #expect(streamed.residuals.count == dense.residuals.count)
            let residualError = zip(streamed.residuals, dense.residuals).reduce(0) { max($0, abs($1.0 - $1.1)) }
            #expect(residualError <= 1e-13 * scale)
            #expect(streamed.residualStandardError.isApproximatelyEqual(to: dense.residualStandardError, relativeTolerance: 1e-13))
            #expect(streamed.rSquared.isApproximatelyEqual(to: dense.rSquared, relativeTolerance: 1e-12))
            #expect(streamed.observationCount == dense.observationCount && streamed.droppedRowCount > 0)
        }
    }

    /// Exactly collinear columns are aliased as the in-memory solver (and R) alias them: the
    /// later of two, left to right.
    @Test func aliasesTheColumnsTheInMemorySolverAliases() throws {
        let frame = try Self.frame(rows: 70_000)
        for formula in ["y ~ week + I(2 * week) + arm", "y ~ week + arm:site", "y ~ 0 + arm + site + week"] {
            let model = try LinearModel(formula)
            let streamed = try model.fit(to: frame, covariance: .classical, path: .streamed)
            let dense = try model.fit(to: frame, covariance: .classical, path: .dense)
            #expect(streamed.basis.leastSquares is StreamedLeastSquares, "\(formula)")
            #expect(streamed.coefficients.map(\.isAliased) == dense.coefficients.map(\.isAliased), "\(formula)")
            #expect(streamed.coefficients.contains { $0.isAliased }, "\(formula)")
            for (s, d) in zip(streamed.coefficients, dense.coefficients) where !d.isAliased {
                #expect(s.estimate!.isApproximatelyEqual(to: d.estimate!, relativeTolerance: 1e-11), "\(formula) \(s.term)")
                #expect(s.standardError!.isApproximatelyEqual(to: d.standardError!, relativeTolerance: 1e-11), "\(formula) \(s.term)")
            }
        }
    }

    /// NIST's linear datasets through the streamed solver: the well-conditioned ones keep at least
    /// 12 digits of every certified estimate and standard error; the ill-conditioned ones are
    /// refused (nil), so a fit of them takes the in-memory path that is certified for them.
    @Test func nistDatasets() throws {
        var refused: [String] = []
        for (name, formulaText, _) in NISTStRDTests.linearModels {
            let data = try NISTDataset(named: name)
            let design = try DesignColumns(formula: Formula(formulaText), frame: data.frame())
            guard let ls = try StreamedLeastSquares(source: design, rankTolerance: LinearModel.rankTolerance) else {
                refused.append(name)
                continue
            }
            #expect(ls.keptColumns.count == data.certifiedEstimates.count, "\(name)")
            let rss = ls.residuals.reduce(0) { $0 + $1 * $1 }
            let sigma2 = rss / Double(ls.rowCount - ls.keptColumns.count)
            let gram = try ls.inverseGram()
            let k = ls.keptColumns.count
            for j in 0..<k {
                let estimateLRE = logRelativeError(ls.coefficients[j], certified: data.certifiedEstimates[j])
                let seLRE = logRelativeError((sigma2 * gram[j + j * k]).squareRoot(), certified: data.certifiedStandardErrors[j])
                #expect(estimateLRE >= 12 && seLRE >= 12, "\(name) coefficient \(j): LRE \(estimateLRE), \(seLRE) rcond \(ls.reciprocalCondition) steps \(ls.refinementSteps)")
            }
        }
        #expect(refused == ["Filip", "Longley", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"])
    }

    /// Chunks may run in any order on any number of cores: the factor equals the one from
    /// factoring the chunks one after another, bit for bit, and two fits are identical.
    @Test func resultDoesNotDependOnScheduling() throws {
        let frame = try Self.frame(rows: 3 * StreamedLeastSquares.chunkRows + 17)
        let design = try DesignColumns(formula: Formula("y ~ week * arm + age"), frame: frame)
        let parallel = try StreamedLeastSquares.factor(design)
        // Serially: the same chunks, one after another, merged in the same order.
        let p = design.columnCount
        let order = p + 1
        var merged: [Double] = []
        for start in stride(from: 0, to: design.rowCount, by: StreamedLeastSquares.chunkRows) {
            let rows = start..<min(design.rowCount, start + StreamedLeastSquares.chunkRows)
            var chunk = try StreamedLeastSquares.factor(ChunkView(base: design, rows: rows))
            if merged.isEmpty {
                merged = chunk
            } else {
                merged.withUnsafeMutableBufferPointer { mp in
                    chunk.withUnsafeMutableBufferPointer { cp in
                        FixedOrder.stackedQR(mp.baseAddress!, order: order, block: cp.baseAddress!, rows: order)
                    }
                }
            }
        }
        #expect(parallel == merged)
        let first = try #require(try StreamedLeastSquares(source: design, rankTolerance: 1e-10, sandwich: .hc3))
        let second = try #require(try StreamedLeastSquares(source: design, rankTolerance: 1e-10, sandwich: .hc3))
        #expect(first.coefficients == second.coefficients && first.residuals == second.residuals)
        #expect(try first.sandwich(.hc3, clusters: nil) == second.sandwich(.hc3, clusters: nil))
    }

    /// Double-double and x87 refinement reach the same solution.
    @Test func extendedArithmeticsAgree() throws {
        let frame = try Self.frame(rows: 40_000)
        let design = try DesignColumns(formula: Formula("y ~ week * arm + age"), frame: frame)
        let solutions = try ExtendedArithmetic.allCases.map {
            try #require(try StreamedLeastSquares(source: design, rankTolerance: 1e-10, arithmetic: $0))
        }
        for solution in solutions.dropFirst() {
            #expect(solution.coefficients.count == solutions[0].coefficients.count)
            for (a, b) in zip(solution.coefficients, solutions[0].coefficients) {
                #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 4 * Double.ulpOfOne))
            }
        }
    }

    /// A block of design rows equals the same rows of the materialised matrix, scaled.
    @Test func blocksMatchTheMaterialisedMatrix() throws {
        let frame = try Self.frame(rows: 500)
        let design = try DesignColumns(formula: Formula("y ~ week * arm + I(age^2)"), frame: frame)
        let matrix = design.matrix()
        let n = design.rowCount
        let columns = [4, 0, 2]
        let scales = [0.5, 1, 4.0]
        var block = [Double](repeating: 0, count: 30 * columns.count)
        design.fill(100..<130, columns: columns, scales: scales, into: &block)
        for (k, j) in columns.enumerated() {
            for i in 0..<30 { #expect(block[i + k * 30] == matrix[100 + i + j * n] * scales[k]) }
        }
        #expect(ModelMatrix(design).values == matrix)
    }
}

/// Rows `rows` of another source.
private struct ChunkView: RowBlockSource {
    let base: DesignColumns
    let rows: Range<Int>
    var rowCount: Int { rows.count }
    var columnCount: Int { base.columnCount }
    func fill(_ range: Range<Int>, columns: [Int], scales: [Double], into block: UnsafeMutablePointer<Double>) {
        base.fill((range.lowerBound + rows.lowerBound)..<(range.upperBound + rows.lowerBound), columns: columns,
                  scales: scales, into: block)
    }
    func fillResponse(_ range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        base.fillResponse((range.lowerBound + rows.lowerBound)..<(range.upperBound + rows.lowerBound), into: out)
    }
}
