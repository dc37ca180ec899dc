import Foundation

/// A number with its gradient and Hessian: second-order forward-mode differentiation, for the
/// second derivatives ∂²Σ/∂ψₐ∂ψ_b of a covariance structure that Kenward–Roger's adjustment
/// needs (``KenwardRoger``).
///
/// The maps differentiated are a few multiplications per entry of a t × t matrix, with at most
/// 2t parameters, so dense gradient and Hessian arrays cost nothing next to a fit.
struct SecondOrderDual {
    /// The value.
    var value: Double
    /// ∂value/∂ψₐ.
    var gradient: [Double]
    /// ∂²value/∂ψₐ∂ψ_b, m × m column-major.
    var hessian: [Double]

    /// A constant.
    static func constant(_ value: Double, count m: Int) -> SecondOrderDual {
        SecondOrderDual(value: value, gradient: [Double](repeating: 0, count: m), hessian: [Double](repeating: 0, count: m * m))
    }

    /// The parameter ψ_index at `value`.
    static func variable(_ value: Double, index: Int, count m: Int) -> SecondOrderDual {
        var result = constant(value, count: m)
        result.gradient[index] = 1
        return result
    }

    private var count: Int { gradient.count }

    /// f(self) with f′ = `slope` and f″ = `curvature`: g′ = f′g, H′ = f′H + f″ggᵀ.
    private func mapped(_ value: Double, slope: Double, curvature: Double) -> SecondOrderDual {
        let m = count
        var hessian = self.hessian.map { $0 * slope }
        for b in 0..<m { for a in 0..<m { hessian[a + b * m] += curvature * gradient[a] * gradient[b] } }
        return SecondOrderDual(value: value, gradient: gradient.map { $0 * slope }, hessian: hessian)
    }

    static func + (lhs: SecondOrderDual, rhs: SecondOrderDual) -> SecondOrderDual {
        SecondOrderDual(value: lhs.value + rhs.value, gradient: zip(lhs.gradient, rhs.gradient).map { $0 + $1 },
                        hessian: zip(lhs.hessian, rhs.hessian).map { $0 + $1 })
    }

    static func * (lhs: SecondOrderDual, rhs: SecondOrderDual) -> SecondOrderDual {
        let m = lhs.count
        var hessian = [Double](repeating: 0, count: m * m)
        for b in 0..<m {
            for a in 0..<m {
                hessian[a + b * m] = lhs.hessian[a + b * m] * rhs.value + lhs.value * rhs.hessian[a + b * m]
                    + lhs.gradient[a] * rhs.gradient[b] + rhs.gradient[a] * lhs.gradient[b]
            }
        }
        return SecondOrderDual(value: lhs.value * rhs.value,
                               gradient: zip(lhs.gradient, rhs.gradient).map { $0 * rhs.value + lhs.value * $1 },
                               hessian: hessian)
    }

    static func * (lhs: SecondOrderDual, rhs: Double) -> SecondOrderDual {
        SecondOrderDual(value: lhs.value * rhs, gradient: lhs.gradient.map { $0 * rhs }, hessian: lhs.hessian.map { $0 * rhs })
    }

    /// √x (x > 0).
    func squareRoot() -> SecondOrderDual {
        let r = value.squareRoot()
        return mapped(r, slope: 0.5 / r, curvature: -0.25 / (r * value))
    }

    /// 1/x (x ≠ 0).
    func reciprocal() -> SecondOrderDual {
        let r = 1 / value
        return mapped(r, slope: -r * r, curvature: 2 * r * r * r)
    }

    /// eˣ.
    func exp() -> SecondOrderDual {
        let e = Foundation.exp(value)
        return mapped(e, slope: e, curvature: e)
    }
}
