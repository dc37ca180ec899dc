import Foundation

/// Solves tail(x) = target for x > 0, where `tail` is a cdf (increasing) or a survival function
/// (decreasing), by Newton's method on log tail(eᵘ) = log target in u = log x — nearly linear in
/// the tails, where probabilities span hundreds of decades — then polishes with Newton steps on
/// tail(x) itself, because eᵘ inherits the absolute rounding ε·|u| of u as relative error.
///
/// - Parameters:
///   - target: the probability, in (0, 1).
///   - start: a starting x > 0.
///   - increasing: whether `tail` is a cdf (true) or a survival function (false).
///   - tail: the cdf or survival function.
///   - density: the density (|d tail / dx|).
/// - Returns: x.
func invertTail(target: Double, start: Double, increasing: Bool,
                tail: (Double) -> Double, density: (Double) -> Double) -> Double {
    let logTarget = log(target)
    let sign = increasing ? 1.0 : -1.0
    var u = log(max(start, 1e-300))
    var low = -Double.infinity, high = Double.infinity    // bracket of the root in u
    for _ in 0..<400 {
        let x = exp(u)
        let value = tail(x)
        // The root lies above u when the tail is below target (cdf) or above it (survival).
        let rootAbove = increasing ? value < target : value > target
        if rootAbove { low = u } else { high = u }
        var next: Double
        if value > 0 && value.isFinite {
            let g = log(value) - logTarget
            let slope = sign * exp(log(density(x)) + u - log(value))
            next = slope.isFinite && slope != 0 ? u - max(min(g / slope, 3), -3) : .nan
        } else {
            next = .nan
        }
        if !(next > low && next < high) {
            if low.isFinite && high.isFinite { next = 0.5 * (low + high) }
            else { next = rootAbove ? u + 2 : u - 2 }
        }
        next = min(next, 709)
        let step = next - u
        u = next
        if abs(step) < 1e-13 || (high - low) < 1e-13 { break }
    }
    var x = exp(u)
    for _ in 0..<4 where x.isFinite && x > 0 {
        let next = x - sign * (tail(x) - target) / density(x)
        guard next.isFinite, next > 0 else { break }
        let done = abs(next - x) <= 2 * Double.ulpOfOne * x
        x = next
        if done { break }
    }
    return x
}
