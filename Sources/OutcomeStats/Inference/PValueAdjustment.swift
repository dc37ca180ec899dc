/// Multiplicity adjustment of p-values, exactly as R's `p.adjust`.
///
/// With m p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎:
/// - ``holm``: p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎) — controls the family-wise error rate;
/// - ``hochberg``: p̃₍ᵢ₎ = min(1, min_{j ≥ i} (m − j + 1) p₍ⱼ₎) — FWER under independence or positive dependence;
/// - ``benjaminiHochberg``: p̃₍ᵢ₎ = min(1, min_{j ≥ i} (m/j) p₍ⱼ₎) — false discovery rate.
///
/// NaN entries are kept as NaN and not counted in m (R's `NA` handling).
///
/// ```swift
/// PValueAdjustment.holm.adjust([0.01, 0.04, 0.03])   // [0.03, 0.06, 0.06]
/// ```
public enum PValueAdjustment: String, Sendable, CaseIterable {
    /// Holm's step-down method.
    case holm
    /// Hochberg's step-up method.
    case hochberg
    /// Benjamini–Hochberg false discovery rate (R's "BH" / "fdr").
    case benjaminiHochberg = "BH"

    /// The adjusted p-values, in the input order.
    ///
    /// - Parameter pValues: p-values in [0, 1] or NaN.
    public func adjust(_ pValues: [Double]) -> [Double] {
        let present = pValues.indices.filter { !pValues[$0].isNaN }
        let m = present.count
        var result = pValues
        guard m > 0 else { return result }
        // Stable sort of the present indices by p (R's order()).
        let ascending = present.enumerated().sorted { l, r in
            pValues[l.element] != pValues[r.element] ? pValues[l.element] < pValues[r.element] : l.offset < r.offset
        }.map(\.element)
        switch self {
        case .holm:
            var running = -Double.infinity
            for (position, index) in ascending.enumerated() {
                running = max(running, Double(m - position) * pValues[index])
                result[index] = min(1, running)
            }
        case .hochberg, .benjaminiHochberg:
            var running = Double.infinity
            // R: i <- m:1; o <- order(p, decreasing = TRUE); cummin(factor(i) * p[o]).
            let descending = present.enumerated().sorted { l, r in
                pValues[l.element] != pValues[r.element] ? pValues[l.element] > pValues[r.element] : l.offset < r.offset
            }.map(\.element)
            for (position, index) in descending.enumerated() {
                let i = m - position
                let factor = self == .hochberg ? Double(m - i + 1) : Double(m) / Double(i)
                running = min(running, factor * pValues[index])
                result[index] = min(1, running)
            }
        }
        return result
    }
}
