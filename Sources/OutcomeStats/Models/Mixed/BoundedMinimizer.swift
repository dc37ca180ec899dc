import Foundation

/// Derivative-free minimization of a smooth function of a few parameters with lower bounds
/// (the profiled deviance over θ, diagonal of each T ≥ 0).
///
/// Two stages: Nelder–Mead on the box (trial points projected onto the bounds, restarted once
/// from its best point) brings the simplex near the optimum; a projected Newton iteration whose
/// gradient and Hessian are central finite differences of the objective then converges tightly
/// (quadratically, to the accuracy the differences allow, ~1e-9 in θ; the gradient is a
/// fourth-order difference). Parameters at a bound
/// whose gradient points outward are held there (an active set), so boundary (singular) optima
/// are reached exactly.
struct BoundedMinimizer {
    /// Lower bounds (−∞ for none).
    let lowerBounds: [Double]
    /// Evaluation budget.
    let maximumEvaluations: Int

    struct Result {
        let x: [Double]
        let value: Double
        let evaluations: Int
        let converged: Bool
    }

    /// Minimizes `f` from `start`.
    func minimize(from start: [Double], _ f: ([Double]) throws -> Double) throws -> Result {
        var evaluations = 0
        let m = start.count
        func project(_ x: [Double]) -> [Double] { zip(x, lowerBounds).map { max($0, $1) } }
        func value(_ x: [Double]) throws -> Double {
            evaluations += 1
            let v = try f(x)
            return v.isNaN ? .infinity : v
        }
        var best = project(start)
        var bestValue = try value(best)
        if m == 0 { return Result(x: best, value: bestValue, evaluations: evaluations, converged: true) }

        // Stage 1: Nelder–Mead, twice (the second from the first's best point, fresh simplex).
        for (round, size) in [0.25, 0.05].enumerated() {
            var simplex = [best]
            var values = [bestValue]
            for i in 0..<m {
                var point = best
                let step = size * max(abs(point[i]), 1)
                point[i] += step
                if point[i] == best[i] { point[i] = best[i] + step }
                point = project(point)
                if point == best { point[i] = best[i] + step }
                simplex.append(point)
                values.append(try value(point))
            }
            // Loose: the Newton stage converges tightly once the simplex is near the optimum.
            let tolerance = round == 0 ? 1e-6 : 1e-9
            let sizeTolerance = round == 0 ? 1e-2 : 1e-3
            while evaluations < maximumEvaluations / 2 {
                let order = values.indices.sorted { values[$0] < values[$1] }
                simplex = order.map { simplex[$0] }
                values = order.map { values[$0] }
                let spread = values[m] - values[0]
                let size = (1...m).map { j in zip(simplex[j], simplex[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
                if spread <= tolerance * (1 + abs(values[0])) && size <= sizeTolerance { break }
                if size < 1e-12 { break }
                var centroid = [Double](repeating: 0, count: m)
                for j in 0..<m { for i in 0..<m { centroid[i] += simplex[j][i] / Double(m) } }
                func along(_ t: Double) -> [Double] { project((0..<m).map { centroid[$0] + t * (simplex[m][$0] - centroid[$0]) }) }
                let reflected = along(-1)
                let reflectedValue = try value(reflected)
                if reflectedValue < values[0] {
                    let expanded = along(-2)
                    let expandedValue = try value(expanded)
                    if expandedValue < reflectedValue {
                        simplex[m] = expanded; values[m] = expandedValue
                    } else {
                        simplex[m] = reflected; values[m] = reflectedValue
                    }
                } else if reflectedValue < values[m - 1] {
                    simplex[m] = reflected; values[m] = reflectedValue
                } else {
                    let outside = reflectedValue < values[m]
                    let contracted = along(outside ? -0.5 : 0.5)
                    let contractedValue = try value(contracted)
                    if contractedValue < (outside ? reflectedValue : values[m]) {
                        simplex[m] = contracted; values[m] = contractedValue
                    } else {
                        for j in 1...m {
                            simplex[j] = project((0..<m).map { simplex[0][$0] + 0.5 * (simplex[j][$0] - simplex[0][$0]) })
                            values[j] = try value(simplex[j])
                        }
                    }
                }
            }
            let index = values.indices.min { values[$0] < values[$1] }!
            if values[index] < bestValue { best = simplex[index]; bestValue = values[index] }
        }

        // Stage 2: projected Newton with finite-difference derivatives.
        var converged = false
        for _ in 0..<50 {
            if evaluations >= maximumEvaluations { break }
            let h = best.map { 1e-4 * max(abs($0), 1e-2) }
            var gradient = [Double](repeating: 0, count: m)
            var hessian = [Double](repeating: 0, count: m * m)
            var plus = [Double](repeating: 0, count: m), minus = plus
            for i in 0..<m {
                var xp = best; xp[i] += h[i]
                var xm = best; xm[i] -= h[i]
                plus[i] = try value(xp)
                minus[i] = try value(xm)
                // Fourth-order central difference for the gradient (error O(h⁴)): the gradient
                // sets where Newton stops, the Hessian only how fast it gets there.
                var xpp = best; xpp[i] += 2 * h[i]
                var xmm = best; xmm[i] -= 2 * h[i]
                let plus2 = try value(xpp), minus2 = try value(xmm)
                gradient[i] = (8 * (plus[i] - minus[i]) - (plus2 - minus2)) / (12 * h[i])
                hessian[i + i * m] = (plus[i] - 2 * bestValue + minus[i]) / (h[i] * h[i])
            }
            for i in 0..<m {
                for j in 0..<i {
                    var x = best
                    x[i] += h[i]; x[j] += h[j]; let fpp = try value(x)
                    x[j] -= 2 * h[j]; let fpm = try value(x)
                    x[i] -= 2 * h[i]; let fmm = try value(x)
                    x[j] += 2 * h[j]; let fmp = try value(x)
                    let mixed = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j])
                    hessian[i + j * m] = mixed
                    hessian[j + i * m] = mixed
                }
            }
            // Active set: at the bound with the gradient pushing outward.
            let free = (0..<m).filter { !(best[$0] <= lowerBounds[$0] && gradient[$0] > 0) }
            if free.isEmpty { converged = true; break }
            let step = try newtonStep(gradient: gradient, hessian: hessian, free: free, m: m)
            var scale = 1.0
            var accepted = false
            var candidate = best
            var candidateValue = bestValue
            for _ in 0..<30 {
                candidate = best
                for (position, i) in free.enumerated() { candidate[i] += scale * step[position] }
                candidate = project(candidate)
                candidateValue = try value(candidate)
                if candidateValue <= bestValue { accepted = true; break }
                scale /= 2
            }
            let moved = zip(candidate, best).map { abs($0 - $1) }.max() ?? 0
            if accepted {
                let decrease = bestValue - candidateValue
                best = candidate
                bestValue = candidateValue
                // Stop on a negligible step; a small decrease alone is not enough, since a flat
                // (near-singular) direction can still move θ by 1e-7 for a 1e-11 gain.
                if moved <= 1e-12 * (1 + (best.map(abs).max() ?? 0)) || (decrease == 0 && moved <= 1e-9) {
                    converged = true
                    break
                }
            } else {
                converged = true  // no descent along the Newton direction: at the optimum to rounding
                break
            }
        }
        return Result(x: best, value: bestValue, evaluations: evaluations, converged: converged)
    }

    /// Solves H s = −g on the free coordinates, with Levenberg damping until H + λI is positive definite.
    private func newtonStep(gradient: [Double], hessian: [Double], free: [Int], m: Int) throws -> [Double] {
        let r = free.count
        var lambda = 0.0
        let scale = free.map { abs(hessian[$0 + $0 * m]) }.max() ?? 1
        for _ in 0..<60 {
            var a = [Double](repeating: 0, count: r * r)
            for (j, fj) in free.enumerated() { for (i, fi) in free.enumerated() { a[i + j * r] = hessian[fi + fj * m] } }
            for i in 0..<r { a[i + i * r] += lambda }
            if FixedOrder.potrfUpper(&a, order: r) {
                var b = free.map { -gradient[$0] }
                FixedOrder.potrsUpper(a, order: r, &b, columns: 1)
                return b
            }
            lambda = lambda == 0 ? 1e-8 * max(scale, 1e-8) : lambda * 10
        }
        return free.map { -gradient[$0] / max(scale, 1) }
    }
}
