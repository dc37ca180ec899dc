/// How a linear fit solves its least-squares problem.
enum LeastSquaresPath: Sendable {
    /// ``StreamedLeastSquares`` from ``LinearModel/streamingMinimumRows`` rows on (unweighted,
    /// and unless the design is ill-conditioned), ``RefinedLeastSquares`` otherwise.
    case automatic
    /// Always ``RefinedLeastSquares`` (the design materialised).
    case dense
    /// ``StreamedLeastSquares`` whenever it applies (tests use this to compare the two).
    case streamed
}

/// What a linear fit keeps so that switching its covariance estimator needs no refit: the
/// least-squares solution, the rows it used and the frame they came from (a value, so
/// keeping it shares the frame's storage rather than copying it).
struct LinearFitBasis: Sendable {
    let leastSquares: any LeastSquaresSolution
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
    /// Coding of the categorical variables, from which ``designCoding()`` rebuilds how the
    /// formula's variables became columns; `nil` when the fit keeps no coding.
    var contrasts: [String: Contrast]?

    /// How the formula's variables became columns, for prediction, ANOVA and marginal means.
    /// Built when asked for (it reads every used row, which a plain fit of a million rows need
    /// not pay for); its failure (for example a function factor the coding cannot rebuild) is
    /// the caller's to report, so the fit itself still succeeds.
    func designCoding() throws -> DesignCoding {
        guard let contrasts else {
            throw StatsError.domain("this fit keeps no design coding for prediction, ANOVA or marginal means")
        }
        return try DesignCoding(formula: formula, frame: frame, contrasts: contrasts)
    }

    /// Solves the (weighted) least-squares problem of `columns`: streamed for a large unweighted
    /// design (see ``LeastSquaresPath``), otherwise with the design materialised.
    /// A heteroskedasticity-consistent `sandwich` estimator is accumulated during the streamed
    /// refinement (no extra pass over the rows for it).
    init(columns: DesignColumns, frame: Frame, weightsColumn: String?, rankTolerance: Double,
         sandwich: CovarianceEstimator? = nil, path: LeastSquaresPath = .automatic) throws {
        let streams = switch path {
        case .automatic: columns.rowCount >= LinearModel.streamingMinimumRows
        case .dense: false
        case .streamed: true
        }
        if streams, columns.weights == nil, columns.rowCount > 0,
           let streamed = try StreamedLeastSquares(source: columns, rankTolerance: rankTolerance, sandwich: sandwich) {
            self.init(streamed: streamed, columns: columns, frame: frame, weightsColumn: weightsColumn)
        } else {
            try self.init(design: ModelMatrix(columns), frame: frame, weightsColumn: weightsColumn, rankTolerance: rankTolerance)
        }
    }

    private init(streamed: StreamedLeastSquares, columns: DesignColumns, frame: Frame, weightsColumn: String?) {
        leastSquares = streamed
        formula = columns.formula
        columnNames = columns.names
        response = columns.response
        weights = nil
        rows = columns.usedRows
        self.frame = frame
        droppedRowCount = columns.droppedRowCount
        zeroWeightRowCount = 0
        self.weightsColumn = weightsColumn
        referenceLevels = columns.referenceLevels
    }

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
