/// Renders report blocks as Markdown (GitHub flavoured): headings, paragraphs, lists, pipe
/// tables and `![alt](plots/…svg)` images. Blocks are separated by one blank line and the
/// document ends in one newline.
public struct MarkdownDocumentRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The Markdown source of `blocks`.
    public func render(_ blocks: [ReportBlock]) -> String {
        blocks.map(render).joined(separator: "\n\n") + "\n"
    }

    func render(_ block: ReportBlock) -> String {
        switch block {
        case let .heading(level, text):
            return String(repeating: "#", count: min(max(level, 1), 6)) + " " + MarkdownEscaping.inline(MarkdownEscaping.trimmed(text))
        case .paragraph(let inlines):
            return inline(inlines)
        case .list(let items):
            return items.map { "- " + inline($0) }.joined(separator: "\n")
        case .table(let table):
            return String(MarkdownRenderer().render(table).dropLast())
        case let .figure(link, _):
            return "![" + MarkdownEscaping.inline(link.altText) + "](" + link.path + ")"
        }
    }

    func inline(_ runs: [ReportInline]) -> String {
        runs.map { run in
            switch run {
            case .plain(let text): MarkdownEscaping.inline(text)
            case .code(let text): MarkdownEscaping.codeSpan(text)
            case .bold(let text): "**" + MarkdownEscaping.inline(text) + "**"
            case let .link(text, target): "[" + MarkdownEscaping.inline(text) + "](" + target + ")"
            }
        }.joined()
    }
}
