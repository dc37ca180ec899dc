import Testing
@testable import CohortData

/// Reads `text` with a comma reader.
private func read(_ text: String, delimiter: Unicode.Scalar = ",") throws -> CSVTable {
    try CSVReader(delimiter: delimiter).read(Array(text.utf8), fileName: "t.csv")
}

/// The error thrown by reading `bytes`, or `nil`.
private func readError(_ bytes: [UInt8]) -> CohortDataError? {
    do {
        _ = try CSVReader().read(bytes, fileName: "t.csv")
        return nil
    } catch let error as CohortDataError {
        return error
    } catch {
        return nil
    }
}

@Suite struct CSVReaderTests {
    @Test func plainFileWithFinalNewline() throws {
        let table = try read("a,b,c\n1,2,3\n4,5,6\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "2", "3"], ["4", "5", "6"]])
        #expect(table.lineNumbers == [2, 3])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try read("a,b\n1,2").rows == [["1", "2"]])
        #expect(try read("a,b\r\n1,2").rows == [["1", "2"]])
        #expect(try read("a,b\n1,\"2\"").rows == [["1", "2"]])
    }

    @Test func crlfLineEndings() throws {
        let table = try read("a,b\r\n1,2\r\n3,4\r\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "2"], ["3", "4"]])
        #expect(table.lineNumbers == [2, 3])
    }

    @Test func quotedFieldsWithDelimiterQuotesAndNewlines() throws {
        let table = try read("id,note,x\n1,\"a, b\",2\n2,\"say \"\"hi\"\"\",3\n3,\"two\nlines\",4\n4,\"crlf\r\ninside\",5\n5,\"\",6\n")
        #expect(table.rows == [
            ["1", "a, b", "2"],
            ["2", "say \"hi\"", "3"],
            ["3", "two\nlines", "4"],
            ["4", "crlf\r\ninside", "5"],
            ["5", "", "6"],
        ])
        // Line feeds inside quoted fields count as physical lines.
        #expect(table.lineNumbers == [2, 3, 4, 6, 8])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let table = try CSVReader().read([0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8), fileName: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1", "2"]])
    }

    @Test func emptyFieldsAndTrailingDelimiter() throws {
        #expect(try read("a,b,c\n,,\n1,,\n").rows == [["", "", ""], ["1", "", ""]])
    }

    @Test func blankLinesAreSkipped() throws {
        let table = try read("a,b\n\n1,2\r\n\r\n3,4\n\n")
        #expect(table.rows == [["1", "2"], ["3", "4"]])
        #expect(table.lineNumbers == [3, 5])
    }

    @Test func headerNamesAreTrimmed() throws {
        #expect(try read(" a ,\tb\n1,2\n").header == ["a", "b"])
    }

    @Test func dataFieldsAreVerbatim() throws {
        #expect(try read("a,b\n 1 ,x y\n").rows == [[" 1 ", "x y"]])
    }

    @Test func quoteInsideUnquotedFieldIsData() throws {
        #expect(try read("a,b\n5\"6,x\n").rows == [["5\"6", "x"]])
    }

    @Test(arguments: [("\t", "a\tb\n1,5\t2\n"), (";", "a;b\n1,5;2\n")])
    func configurableDelimiter(delimiter: String, text: String) throws {
        let table = try read(text, delimiter: delimiter.unicodeScalars.first!)
        #expect(table.header == ["a", "b"])
        #expect(table.rows == [["1,5", "2"]])
    }

    @Test func utf8Content() throws {
        #expect(try read("name,city\nJosé,Zürich\n").rows == [["José", "Zürich"]])
    }

    @Test func headerOnlyFile() throws {
        let table = try read("a,b\n")
        #expect(table.header == ["a", "b"])
        #expect(table.rows.isEmpty)
    }

    // MARK: errors

    @Test(arguments: ["", "\n\n", "\u{FEFF}", "\r\n"])
    func emptyFile(text: String) {
        #expect(readError(Array(text.utf8)) == .emptyFile(file: "t.csv"))
    }

