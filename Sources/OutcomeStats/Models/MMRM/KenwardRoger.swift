import Foundation

/// Kenward and Roger's (1997) small-sample inference for an MMRM: the bias-adjusted covariance
/// of β̂ and the denominator degrees of freedom of a hypothesis Lβ = 0.
///
/// With Φ = M⁻¹ the model-based Cov(β̂), W the covariance of θ̂, Pₕ = Xᵀ(∂V⁻¹/∂θₕ)X,
/// Qₕⱼ = XᵀV⁻¹DₕV⁻¹DⱼV⁻¹X and Rₕⱼ = XᵀV⁻¹(∂²V/∂θₕ∂θⱼ)V⁻¹X:
///
///     Φ_A = Φ + 2Φ {Σₕⱼ Wₕⱼ (Qₕⱼ − PₕΦPⱼ − ¼Rₕⱼ)} Φ
///
/// The R term is taken in SAS's parameters (``CovarianceStructure/sasParameters(of:times:)``),
/// so it vanishes for `us`, `cs` and `toep` as in SAS; `kenward-roger-linear` leaves it out for
/// every structure. The rest is the same in any parametrization.
///
/// For L of rank c, with Θ = Lᵀ(LΦLᵀ)⁻¹L, A₁ = Σ Wₕⱼ tr(ΘΦPₕΦ) tr(ΘΦPⱼΦ) and
/// A₂ = Σ Wₕⱼ tr(ΘΦPₕΦΘΦPⱼΦ), the df m and the F scale λ follow Kenward and Roger's moment
/// match, as pbkrtest's `Lb_ddf` and SAS compute them; for c = 1 they reduce to m = 2/A₁ and λ = 1.
struct KenwardRoger: Sendable {
    /// Φ_A, the adjusted Cov(β̂), p × p.
    let adjustedCovariance: [Double]
    /// Φ, the model-based Cov(β̂).
    let modelBased: [Double]
    /// Pₕ up to sign (the likelihood's Qₖ = −∂M/∂θₖ = −Pₖ): only products of two enter.
    let p: [[Double]]
    /// W = Cov(θ̂), m × m.
    let w: [Double]
    /// Number of fixed-effect columns.
    let columns: Int

    /// The adjustment at θ̂.
    ///
    /// - Parameters:
    ///   - secondOrder: whether to include the R term (`kenward-roger`) or not (`-linear`).
    init(likelihood: MMRMLikelihood, theta: [Double], evaluation: MMRMLikelihood.Evaluation,
         parameterCovariance w: [Double], secondOrder: Bool) {
        let columns = likelihood.patterns.fixedCount
        let phi = evaluation.informationInverse
        let m = theta.count
        let perGroup = likelihood.parametersPerGroup
        self.modelBased = phi
        self.p = evaluation.q
        self.w = w
        self.columns = columns
        // Per group: Dₐ = ∂Σ/∂θₐ, Fₐ = Σ_b W_ab D_b, and S = Σ_ab (W_ψ)_ab ∂²Σ/∂ψₐ∂ψ_b.
        var derivatives: [[[Double]]] = []
        var weighted: [[[Double]]] = []
        var secondTerms: [[Double]?] = []
        for (g, times) in likelihood.times.enumerated() {
            let t = times.count
            let offset = g * perGroup
            let d = likelihood.structure.covariance(Array(theta[offset..<(offset + perGroup)]), times: times).derivatives
            derivatives.append(d)
            weighted.append((0..<perGroup).map { a in
                var f = [Double](repeating: 0, count: t * t)
                for b in 0..<perGroup {
                    let weight = w[(offset + a) + (offset + b) * m]
                    for i in 0..<(t * t) { f[i] += weight * d[b][i] }
                }
                return f
            })
            let block = (0..<(perGroup * perGroup)).map { w[(offset + $0 % perGroup) + (offset + $0 / perGroup) * m] }
            secondTerms.append(secondOrder
                ? Self.secondDerivativeTerm(structure: likelihood.structure, sigma: evaluation.covariances[g],
                                            times: times, thetaDerivatives: d, w: block)
                : nil)
        }
        // Σ W (Q − ¼R) = Σᵢ XᵢᵀVᵢ⁻¹(Σₐ DₐVᵢ⁻¹Fₐ − ¼S)Vᵢ⁻¹Xᵢ, pattern by pattern.
        var middle = [Double](repeating: 0, count: columns * columns)
        for pattern in likelihood.patterns.patterns {
            let k = pattern.visits.count
            let t = likelihood.times[pattern.group].count
            guard let (vi, _) = SmallDense.inverse(
                SmallDense.submatrix(evaluation.covariances[pattern.group], order: t, pattern.visits), order: k) else { continue }
            var c = [Double](repeating: 0, count: k * k)
            for a in 0..<perGroup {
                let da = SmallDense.submatrix(derivatives[pattern.group][a], order: t, pattern.visits)
                let fa = SmallDense.submatrix(weighted[pattern.group][a], order: t, pattern.visits)
                let product = SmallDense.multiply(SmallDense.multiply(da, vi, order: k), fa, order: k)
                for i in 0..<(k * k) { c[i] += product[i] }
            }
            if let s = secondTerms[pattern.group] {
                let sub = SmallDense.submatrix(s, order: t, pattern.visits)
                for i in 0..<(k * k) { c[i] -= 0.25 * sub[i] }
            }
            let b = SmallDense.multiply(SmallDense.multiply(vi, c, order: k), vi, order: k)
            let xbx = pattern.xax(b, p: columns)
            for i in 0..<(columns * columns) { middle[i] += xbx[i] }
        }
        // − Σ W_ab PₐΦP_b.
        let phiP = evaluation.q.map { SmallDense.multiply(phi, $0, order: columns) }
        for a in 0..<m {
            var combined = [Double](repeating: 0, count: columns * columns)
            for b in 0..<m where w[a + b * m] != 0 {
                for i in 0..<(columns * columns) { combined[i] += w[a + b * m] * phiP[b][i] }
            }
            let product = SmallDense.multiply(evaluation.q[a], combined, order: columns)
            for i in 0..<(columns * columns) { middle[i] -= product[i] }
        }
        let correction = SmallDense.multiply(SmallDense.multiply(phi, middle, order: columns), phi, order: columns)
        var adjusted = phi
        for j in 0..<columns { for i in 0..<columns {
            // Symmetrized: the two halves differ only by rounding.
            adjusted[i + j * columns] += correction[i + j * columns] + correction[j + i * columns]
        } }
        adjustedCovariance = adjusted
    }

