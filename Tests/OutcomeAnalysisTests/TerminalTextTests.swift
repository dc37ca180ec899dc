import Foundation
import Testing
@testable import OutcomeAnalysis

@Suite struct TerminalTextTests {
    @Test(arguments: [("a\u{1B}[31mred", "a\\u{1b}[31mred"), ("x\u{202E}cba", "x\\u{202e}cba"), ("tab\tand\nline", "tab\tand\nline"),
                      ("bell\u{7}", "bell\\u{7}"), ("c1\u{9B}2J", "c1\\u{9b}2J"), ("non\u{FFFE}", "non\\u{fffe}"), ("plain é 日本", "plain é 日本")])
    func controlsAndOverridesAreEscaped(text: String, expected: String) {
        #expect(TerminalText.escaped(text) == expected)
    }

    /// A formula with terminal escape codes is echoed escaped in the error message.
    @Test func escapeCodesInAFormulaAreNotEchoedRaw() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("spec.yaml")
        let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
        try Data("analyses:\n  - { name: a, data: \(data), formula: \"pain_nrs ~ wee\\e[2J\\u202Ek\" }\n".utf8).write(to: spec)
        let result = try runOutcomes(["run", spec.path, "--out", folder.appendingPathComponent("out").path, "--quiet"])
        #expect(result.status == 1)
        #expect(!result.standardError.contains("\u{1B}") && !result.standardError.contains("\u{202E}"), "\(result.standardError)")
        #expect(result.standardError.contains("\\u{1b}[2J"), "\(result.standardError)")
    }

    @Test func analysisErrorsAreEscaped() {
        let error = AnalysisError.usage("level '\u{1B}]0;title\u{7}'")
        #expect(error.description == "level '\\u{1b}]0;title\\u{7}'")
    }
}

/// Fuzz finding (FuzzSpecLoader, crash-4912fc13): a formula scalar spanning lines made a
/// two-line error; every AnalysisError is one line.
@Test func aMultiLineFormulaGivesAOneLineError() throws {
    let yaml = "analyses:\n  - name: a\n    data: a.csv\n    formula: pain_nrs ~ `week\n      more + x\n"
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "fuzz.yaml")
        Issue.record("accepted")
    } catch {
        #expect(!"\(error)".contains("\n"), "\(error)")
        #expect("\(error)".contains("fuzz.yaml:4:"), "\(error)")
    }
}

/// `outcomes fit` text output escapes a data level holding terminal escape codes.
@Test func fitTextEscapesLevels() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = try String(contentsOf: repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv"), encoding: .utf8)
    let data = folder.appendingPathComponent("cohort.csv")
    try Data(source.replacingOccurrences(of: ",chronic,", with: ",chr\u{1B}[31monic\u{202E},").utf8).write(to: data)
    let result = try runOutcomes(["fit", "pain_nrs ~ cohort + week", data.path])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(!result.standardOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    #expect(result.standardOutput.contains("chr\\u{1b}[31monic\\u{202e}"), "\(result.standardOutput)")
}
