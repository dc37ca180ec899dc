/// What a linear fit keeps so that switching its covariance estimator needs no refit: the
/// refined least-squares solution, the rows it used and the frame they came from (a value, so
/// keeping it shares the frame's storage rather than copying it).
struct LinearFitBasis: Sendable {
    let leastSquares: RefinedLeastSquares
    let formula: Formula
    let columnNames: [String]
    /// The response at the fitted rows, unweighted.
    let response: [Double]
    /// Case weights at the fitted rows (all positive), or `nil`.
    let weights: [Double]?
    /// Frame row of each fitted row.
    let rows: [Int]
    let frame: Frame
    let droppedRowCount: Int
    let zeroWeightRowCount: Int
    let weightsColumn: String?
    let referenceLevels: [String: String]
    /// How the formula's variables became columns, for prediction, ANOVA and marginal means;
    /// a failure (for example a function factor the coding cannot rebuild) is kept, not thrown,
    /// so the fit itself still succeeds.
    var designCoding: Result<DesignCoding, any Error> = .failure(
        StatsError.domain("this fit keeps no design coding for prediction, ANOVA or marginal means"))

    /// Solves the (weighted) least-squares problem of `design`.
    init(design: ModelMatrix, frame: Frame, weightsColumn: String?, rankTolerance: Double) throws {
        var n = design.rowCount
        let p = design.columnCount
        guard n > 0 else { throw StatsError.tooFewObservations(observations: 0, parameters: p) }
        var x = design.values
        var y = design.response
        var rows = design.usedRows
        var weights = design.weights
        var zeroWeights = 0
        if let w = weights {
            let keep = w.indices.filter { w[$0] > 0 }
            zeroWeights = n - keep.count
            guard !keep.isEmpty else { throw StatsError.tooFewObservations(observations: 0, parameters: p) }
            let roots = keep.map { w[$0].squareRoot() }
            var weighted = [Double](repeating: 0, count: keep.count * p)
            for j in 0..<p {
                for (k, i) in keep.enumerated() { weighted[k + j * keep.count] = x[i + j * n] * roots[k] }
            }
            x = weighted
            y = keep.map { design.response[$0] }
            rows = keep.map { design.usedRows[$0] }
            weights = keep.map { w[$0] }
            n = keep.count
            let weightedResponse = zip(y, roots).map { $0 * $1 }
            leastSquares = try RefinedLeastSquares(matrix: x, rows: n, columns: p, response: weightedResponse,
                                                   rankTolerance: rankTolerance)
        } else {
            leastSquares = try RefinedLeastSquares(matrix: x, rows: n, columns: p, response: y, rankTolerance: rankTolerance)
        }
        formula = design.formula
        columnNames = design.columnNames
        response = y
        self.weights = weights
        self.rows = rows
        self.frame = frame
        droppedRowCount = design.droppedRowCount
        zeroWeightRowCount = zeroWeights
        self.weightsColumn = weightsColumn
        referenceLevels = design.referenceLevels
    }
}