    /// S = Σ_ab (W_ψ)_ab ∂²Σ/∂ψₐ∂ψ_b (t × t), with W_ψ = J W Jᵀ and J = ∂ψ/∂θ from
    /// ∂Σ/∂θ = Σₐ (∂Σ/∂ψₐ) Jₐ (least squares over the t² entries, exact as ψ ↦ Σ is one to one);
    /// `nil` where Σ is linear in ψ.
    static func secondDerivativeTerm(structure: CovarianceStructure, sigma: [Double], times: [Double],
                                     thetaDerivatives: [[Double]], w: [Double]) -> [Double]? {
        guard let psi = structure.sasParameters(of: sigma, times: times) else { return nil }
        let m = psi.count
        let t = times.count
        guard m == thetaDerivatives.count else { return nil }
        let entries = structure.sasCovariance(psi, times: times)
        // Normal equations (DψᵀDψ) J = DψᵀDθ.
        var gram = [Double](repeating: 0, count: m * m)
        var right = [Double](repeating: 0, count: m * m)
        for entry in entries {
            for b in 0..<m { for a in 0..<m { gram[a + b * m] += entry.gradient[a] * entry.gradient[b] } }
        }
        for (e, entry) in entries.enumerated() {
            for k in 0..<m { for a in 0..<m { right[a + k * m] += entry.gradient[a] * thetaDerivatives[k][e] } }
        }
        guard let (gramInverse, _) = SmallDense.inverse(gram, order: m) else { return nil }
        let j = SmallDense.multiply(gramInverse, right, order: m)
        var jt = j
        for b in 0..<m { for a in 0..<m { jt[a + b * m] = j[b + a * m] } }
        let wPsi = SmallDense.multiply(SmallDense.multiply(j, w, order: m), jt, order: m)
        var s = [Double](repeating: 0, count: t * t)
        for (e, entry) in entries.enumerated() {
            var total = 0.0
            for i in 0..<(m * m) { total += wPsi[i] * entry.hessian[i] }
            s[e] = total
        }
        return s
    }

    /// lᵀΦ_A l and Kenward–Roger's df 2/A for one row l (A = aᵀWa, aₕ = lᵀΦPₕΦl / lᵀΦl).
    func variance(of l: [Double]) -> (variance: Double, degreesOfFreedom: Double) {
        let q = columns
        let adjusted = SmallDense.apply(adjustedCovariance, order: q, to: l)
        var variance = 0.0
        for i in 0..<q { variance += l[i] * adjusted[i] }
        let (a1, _) = moments([l])
        return (variance, a1 > 0 ? 2 / a1 : .nan)
    }

