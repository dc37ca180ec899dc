import Foundation

/// The MMRM's criterion −2ℓ as a function of the covariance parameters θ, with the fixed effects
/// profiled out by generalized least squares, its exact gradient and its expected Hessian
/// (the Fisher information, times two).
///
/// With Vᵢ = Σ(θ) at subject i's visits, M = Σᵢ XᵢᵀVᵢ⁻¹Xᵢ, β̂ = M⁻¹Σᵢ XᵢᵀVᵢ⁻¹yᵢ and rᵢ = yᵢ − Xᵢβ̂:
///
///     ML:    f(θ) = Σᵢ log|Vᵢ| + Σᵢ rᵢᵀVᵢ⁻¹rᵢ + N log 2π
///     REML:  f(θ) = Σᵢ log|Vᵢ| + log|M| + Σᵢ rᵢᵀVᵢ⁻¹rᵢ + (N − p) log 2π
///
/// With Dₖ = ∂V/∂θₖ, Aₖ = V⁻¹DₖV⁻¹, Qₖ = Σᵢ XᵢᵀAₖXᵢ = −∂M/∂θₖ and P = V⁻¹ − V⁻¹XM⁻¹XᵀV⁻¹:
///
///     ∂f/∂θₖ = Σᵢ tr(Vᵢ⁻¹Dₖ) − [REML] tr(M⁻¹Qₖ) − Σᵢ rᵢᵀAₖrᵢ
///     E ∂²f/∂θⱼ∂θₖ = tr(PDⱼPDₖ)  (REML),  tr(V⁻¹DⱼV⁻¹Dₖ)  (ML)
///
/// (Harville 1977; Jennrich & Schluchter 1986). Every sum over subjects is a sum over the
/// patterns of ``VisitPatterns``.
struct MMRMLikelihood {
    let patterns: VisitPatterns
    let structure: CovarianceStructure
    /// Visit times per covariance group (their count is the group's t).
    let times: [[Double]]
    let reml: Bool
    let observationCount: Int
    /// The (centred) responses and case weights of the used rows, for per-subject residuals.
    let y: [Double]
    let weights: [Double]?

    /// Parameters per group.
    var parametersPerGroup: Int { structure.parameterCount(visits: times[0].count) }
    /// All parameters: one block per group.
    var parameterCount: Int { parametersPerGroup * times.count }

    /// What one evaluation yields.
    struct Evaluation {
        /// −2ℓ (ML) or −2ℓ_R (REML).
        var value: Double
        /// β̂(θ).
        var beta: [Double]
        /// M⁻¹ = Cov(β̂) (model-based), p × p.
        var informationInverse: [Double]
        /// ∂f/∂θ (when asked for).
        var gradient: [Double] = []
        /// E ∂²f/∂θ∂θᵀ (when asked for), column-major.
        var expectedHessian: [Double] = []
        /// Qₖ = −∂M/∂θₖ (when asked for).
        var q: [[Double]] = []
        /// Σ per group, t × t.
        var covariances: [[Double]]
    }

    /// The covariance error when θ leaves the positive definite matrices or M is singular.
    static let notPositiveDefinite = StatsError.mixedModel("the MMRM's covariance or the information of its fixed effects is not positive definite at these parameters")

