/// How a table column's cells are aligned.
public enum ColumnAlignment: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Flush left: text such as term names.
    case left
    /// Centred.
    case center
    /// Flush right: numbers, so decimal points line up for equal precision.
    case right
}

/// A column of a ``Table``: its header and alignment.
public struct TableColumn: Sendable, Equatable, Hashable {
    /// The header text (plain text; renderers escape it).
    public let header: String
    /// How the column's cells are aligned.
    public let alignment: ColumnAlignment

    /// A column.
    ///
    /// - Parameters:
    ///   - header: the header text.
    ///   - alignment: cell alignment; numbers are conventionally `.right`.
    public init(_ header: String, alignment: ColumnAlignment = .left) {
        self.header = header
        self.alignment = alignment
    }
}

/// A table as data: already-formatted text cells, rendered separately to Markdown (and
/// later HTML, CSV, LaTeX).
///
/// Cells are plain text: formatting numbers happens before (see ``NumberFormat``), escaping
/// for the target format happens in the renderer.
///
/// ```swift
/// let table = Table(
///     title: "Responders by cohort",
///     columns: [TableColumn("Cohort"), TableColumn("n", alignment: .right)],
///     rows: [["acute", "40"], ["chronic", "52"]],
///     footnotes: ["Responder: pain reduced by at least 2 points."])
/// print(MarkdownRenderer().render(table))
/// ```
public struct Table: Sendable, Equatable, Hashable {
    /// The caption, or `nil` for none.
    public let title: String?
    /// The columns, left to right; never empty.
    public let columns: [TableColumn]
    /// The body rows, each with exactly one cell per column.
    public let rows: [[String]]
    /// Notes printed below the table, in order.
    public let footnotes: [String]
    /// Column groups spanning the header (for example one group per model in a side-by-side
    /// table); empty for none. Their column counts add up to the number of columns.
    public let headerGroups: [HeaderGroup]

    /// A table.
    ///
    /// - Parameters:
    ///   - title: the caption, or `nil`.
    ///   - columns: at least one column.
    ///   - rows: body rows; each must have `columns.count` cells (a programmer error otherwise).
    ///   - footnotes: notes printed below the table.
    ///   - headerGroups: column groups above the header, or none.
    public init(title: String? = nil, columns: [TableColumn], rows: [[String]], footnotes: [String] = [],
                headerGroups: [HeaderGroup] = []) {
        precondition(!columns.isEmpty, "a Table needs at least one column")
        for (index, row) in rows.enumerated() {
            precondition(row.count == columns.count,
                         "row \(index) of table \(title ?? "(untitled)") has \(row.count) cells, expected \(columns.count)")
        }
        self.title = title
        self.columns = columns
        self.rows = rows
        self.footnotes = footnotes
        precondition(headerGroups.isEmpty || headerGroups.reduce(0) { $0 + $1.columnCount } == columns.count,
                     "header groups of table \(title ?? "(untitled)") span \(headerGroups.reduce(0) { $0 + $1.columnCount }) columns, the table has \(columns.count)")
        self.headerGroups = headerGroups
    }
}

/// A header cell spanning several adjacent columns of a ``Table`` (an empty title for columns
/// that belong to no group).
public struct HeaderGroup: Sendable, Equatable, Hashable {
    /// The group's title.
    public let title: String
    /// How many adjacent columns it spans (at least 1).
    public let columnCount: Int

    /// A group titled `title` over `columnCount` columns.
    public init(_ title: String, columnCount: Int) {
        precondition(columnCount >= 1, "a header group spans at least one column")
        self.title = title
        self.columnCount = columnCount
    }
}