    /// A₁ and A₂ for the rows `l` (full row rank), in the space of the contrast: with
    /// Z = T⁻¹LΦ (T the Cholesky factor of LΦLᵀ) and Fₕ = ZPₕZᵀ, A₁ = Σ Wₕⱼ tr Fₕ tr Fⱼ and
    /// A₂ = Σ Wₕⱼ ⟨Fₕ, Fⱼ⟩.
    func moments(_ l: [[Double]]) -> (a1: Double, a2: Double) {
        let q = columns
        let c = l.count
        let lPhi = l.map { SmallDense.apply(modelBased, order: q, to: $0) }
        let h = Self.products(l, lPhi)
        guard let lower = SmallDense.choleskyLower(h, order: c) else { return (.nan, .nan) }
        // Z rows by forward substitution.
        var z = [[Double]](repeating: [Double](repeating: 0, count: q), count: c)
        for i in 0..<c {
            var row = lPhi[i]
            for k in 0..<i { for e in 0..<q { row[e] -= lower[i + k * c] * z[k][e] } }
            z[i] = row.map { $0 / lower[i + i * c] }
        }
        let m = p.count
        let f: [[Double]] = p.map { ph in
            Self.products(z, z.map { SmallDense.apply(ph, order: q, to: $0) })
        }
        let traces = f.map { fh in (0..<c).reduce(0.0) { $0 + fh[$1 + $1 * c] } }
        var a1 = 0.0, a2 = 0.0
        for j in 0..<m { for i in 0..<m where w[i + j * m] != 0 {
            a1 += w[i + j * m] * traces[i] * traces[j]
            var inner = 0.0
            for e in 0..<(c * c) { inner += f[i][e] * f[j][e] }
            a2 += w[i + j * m] * inner
        } }
        return (a1, a2)
    }

    /// The c × c matrix of aᵢ·bⱼ (column-major) for rows a and b.
    static func products(_ a: [[Double]], _ b: [[Double]]) -> [Double] {
        let c = a.count
        var h = [Double](repeating: 0, count: c * c)
        for j in 0..<c { for i in 0..<c {
            var s = 0.0
            for k in a[i].indices { s += a[i][k] * b[j][k] }
            h[i + j * c] = s
        } }
        return h
    }

    /// Kenward–Roger's F test of Lβ = 0 for rows `l` (full row rank) at β̂ = `beta`: the scaled
    /// statistic λF (F from Φ_A) and the denominator df m.
    func test(_ l: [[Double]], beta: [Double]) -> (statistic: Double, degreesOfFreedom: Double)? {
        let q = columns
        let c = l.count
        let (a1, a2) = moments(l)
        guard a1.isFinite, a2.isFinite, a2 > 0 else { return nil }
        let cd = Double(c)
        let b = (a1 + 6 * a2) / (2 * cd)
        let g = ((cd + 1) * a1 - (cd + 4) * a2) / ((cd + 2) * a2)
        let denominator = 3 * cd + 2 * (1 - g)
        let c1 = g / denominator, c2 = (cd - g) / denominator, c3 = (cd + 2 - g) / denominator
        var v0 = 1 + c1 * b
        let v1 = 1 - c2 * b, v2 = 1 - c3 * b
        if abs(v0) < 1e-10 { v0 = 0 }
        let ratio = abs(1 - a2 / cd) < 1e-14 && abs(v1) < 1e-14 ? 1 : (1 - a2 / cd) / v1
        let rho = ratio * ratio * v0 / v2 / cd
        let df = 4 + (cd + 2) / (cd * rho - 1)
        let scale = abs(df - 2) < 1e-2 ? 1 : df * (1 - a2 / cd) / (df - 2)
        // F = (Lβ)ᵀ(LΦ_ALᵀ)⁻¹(Lβ)/c.
        let lb = l.map { row in (0..<q).reduce(0.0) { $0 + row[$1] * beta[$1] } }
        let lA = l.map { SmallDense.apply(adjustedCovariance, order: q, to: $0) }
        guard let (inverse, _) = SmallDense.inverse(Self.products(l, lA), order: c) else { return nil }
        let solved = SmallDense.apply(inverse, order: c, to: lb)
        let wald = (0..<c).reduce(0.0) { $0 + lb[$1] * solved[$1] }
        return (scale * wald / cd, df)
    }
}
