import Foundation
import Testing
@testable import OutcomeAnalysis

/// The error a spec ends in, and how long loading it took.
private func load(_ yaml: String) -> (String?, TimeInterval) {
    let start = Date()
    do {
        _ = try AnalysisSpec(yaml: yaml, path: "specs/hostile.yaml")
        return (nil, Date().timeIntervalSince(start))
    } catch {
        return ("\(error)", Date().timeIntervalSince(start))
    }
}

/// Nine levels of ten aliases each: 10⁹ nodes once resolved.
let billionLaughs: String = {
    var lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...9 {
        lines.append("lol\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n")
}()

/// Lines `      k0: …` to `      k9: …` of a for_each, each with `value`.
private func forEachKeys(_ range: Range<Int>, _ value: (Int) -> String) -> String {
    range.map { (i: Int) -> String in "      k\(i): " + value(i) }.joined(separator: "\n") + "\n"
}

private let digits = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"
private let header = "analyses:\n  - name: \"a{k0}{k1}{k2}{k3}{k4}{k5}{k6}{k7}{k8}{k9}\"\n    data: a.csv\n    formula: y ~ x\n    for_each:\n"

private let hostileSpecs: [(String, [String])] = {
    var cases: [(String, [String])] = []
    // 10 keys × 10 values: 10¹⁰ analyses.
    cases.append((header + forEachKeys(0..<10) { _ in digits }, ["hostile.yaml:6:7", "more than 1000 analyses", "max_analyses"]))
    // The same with one anchor at the top level (an unknown key), and inside for_each.
    cases.append(("v: &v " + digits + "\n" + header + forEachKeys(0..<10) { _ in "*v" }, ["hostile.yaml:1:1", "unknown key 'v'"]))
    cases.append((header + forEachKeys(0..<1) { _ in "&v " + digits } + forEachKeys(1..<10) { _ in "*v" },
                   ["hostile.yaml:6:7", "more than 1000 analyses", "for_each alone makes 10000000000"]))
    // A billion laughs in an unknown key of an analysis with for_each.
    let laughs = billionLaughs.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
    cases.append(("analyses:\n  - name: \"a{k}\"\n    data: a.csv\n    formula: y ~ x\n    for_each: { k: [1, 2] }\n    junk:\n" + laughs + "\n",
                   ["hostile.yaml:", "YAML values once its aliases are resolved"]))
    // Aliases as keys, which the YAML library would hash in full.
    cases.append(("a: &a [x, y]\n*a : 1\nanalyses: []\n", ["hostile.yaml:2:1", "may not be (part of) a mapping key"]))
    cases.append(("a: &a [x, y]\nb: {[x, [*a]]: 1}\n", ["hostile.yaml:2:10", "may not be (part of) a mapping key"]))
    cases.append(("a: &a [x, y]\n? *a\n: 1\n", ["hostile.yaml:2:1", "explicit '?' key"]))
    // Collections as keys: the YAML library compares duplicate ones in time exponential in their depth.
    let deep = String(repeating: "- ", count: 25) + "x"
    cases.append(("a: 1\n?\n? " + deep + "\n?\n? " + deep + "\n", ["hostile.yaml:2:1", "must be a plain name"]))
    cases.append(("a: 1\n[[[[x]]]]: 1\n[[[[x]]]]: 2\n", ["hostile.yaml:2:1", "must be a plain name"]))
    cases.append(("a: {[[x]]: 1, [[x]]: 2}\n", ["hostile.yaml:1:9", "must be a plain name"]))
    cases.append(("analyses:\n  - [a, b]: 1\n", ["hostile.yaml:2:5", "must be a plain name"]))
    // Too many aliases.
    cases.append(("a: &a x\nb: [" + Array(repeating: "*a", count: 101).joined(separator: ", ") + "]\n", ["hostile.yaml:2:", "more than 100 YAML aliases"]))
    // Deep nesting.
    cases.append((String(repeating: "[", count: 10_000), ["hostile.yaml:1:257", "nests deeper than 256"]))
    cases.append((String(repeating: "- ", count: 10_000) + "x\n", ["hostile.yaml:1:1", "indented deeper than 256"]))
    // A limit that is not a number.
    cases.append(("max_analyses: lots\nanalyses:\n  - { name: a, data: a.csv, formula: y ~ x }\n", ["hostile.yaml:1:15", "'max_analyses' must be a whole number"]))
    return cases
}()

@Suite struct SpecBudgetTests {
    /// Hostile specs end in an error naming the cause and its place, in well under 5 s.
    @Test(arguments: hostileSpecs)
    func hostileSpecsAreRefusedQuickly(yaml: String, expected: [String]) {
        let (message, seconds) = load(yaml)
        #expect(seconds < 5)
        guard let message else { Issue.record("accepted"); return }
        for text in expected { #expect(message.contains(text), "'\(text)' missing from: \(message)") }
    }

    /// `max_analyses:` raises the limit; the default admits 1,000.
    @Test func maxAnalysesRaisesTheLimit() throws {
        let body = "analyses:\n  - name: \"a{i}{j}{k}{l}\"\n    data: a.csv\n    formula: y ~ x\n    for_each:\n"
            + ["i", "j", "k", "l"].map { "      \($0): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" }.joined(separator: "\n") + "\n"
        #expect(load(body).0?.contains("more than 1000 analyses") == true)
        let spec = try AnalysisSpec(yaml: "max_analyses: 10000\n" + body, path: "a.yaml")
        #expect(spec.analyses.count == 10_000)
        #expect(try AnalysisSpec(yaml: body.replacingOccurrences(of: "      l: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n", with: "")
            .replacingOccurrences(of: "{l}", with: ""), path: "a.yaml").analyses.count == 1_000)
    }

    /// Aliases a spec may reasonably use still work.
    @Test func ordinaryAliasesWork() throws {
        let spec = try AnalysisSpec(yaml: """
            analyses:
              - { name: a, data: &d a.csv, formula: &f y ~ x * z }
              - { name: b, data: *d, formula: *f }
            """, path: "a.yaml")
        #expect(spec.analyses.map(\.dataLabel) == ["a.csv", "a.csv"])
    }
}

/// Brackets followed by ':' inside quoted or plain values are not keys: a title and a
/// hypothesis that look like one still load.
@Test func bracketsInValuesAreNotCollectionKeys() throws {
    let spec = try AnalysisSpec(yaml: """
        analyses:
          - name: a
            title: "Pain [NRS]: week 10"
            data: a.csv
            formula: y ~ x
        """, path: "a.yaml")
    #expect(spec.analyses[0].title == "Pain [NRS]: week 10")
}
