import Foundation

/// The MMRM's inference at θ̂: the model-based and empirical covariance of β̂, the observed
/// Hessian of the criterion, and denominator degrees of freedom for any linear combination of
/// the coefficients.
///
/// Satterthwaite: for a contrast l, v(θ) = lᵀM⁻¹l has ∂v/∂θₖ = lᵀM⁻¹QₖM⁻¹l (M⁻¹ differentiates
/// exactly), Cov(θ̂) = 2H⁻¹ with H the observed Hessian of −2ℓ (central differences of the exact
/// gradient, Richardson-extrapolated over four halvings), and ν = 2v²/(∇vᵀCov(θ̂)∇v), as SAS
/// and mmrm compute it. Kenward–Roger (``KenwardRoger``) adjusts Cov(β̂) and takes its df from
/// the same W = Cov(θ̂).
struct MMRMInference: Sendable {
    /// Cov(β̂) as reported: M⁻¹ (model-based), Kenward–Roger's Φ_A under `kenward-roger*`, or
    /// the empirical sandwich.
    let covariance: [Double]
    /// M⁻¹, the model-based Cov(β̂) (estimable columns).
    let modelBasedCovariance: [Double]
    /// W = Cov(θ̂): twice the inverse of the observed (default) or expected Hessian of −2ℓ.
    let parameterCovariance: [Double]
    /// Kenward–Roger's adjustment, under `kenward-roger` and `kenward-roger-linear`.
    let kenwardRoger: KenwardRoger?
    /// M⁻¹(Σᵢ XᵢᵀVᵢ⁻¹rᵢrᵢᵀVᵢ⁻¹Xᵢ)M⁻¹, the empirical (sandwich) Cov(β̂).
    let empiricalCovariance: [Double]
    /// Qₖ = −∂M/∂θₖ.
    let q: [[Double]]
    /// H⁻¹, H the observed Hessian: the pseudo-inverse of the diagonally equilibrated H over
    /// eigenvalues above 10⁻⁸ of the largest; empty under the expected information.
    let hessianInverse: [Double]
    /// The observed Hessian of −2ℓ (zeros when W comes from the expected information).
    let observedHessian: [Double]
    /// The method.
    let method: MMRMDegreesOfFreedom
    /// Residual df N − p.
    let residualDegreesOfFreedom: Double
    /// Between-within df per coefficient (SAS's DDFM=BW).
    let betweenWithin: [Double]
    /// Number of fixed-effect columns.
    let p: Int
    /// Evaluations of the gradient for the Hessian.
    let hessianEvaluations: Int

    init(likelihood: MMRMLikelihood, theta: [Double], evaluation: MMRMLikelihood.Evaluation,
         method: MMRMDegreesOfFreedom, information: MMRMParameterInformation = .observed, empirical: Bool = false,
         design x: [Double], rows n: Int, p: Int, subjects: [Int32], subjectCount: Int) throws {
        self.method = method
        self.p = p
        let modelBased = evaluation.informationInverse
        modelBasedCovariance = modelBased
        q = evaluation.q
        let m = theta.count
        // Observed Hessian: Richardson-extrapolated central differences of the exact gradient.
        var hessian = [Double](repeating: 0, count: m * m)
        var count = 0
        // Steps of a tenth of each parameter's standard error (from the expected information),
        // so that they scale with the data: a Cholesky entry is on the response's scale.
        let expectedInverse = SmallDense.inverse(evaluation.expectedHessian, order: m)?.inverse
        // With the expected information W needs no observed Hessian (8 gradients per parameter).
        for k in 0..<(information == .observed ? m : 0) {
            var h = 0.1 * abs(theta[k]) + (abs(theta[k]) < 1.8e-5 ? 1e-4 : 0)
            h = min(h, 0.05)
            if let expectedInverse, expectedInverse[k + k * m] > 0, expectedInverse[k + k * m].isFinite {
                h = min(h, 0.1 * (2 * expectedInverse[k + k * m]).squareRoot())
            }
            var estimates: [[Double]] = []
            for _ in 0..<4 {
                var plus = theta, minus = theta
                plus[k] += h
                minus[k] -= h
                let gp = try likelihood.evaluate(plus, derivatives: true).gradient
                let gm = try likelihood.evaluate(minus, derivatives: true).gradient
                count += 2
                estimates.append((0..<m).map { (gp[$0] - gm[$0]) / (2 * h) })
                h /= 2
            }
            var power = 4.0
            while estimates.count > 1 {
                estimates = (0..<(estimates.count - 1)).map { e in
                    (0..<m).map { (power * estimates[e + 1][$0] - estimates[e][$0]) / (power - 1) }
                }
                power *= 4
            }
            for j in 0..<m { hessian[j + k * m] = estimates[0][j] }
        }
        for k in 0..<m { for j in 0..<k {
            let mean = (hessian[j + k * m] + hessian[k + j * m]) / 2
            hessian[j + k * m] = mean
            hessian[k + j * m] = mean
        } }
        observedHessian = hessian
        hessianEvaluations = count
        hessianInverse = information == .observed ? try Self.equilibratedPseudoInverse(hessian, order: m) : []
        switch information {
        case .observed: parameterCovariance = hessianInverse.map { 2 * $0 }
        case .expected:
            parameterCovariance = try Self.equilibratedPseudoInverse(evaluation.expectedHessian, order: m).map { 2 * $0 }
        }
        var reported: [Double]
        switch method {
        case .kenwardRoger, .kenwardRogerLinear:
            let adjustment = KenwardRoger(likelihood: likelihood, theta: theta, evaluation: evaluation,
                                          parameterCovariance: parameterCovariance, secondOrder: method == .kenwardRoger)
            kenwardRoger = adjustment
            reported = adjustment.adjustedCovariance
        default:
            kenwardRoger = nil
            reported = modelBased
        }
        residualDegreesOfFreedom = Double(n - p)

        // Between-within: a column constant within every subject is between-subject.
        var between = [Bool](repeating: true, count: p)
        for j in 0..<p {
            var first = [Double](repeating: .nan, count: subjectCount)
            for i in 0..<n {
                let s = Int(subjects[i])
                let value = x[i + j * n]
                if first[s].isNaN { first[s] = value } else if first[s] != value { between[j] = false; break }
            }
        }
        let betweenCount = between.filter { $0 }.count
        let betweenDF = Double(subjectCount - betweenCount)
        let withinDF = Double(n - subjectCount - (p - betweenCount))
        betweenWithin = between.map { $0 ? betweenDF : withinDF }

        // Empirical covariance: per subject uᵢ = XᵢᵀVᵢ⁻¹rᵢ.
        var meat = [Double](repeating: 0, count: p * p)
        let beta = evaluation.beta
        for pattern in likelihood.patterns.patterns {
            let k = pattern.visits.count
            let t = likelihood.times[pattern.group].count
            guard let (w, _) = SmallDense.inverse(
                SmallDense.submatrix(evaluation.covariances[pattern.group], order: t, pattern.visits), order: k) else { continue }
            for subject in 0..<pattern.subjectCount {
                let rows = pattern.rows[(subject * k)..<((subject + 1) * k)].map { $0 }
                let weights = rows.map { likelihood.weights?[$0].squareRoot() ?? 1 }
                var r = [Double](repeating: 0, count: k)
                for (s, row) in rows.enumerated() {
                    var fitted = 0.0
                    for j in 0..<p { fitted += x[row + j * n] * beta[j] }
                    r[s] = weights[s] * (likelihood.y[row] - fitted)
                }
                let wr = SmallDense.apply(w, order: k, to: r)
                var u = [Double](repeating: 0, count: p)
                for (s, row) in rows.enumerated() { for j in 0..<p { u[j] += weights[s] * x[row + j * n] * wr[s] } }
                for b in 0..<p { for a in 0..<p { meat[a + b * p] += u[a] * u[b] } }
            }
        }
        empiricalCovariance = SmallDense.multiply(SmallDense.multiply(modelBased, meat, order: p), modelBased, order: p)
        if empirical { reported = empiricalCovariance }
        covariance = reported
    }

