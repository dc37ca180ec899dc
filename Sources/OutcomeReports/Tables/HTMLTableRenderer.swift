/// Renders a ``Table`` as an HTML `<table>` with `<caption>`, a header (with column groups
/// when the table has them), a body and footnotes in a `<tfoot>`.
///
/// Every cell is plain text escaped by ``HTMLEscaping/text(_:)``; alignment is a class
/// (`l`, `c`, `r`) that the report's style sheet maps to `text-align`, so no inline styles.
///
/// ```swift
/// let html = HTMLTableRenderer().render(table)
/// ```
public struct HTMLTableRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The HTML of `table`, ending in a newline.
    public func render(_ table: Table) -> String {
        var lines = ["<table>"]
        if let title = table.title, !title.isEmpty {
            lines.append("  <caption>\(HTMLEscaping.text(title))</caption>")
        }
        lines.append("  <thead>")
        if !table.headerGroups.isEmpty {
            let cells = table.headerGroups.map { group in
                let span = group.columnCount > 1 ? " colspan=\"\(group.columnCount)\"" : ""
                return "<th\(span) class=\"c\">\(HTMLEscaping.text(group.title))</th>"
            }
            lines.append("    <tr>" + cells.joined() + "</tr>")
        }
        let header = table.columns.map { "<th class=\"\(Self.alignmentClass($0.alignment))\">\(HTMLEscaping.text($0.header))</th>" }
        lines.append("    <tr>" + header.joined() + "</tr>")
        lines.append("  </thead>")
        lines.append("  <tbody>")
        for row in table.rows {
            let cells = zip(row, table.columns).map { cell, column in
                "<td class=\"\(Self.alignmentClass(column.alignment))\">\(HTMLEscaping.text(cell).replacingNewlines(with: "<br>"))</td>"
            }
            lines.append("    <tr>" + cells.joined() + "</tr>")
        }
        lines.append("  </tbody>")
        if !table.footnotes.isEmpty {
            lines.append("  <tfoot>")
            for note in table.footnotes {
                lines.append("    <tr><td colspan=\"\(table.columns.count)\">\(HTMLEscaping.text(note))</td></tr>")
            }
            lines.append("  </tfoot>")
        }
        lines.append("</table>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func alignmentClass(_ alignment: ColumnAlignment) -> String {
        switch alignment {
        case .left: "l"
        case .center: "c"
        case .right: "r"
        }
    }
}

extension String {
    /// The string with each `\r\n`, `\n` or `\r` replaced by `replacement`.
    func replacingNewlines(with replacement: String) -> String {
        var output = ""
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { output += replacement }
                previousWasCR = false
            } else if scalar == "\r" {
                output += replacement
                previousWasCR = true
            } else {
                output.unicodeScalars.append(scalar)
                previousWasCR = false
            }
        }
        return output
    }
}
