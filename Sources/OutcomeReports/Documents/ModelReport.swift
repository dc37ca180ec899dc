/// One analysis report, assembled the same way for every model: the title, a list of facts
/// (formula, data, observations, the model's own lines), warnings when there are any, the
/// model's own sections (its ``body``), notes and plots. A model contributes its facts and
/// body; the frame around them is built here once.
///
/// ```swift
/// let report = ModelReport(title: "Pain by week", facts: [[.plain("Formula: "), .code("pain_nrs ~ week")]],
///                          body: [.heading(level: 2, text: "Coefficients"), .table(table)],
///                          notes: ["Standard errors: classical (independent, homoskedastic errors)."])
/// let markdown = report.markdown
/// ```
public struct ModelReport: Sendable {
    /// The page heading (surrounding whitespace is trimmed).
    public let title: String
    /// The opening list, one line each.
    public let facts: [[ReportInline]]
    /// Warnings shown in bold under `## Warnings` before anything else (separation,
    /// non-convergence).
    public let warnings: [String]
    /// The model's own blocks: its tables under their headings, fit statistics.
    public let body: [ReportBlock]
    /// Notes under `## Notes`, in order; no section when empty.
    public let notes: [String]
    /// Plots under `## Plots`, each with its SVG (inlined in HTML, linked from Markdown).
    public let figures: [(link: PlotLink, svg: String)]

    /// A report.
    ///
    /// - Parameters:
    ///   - title: the heading.
    ///   - facts: the opening list.
    ///   - warnings: warnings, shown first.
    ///   - body: the model's sections.
    ///   - notes: notes.
    ///   - figures: plots with their SVG.
    public init(title: String, facts: [[ReportInline]], warnings: [String] = [], body: [ReportBlock],
                notes: [String] = [], figures: [(link: PlotLink, svg: String)] = []) {
        self.title = title
        self.facts = facts
        self.warnings = warnings
        self.body = body
        self.notes = notes
        self.figures = figures
    }

    /// The blocks: `#` title, the facts list, `## Warnings`, the body, `## Notes`, `## Plots`.
    public var blocks: [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 1, text: MarkdownEscaping.trimmed(title)), .list(facts)]
        if !warnings.isEmpty {
            blocks.append(.heading(level: 2, text: "Warnings"))
            blocks.append(.list(warnings.map { [.bold($0)] }))
        }
        blocks += body
        if !notes.isEmpty {
            blocks.append(.heading(level: 2, text: "Notes"))
            blocks.append(.list(notes.map { [.plain(MarkdownEscaping.trimmed($0))] }))
        }
        if !figures.isEmpty {
            blocks.append(.heading(level: 2, text: "Plots"))
            for figure in figures { blocks.append(.figure(figure.link, svg: figure.svg)) }
        }
        return blocks
    }

    /// `report.md`, ending in one newline.
    public var markdown: String { MarkdownDocumentRenderer().render(blocks) }

    /// `report.html`, self-contained, each plot's SVG inline.
    public var html: String { HTMLDocumentRenderer().render(title: title, blocks: blocks) }

    /// The facts every report opens with: the formula, the data file and, when given, the
    /// observation counts.
    public static func commonFacts(formula: String, dataFile: String, used: Int? = nil, dropped: Int = 0,
                                   format: NumberFormat = .standard) -> [[ReportInline]] {
        var facts: [[ReportInline]] = [[.plain("Formula: "), .code(formula)],
                                       [.plain("Data: "), .code(ReportDocument.displayFileName(dataFile))]]
        if let used { facts.append([.plain("Observations: \(format.count(used)) used, \(format.count(dropped)) dropped")]) }
        return facts
    }
}
