import Foundation

/// Upper tail P(χ²_ν > x) = Q(ν/2, x/2), the regularized upper incomplete gamma function, for the
/// likelihood-ratio test. Series for x < a + 1, Lentz's continued fraction otherwise (Numerical
/// Recipes §6.2); both converge to full double precision, ~1e-14 relative, also deep in the tail.
enum ChiSquaredTail {
    static func survival(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "chi-squared degrees of freedom must be positive, got \(nu)")
        guard x > 0 else { return x.isNaN ? .nan : 1 }
        guard x.isFinite else { return 0 }
        let a = nu / 2, z = x / 2
        let logPrefix = a * log(z) - z - lgamma(a)
        if z < a + 1 {
            // P(a, z) by the series; Q = 1 − P.
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= z / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }
}
