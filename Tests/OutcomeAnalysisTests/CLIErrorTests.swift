import Foundation
import Testing

struct MalformedInput: Sendable, CustomStringConvertible {
    let name: String
    let csv: String
    let formula: String
    /// Text the one error line must contain (file:line:column, or the term).
    let expected: [String]
    var description: String { name }
}

private let header = "patient_id,cohort,week,pain_nrs\n"

/// A malformed file makes `outcomes fit` print exactly one line naming the place at fault and
/// exit with status 1.
@Test(arguments: [
    MalformedInput(name: "unterminated quote", csv: header + "P1,acute,0,5\nP1,\"acute,2,4\n",
                   formula: "pain_nrs ~ week", expected: ["bad.csv:3:2"]),
    MalformedInput(name: "ragged row", csv: header + "P1,acute,0,5\nP1,acute,2\n",
                   formula: "pain_nrs ~ week", expected: ["bad.csv:3"]),
    MalformedInput(name: "text in a numeric column", csv: header + "P1,acute,0,5\nP1,acute,2,seven\n",
                   formula: "pain_nrs ~ week", expected: ["bad.csv:3:4", "seven"]),
    MalformedInput(name: "unknown column in formula", csv: header + "P1,acute,0,5\nP1,acute,2,4\nP2,chronic,0,6\n",
                   formula: "pain_nrs ~ weeks", expected: ["weeks", "week"]),
    MalformedInput(name: "out of range", csv: header + "P1,acute,0,5\nP1,acute,2,14\n",
                   formula: "pain_nrs ~ week", expected: ["bad.csv:3:4", "14"]),
])
func malformedInputGivesOneLineAndStatusOne(_ input: MalformedInput) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(input.csv.utf8).write(to: folder.appendingPathComponent("bad.csv"))
    let result = try runOutcomes(["fit", input.formula, "bad.csv"], in: folder)
    #expect(result.status == 1)
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "stderr: \(result.standardError)")
    for text in input.expected {
        #expect(result.standardError.contains(text), "'\(text)' missing from: \(result.standardError)")
    }
}

@Test func missingDataFileIsAClearError() throws {
    let result = try runOutcomes(["fit", "y ~ x", "/nonexistent/cohort.csv"])
    #expect(result.status == 1)
    #expect(result.standardError.contains("/nonexistent/cohort.csv"))
    #expect(result.standardError.split(separator: "\n").count == 1)
}

@Test func formulaSyntaxErrorNamesTheCharacter() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data((header + "P1,acute,0,5\n").utf8).write(to: folder.appendingPathComponent("ok.csv"))
    let result = try runOutcomes(["fit", "pain_nrs ~ week +", "ok.csv"], in: folder)
    #expect(result.status == 1)
    #expect(result.standardError.contains("character 18"), "\(result.standardError)")
}
