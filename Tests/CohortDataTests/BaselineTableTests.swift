import OutcomeStats
import Testing
@testable import CohortData

@Suite struct BaselineTableTests {
    /// Quickselect agrees with sorting for every k, with and without many ties.
    @Test(arguments: [3, 1000])
    func selectionAgreesWithSorting(distinct: Int) {
        var generator = SeededGenerator(seed: 11)
        for n in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<n).map { _ in Double(generator.nextInt(below: distinct)) / 7 }
            let sorted = values.sorted()
            for k in Set([0, n / 4, n / 2, n - 1, generator.nextInt(below: n)]) {
                var copy = values
                let selected = copy.withUnsafeMutableBufferPointer { selectOrderStatistic($0, k) }
                #expect(selected == sorted[k], "n \(n) k \(k)")
                #expect(copy[..<k].allSatisfy { $0 <= selected } && copy[k...].allSatisfy { $0 >= selected })
            }
        }
    }

    /// Baseline rows are each patient's earliest visit; patients without a group count only overall.
    @Test func earliestVisitAndGroups() throws {
        let frame = try Frame(columns: [
            ("patient_id", .categorical(CategoricalColumn(["P1", "P1", "P2", "P3", "P3"]))),
            ("cohort", .categorical(CategoricalColumn(["chronic", "chronic", "acute", nil, nil]))),
            ("week", .numeric([2, 0, 4, 0, 2])),
            ("age", .numeric([41, 40, 30, .nan, 50])),
        ])
        let table = try BaselineTable(frame: frame)
        #expect(table.groups == ["acute", "chronic"])
        #expect(table.patientCounts == [1, 1, 3])
        guard case .numeric(let age) = table.variables.first(where: { $0.name == "age" })!.summaries else {
            Issue.record("age"); return
        }
        #expect(age.map(\.count) == [1, 1, 2])
        #expect(age.map(\.missing) == [0, 0, 1])
        #expect(age[1].mean == 40)       // week 0, not week 2
        #expect(age[2].median == 35 && age[2].lowerQuartile == 32.5 && age[2].upperQuartile == 37.5)
    }

    @Test func frameWithoutVariables() throws {
        let frame = try Frame(columns: [("patient_id", .categorical(CategoricalColumn(["P1"]))), ("week", .numeric([0])),
                                        ("cohort", .categorical(CategoricalColumn(["acute"])))])
        let table = try BaselineTable(frame: frame)
        #expect(table.variables.isEmpty && table.patientCounts == [1, 1])
    }

    @Test func missingGroupColumnSuggestsANearName() throws {
        let frame = try Frame(columns: [("patient_id", .categorical(CategoricalColumn(["P1"]))), ("week", .numeric([0])),
                                        ("cohrt", .categorical(CategoricalColumn(["acute"])))])
        #expect(throws: CohortDataError.missingColumn(file: "c.csv", name: "cohort", suggestion: "cohrt")) {
            try BaselineTable(frame: frame, fileName: "c.csv")
        }
    }

    /// Quartiles by selection equal OutcomeStats' sorting `quantiles` (type 7) exactly, on random
    /// samples with and without ties, for every group size from 1 to 40.
    @Test func quartilesEqualSortedQuantiles() throws {
        var generator = SeededGenerator(seed: 5)
        for n in 1...40 {
            let ties = generator.nextInt(below: 2) == 0
            let values = (0..<n).map { _ in ties ? Double(generator.nextInt(below: 4)) : generator.nextNormal() }
            let frame = try Frame(columns: [
                ("patient_id", .categorical(CategoricalColumn((0..<n).map { "P\($0)" }))),
                ("cohort", .categorical(CategoricalColumn(Array(repeating: "acute", count: n)))),
                ("week", .numeric(Array(repeating: 0, count: n))),
                ("score", .numeric(values)),
            ])
            guard case .numeric(let summaries) = try BaselineTable(frame: frame).variables[0].summaries else {
                Issue.record("score"); return
            }
            let expected = quantiles(values, probabilities: [0.25, 0.5, 0.75])
            for summary in summaries {
                #expect([summary.lowerQuartile, summary.median, summary.upperQuartile] == expected, "n \(n)")
            }
        }
    }
}
