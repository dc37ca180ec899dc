import Foundation

/// How the missing values of one continuous column are drawn from its regression on the
/// others, in a regression imputation under MAR (mice's univariate `method`).
public enum UnivariateImputationModel: String, Sendable, CaseIterable {
    /// Normal linear regression with proper draws: x β* + σ* z (mice's `norm`).
    case norm
    /// Predictive mean matching (mice's `pmm`, type-1 matching): each missing value is the
    /// observed value of a donor drawn from the ``donors`` observed
    /// subjects whose prediction x β̂ is closest to the missing subject's x β*. Imputed values
    /// are observed ones, so they keep the column's range and granularity.
    case pmm

    /// Donors per missing value under ``pmm`` (mice's default `donors = 5L`).
    public static let donors = 5
}

/// Predictive mean matching over one regression.
enum PredictiveMeanMatching {
    /// Donors per missing value.
    static let donors = UnivariateImputationModel.donors

    /// The index, in `observedPredictions`, of the donor of a missing value predicted at
    /// `prediction`: one of the ``donors`` nearest predictions (ties to the earlier subject),
    /// drawn uniformly.
    static func donor(for prediction: Double, among observedPredictions: [Double], generator: inout SeededGenerator) -> Int {
        var nearest: [(distance: Double, index: Int)] = []
        nearest.reserveCapacity(donors + 1)
        for (index, value) in observedPredictions.enumerated() {
            let distance = abs(value - prediction)
            guard nearest.count < donors || distance < nearest[nearest.count - 1].distance else { continue }
            var position = nearest.count
            while position > 0 && nearest[position - 1].distance > distance { position -= 1 }
            nearest.insert((distance, index), at: position)
            if nearest.count > donors { nearest.removeLast() }
        }
        return nearest[generator.nextInt(below: nearest.count)].index
    }
}

/// A logistic regression of a 0/1 column on the others, fitted by iteratively reweighted least
/// squares, with coefficients drawn from the normal approximation to their posterior,
/// β* = β̂ + L⁻ᵀz where LLᵀ = XᵀŴX (mice's `logreg`, without its augmentation of the data).
struct LogisticImputationRegression {
    /// The columns kept (not combinations of earlier ones).
    let kept: [Int]
    /// The drawn coefficients of the kept columns.
    let coefficients: [Double]

    /// Fits `y` (0 or 1) on `rows` (each with the intercept first) and draws the coefficients.
    ///
    /// - Returns: `nil` when fewer observations than kept columns remain.
    init?(rows: [[Double]], y: [Double], generator: inout SeededGenerator) {
        guard let width = rows.first?.count, rows.count > 1 else { return nil }
        var beta = [Double](repeating: 0, count: width)
        var kept: [Int] = Array(0..<width)
        var lower: [Double] = []
        var previous = Double.infinity
        for _ in 0..<50 {
            var products = CrossProducts(width: width)
            var deviance = 0.0
            for (x, value) in zip(rows, y) {
                var eta = 0.0
                for j in 0..<width { eta += x[j] * beta[j] }
                let mu = min(max(1 / (1 + exp(-eta)), 1e-10), 1 - 1e-10)
                let w = mu * (1 - mu)
                let z = eta + (value - mu) / w
                let root = w.squareRoot()
                products.add(x.map { $0 * root }, z * root)
                deviance -= 2 * (value == 1 ? log(mu) : log1p(-mu))
            }
            (lower, kept) = MonotoneRegressionImputation.choleskyDroppingDependent(products.gram, order: width)
            guard rows.count > kept.count else { return nil }
            let p = kept.count
            let solution = MonotoneRegressionImputation.backward(lower, order: p,
                                                                 MonotoneRegressionImputation.forward(lower, order: p, kept.map { products.cross[$0] }))
            beta = [Double](repeating: 0, count: width)
            for (a, column) in kept.enumerated() { beta[column] = solution[a] }
            if abs(previous - deviance) <= 1e-10 * (abs(deviance) + 0.1) { break }
            previous = deviance
        }
        let p = kept.count
        let e = (0..<p).map { _ in generator.nextNormal() }
        let shift = MonotoneRegressionImputation.backward(lower, order: p, e)
        self.kept = kept
        coefficients = kept.enumerated().map { a, column in beta[column] + shift[a] }
    }

    /// A 0/1 draw for a subject with predictors `x`: 1 with probability expit(x β*).
    func draw(_ x: [Double], generator: inout SeededGenerator) -> Double {
        var eta = 0.0
        for (a, column) in kept.enumerated() { eta += x[column] * coefficients[a] }
        return generator.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0
    }
}

extension ImputationRegression {
    /// x·β over the kept columns, with the drawn (`drawn: true`) or the estimated coefficients.
    func prediction(_ x: [Double], drawn: Bool = true) -> Double {
        let b = drawn ? coefficients : estimatedCoefficients
        var mean = 0.0
        for (a, column) in kept.enumerated() { mean += x[column] * b[a] }
        return mean
    }

    /// The imputed values for the predictor rows `missing` under `model`: x β* + σ* z (norm), or
    /// a donor's observed value (pmm; `observed` holds the donors' predictor rows and values).
    func impute(_ missing: [[Double]], model: UnivariateImputationModel, observed: [(x: [Double], value: Double)],
                generator: inout SeededGenerator) -> [Double] {
        switch model {
        case .norm:
            return missing.map { prediction($0) + sigma * generator.nextNormal() }
        case .pmm:
            let predictions = observed.map { prediction($0.x, drawn: false) }
            return missing.map { x in
                observed[PredictiveMeanMatching.donor(for: prediction(x), among: predictions, generator: &generator)].value
            }
        }
    }
}
