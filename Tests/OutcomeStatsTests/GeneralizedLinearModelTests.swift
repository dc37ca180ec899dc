import Foundation
import Testing
@testable import OutcomeStats

@Suite struct GeneralizedLinearModelTests {
    private func frame(_ columns: [(String, Column)]) throws -> Frame { try Frame(columns: columns) }

    /// Intercept-only fits have closed forms: logit(ȳ) and log(ȳ), SE² = 1/(nȳ(1−ȳ)) and 1/(nȳ).
    @Test func interceptOnlyClosedForms() throws {
        let y = [1.0, 0, 0, 1, 1, 1, 0, 1, 1, 0]   // ȳ = 0.6
        let binomial = try GeneralizedLinearModel("y ~ 1", family: .binomial).fit(to: frame([("y", .numeric(y))]))
        let b = try #require(binomial.coefficients[0].estimate)
        #expect(abs(b - log(0.6 / 0.4)) < 1e-13)
        #expect(abs(binomial.coefficients[0].standardError! - (1 / (10 * 0.6 * 0.4)).squareRoot()) < 1e-13)
        #expect(abs(binomial.deviance - binomial.nullDeviance) < 1e-12)
        #expect(binomial.nullDegreesOfFreedom == 9 && binomial.residualDegreesOfFreedom == 9)

        let counts = [0.0, 3, 1, 4, 2, 2, 5, 0, 1, 2]   // ȳ = 2
        let poisson = try GeneralizedLinearModel("y ~ 1", family: .poisson).fit(to: frame([("y", .numeric(counts))]))
        #expect(abs(poisson.coefficients[0].estimate! - log(2)) < 1e-13)
        #expect(abs(poisson.coefficients[0].standardError! - (1 / 20.0).squareRoot()) < 1e-13)
        // AIC = −2 Σ log dpois(y, 2) + 2.
        let logLik = counts.reduce(0) { $0 + $1 * log(2) - 2 - lgamma($1 + 1) }
        #expect(abs(poisson.aic - (-2 * logLik + 2)) < 1e-12)
        #expect(poisson.ratios[0].map { abs($0.estimate - 2) < 1e-12 } == true)
    }

    /// At the optimum the score Xᵀ(y − μ) vanishes (canonical links).
    @Test(arguments: GLMFamily.allCases)
    func scoreEquationsHold(family: GLMFamily) throws {
        let x = (0..<40).map { Double($0) / 10 }
        let y = x.enumerated().map { i, v in family == .binomial ? Double((i * 7 + Int(v * 3)) % 3 == 0 ? 1 : 0) : Double((i * 5) % 4) }
        let g = CategoricalColumn((0..<40).map { ["a", "b", "c"][$0 % 3] })
        let fit = try GeneralizedLinearModel("y ~ x + g", family: family)
            .fit(to: frame([("y", .numeric(y)), ("x", .numeric(x)), ("g", .categorical(g))]))
        #expect(fit.isConverged)
        let residual = zip(y, fit.fittedValues).map { $0 - $1 }
        let scoreX = zip(x, residual).reduce(0) { $0 + $1.0 * $1.1 }
        let scoreIntercept = residual.reduce(0, +)
        #expect(abs(scoreX) < 1e-9 && abs(scoreIntercept) < 1e-9)
    }

    /// A two-level categorical response: the second sorted level is success, unless named.
    @Test func categoricalResponseCodesSecondLevelAsSuccess() throws {
        let x = [1.0, 2, 3, 4, 5, 6, 7, 8]
        let labels = ["no", "no", "yes", "no", "yes", "no", "yes", "yes"]
        let numeric = labels.map { $0 == "yes" ? 1.0 : 0.0 }
        let categorical = try GeneralizedLinearModel("y ~ x", family: .binomial)
            .fit(to: frame([("y", .categorical(CategoricalColumn(labels))), ("x", .numeric(x))]))
        let reference = try GeneralizedLinearModel("y ~ x", family: .binomial)
            .fit(to: frame([("y", .numeric(numeric)), ("x", .numeric(x))]))
        #expect(categorical.successLevel == "yes")
        #expect(categorical.coefficients == reference.coefficients)
        let flipped = try GeneralizedLinearModel("y ~ x", family: .binomial, successLevel: "no")
            .fit(to: frame([("y", .categorical(CategoricalColumn(labels))), ("x", .numeric(x))]))
        #expect(abs(flipped.coefficients[1].estimate! + reference.coefficients[1].estimate!) < 1e-12)
    }

