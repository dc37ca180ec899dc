/// Renders a ``Table`` as a GitHub-flavoured Markdown pipe table.
///
/// Layout, fixed so output is byte-stable:
/// - the title, if any, as a bold paragraph (`**Title**`) and a blank line;
/// - the header row, an alignment row (`:---` left, `---:` right, `:---:` centre) and the body,
///   each line `| cell | cell |`, with cells padded by spaces to the column's widest cell
///   (counted in `Character`s) so the raw file reads as a table too;
/// - each footnote as its own paragraph after a blank line;
/// - exactly one trailing newline.
///
/// Every header, cell, title and footnote is escaped by ``MarkdownEscaping`` (`|` becomes
/// `\|`, a line break inside a cell becomes `<br>`).
///
/// ```swift
/// let markdown = MarkdownRenderer().render(table)
/// ```
public struct MarkdownRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The Markdown source of `table`, ending in one newline.
    ///
    /// - Parameter table: the table.
    /// - Returns: Markdown source.
    public func render(_ table: Table) -> String {
        var blocks: [String] = []
        if let title = table.title, !MarkdownEscaping.trimmed(title).isEmpty {
            blocks.append("**" + MarkdownEscaping.inline(MarkdownEscaping.trimmed(title)) + "**")
        }
        blocks.append(pipeTable(table))
        for footnote in table.footnotes where !MarkdownEscaping.trimmed(footnote).isEmpty {
            blocks.append(MarkdownEscaping.paragraph(footnote))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private func pipeTable(_ table: Table) -> String {
        let header = zip(table.columns, Self.groupTitles(of: table)).map { column, group in
            MarkdownEscaping.cell(group.isEmpty ? column.header : group + ": " + column.header)
        }
        let body = table.rows.map { $0.map(MarkdownEscaping.cell) }
        let widths = table.columns.indices.map { column in
            ([header[column]] + body.map { $0[column] }).reduce(3) { max($0, $1.count) }
        }
        let alignments = table.columns.map(\.alignment)
        var lines = [line(header, widths: widths, alignments: alignments)]
        lines.append("| " + zip(widths, alignments).map { width, alignment in
            switch alignment {
            case .left: ":" + String(repeating: "-", count: width - 1)
            case .right: String(repeating: "-", count: width - 1) + ":"
            case .center: ":" + String(repeating: "-", count: width - 2) + ":"
            }
        }.joined(separator: " | ") + " |")
        lines += body.map { line($0, widths: widths, alignments: alignments) }
        return lines.joined(separator: "\n")
    }

    private func line(_ cells: [String], widths: [Int], alignments: [ColumnAlignment]) -> String {
        let padded = cells.indices.map { index in
            let cell = cells[index]
            let slack = widths[index] - cell.count
            switch alignments[index] {
            case .left: return cell + String(repeating: " ", count: slack)
            case .right: return String(repeating: " ", count: slack) + cell
            case .center:
                return String(repeating: " ", count: slack / 2) + cell
                    + String(repeating: " ", count: slack - slack / 2)
            }
        }
        return "| " + padded.joined(separator: " | ") + " |"
    }

    /// The group title above each column ("" when none): Markdown tables have one header
    /// row, so a column group is written into its columns' headers as `Group: Header`.
    static func groupTitles(of table: Table) -> [String] {
        guard !table.headerGroups.isEmpty else { return Array(repeating: "", count: table.columns.count) }
        return table.headerGroups.flatMap { Array(repeating: $0.title, count: $0.columnCount) }
    }
}
