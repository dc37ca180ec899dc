import Foundation
import Testing

/// The hostile and odd formulas, subsets and hypotheses of issue 16, each run through the
/// `outcomes` binary: every one ends in exit status 1 and one error line naming its cause (or,
/// where R answers, in R's answer with exit 0), with no signal, no trap and no run over 5 s.
struct HostileCommand: Sendable, CustomStringConvertible {
    let name: String
    let arguments: [String]
    let status: Int32
    /// Text standard error must contain.
    let expected: [String]
    var description: String { name }
}

private let data = repositoryRoot.appendingPathComponent("Datasets/example_cohort.csv").path

private func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

private func fit(_ formula: String, _ extra: [String] = []) -> [String] { ["fit", formula, data] + extra }

private let nesting = "nest more than 200 levels deep"

@Test(arguments: [
    HostileCommand(name: "7,000 nested parentheses",
                   arguments: fit("pain_nrs ~ " + repeated("(", 7_000) + "week" + repeated(")", 7_000)),
                   status: 1, expected: ["character 212", nesting]),
    HostileCommand(name: "9,300 nested I(",
                   arguments: fit("pain_nrs ~ " + repeated("I(", 9_300) + "week" + repeated(")", 9_300)),
                   status: 1, expected: ["character 412", nesting]),
    HostileCommand(name: "9,300 nested abs(",
                   arguments: fit("pain_nrs ~ " + repeated("abs(", 9_300) + "week" + repeated(")", 9_300)),
                   status: 1, expected: ["character 812", nesting]),
    HostileCommand(name: "47,000 unary minus signs",
                   arguments: fit("pain_nrs ~ I(" + repeated("-", 47_000) + "week)"),
                   status: 1, expected: ["character 213", nesting]),
    HostileCommand(name: "poly degree 1e19", arguments: fit("pain_nrs ~ poly(week, 1e19, raw = TRUE)"),
                   status: 1, expected: ["character 12", "whole degree from 1 to 20"]),
    HostileCommand(name: "I(1e400)", arguments: fit("pain_nrs ~ I(1e400)"),
                   status: 1, expected: ["character 14", "the number '1e400' is beyond the largest double"]),
    HostileCommand(name: "I(week*1e309)", arguments: fit("pain_nrs ~ I(week*1e309)"),
                   status: 1, expected: ["the number '1e309' is beyond the largest double"]),
    HostileCommand(name: "I(week^1e400)", arguments: fit("pain_nrs ~ I(week^1e400)"),
                   status: 1, expected: ["the number '1e400' is beyond the largest double"]),
    HostileCommand(name: "I(1e-320) as JSON", arguments: fit("pain_nrs ~ I(1e-320)", ["--format", "json"]),
                   status: 1, expected: ["the number '1e-320' is below the smallest normal double"]),
    HostileCommand(name: "0:technique", arguments: fit("pain_nrs ~ 0:technique"),
                   status: 1, expected: ["character 13", "'0' cannot be interacted"]),
    HostileCommand(name: "week:0", arguments: fit("pain_nrs ~ week:0"),
                   status: 1, expected: ["character 16", "'0' cannot be interacted"]),
    HostileCommand(name: "0*cohort", arguments: fit("pain_nrs ~ 0*cohort"),
                   status: 1, expected: ["character 13", "'0' cannot be crossed"]),
    HostileCommand(name: "nested poly", arguments: fit("pain_nrs ~ poly(poly(week, 2, raw = TRUE), 2, raw = TRUE)"),
                   status: 1, expected: ["character 17", "poly() must be a term of its own"]),
    HostileCommand(name: "one-level factor", arguments: fit("pain_nrs ~ week + cohort", ["--subset", "cohort == chronic"]),
                   status: 1, expected: ["the factor 'cohort' has only one level ('chronic')"]),
    HostileCommand(name: "one-level grouping factor",
                   arguments: fit("pain_nrs ~ week + (1 | cohort)", ["--subset", "cohort == chronic"]),
                   status: 1, expected: ["the grouping factor 'cohort' has one level"]),
    HostileCommand(name: "the response as grouping factor", arguments: fit("pain_nrs ~ week + (1 | pain_nrs)"),
                   status: 1, expected: ["character 24", "the response 'pain_nrs' cannot group a random-effect term"]),
    HostileCommand(name: "a formula that begins with '-h'", arguments: fit("-h ~ x"),
                   status: 1, expected: ["formula '-h ~ x', character 1", "starts with its response"]),
    HostileCommand(name: "a formula that begins with '-' as --compare", arguments: fit("pain_nrs ~ week", ["--compare", "-help ~ 1"]),
                   status: 1, expected: ["formula '-help ~ 1', character 1"]),
    HostileCommand(name: "6,400 nested parentheses in --test",
                   arguments: fit("pain_nrs ~ week", ["--test", repeated("(", 6_400) + "week" + repeated(")", 6_400) + " = 0"]),
                   status: 1, expected: ["character 1: parentheses are not supported"]),
    HostileCommand(name: "an infinite number in --test", arguments: fit("pain_nrs ~ week", ["--test", "week = 1e400"]),
                   status: 1, expected: ["the number '1e400' is not finite"]),
    HostileCommand(name: "50,000 nested parentheses in --subset",
                   arguments: fit("pain_nrs ~ week", ["--subset", repeated("(", 50_000) + "week > 1" + repeated(")", 50_000)]),
                   status: 1, expected: ["--subset", "character 201", "more than 200 levels"]),
])
func hostileInputEndsInAnErrorNamingItsCause(_ command: HostileCommand) throws {
    let start = ContinuousClock.now
    let result = try runOutcomes(command.arguments)
    #expect(ContinuousClock.now - start < .seconds(5), "\(command.name) ran too long")
    #expect(result.status == command.status, "\(command.name): \(result.standardError.prefix(600))")
    #expect(result.standardOutput.isEmpty, "\(command.name): \(result.standardOutput.prefix(300))")
    #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError.prefix(600))")
    #expect(result.standardError.count < 1_000, "the message quotes an excerpt, not the whole input")
    for text in command.expected {
        #expect(result.standardError.contains(text), "'\(text)' missing from: \(result.standardError.prefix(600))")
    }
}

