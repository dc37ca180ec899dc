import Testing
import CohortData

@Suite struct CohortDataErrorTests {
    private static let cell = SourceLocation(file: "cohort.csv", line: 17, column: 11, columnName: "pain_nrs")

    @Test func locationDescription() {
        #expect(Self.cell.description == "cohort.csv:17:11 (pain_nrs)")
        #expect(SourceLocation(file: "a.csv", line: 3, column: 2).description == "a.csv:3:2")
        #expect(SourceLocation(file: "a.csv", line: 3).description == "a.csv:3")
    }

    @Test(arguments: [
        CohortDataError.unreadableFile(path: "x.csv", reason: "No such file or directory"),
        .emptyFile(file: "x.csv"),
        .invalidUTF8(cell, bytes: [0xFF, 0x0A]),
        .unterminatedQuote(cell, text: String(repeating: "line\n", count: 30)),
        .textAfterClosingQuote(cell, text: "x\ty"),
        .raggedRow(cell, expected: 14, actual: 15),
        .raggedRow(cell, expected: 14, actual: 1),
        .emptyHeaderName(cell),
        .duplicateHeaderName(cell, name: "age", firstColumn: 5),
        .missingColumn(file: "x.csv", name: "week", suggestion: "wk"),
        .missingColumn(file: "x.csv", name: "week", suggestion: nil),
        .notANumber(cell, text: "seven\r\n"),
        .outOfRange(cell, text: "10.5", range: 0...10),
    ])
    func descriptionIsOneLineStartingWithTheLocation(error: CohortDataError) {
        let text = error.description
        #expect(!text.contains("\n") && !text.contains("\r"))
        if let location = error.location {
            #expect(text.hasPrefix(location.description + ": "))
        } else {
            #expect(text.hasPrefix("x.csv:"))
        }
    }

    @Test func longTextIsShortened() {
        let error = CohortDataError.notANumber(Self.cell, text: String(repeating: "a", count: 100))
        #expect(error.description.contains("'" + String(repeating: "a", count: 40) + "…'"))
    }

    @Test func fractionalRangeBounds() {
        let error = CohortDataError.outOfRange(Self.cell, text: "3", range: 0.5...2.5)
        #expect(error.description.contains("valid range 0.5–2.5"))
    }
}
