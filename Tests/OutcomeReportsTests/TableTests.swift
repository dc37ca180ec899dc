import Testing
@testable import OutcomeReports

@Suite("Table")
struct TableTests {
    @Test("stores its parts as given")
    func parts() {
        let table = Table(title: "T", columns: [TableColumn("a"), TableColumn("b", alignment: .right)],
                          rows: [["1", "2"]], footnotes: ["note"])
        #expect(table.title == "T")
        #expect(table.columns.map(\.header) == ["a", "b"])
        #expect(table.columns.map(\.alignment) == [.left, .right])
        #expect(table.rows == [["1", "2"]])
        #expect(table.footnotes == ["note"])
    }

    @Test("a column defaults to left alignment and a table to no title or notes")
    func defaults() {
        let table = Table(columns: [TableColumn("only")], rows: [])
        #expect(table.title == nil)
        #expect(table.footnotes.isEmpty)
        #expect(table.columns[0].alignment == .left)
    }

    @Test("a row with the wrong number of cells is a programmer error")
    func ragged() async {
        await #expect(processExitsWith: .failure) {
            _ = Table(columns: [TableColumn("a"), TableColumn("b")], rows: [["1"]])
        }
    }
}