    /// Evaluates f at θ; with `derivatives`, also the gradient, the expected Hessian and Qₖ.
    func evaluate(_ theta: [Double], derivatives: Bool) throws -> Evaluation {
        let p = patterns.fixedCount
        let perGroup = parametersPerGroup
        var covariances: [[Double]] = []
        var sigmaDerivatives: [[[Double]]] = []
        for (g, groupTimes) in times.enumerated() {
            let (value, d) = structure.covariance(Array(theta[(g * perGroup)..<((g + 1) * perGroup)]), times: groupTimes)
            guard value.allSatisfy(\.isFinite) else { throw Self.notPositiveDefinite }
            covariances.append(value)
            sigmaDerivatives.append(d)
        }
        // Per pattern: W = Σ_b⁻¹ and log|Σ_b|.
        var inverses: [[Double]] = []
        var information = [Double](repeating: 0, count: p * p)
        var score = [Double](repeating: 0, count: p)
        var yWy = 0.0
        var logDeterminants = 0.0
        for pattern in patterns.patterns {
            let t = times[pattern.group].count
            let sub = SmallDense.submatrix(covariances[pattern.group], order: t, pattern.visits)
            guard let (w, logDet) = SmallDense.inverse(sub, order: pattern.visits.count) else { throw Self.notPositiveDefinite }
            inverses.append(w)
            logDeterminants += Double(pattern.subjectCount) * logDet - pattern.logWeightSum
            let xwx = pattern.xax(w, p: p)
            for i in 0..<(p * p) { information[i] += xwx[i] }
            let xwy = pattern.xay(w, p: p)
            for i in 0..<p { score[i] += xwy[i] }
            yWy += pattern.yay(w, p: p)
        }
        guard let (minv, logDetM) = p > 0 ? SmallDense.inverse(information, order: p) : ([], 0) else {
            throw Self.notPositiveDefinite
        }
        let beta = SmallDense.apply(minv, order: p, to: score)
        var quadratic = yWy
        for i in 0..<p { quadratic -= score[i] * beta[i] }
        let n = Double(observationCount)
        let residualCount = reml ? n - Double(p) : n
        var value = logDeterminants + quadratic + residualCount * Foundation.log(2 * Double.pi)
        if reml { value += logDetM }
        var evaluation = Evaluation(value: value, beta: beta, informationInverse: minv, covariances: covariances)
        guard derivatives else { return evaluation }

        let m = parameterCount
        var gradient = [Double](repeating: 0, count: m)
        var hessian = [Double](repeating: 0, count: m * m)
        var q = [[Double]](repeating: [Double](repeating: 0, count: p * p), count: m)
        // B_jk = sym(W Dⱼ W Dₖ W) traced against T, per pattern (REML's middle term).
        for (b, pattern) in patterns.patterns.enumerated() {
            let k = pattern.visits.count
            let t = times[pattern.group].count
            let w = inverses[b]
            let (r, tr) = pattern.residualAndTraceMoments(beta: beta, informationInverse: minv, p: p)
            let count = Double(pattern.subjectCount)
            let offset = pattern.group * perGroup
            // WD per parameter of the group.
            var wd: [[Double]] = []
            var a: [[Double]] = []
            for j in 0..<perGroup {
                let d = SmallDense.submatrix(sigmaDerivatives[pattern.group][j], order: t, pattern.visits)
                let product = SmallDense.multiply(w, d, order: k)
                wd.append(product)
                a.append(SmallDense.multiply(product, w, order: k))
            }
            for j in 0..<perGroup {
                var traceWD = 0.0
                for i in 0..<k { traceWD += wd[j][i + i * k] }
                var residualTerm = 0.0, traceTerm = 0.0
                for i in 0..<(k * k) {
                    residualTerm += a[j][i] * r[i]
                    traceTerm += a[j][i] * tr[i]
                }
                gradient[offset + j] += count * traceWD - residualTerm - (reml ? traceTerm : 0)
                let qj = pattern.xax(a[j], p: p)
                for i in 0..<(p * p) { q[offset + j][i] += qj[i] }
                for l in 0...j {
                    // n tr(WDⱼWDₗ)
                    var traceProduct = 0.0
                    for c in 0..<k { for e in 0..<k { traceProduct += wd[j][c + e * k] * wd[l][e + c * k] } }
                    var entry = count * traceProduct
                    if reml {
                        // −2 tr(M⁻¹ Σᵢ XᵢᵀW DⱼWDₗW Xᵢ) = −2 ⟨sym(WDⱼ·A_l), T⟩.
                        let middle = SmallDense.multiply(wd[j], a[l], order: k)
                        var traced = 0.0
                        for c in 0..<k { for e in 0..<k { traced += 0.5 * (middle[c + e * k] + middle[e + c * k]) * tr[c + e * k] } }
                        entry -= 2 * traced
                    }
                    hessian[(offset + j) + (offset + l) * m] += entry
                }
            }
        }
        if reml {
            // + tr(M⁻¹QⱼM⁻¹Qₖ), over every pair of parameters (groups share M).
            let products = q.map { SmallDense.multiply(minv, $0, order: p) }
            for j in 0..<m {
                for l in 0...j {
                    var trace = 0.0
                    for c in 0..<p { for e in 0..<p { trace += products[j][c + e * p] * products[l][e + c * p] } }
                    hessian[j + l * m] += trace
                }
            }
        }
        for j in 0..<m { for l in 0..<j { hessian[l + j * m] = hessian[j + l * m] } }
        evaluation.gradient = gradient
        evaluation.expectedHessian = hessian
        evaluation.q = q
        return evaluation
    }
}
