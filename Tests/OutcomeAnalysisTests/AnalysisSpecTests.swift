import Foundation
import Testing
@testable import OutcomeAnalysis

private func specError(_ yaml: String) -> String? {
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "specs/analyses.yaml")
        return nil
    } catch {
        return "\(error)"
    }
}

@Test func specResolvesDefaultsAndRelativePaths() throws {
    let spec = try AnalysisSpec(yaml: """
        defaults:
          data: cohort.csv
          reference: { technique: usual_care }
        analyses:
          - name: pain
            formula: pain_nrs ~ week
          - name: sleep
            title: Sleep
            data: /data/other.csv
            formula: sleep_psqi ~ week + technique
            reference: { technique: combined, cohort: chronic }
        """, path: "specs/analyses.yaml")
    #expect(spec.analyses.map(\.name) == ["pain", "sleep"])
    #expect(spec.analyses[0].dataPath == "specs/cohort.csv")
    #expect(spec.analyses[0].dataLabel == "cohort.csv")
    #expect(spec.analyses[0].title == "pain")
    #expect(spec.analyses[0].referenceLevels == ["technique": "usual_care"])
    #expect(spec.analyses[1].dataPath == "/data/other.csv")
    #expect(spec.analyses[1].referenceLevels == ["technique": "combined", "cohort": "chronic"])
}

/// Spec mistakes name the file, line and column, and suggest the intended word.
@Test(arguments: [
    ("analyses:\n  - name: pain\n    formla: y ~ x\n    data: a.csv\n", ["analyses.yaml:3:5", "formla", "Did you mean 'formula'"]),
    ("analyses:\n  - name: pain\n    data: a.csv\n", ["analyses.yaml:2:5", "no 'formula'"]),
    ("analyses:\n  - name: pain\n    data: a.csv\n    formula: y ~ x +\n", ["analyses.yaml:4:14", "character 8"]),
    ("analyses:\n  - name: a b\n    data: a.csv\n    formula: y ~ x\n", ["analyses.yaml:2:11", "letters, digits"]),
    ("analyses:\n  - {name: a, data: a.csv, formula: y ~ x}\n  - {name: a, data: a.csv, formula: y ~ x}\n", ["already used on line 2"]),
    ("analyses:\n  - name: a\n    formula: y ~ x\n", ["no 'data'"]),
    ("analyses: [\n", ["analyses.yaml", "not valid YAML"]),
    ("analysis:\n  - name: a\n", ["analyses.yaml:1:1", "Did you mean 'analyses'"]),
])
func specErrorsNameTheLocation(_ yaml: String, _ expected: [String]) throws {
    let message = try #require(specError(yaml))
    for text in expected { #expect(message.contains(text), "'\(text)' missing from: \(message)") }
    #expect(!message.contains("\n"))
}

/// One broken analysis is reported by name; the others still produce reports; exit status 1.
@Test func aBrokenAnalysisDoesNotStopTheOthers() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("""
        analyses:
          - { name: good, data: ../Datasets/example_cohort.csv, formula: pain_nrs ~ week }
          - { name: broken, data: ../Datasets/example_cohort.csv, formula: pain_nrs ~ weeks }
          - { name: also-good, data: ../Datasets/example_cohort.csv, formula: sleep_psqi ~ week * cohort }
        """.utf8).write(to: folder.appendingPathComponent("spec.yaml"))
    // Data paths resolve against the spec's folder; point them at the repository's dataset.
    let datasets = folder.appendingPathComponent("../Datasets")
    _ = datasets
    let specPath = folder.appendingPathComponent("spec.yaml").path
    let text = try String(contentsOfFile: specPath, encoding: .utf8)
        .replacingOccurrences(of: "../Datasets", with: repositoryRoot.appendingPathComponent("Datasets").path)
    try Data(text.utf8).write(to: URL(fileURLWithPath: specPath))
    let out = folder.appendingPathComponent("out")
    let result = try runOutcomes(["run", specPath, "--out", out.path])
    #expect(result.status == 1)
    #expect(result.standardError.contains("analysis 'broken' failed"))
    #expect(result.standardError.contains("Did you mean 'week'?"))
    let files = try filesUnder(out)
    #expect(files["good/report.md"] != nil && files["also-good/report.md"] != nil)
    #expect(files["broken/report.md"] == nil)
    #expect(String(decoding: try #require(files["index.md"]), as: UTF8.self).contains("broken: **failed**"))
}

