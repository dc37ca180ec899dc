/// Plain-text tables for terminal summaries.
///
/// ```swift
/// TextColumns.aligned([["term", "estimate"], ["week", "-0.31"]], leftColumns: 1)
/// // ["term estimate", "week    -0.31"]
/// ```
public enum TextColumns {
    /// Rows padded into columns: the first `leftColumns` left-aligned, the rest right-aligned,
    /// one space apart. Widths count characters (Swift `Character`s).
    public static func aligned(_ rows: [[String]], leftColumns: Int) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = (0..<first.count).map { j in rows.map { $0[j].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { j, cell in
                let padding = String(repeating: " ", count: widths[j] - cell.count)
                return j < leftColumns ? cell + padding : padding + cell
            }.joined(separator: " ")
        }
    }
}
