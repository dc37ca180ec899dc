/// The weights column `name` at `rows`, checked: numeric, finite and non-negative.
///
/// - Throws: ``StatsError/wrongColumnKind(column:expected:)`` for a categorical column,
///   ``StatsError/domain(_:)`` naming the first bad row.
func caseWeights(column name: String, frame: Frame, rows: [Int]) throws -> [Double] {
    guard case .numeric(let values) = frame[name]! else {
        throw StatsError.wrongColumnKind(column: name, expected: "numeric to be used as weights")
    }
    var result = [Double](repeating: 0, count: rows.count)
    for (k, row) in rows.enumerated() {
        let w = values[row]
        guard w.isFinite, w >= 0 else {
            throw StatsError.domain("weight column '\(name)' has \(w) at data row \(row + 1); weights must be finite and non-negative")
        }
        result[k] = w
    }
    return result
}
