/// Which columns of a cohort file a ``CohortLoader`` keeps in the frame.
///
/// ```swift
/// // Only what `pain_nrs ~ week * cohort` reads:
/// let frame = try CohortLoader().load(path: "visits.csv", columns: .only(["pain_nrs", "week", "cohort"]))
/// frame.columnNames   // ["cohort", "week", "pain_nrs"]: file order
/// ```
///
/// A projected load (``only(_:)``) gives exactly the frame of a full load restricted to the
/// selected columns, in the same order, with the same values and levels. It is faster because
/// the cells of the other columns are only tokenized — never parsed as numbers, checked
/// against ranges, dictionary-encoded or stored. What stays the same for every column:
///
/// - the header checks (aliases applied first, empty or repeated names, required columns:
///   a file missing a required column fails the same way whatever is selected);
/// - the CSV structure (quoting, field counts, line endings) and the checks for invalid UTF-8
///   and NUL bytes, with the same error messages.
///
/// What a projected load does not see: a cell of an unselected column that is not a number
/// where one is expected, or out of its column's valid range, is not an error (it is never
/// read). Use ``all`` (or ``CohortLoader/loadForValidation(path:)``) to check every cell.
///
/// Selected names are names after ``CohortSchema/aliases``; a selected name the file lacks is
/// simply absent from the frame. Selecting `cohort` from a file that lacks it but has
/// `symptom_weeks` reads `symptom_weeks` to derive `cohort`; `symptom_weeks` is in the frame
/// only when it is selected too.
public enum ColumnSelection: Sendable, Equatable, Hashable {
    /// Every column of the file (the default).
    case all
    /// Only the columns with these names (after aliases).
    case only(Set<String>)

    /// Whether the column `name` is kept in the frame.
    public func contains(_ name: String) -> Bool {
        switch self {
        case .all: true
        case .only(let names): names.contains(name)
        }
    }
}
