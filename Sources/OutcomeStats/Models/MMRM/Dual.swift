import Foundation

/// A number with its gradient: forward-mode differentiation of the covariance structures'
/// parameter maps, so that ∂Σ/∂θ is exact rather than a finite difference.
///
/// The parameter maps are small (t × t entries of a few multiplications each), so a heap
/// array per value costs nothing next to an evaluation of the likelihood.
struct Dual {
    /// The value.
    var value: Double
    /// ∂value/∂θₖ for every parameter k.
    var gradient: [Double]

    /// A constant: zero gradient.
    static func constant(_ value: Double, count: Int) -> Dual {
        Dual(value: value, gradient: [Double](repeating: 0, count: count))
    }

    /// The parameter θ_index with value `value`.
    static func variable(_ value: Double, index: Int, count: Int) -> Dual {
        var gradient = [Double](repeating: 0, count: count)
        gradient[index] = 1
        return Dual(value: value, gradient: gradient)
    }

    /// The chain rule: f(self) with f′(self) = `slope`.
    private func mapped(_ value: Double, slope: Double) -> Dual {
        Dual(value: value, gradient: gradient.map { $0 * slope })
    }

    static func + (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value + rhs.value, gradient: zip(lhs.gradient, rhs.gradient).map { $0 + $1 })
    }

    static func - (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value - rhs.value, gradient: zip(lhs.gradient, rhs.gradient).map { $0 - $1 })
    }

    static func * (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value * rhs.value,
             gradient: zip(lhs.gradient, rhs.gradient).map { $0 * rhs.value + lhs.value * $1 })
    }

    static func * (lhs: Dual, rhs: Double) -> Dual {
        Dual(value: lhs.value * rhs, gradient: lhs.gradient.map { $0 * rhs })
    }

    /// e^x.
    func exp() -> Dual {
        let e = Foundation.exp(value)
        return mapped(e, slope: e)
    }

    /// log x.
    func log() -> Dual { mapped(Foundation.log(value), slope: 1 / value) }

    /// 1 / (1 + e^{−x}), in (0, 1).
    func logistic() -> Dual {
        let s = value >= 0 ? 1 / (1 + Foundation.exp(-value)) : Foundation.exp(value) / (1 + Foundation.exp(value))
        return mapped(s, slope: s * (1 - s))
    }

    /// log(1 / (1 + e^{−x})), without underflow for very negative x.
    func logLogistic() -> Dual {
        // −log(1 + e^{−x}); its derivative is 1 − logistic(x) = logistic(−x).
        let v = value >= 0 ? -Foundation.log1p(Foundation.exp(-value)) : value - Foundation.log1p(Foundation.exp(value))
        let slope = value >= 0 ? Foundation.exp(-value) / (1 + Foundation.exp(-value)) : 1 / (1 + Foundation.exp(value))
        return mapped(v, slope: slope)
    }

    /// x / √(1 + x²), in (−1, 1): R mmrm's map of a correlation.
    func boundedCorrelation() -> Dual {
        let r = (1 + value * value).squareRoot()
        return mapped(value / r, slope: 1 / (r * r * r))
    }
}