@Test func plotsKeySelectsPlotsAndRejectsUnknownNames() throws {
    let spec = try AnalysisSpec(yaml: "analyses:\n  - {name: a, data: a.csv, formula: y ~ x, plots: [coefficients, normal-qq]}\n",
                                path: "analyses.yaml")
    #expect(spec.analyses[0].plots == ["coefficients", "normal-qq"])
    let message = try #require(specError("analyses:\n  - name: a\n    data: a.csv\n    formula: y ~ x\n    plots: [coeficients]\n"))
    #expect(message.contains("analyses.yaml:5:13") && message.contains("Did you mean 'coefficients'"), "\(message)")
}

/// `missing: refuse` fails an analysis whose model rows miss values (counted, first named);
/// `tables:` chooses the table files; bad values of either name their place in the spec.
@Test func missingPolicyAndTableFormats() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path
    let spec = folder.appendingPathComponent("spec.yaml")
    try Data("""
        defaults: { data: \(data) }
        analyses:
          - { name: strict, formula: pain_nrs ~ week, missing: refuse }
          - { name: latex-only, formula: pain_nrs ~ week, tables: [latex] }
          - { name: complete, formula: age ~ week, missing: refuse, tables: [] }
        """.utf8).write(to: spec)
    let out = folder.appendingPathComponent("out")
    let result = try runOutcomes(["run", spec.path, "--out", out.path, "--quiet"])
    #expect(result.status == 1)
    #expect(result.standardError.contains("analysis 'strict'"))
    #expect(result.standardError.contains("rows miss a model variable (first: data row"))
    #expect(result.standardError.contains("pain_nrs") && result.standardError.contains("missing: complete_cases"))
    let files = try filesUnder(out)
    #expect(files["latex-only/tables/coefficients.tex"] != nil && files["latex-only/tables/coefficients.csv"] == nil)
    #expect(files["complete/report.md"] != nil, "a model without missing values fits under missing: refuse")
    #expect(!files.keys.contains { $0.hasPrefix("complete/tables/") })

    let bad = try #require(specError("analyses:\n  - name: a\n    data: a.csv\n    formula: y ~ x\n    missing: drop\n"))
    #expect(bad.contains("analyses.yaml:5:14") && bad.contains("complete_cases or refuse"), "\(bad)")
    let badTable = try #require(specError("analyses:\n  - name: a\n    data: a.csv\n    formula: y ~ x\n    tables: [latx]\n"))
    #expect(badTable.contains("Did you mean 'latex'"), "\(badTable)")
}

/// Invalid UTF-8 and duplicate keys are located by line and column; `data: null` is no file.
private let unreadableSpecs: [([UInt8], [String])] = {
    var invalid: [UInt8] = Array("analyses:\n  - name: pa".utf8)
    invalid += [0xC3, 0x28]
    invalid += Array("in\n".utf8)
    var nul: [UInt8] = Array("analyses:\n  - { name: a, data: a.csv, formula: y ~ x }\n".utf8)
    nul += [0, 0x0A]
    return [
        (invalid, ["hostile.yaml:2:13", "not UTF-8", "0xC3"]),
        (Array("analyses:\n  - name: a\n    name: b\n    data: a.csv\n    formula: y ~ x\n".utf8), ["hostile.yaml:2:5", "duplicate key 'name'"]),
        (Array("analyses:\n  - { name: a, data: null, formula: y ~ x }\n".utf8), ["hostile.yaml:2:22", "'data' has no value", "quote it"]),
        (Array("analyses:\n  - { name: a, data: ~, formula: y ~ x }\n".utf8), ["hostile.yaml:2:22", "'data' has no value"]),
        (nul, ["hostile.yaml:3", "NUL"]),
    ]
}()

@Test(arguments: unreadableSpecs)
func unreadableSpecsNameTheLocation(bytes: [UInt8], expected: [String]) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("hostile.yaml").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    do {
        _ = try AnalysisSpec(path: path)
        Issue.record("accepted")
    } catch {
        for text in expected { #expect("\(error)".contains(text), "'\(text)' missing from: \(error)") }
    }
}

/// A quoted "null" is a file name like any other.
@Test func quotedNullIsAFileName() throws {
    let spec = try AnalysisSpec(yaml: "analyses:\n  - { name: a, data: \"null\", formula: y ~ x }\n", path: "a.yaml")
    #expect(spec.analyses[0].dataLabel == "null")
}

/// A spec that is not a regular file is refused before it is read.
@Test func specThatIsADeviceIsRefused() throws {
    #expect { try AnalysisSpec(path: "/dev/zero") } throws: { error in
        guard case AnalysisError.io(path: "/dev/zero", message: let message) = error else { return false }
        return message.contains("not a regular file")
    }
}

