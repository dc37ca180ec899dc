/// Cochran's Q test of homogeneity: Q = Σwᵢ(yᵢ − μ̂_FE)² with fixed-effect weights wᵢ = 1/sᵢ²,
/// referred to χ² with k − 1 degrees of freedom (metafor's `QE`, `QEp`).
public struct HeterogeneityTest: Sendable, Equatable {
    /// Cochran's Q.
    public let statistic: Double
    /// k − 1.
    public let degreesOfFreedom: Int
    /// P(χ²_{k−1} > Q).
    public let pValue: Double

    /// A test result; normally made by the fit.
    public init(statistic: Double, degreesOfFreedom: Int, pValue: Double) {
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
    }
}
