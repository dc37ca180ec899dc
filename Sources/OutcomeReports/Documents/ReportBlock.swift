/// A run of inline text in a report: plain text, code, bold or a link. Renderers escape it for
/// their format, so values are always plain text here.
public enum ReportInline: Sendable, Equatable, Hashable {
    /// Plain text.
    case plain(String)
    /// Code (a formula, a file name).
    case code(String)
    /// Bold text.
    case bold(String)
    /// A link with its text and a relative target.
    case link(String, target: String)
}

/// A block of a report document, rendered to Markdown by ``MarkdownDocumentRenderer`` and to
/// HTML by ``HTMLDocumentRenderer`` from the same values, so the two always say the same.
public enum ReportBlock: Sendable, Equatable, Hashable {
    /// A heading of level 1–3.
    case heading(level: Int, text: String)
    /// A paragraph.
    case paragraph([ReportInline])
    /// A bulleted list, one item per element.
    case list([[ReportInline]])
    /// A table.
    case table(Table)
    /// A figure: a plot's link (Markdown points at the file) and its SVG (HTML inlines it).
    case figure(PlotLink, svg: String)
}
