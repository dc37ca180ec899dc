/// Renders a ``Table`` as a LaTeX `table` with a booktabs `tabular` (`\toprule`, `\midrule`,
/// `\bottomrule`; column groups with `\cmidrule`), the title as `\caption` and footnotes as a
/// `\footnotesize` paragraph below. Needs `\usepackage{booktabs}` in the preamble.
///
/// Text is escaped for LaTeX's special characters (`\ & % $ # _ { } ~ ^`), `<` and `>` become
/// math-mode symbols, and an ASCII minus before a digit becomes `$-$` so negative numbers get
/// a true minus sign.
///
/// ```swift
/// let latex = LaTeXTableRenderer().render(table)
/// ```
public struct LaTeXTableRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The LaTeX source of `table`, ending in a newline.
    public func render(_ table: Table) -> String {
        let spec = table.columns.map { column -> String in
            switch column.alignment {
            case .left: "l"
            case .center: "c"
            case .right: "r"
            }
        }.joined()
        var lines = ["\\begin{table}[htbp]", "\\centering"]
        if let title = table.title, !title.isEmpty {
            lines.append("\\caption{\(Self.escape(title))}")
        }
        lines.append("\\begin{tabular}{\(spec)}")
        lines.append("\\toprule")
        if !table.headerGroups.isEmpty {
            var cells: [String] = []
            var rules: [String] = []
            var start = 1
            for group in table.headerGroups {
                cells.append(group.columnCount > 1
                    ? "\\multicolumn{\(group.columnCount)}{c}{\(Self.escape(group.title))}" : Self.escape(group.title))
                if !group.title.isEmpty {
                    rules.append("\\cmidrule(lr){\(start)-\(start + group.columnCount - 1)}")
                }
                start += group.columnCount
            }
            lines.append(cells.joined(separator: " & ") + " \\\\")
            if !rules.isEmpty { lines.append(rules.joined(separator: " ")) }
        }
        lines.append(table.columns.map { Self.escape($0.header) }.joined(separator: " & ") + " \\\\")
        lines.append("\\midrule")
        for row in table.rows {
            lines.append(row.map(Self.escape).joined(separator: " & ") + " \\\\")
        }
        lines.append("\\bottomrule")
        lines.append("\\end{tabular}")
        if !table.footnotes.isEmpty {
            lines.append("\\par\\smallskip{\\footnotesize " + table.footnotes.map(Self.escape).joined(separator: " ") + "}")
        }
        lines.append("\\end{table}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Plain text escaped for LaTeX body text; controls, bidirectional overrides and
    /// noncharacters are dropped (see ``UnsafeText``).
    public static func escape(_ text: String) -> String {
        var output = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\": output += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": output += "\\" + String(scalar)
            case "~": output += "\\textasciitilde{}"
            case "^": output += "\\textasciicircum{}"
            case "<": output += "$<$"
            case ">": output += "$>$"
            case "\n", "\r": output += " "
            case _ where UnsafeText.isUnsafe(scalar): continue   // controls, bidi overrides, noncharacters
            case "-":
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                let previous = index > 0 ? scalars[index - 1] : " "
                let startsNumber = ("0"..."9").contains(next) || next == "."
                let inWord = previous.properties.isAlphabetic || ("0"..."9").contains(previous)
                output += startsNumber && !inWord ? "$-$" : "-"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
