import Foundation
import RealModule
import Testing
@testable import OutcomeStats

/// A deterministic normal generator (LCG + Box–Muller) for test data.
struct TestNormals {
    var state: UInt64
    mutating func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    mutating func next() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

/// Repeated measures: `groups` patients, visits at weeks 0, 2, …, 10, every `dropEvery`-th
/// visit missing, random intercepts (SD 1) and slopes (SD 0.1), a two-level cohort.
func repeatedMeasuresFrame(groups: Int, seed: UInt64, dropEvery: Int = 7) throws -> Frame {
    var normals = TestNormals(state: seed)
    var y: [Double] = [], week: [Double] = [], id: [String?] = [], cohort: [String?] = []
    var row = 0
    for g in 0..<groups {
        let b0 = normals.next(), b1 = 0.1 * normals.next()
        let chronic = g % 3 == 0
        for w in stride(from: 0.0, through: 10, by: 2) {
            row += 1
            let value = 6 + (chronic ? 0.8 : 0) + b0 + (-0.25 + b1) * w + 0.7 * normals.next()
            y.append(row % dropEvery == 0 ? .nan : value)
            week.append(w)
            id.append("P\(g)")
            cohort.append(chronic ? "chronic" : "acute")
        }
    }
    return try Frame(columns: [("y", .numeric(y)), ("week", .numeric(week)),
                               ("id", .categorical(CategoricalColumn(id))), ("cohort", .categorical(CategoricalColumn(cohort)))])
}

/// The one-grouping-factor solver (pooled by visit pattern and per group) and the dense solver
/// solve the same penalized least-squares problem: log-determinants, r², β̂ and R_X agree to
/// 1e-10 relative at arbitrary θ.
@Test(arguments: [[1.0, 0.0, 1.0], [0.7, -0.2, 0.05], [1.3, 0.4, 0.0]])
func blockedAndDenseSolversAgree(_ theta: [Double]) throws {
    let frame = try repeatedMeasuresFrame(groups: 40, seed: 3)
    let formula = try Formula("y ~ week * cohort + (1 + week | id)")
    let design = try ModelMatrix(formula: formula, frame: frame)
    let blocks = try RandomEffectsDesign(formula: formula, frame: frame, usedRows: design.usedRows, contrasts: [:]).blocks
    let p = design.columnCount
    let pooled = SingleFactorSystem(x: design.values, y: design.response, p: p, blocks: blocks, pooling: true)
    let perGroup = SingleFactorSystem(x: design.values, y: design.response, p: p, blocks: blocks, pooling: false)
    let dense = try DenseSystem(x: design.values, y: design.response, p: p, blocks: blocks)
    #expect(pooled.pooled != nil && perGroup.pooled == nil)
    #expect(pooled.patternCount.count < 40, "visit patterns should repeat")
    let reference = try dense.solve(theta: theta)
    for system in [pooled, perGroup] as [PenalizedLeastSquares] {
        let solution = try system.solve(theta: theta)
        #expect(solution.logDeterminantL.isApproximatelyEqual(to: reference.logDeterminantL, absoluteTolerance: 1e-10, relativeTolerance: 1e-10))
        #expect(solution.logDeterminantRX.isApproximatelyEqual(to: reference.logDeterminantRX, absoluteTolerance: 1e-10, relativeTolerance: 1e-10))
        #expect(solution.penalizedResidualSumOfSquares.isApproximatelyEqual(
            to: reference.penalizedResidualSumOfSquares, absoluteTolerance: 1e-10, relativeTolerance: 1e-10))
        #expect(solution.beta.count == reference.beta.count)
        #expect(zip(solution.beta, reference.beta).allSatisfy { $0.isApproximatelyEqual(to: $1, absoluteTolerance: 1e-10, relativeTolerance: 1e-10) })
        let modes = try system.conditionalModes(theta: theta, beta: solution.beta)
        let denseModes = try dense.conditionalModes(theta: theta, beta: reference.beta)
        #expect(modes[0].count == denseModes[0].count)
        #expect(zip(modes[0], denseModes[0]).allSatisfy { abs($0 - $1) <= 1e-9 })
    }
}

