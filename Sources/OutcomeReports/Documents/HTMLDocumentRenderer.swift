/// Renders report blocks as one self-contained HTML5 page: a little inline CSS, tables as
/// ``HTMLTableRenderer`` writes them, every figure's SVG inline — no scripts, no external
/// resources, so the file opens anywhere and can be archived as it is.
///
/// ```swift
/// let html = HTMLDocumentRenderer().render(title: "Pain", blocks: blocks)
/// ```
public struct HTMLDocumentRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The style sheet every report page carries.
    static let styleSheet = """
        body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:960px;margin:2em auto;padding:0 1em;line-height:1.45}
        h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums;display:block;max-width:100%;overflow-x:auto}
        caption{text-align:left;font-weight:bold;margin-bottom:.4em}
        th,td{padding:.25em .7em;white-space:nowrap}thead tr:last-child th{border-bottom:1px solid #444}
        thead tr:first-child th{border-top:2px solid #444}tbody tr:last-child td{border-bottom:2px solid #444}
        tfoot td{font-size:.85em;color:#555;white-space:normal;max-width:60em}.l{text-align:left}.c{text-align:center}.r{text-align:right}
        code{background:#f4f4f4;padding:0 .25em}figure{margin:1.5em 0}svg{max-width:100%;height:auto}
        """

    /// The HTML page of `blocks`, titled `title`, ending in a newline.
    public func render(title: String, blocks: [ReportBlock]) -> String {
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(HTMLEscaping.text(title))</title>",
            "<style>",
            Self.styleSheet,
            "</style>",
            "</head>",
            "<body>",
        ]
        for block in blocks { lines.append(render(block)) }
        lines.append("</body>")
        lines.append("</html>")
        return lines.joined(separator: "\n") + "\n"
    }

    func render(_ block: ReportBlock) -> String {
        switch block {
        case let .heading(level, text):
            let h = "h\(min(max(level, 1), 6))"
            return "<\(h)>\(HTMLEscaping.text(text))</\(h)>"
        case .paragraph(let inlines):
            return "<p>" + inline(inlines) + "</p>"
        case .list(let items):
            return "<ul>\n" + items.map { "<li>" + inline($0) + "</li>" }.joined(separator: "\n") + "\n</ul>"
        case .table(let table):
            return String(HTMLTableRenderer().render(table).dropLast())
        case let .figure(link, svg):
            // The SVG is our own well-formed output; drop its trailing newline only.
            var body = svg
            while body.hasSuffix("\n") { body.removeLast() }
            return "<figure>\n" + body + "\n<figcaption>" + HTMLEscaping.text(link.altText) + "</figcaption>\n</figure>"
        }
    }

    func inline(_ runs: [ReportInline]) -> String {
        runs.map { run in
            switch run {
            case .plain(let text): HTMLEscaping.text(text)
            case .code(let text): "<code>" + HTMLEscaping.text(text) + "</code>"
            case .bold(let text): "<strong>" + HTMLEscaping.text(text) + "</strong>"
            case let .link(text, target): "<a href=\"" + HTMLEscaping.text(target) + "\">" + HTMLEscaping.text(text) + "</a>"
            }
        }.joined()
    }
}