    @Test func unterminatedQuote() {
        let error = readError(Array("a,b\n1,2\n3,\"open\nstill open\n".utf8))
        guard case let .unterminatedQuote(location, text)? = error else {
            Issue.record("expected unterminatedQuote, got \(String(describing: error))"); return
        }
        #expect(location == SourceLocation(file: "t.csv", line: 3, column: 2, columnName: "b"))
        #expect(text == "open\nstill open\n")
        #expect(error!.description.hasPrefix("t.csv:3:2 (b): the quoted field starting \"open\\nstill open\\n has no closing quote"))
    }

    @Test func textAfterClosingQuote() {
        let error = readError(Array("a,b,c\n1,\"x\"y,3\n".utf8))
        #expect(error == .textAfterClosingQuote(
            SourceLocation(file: "t.csv", line: 2, column: 2, columnName: "b"), text: "y"))
    }

    @Test func tooManyFields() {
        let error = readError(Array("a,b,c\n1,2,3\n1,2,3,4\n".utf8))
        #expect(error == .raggedRow(SourceLocation(file: "t.csv", line: 3, column: 4), expected: 3, actual: 4))
        #expect(error!.description.hasPrefix("t.csv:3:4: the row has 4 fields but the header has 3"))
    }

    @Test func tooFewFields() {
        let error = readError(Array("a,b,c\r\n1,2,3\r\n1,2\r\n".utf8))
        #expect(error == .raggedRow(SourceLocation(file: "t.csv", line: 3, column: 3, columnName: "c"), expected: 3, actual: 2))
    }

    @Test func raggedRowAfterMultilineFieldNamesItsLine() {
        let error = readError(Array("a,b\n\"x\ny\",2\n1\n".utf8))
        #expect(error?.location?.line == 4)
    }

    @Test func invalidUTF8() {
        let bytes = Array("site,city\n1,caf".utf8) + [0xE9] + Array("\n".utf8)
        let error = readError(bytes)
        #expect(error == .invalidUTF8(
            SourceLocation(file: "t.csv", line: 2, column: 2, columnName: "city"), bytes: [0x63, 0x61, 0x66, 0xE9]))
        #expect(error!.description == "t.csv:2:2 (city): 'caf\\xE9' is not valid UTF-8; re-save the file with UTF-8 encoding")
    }

    @Test func invalidUTF8InQuotedField() {
        let bytes = Array("a\n\"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        #expect(readError(bytes)?.location == SourceLocation(file: "t.csv", line: 2, column: 1, columnName: "a"))
    }

    @Test func emptyHeaderName() {
        #expect(readError(Array("a,,c\n1,2,3\n".utf8)) == .emptyHeaderName(SourceLocation(file: "t.csv", line: 1, column: 2)))
        #expect(readError(Array("a,  \n1,2\n".utf8)) == .emptyHeaderName(SourceLocation(file: "t.csv", line: 1, column: 2)))
    }

    @Test func duplicateHeaderName() {
        let error = readError(Array("age,site,age\n1,2,3\n".utf8))
        #expect(error == .duplicateHeaderName(
            SourceLocation(file: "t.csv", line: 1, column: 3, columnName: "age"), name: "age", firstColumn: 1))
        #expect(error!.description == "t.csv:1:3 (age): the column name 'age' repeats column 1; rename one of them")
    }
}

@Suite struct CSVReaderFuzzRegressionTests {
    /// Found by the fuzzer: a header name holding a CR (a lone CR is data) made the error
    /// location span two lines.
    @Test func controlCharactersInHeaderNamesAreEscapedInMessages() {
        let error = readError(Array("id\"a, b\",2\r3\r\nes\",4\r\n".utf8))
        #expect(error?.description == "t.csv:2:3 (2\\r3): the row has 2 fields but the header has 3; add the missing fields (leave them empty when the value is missing)")
    }
}
