/// The design matrix X and response y of a fixed-effects formula over the complete cases of a frame.
///
/// Numeric variables enter as they are; categorical variables by ``Contrast/treatment(reference:)``
/// coding. As in R's `model.matrix`, a categorical variable inside a term is coded by contrasts
/// when the term without it is also in the model (the intercept standing for the empty term),
/// and by one indicator per level otherwise; in an interaction the first variable varies fastest.
/// Columns are named as R's `lm` names them: `(Intercept)`, `cohortchronic`,
/// `sessions_per_week:cohortchronic`.
///
/// Rows with a missing value in any variable of the formula are dropped (complete cases); their
/// number is ``droppedRowCount``.
///
/// ```swift
/// let x = try ModelMatrix(formula: Formula("pain_nrs ~ week + cohort"), frame: frame)
/// x.columnNames   // ["(Intercept)", "week", "cohortchronic"]
/// ```
public struct ModelMatrix: Sendable {
    /// The recipe of the columns (names, terms, used rows, response, weights).
    public let columns: DesignColumns
    /// Matrix entries, column-major: entry (i, j) is `values[i + j * rowCount]`.
    public let values: [Double]

    /// Column names, R style.
    public var columnNames: [String] { columns.names }
    /// The term each column belongs to: `nil` for the intercept, else an index into `formula.terms`.
    public var columnTerms: [Int?] { columns.terms }
    /// The response at each used row.
    public var response: [Double] { columns.response }
    /// Indices (into the frame) of the rows used, ascending.
    public var usedRows: [Int] { columns.usedRows }
    /// Rows dropped because a variable of the formula was missing.
    public var droppedRowCount: Int { columns.droppedRowCount }
    /// The formula the matrix was built from.
    public var formula: Formula { columns.formula }
    /// Reference level of each categorical variable that was coded by contrasts.
    public var referenceLevels: [String: String] { columns.referenceLevels }
    /// The case weights at each used row, when the matrix was built with a weights column.
    public var weights: [Double]? { columns.weights }
    /// Number of used observations.
    public var rowCount: Int { columns.rowCount }
    /// Number of columns.
    public var columnCount: Int { columns.columnCount }

    /// Builds the design matrix of `formula` over `frame`.
    ///
    /// - Parameters:
    ///   - formula: the model formula.
    ///   - frame: the data.
    ///   - contrasts: coding per categorical variable; absent ones use ``Contrast/treatment``.
    ///   - weights: a numeric column of non-negative case weights; rows where it is missing are
    ///     dropped with the other incomplete cases.
    /// - Throws: ``StatsError/domain(_:)`` for a negative or infinite weight, a function factor
    ///   undefined at a row, a factor with fewer than two levels among the rows used (as R) or a
    ///   subnormal value, ``StatsError/unknownColumn(term:suggestion:)`` for a variable the frame lacks,
    ///   ``StatsError/wrongColumnKind(column:expected:)`` for a categorical response,
    ///   ``StatsError/unknownLevel(column:level:levels:)`` for a bad reference level.
    public init(formula: Formula, frame: Frame, contrasts: [String: Contrast] = [:], weights: String? = nil) throws {
        self.init(try DesignColumns(formula: formula, frame: frame, contrasts: contrasts, weights: weights))
    }

    /// The matrix of `columns`, materialised.
    public init(_ columns: DesignColumns) {
        self.columns = columns
        self.values = columns.matrix()
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> ArraySlice<Double> {
        values[(j * rowCount)..<((j + 1) * rowCount)]
    }
}