    @Test func invalidResponsesAreErrorsNamingTheRow() throws {
        let x = [1.0, 2, 3]
        #expect(throws: StatsError.invalidResponse(column: "y", row: 2, value: "2.0", expected: GLMFamily.binomial.responseDescription)) {
            try GeneralizedLinearModel("y ~ x", family: .binomial).fit(to: frame([("y", .numeric([0, 2, 1])), ("x", .numeric(x))]))
        }
        #expect(throws: StatsError.invalidResponse(column: "y", row: 3, value: "-1.0", expected: GLMFamily.poisson.responseDescription)) {
            try GeneralizedLinearModel("y ~ x", family: .poisson).fit(to: frame([("y", .numeric([0, 2, -1])), ("x", .numeric(x))]))
        }
        #expect {
            try GeneralizedLinearModel("y ~ x", family: .binomial)
                .fit(to: frame([("y", .categorical(CategoricalColumn(["a", "b", "c"]))), ("x", .numeric(x))]))
        } throws: { error in
            guard case StatsError.wrongColumnKind(column: "y", expected: let expected) = error else { return false }
            return expected.contains("exactly two levels")
        }
    }

    /// Complete separation: x > 3.5 predicts y exactly; the slope diverges and is reported.
    @Test func completeSeparationIsReported() throws {
        let fit = try GeneralizedLinearModel("y ~ x", family: .binomial)
            .fit(to: frame([("y", .numeric([0, 0, 0, 1, 1, 1])), ("x", .numeric([1, 2, 3, 4, 5, 6]))]))
        let separation = try #require(fit.separation)
        #expect(separation.kind == .complete)
        #expect(separation.divergingTerms.contains("x"))
        #expect(fit.warnings.contains { $0.contains("complete separation") })
    }

    /// Quasi-complete separation: level b of g has only successes; its coefficient diverges,
    /// x does not.
    @Test func quasiSeparationNamesTheDivergingTerm() throws {
        let g = CategoricalColumn(["a", "a", "a", "a", "a", "a", "b", "b", "b"])
        let y = [0.0, 1, 0, 1, 1, 0, 1, 1, 1]
        let x = [0.3, 1.2, 2.2, 0.9, 1.7, 0.5, 1.1, 0.4, 2.0]
        let fit = try GeneralizedLinearModel("y ~ x + g", family: .binomial)
            .fit(to: frame([("y", .numeric(y)), ("x", .numeric(x)), ("g", .categorical(g))]))
        let separation = try #require(fit.separation)
        #expect(separation.kind == .quasiComplete)
        #expect(separation.divergingTerms == ["gb"])
        #expect(separation.fittedAtBoundary == 3)
    }

    /// Quasi-separation hidden in a large deviance (2,000 ordinary observations and 4 in a level with
    /// only successes) is still found: the fit iterates on until the probabilities reach the boundary.
    @Test func separationInALargeSampleIsFound() throws {
        var y: [Double] = [], x: [Double] = [], labels: [String] = []
        for i in 0..<2000 {
            let v = Double(i % 97) / 97
            x.append(v)
            y.append((i * 7919) % 13 < Int(4 + 6 * v) ? 1 : 0)
            labels.append(i % 2 == 0 ? "a" : "b")
        }
        for i in 0..<4 { x.append(Double(i) / 4); y.append(1); labels.append("c") }
        let fit = try GeneralizedLinearModel("y ~ x + g", family: .binomial)
            .fit(to: frame([("y", .numeric(y)), ("x", .numeric(x)), ("g", .categorical(CategoricalColumn(labels)))]))
        let separation = try #require(fit.separation)
        #expect(separation.divergingTerms == ["gc"] && separation.kind == .quasiComplete)
        #expect((1...4).contains(separation.fittedAtBoundary), "\(separation)")   // those past 1e-10 when iteration stopped
        #expect(fit.deviance > 1000)
    }

    /// Extreme fitted probabilities at a finite optimum are not separation.
    @Test func extremeButFiniteIsNotSeparation() throws {
        let x = (0..<60).map { Double($0) - 30 }
        let y = x.map { $0 > 2 ? 1.0 : 0 }.enumerated().map { i, v in i == 25 || i == 40 ? 1 - v : v }
        let fit = try GeneralizedLinearModel("y ~ x", family: .binomial).fit(to: frame([("y", .numeric(y)), ("x", .numeric(x))]))
        #expect(fit.isConverged && fit.separation == nil)
    }

    /// A well-posed fit reports neither separation nor non-convergence.
    @Test func ordinaryFitHasNoWarnings() throws {
        let fit = try GeneralizedLinearModel("y ~ x", family: .binomial)
            .fit(to: frame([("y", .numeric([0, 1, 0, 1, 1, 0, 1, 1])), ("x", .numeric([1, 2, 3, 4, 5, 6, 7, 8]))]))
        #expect(fit.warnings.isEmpty && fit.isConverged && fit.iterations < 20)
    }

    @Test func iterationLimitIsReportedAsNotConverged() throws {
        let model = GeneralizedLinearModel(try Formula("y ~ x"), family: .poisson, maximumIterations: 2)
        let fit = try model.fit(to: frame([("y", .numeric([0, 1, 5, 9, 20, 41])), ("x", .numeric([1, 2, 3, 4, 5, 6]))]))
        #expect(!fit.isConverged && fit.iterations == 2)
        #expect(fit.warnings.first?.contains("did not converge") == true)
    }

    /// Aliased columns are reported as nil, as in lm.
    @Test func aliasedColumnIsNil() throws {
        let x = [1.0, 2, 3, 4, 5, 6]
        let fit = try GeneralizedLinearModel("y ~ x + z", family: .poisson)
            .fit(to: frame([("y", .numeric([1, 0, 2, 3, 2, 5])), ("x", .numeric(x)), ("z", .numeric(x.map { 2 * $0 }))]))
        #expect(fit.coefficient("z")?.isAliased == true && fit.rank == 2)
        #expect(fit.ratios[2] == nil)
    }
}
