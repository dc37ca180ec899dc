/// The reference grid of a fitted model, as emmeans builds it: every combination of the levels
/// of the categorical variables, with each numeric covariate held at its mean over the fit's
/// complete cases.
///
/// ```swift
/// let grid = ReferenceGrid(coding: fit.design)
/// grid.factors           // ["cohort", "technique"]
/// grid.rowCount          // 3 × 7
/// ```
public struct ReferenceGrid: Sendable, Equatable {
    /// The categorical variables of the model, in formula order.
    public let factors: [String]
    /// Level index of each factor at each grid row; the first factor varies fastest.
    public let levelIndices: [[Int]]
    /// Design rows of the grid, column-major, ``rowCount`` × the coding's columns.
    public let design: [Double]
    /// Number of grid rows.
    public let rowCount: Int

    /// The grid of `coding`.
    public init(coding: DesignCoding) {
        let factors = coding.formula.variables.filter { coding.levels[$0] != nil }
        var combinations: [[Int]] = [[]]
        for factor in factors {
            var next: [[Int]] = []
            for level in coding.levels[factor]!.indices {
                for partial in combinations { next.append(partial + [level]) }
            }
            combinations = next
        }
        // `next` puts the newest factor outermost, so the first factor varies fastest.
        let count = combinations.count
        var variables: [String: DesignCoding.VariableValues] = [:]
        for name in coding.formula.variables {
            if let position = factors.firstIndex(of: name) {
                variables[name] = .levels(combinations.map { $0[position] })
            } else {
                variables[name] = .numeric(Array(repeating: coding.covariateMeans[name] ?? .nan, count: count))
            }
        }
        self.factors = factors
        self.levelIndices = combinations
        self.design = coding.matrix(variables, count: count)
        self.rowCount = count
    }

    /// The design row averaging the grid rows selected by `include`, grid row g weighted by
    /// `weights[g]` (emmeans' `weights = "proportional"`, SAS's `OM`, when they are the data's
    /// frequencies of the averaged-over levels); NaNs when the selected weights sum to zero.
    func weightedAverageRow(columns: Int, weights: [Double], where include: ([Int]) -> Bool) -> [Double] {
        var sum = [Double](repeating: 0, count: columns)
        var total = 0.0
        for g in 0..<rowCount where include(levelIndices[g]) && weights[g] != 0 {
            for j in 0..<columns { sum[j] += weights[g] * design[g + j * rowCount] }
            total += weights[g]
        }
        return sum.map { total > 0 ? $0 / total : .nan }
    }

    /// For each grid row, the number of data rows (`cells`: level indices in ``factors`` order,
    /// with their counts) that share its levels of the factors at `positions`: the proportional
    /// weights of an average over those factors.
    func frequencies(of positions: [Int], in cells: [[Int]: Int]) -> [Double] {
        var margins: [[Int]: Int] = [:]
        for (cell, count) in cells { margins[positions.map { cell[$0] }, default: 0] += count }
        return levelIndices.map { row in Double(margins[positions.map { row[$0] }, default: 0]) }
    }

    /// The design row averaging the grid rows selected by `include`, equally weighted.
    func averageRow(columns: Int, where include: ([Int]) -> Bool) -> [Double] {
        var sum = [Double](repeating: 0, count: columns)
        var count = 0
        for g in 0..<rowCount where include(levelIndices[g]) {
            for j in 0..<columns { sum[j] += design[g + j * rowCount] }
            count += 1
        }
        return sum.map { $0 / Double(count) }
    }
}
