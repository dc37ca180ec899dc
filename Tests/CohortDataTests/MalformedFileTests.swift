import Foundation
import Testing
@testable import CohortData

/// A malformed cohort file and the exact one-line message the loader must give.
struct MalformedFile: Sendable, CustomStringConvertible {
    let name: String
    let bytes: [UInt8]
    let message: String
    var description: String { name }

    init(_ name: String, _ text: String, _ message: String) {
        self.init(name, Array(text.utf8), message)
    }

    init(_ name: String, _ bytes: [UInt8], _ message: String) {
        self.name = name
        self.bytes = bytes
        self.message = message
    }
}

private let ok = "P1,0,5\n"
private let longText = String(repeating: "x", count: 10_000)

/// The corpus: every reader and loader error, plus the edge cases of the issue.
let malformedFiles: [MalformedFile] = [
    MalformedFile("empty file", "",
                  "bad.csv:1: the file is empty; a cohort file starts with a header row naming its columns"),
    MalformedFile("only a byte-order mark and blank lines", [0xEF, 0xBB, 0xBF, 0x0A, 0x0D, 0x0A],
                  "bad.csv:1: the file is empty; a cohort file starts with a header row naming its columns"),
    MalformedFile("unterminated quote", "patient_id,week,pain_nrs\n" + ok + "P2,0,\"5\n",
                  "bad.csv:3:3 (pain_nrs): the quoted field starting \"5\\n has no closing quote; add the closing \" and write any \" inside the field as \"\""),
    MalformedFile("text after closing quote", "patient_id,week,pain_nrs\n\"P1\"x,0,5\n",
                  "bad.csv:2:1 (patient_id): 'x' follows the closing quote of the field; quote the whole field and write any \" inside it as \"\""),
    MalformedFile("too many fields", "patient_id,week,pain_nrs\n" + ok + "P1,2,5,7\n",
                  "bad.csv:3:4: the row has 4 fields but the header has 3; quote fields that contain the delimiter, or remove the extra delimiter"),
    MalformedFile("too few fields", "patient_id,week,pain_nrs\r\n" + "P1,0\r\n",
                  "bad.csv:2:3 (pain_nrs): the row has 2 fields but the header has 3; add the missing fields (leave them empty when the value is missing)"),
    MalformedFile("invalid UTF-8", Array("patient_id,week,site\nP1,0,Z".utf8) + [0xFC, 0x72] + Array("ich\n".utf8),
                  "bad.csv:2:3 (site): 'Z\\xFCrich' is not valid UTF-8; re-save the file with UTF-8 encoding"),
    MalformedFile("empty header name", "patient_id,,week\nP1,x,0\n",
                  "bad.csv:1:2: the header name is empty; give every column a name"),
    MalformedFile("duplicate header name", "patient_id,week,week\nP1,0,0\n",
                  "bad.csv:1:3 (week): the column name 'week' repeats column 2; rename one of them"),
    MalformedFile("missing required column", "patient,week\nP1,0\n",
                  "bad.csv:1: the required column 'patient_id' is not in the header. Did you mean 'patient'? Rename that column, or map it with the spec's columns: { patient_id: \"patient\" }."),
    MalformedFile("text in a numeric column", "patient_id,week,pain_nrs\n" + ok + "P1,2,seven\n",
                  "bad.csv:3:3 (pain_nrs): 'seven' is not a number; write a decimal number such as 6 or 6.5, or leave the cell empty, NA or . when missing"),
    MalformedFile("nan in a numeric column", "patient_id,week,pain_nrs\n" + ok + "P1,2,nan\n",
                  "bad.csv:3:3 (pain_nrs): 'nan' is not a number; write a decimal number such as 6 or 6.5, or leave the cell empty, NA or . when missing"),
    MalformedFile("1e400 in a numeric column", "patient_id,week,bmi\nP1,0,1e400\n",
                  "bad.csv:2:3 (bmi): 1e400 is too large to be a number (the largest is about 1.8e308); correct the value, or leave the cell empty, NA or . when missing"),
    MalformedFile("value out of range", "patient_id,week,pain_nrs\n" + ok + "P1,2,10.5\n",
                  "bad.csv:3:3 (pain_nrs): 10.5 is outside the valid range 0–10; correct the value, or leave the cell empty, NA or . when missing"),
    MalformedFile("NUL byte in a label", Array("patient_id,week\nP".utf8) + [0] + Array("1,0\n".utf8),
                  "bad.csv:2:1 (patient_id): 'P\\u{0}1' holds a NUL byte; the file looks binary or UTF-16, re-save it as UTF-8 text"),
    MalformedFile("NUL byte in a number", Array("patient_id,week\nP1,".utf8) + [0] + Array("\n".utf8),
                  "bad.csv:2:2 (week): '\\u{0}' holds a NUL byte; the file looks binary or UTF-16, re-save it as UTF-8 text"),
    MalformedFile("NUL byte in the header", Array("patient_id,we".utf8) + [0] + Array("ek\nP1,0\n".utf8),
                  "bad.csv:1:2: 'we\\u{0}ek' holds a NUL byte; the file looks binary or UTF-16, re-save it as UTF-8 text"),
    MalformedFile("10,000-character field in a numeric column", "patient_id,week,pain_nrs\nP1,0,\(longText)\n",
                  "bad.csv:2:3 (pain_nrs): '\(String(repeating: "x", count: 40))…' is not a number; write a decimal number such as 6 or 6.5, or leave the cell empty, NA or . when missing"),
    MalformedFile("UTF-16 file", [0xFF, 0xFE] + Array("patient_id".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                  "bad.csv:1:1: '\\xFF\\xFEp\\x00a\\x00t\\x00i\\x00e\\x00n\\x00t\\x00_\\x00i\\x00d\\x00' is not valid UTF-8; re-save the file with UTF-8 encoding"),
]

@Suite struct MalformedFileTests {
    @Test(arguments: malformedFiles)
    func exactMessage(_ file: MalformedFile) {
        do {
            _ = try CohortLoader().load(data: file.bytes, fileName: "bad.csv")
            Issue.record("\(file.name): loaded without error")
        } catch let error as CohortDataError {
            #expect(error.description == file.message)
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The same corpus read in tiny chunks gives the same messages.
    @Test(arguments: malformedFiles)
    func sameMessageInTinyChunks(_ file: MalformedFile) {
        do {
            _ = try CohortLoader(reader: CSVReader(chunkSize: 3)).load(data: file.bytes, fileName: "bad.csv")
            Issue.record("\(file.name): loaded without error")
        } catch {
            #expect("\(error)" == file.message)
        }
    }

    @Test func headerOnlyFileIsAnEmptyFrame() throws {
        let frame = try CohortLoader().load(data: Array("patient_id,week,pain_nrs\n".utf8), fileName: "bad.csv")
        #expect(frame.rowCount == 0)
        #expect(frame.columnNames == ["patient_id", "week", "pain_nrs"])
    }

    @Test func tenThousandCharacterLabelLoads() throws {
        let frame = try CohortLoader().load(data: Array("patient_id,week,note\nP1,0,\"\(longText)\"\n".utf8), fileName: "ok.csv")
        guard case .categorical(let note)? = frame["note"] else { Issue.record("note"); return }
        #expect(note.levels == [longText])
    }
}
