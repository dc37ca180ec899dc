/// The largest fixed-effects design and random-effects block a fit accepts, checked before
/// anything of that size is allocated.
///
/// A categorical column with thousands of levels entered as a fixed effect (`y ~ week +
/// patient_id` on a million visits: 166,667 indicator columns, a 1.3 TB matrix and some 10¹⁶
/// operations) is almost always meant as a grouping factor. Rather than fail allocating, or run
/// for hours, the fit is refused with a message that names the term and suggests the random
/// effect `(1 | patient_id)`.
///
/// - ``maximumColumns``: 4,096 design columns (a dense QR of 4,096 columns over as many rows
///   already takes about a minute).
/// - ``maximumWork``: rows × columns² of at most 2³⁸ ≈ 2.7 × 10¹¹, the flop count of one
///   Householder QR within a factor of two: about a minute on one core, and for a million rows
///   up to about 520 columns.
/// - ``maximumEffectsPerGroup``: 20 random effects per group of one term (a 20 × 20 covariance
///   with 210 parameters to optimize); `(patient_id | site)`, 300 effects per site, is refused.
public enum DesignBudget {
    /// The most design columns a fit accepts.
    public static let maximumColumns = 4_096
    /// The most least-squares work, rows × columns², a fit accepts.
    public static let maximumWork: Double = 0x1p38
    /// The most random effects per group of one random-effect term.
    public static let maximumEffectsPerGroup = 20
    /// ``maximumWork`` as the messages print it.
    static let maximumWorkDescription = "2.7e11"

    /// Throws ``StatsError/designTooLarge(term:columns:rows:advice:)`` when `columns` design
    /// columns over `rows` rows exceed the budget; `columnsByTerm` names each term's share.
    static func check(columns: Int, rows: Int, columnsByTerm: [(term: String, columns: Int, categorical: [String])]) throws {
        let work = Double(rows) * Double(columns) * Double(columns)
        guard columns > maximumColumns || work > maximumWork else { return }
        let largest = columnsByTerm.max { $0.columns < $1.columns } ?? ("(all)", columns, [])
        let advice: String
        if let factor = largest.categorical.first {
            advice = "A factor with many levels is usually a grouping factor: fit it as a random effect, "
                + "(1 | \(factor)), or cluster the standard errors by it (covariance: cluster:\(factor))."
        } else {
            advice = "Fit fewer or simpler terms (fewer polynomial degrees or interactions)."
        }
        throw StatsError.designTooLarge(term: largest.term, columns: columns, rows: rows, advice: advice)
    }
}