/// Balanced one-way random intercepts: REML equals the ANOVA estimators when σ_b² > 0
/// (σ̂² = MSW, σ̂_b² = (MSB − MSW)/m), the intercept's SE is √(MSB/(a m)) and its Satterthwaite
/// df is a − 1 — closed forms (Searle, Casella & McCulloch 1992, §3.7).
@Test func balancedOneWayMatchesAnovaEstimators() throws {
    let a = 12, m = 5
    var normals = TestNormals(state: 11)
    var y: [Double] = [], id: [String?] = []
    for g in 0..<a {
        let b = 1.5 * normals.next()
        for _ in 0..<m { y.append(10 + b + normals.next()); id.append("g\(g)") }
    }
    let frame = try Frame(columns: [("y", .numeric(y)), ("id", .categorical(CategoricalColumn(id)))])
    let fit = try MixedModel("y ~ 1 + (1 | id)").fit(to: frame)
    let grand = y.reduce(0, +) / Double(a * m)
    var ssb = 0.0, ssw = 0.0
    for g in 0..<a {
        let values = y[(g * m)..<((g + 1) * m)]
        let mean = values.reduce(0, +) / Double(m)
        ssb += Double(m) * (mean - grand) * (mean - grand)
        ssw += values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
    let msb = ssb / Double(a - 1), msw = ssw / Double(a * (m - 1))
    #expect(abs(fit.residualVariance - msw) <= 1e-7 * msw)
    #expect(abs(fit.varianceComponents[0].variances[0] - (msb - msw) / Double(m)) <= 1e-7 * msb)
    let intercept = try #require(fit.coefficient("(Intercept)"))
    #expect(abs(try #require(intercept.estimate) - grand) <= 1e-10 * grand)
    #expect(abs(try #require(intercept.standardError) - (msb / Double(a * m)).squareRoot()) <= 1e-6)
    #expect(abs(try #require(fit.degreesOfFreedom[0]) - Double(a - 1)) <= 1e-4)
    #expect(fit.optimizer.isConverged && !fit.isSingular)
}

/// With no between-group variation beyond noise the variance sits on its boundary: θ = 0
/// exactly, reported as singular, and the fixed effects equal OLS.
@Test func boundaryFitIsSingularAndEqualsOLS() throws {
    var normals = TestNormals(state: 5)
    var y: [Double] = [], x: [Double] = [], id: [String?] = []
    for g in 0..<20 { for j in 0..<4 { y.append(1 + 0.5 * Double(j) + normals.next()); x.append(Double(j)); id.append("g\(g)") } }
    // Remove the group means' spread so the between-group variance estimate is negative.
    for g in 0..<20 {
        var sum = 0.0
        for j in 0..<4 { sum += y[g * 4 + j] - 0.5 * Double(j) }
        let mean: Double = sum / 4
        for j in 0..<4 { y[g * 4 + j] -= mean - 1 }
    }
    let frame = try Frame(columns: [("y", .numeric(y)), ("x", .numeric(x)), ("id", .categorical(CategoricalColumn(id)))])
    let fit = try MixedModel("y ~ x + (1 | id)").fit(to: frame)
    let ols = try LinearModel("y ~ x").fit(to: frame)
    #expect(fit.theta == [0])
    #expect(fit.isSingular)
    #expect(abs(try #require(fit.coefficient("x")?.estimate) - (try #require(ols.coefficient("x")?.estimate))) <= 1e-10)
}

@Test func mixedModelErrorsAreStatsErrors() throws {
    let frame = try repeatedMeasuresFrame(groups: 5, seed: 1)
    #expect { try MixedModel("y ~ week").fit(to: frame) } throws: { error in
        guard case StatsError.mixedModel(let message) = error else { return false }
        return message.contains("has no random-effect term")
    }
    #expect { try MixedModel("y ~ week + (1 | nosuch)").fit(to: frame) } throws: { error in
        guard case StatsError.unknownColumn(term: "nosuch", suggestion: _) = error else { return false }
        return true
    }
    // As many groups as observations.
    let tiny = try Frame(columns: [("y", .numeric([1, 2, 3])), ("g", .categorical(CategoricalColumn(["a", "b", "c"])))])
    #expect { try MixedModel("y ~ 1 + (1 | g)").fit(to: tiny) } throws: { error in
        guard case StatsError.mixedModel(let message) = error else { return false }
        return message.contains("has 3 groups for 3 observations")
    }
}

/// ML and REML differ as they should: the ML residual variance is smaller, and refitting by
/// `estimated(by:)` keeps the formula.
@Test func mlAndRemlDiffer() throws {
    let frame = try repeatedMeasuresFrame(groups: 30, seed: 9)
    let model = try MixedModel("y ~ week * cohort + (1 + week | id)")
    let reml = try model.fit(to: frame)
    let ml = try model.estimated(by: .ml).fit(to: frame)
    #expect(ml.estimation == .ml && reml.estimation == .reml)
    #expect(ml.residualVariance < reml.residualVariance)
    #expect(ml.parameterCount == reml.parameterCount)
    #expect(abs(ml.aic - (ml.objective + 2 * Double(ml.parameterCount))) < 1e-9)
}

/// Predicted means reproduce x̄ᵀβ̂ per cell; for an intercept-and-week model without other
/// covariates each cell's prediction is β₀ + β₁ week.
@Test func predictedMeansAreFixedEffectsPredictions() throws {
    let frame = try repeatedMeasuresFrame(groups: 30, seed: 4)
    let fit = try MixedModel("y ~ week * cohort + (1 + week | id)").fit(to: frame)
    let predicted = try fit.predictedMeans(in: frame, by: "cohort", over: "week")
    #expect(predicted.count == 12)
    let b = fit.coefficients.map { $0.estimate! }
    for cell in predicted {
        let chronic = cell.group == "chronic" ? 1.0 : 0
        let expected = b[0] + b[1] * cell.x + b[2] * chronic + b[3] * cell.x * chronic
        #expect(abs(cell.mean - expected) <= 1e-10)
        #expect(cell.lower < cell.mean && cell.mean < cell.upper)
    }
}
