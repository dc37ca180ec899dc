import Testing
@testable import OutcomeReports

@Suite("MarkdownRenderer")
struct MarkdownRendererTests {
    @Test("pipe table with title, alignment row, padded cells and footnotes")
    func layout() {
        let table = Table(
            title: "Responders",
            columns: [TableColumn("Cohort"), TableColumn("n", alignment: .right),
                      TableColumn("Rate", alignment: .center)],
            rows: [["acute", "40", "0.55"], ["chronic", "152", "0.31"]],
            footnotes: ["Responder: pain reduced by at least 2 points.", "1. Not a list."])
        let expected = """
        **Responders**

        | Cohort  |   n | Rate |
        | :------ | --: | :--: |
        | acute   |  40 | 0.55 |
        | chronic | 152 | 0.31 |

        Responder: pain reduced by at least 2 points.

        1\\. Not a list.

        """
        #expect(MarkdownRenderer().render(table) == expected)
    }

    @Test("cells with pipes and line breaks stay inside their cell")
    func escapedCells() {
        let table = Table(columns: [TableColumn("Level"), TableColumn("Note")],
                          rows: [["a|b", "two\nlines"], ["<script>", ""]])
        let expected = """
        | Level     | Note         |
        | :-------- | :----------- |
        | a\\|b      | two<br>lines |
        | \\<script> |              |

        """
        #expect(MarkdownRenderer().render(table) == expected)
        // Every table line has exactly columns + 1 unescaped pipes.
        for line in MarkdownRenderer().render(table).split(separator: "\n") {
            let unescaped = line.indices.filter { line[$0] == "|" && ($0 == line.startIndex || line[line.index(before: $0)] != "\\") }
            #expect(unescaped.count == 3, "\(line)")
        }
    }

    @Test("a table without rows is still a valid pipe table")
    func empty() {
        let table = Table(columns: [TableColumn("x", alignment: .right)], rows: [])
        #expect(MarkdownRenderer().render(table) == "|   x |\n| --: |\n")
    }
}