/// `week ~ week`: as R's lm, the response is dropped from the right-hand side with a warning
/// and the intercept-only model is fitted.
@Test func responseOnTheRightIsDroppedWithAWarning() throws {
    let result = try runOutcomes(fit("week ~ week", ["--format", "json"]))
    #expect(result.status == 0)
    #expect(result.standardError == "warning: the response 'week' appeared on the right-hand side and was dropped (term 'week'); R's lm drops it too\n")
    #expect(result.standardOutput.contains("\"(Intercept)\""))
    #expect(!result.standardOutput.contains("\"term\": \"week\""))
}

/// A numeric grouping column is a factor of its values, as lme4 makes one.
@Test func numericGroupingColumnIsAFactorAsInLme4() throws {
    let start = ContinuousClock.now
    let result = try runOutcomes(fit("pain_nrs ~ week + (1 | sessions_per_week)"))
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("sessions_per_week"))
}

/// 50,000 `&` terms do not fit in one command-line argument (128 KiB), so they go through a
/// spec's `subset:`; with 50,000 nested parentheses in `formula:` the spec is refused.
@Test func hostileSpecEntriesRunOrFailWithoutASignal() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let subset = Array(repeating: "week >= 2", count: 50_000).joined(separator: " & ")
    let spec = """
        analyses:
          - name: chained
            data: \(data)
            formula: pain_nrs ~ week + cohort
            subset: "\(subset)"

        """
    try Data(spec.utf8).write(to: folder.appendingPathComponent("chained.yaml"))
    var start = ContinuousClock.now
    let chained = try runOutcomes(["run", "chained.yaml", "--out", "out", "--quiet"], in: folder)
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(chained.status == 0, "\(chained.standardError.prefix(600))")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/chained/report.md").path))

    let formula = "pain_nrs ~ " + repeated("(", 50_000) + "week" + repeated(")", 50_000)
    try Data("analyses:\n  - name: deep\n    data: \(data)\n    formula: \"\(formula)\"\n".utf8)
        .write(to: folder.appendingPathComponent("deep.yaml"))
    start = ContinuousClock.now
    let deep = try runOutcomes(["run", "deep.yaml", "--out", "out", "--quiet"], in: folder)
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(deep.status == 1)
    #expect(deep.standardError.contains(nesting), "\(deep.standardError.prefix(600))")
    #expect(deep.standardError.count < 1_000)
}