/// `data: /dev/zero` and a FIFO are refused before a byte is read: exit 1 within 5 s.
@Test(arguments: ["/dev/zero", "FIFO"])
func dataThatIsNotARegularFileIsRefused(data: String) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var path = data
    if data == "FIFO" {
        path = folder.appendingPathComponent("fifo.csv").path
        #expect(mkfifo(path, 0o600) == 0)
    }
    let spec = folder.appendingPathComponent("spec.yaml")
    try Data("analyses:\n  - { name: a, data: \(path), formula: pain_nrs ~ week }\n".utf8).write(to: spec)
    let start = Date()
    let result = try runOutcomes(["run", spec.path, "--out", folder.appendingPathComponent("out").path, "--quiet"])
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(result.status == 1)
    #expect(result.standardError.contains("not a regular file"), "\(result.standardError)")
}

/// Every spec of the committed fuzz corpus (Fuzz/SpecCorpus: the issue's hostile specs and
/// the fuzzer's findings) through the CLI: exit status 0 or 1 (never a signal) within 5 s, and
/// for the hostile ones, a one-line error that names the file, its line and the cause.
private let corpusExpectations: [String: (Int32, String)] = [
    "alias-explicit-key.yaml": (1, "alias-explicit-key.yaml:2:1: a mapping key must be a plain name"),
    "alias-key.yaml": (1, "alias-key.yaml:2:1: a YAML alias may not be (part of) a mapping key"),
    "batch-example.yaml": (0, "17 of 17 analyses"),
    "billion-laughs-unknown-key.yaml": (1, "more than 100000 YAML values once its aliases are resolved"),
    "control-level.yaml": (0, "1 of 1 analyses"),
    "data-dev-zero.yaml": (0, "1 of 1 analyses"),
    "data-null.yaml": (1, "data-null.yaml:2:22: 'data' has no value"),
    "deep-block.yaml": (1, "deep-block.yaml:1:1: is indented deeper than 256 columns"),
    "deep-flow.yaml": (1, "deep-flow.yaml:1:267: nests deeper than 256 levels"),
    "duplicate-key.yaml": (1, "duplicate-key.yaml:2:5: duplicate key 'name'"),
    // The spec fuzzer's finding: duplicate collection keys nested 25 deep took 4 s in the YAML library.
    "fuzz-collection-keys-timeout.yaml": (1, "fuzz-collection-keys-timeout.yaml:2:1: a mapping key must be a plain name"),
    "for-each-10x10.yaml": (1, "for-each-10x10.yaml:6:7: the spec expands to more than 1000 analyses"),
    "for-each-anchor.yaml": (1, "for-each-anchor.yaml:6:7: the spec expands to more than 1000 analyses"),
    "full-keys.yaml": (0, "1 of 1 analyses"),
    "fuzz-crash-4912fc13-multiline-formula.yaml": (1, "fuzz-crash-4912fc13-multiline-formula.yaml:22:14: analysis 'pain_nrs-acute': formula"),
    "invalid-utf8.yaml": (1, "invalid-utf8.yaml:2:13: not UTF-8"),
    "many-aliases.yaml": (1, "many-aliases.yaml:2:405: more than 100 YAML aliases"),
    "max-analyses.yaml": (0, "3 of 3 analyses"),
    "mixed-with-ignored-keys.yaml": (1, "mixed-with-ignored-keys.yaml:9:17: analysis 'pain': 'covariance: cluster:site' is not available for a linear mixed model"),
    "name-escape.yaml": (1, "name-escape.yaml:2:13: analysis name '../escape' may only use"),
    "name-shards.yaml": (1, "name-shards.yaml:2:13: analysis name 'shards' is reserved"),
    "nul.yaml": (1, "nul.yaml:3: holds a NUL byte"),
    "terminal-escape.yaml": (1, "terminal-escape.yaml:2:38: analysis 'a': formula 'pain_nrs ~ wee\\u{1b}[2J\\u{202e}k'"),
]

@Test func everySpecOfTheFuzzCorpusEndsCleanly() throws {
    let corpus = repositoryRoot.appendingPathComponent("Fuzz/SpecCorpus")
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
    #expect(Set(names) == Set(corpusExpectations.keys), "every corpus file needs an expectation here")
    for name in names {
        let start = Date()
        let result = try runOutcomes(["run", corpus.appendingPathComponent(name).path, "--dry-run"])
        #expect(Date().timeIntervalSince(start) < 5, "\(name) took over 5 s")
        guard let (status, message) = corpusExpectations[name] else { continue }
        #expect(result.status == status, "\(name): status \(result.status): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(name): '\(message)' missing from: \(result.standardError)")
        if status == 1 { #expect(result.standardError.split(separator: "\n").count == 1, "\(name): \(result.standardError)") }
        #expect(!result.standardError.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(name): raw escape")
    }
}