    /// H⁺ of the diagonally equilibrated D^{-1/2}HD^{-1/2} (eigenvalues above 1e-8 of the
    /// largest), unscaled: the same for any units of the response (a Cholesky entry's
    /// curvature scales as 1/σ², a log-SD's does not).
    static func equilibratedPseudoInverse(_ hessian: [Double], order m: Int) throws -> [Double] {
        var inverse = [Double](repeating: 0, count: m * m)
        guard m > 0 else { return inverse }
        let d = (0..<m).map { k -> Double in
            let h = abs(hessian[k + k * m]).squareRoot()
            return h > 0 && h.isFinite ? h : 1
        }
        var scaled = hessian
        for j in 0..<m { for i in 0..<m { scaled[i + j * m] /= d[i] * d[j] } }
        let (values, vectors) = try FixedOrder.symmetricEigen(scaled, order: m)
        let largest = values.map(abs).max() ?? 0
        for (index, value) in values.enumerated() where value > 1e-8 * largest {
            for j in 0..<m { for i in 0..<m {
                inverse[i + j * m] += vectors[i + index * m] * vectors[j + index * m] / value / (d[i] * d[j])
            } }
        }
        return inverse
    }

    /// lᵀΦl (Φ the reported ``covariance``) and its degrees of freedom by the method.
    func variance(of l: [Double], coefficient: Int? = nil) -> (variance: Double, degreesOfFreedom: Double) {
        if let kenwardRoger { return kenwardRoger.variance(of: l) }
        let ml = SmallDense.apply(modelBasedCovariance, order: p, to: l)
        var v = 0.0
        for i in 0..<p { v += l[i] * ml[i] }
        let cl = SmallDense.apply(covariance, order: p, to: l)
        var reported = 0.0
        for i in 0..<p { reported += l[i] * cl[i] }
        switch method {
        case .residual: return (reported, residualDegreesOfFreedom)
        case .betweenWithin:
            // A contrast takes the smallest df of the columns it involves (SAS's rule for BW).
            let involved = (0..<p).filter { l[$0] != 0 }.map { betweenWithin[$0] }
            return (reported, involved.min() ?? residualDegreesOfFreedom)
        case .satterthwaite, .kenwardRoger, .kenwardRogerLinear:
            let m = q.count
            let gradient = q.map { qk -> Double in
                let qml = SmallDense.apply(qk, order: p, to: ml)
                var s = 0.0
                for i in 0..<p { s += ml[i] * qml[i] }
                return s
            }
            var denominator = 0.0
            // ν = 2v²/(∇vᵀW∇v).
            for j in 0..<m { for i in 0..<m { denominator += gradient[i] * parameterCovariance[i + j * m] * gradient[j] } }
            return (v, denominator > 0 ? 2 * v * v / denominator : .nan)
        }
    }
}
