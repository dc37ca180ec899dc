import Testing
@testable import CohortData

private let header = "patient_id,cohort,symptom_weeks,age,sex,technique,week,pain_nrs\n"

private func validate(_ text: String, validator: CohortValidator = CohortValidator()) throws -> ValidationReport {
    try validator.validate(data: Array(text.utf8), fileName: "v.csv")
}

private func findings(_ report: ValidationReport, _ rule: ValidationRule) -> [ValidationFinding] {
    report.findings.filter { $0.rule == rule }
}

@Suite struct CohortValidatorTests {
    @Test func cleanFileHasNoErrorsOrWarnings() throws {
        let report = try validate(header + "P1,acute,3,40,F,combined,0,6\nP1,acute,3,40,F,combined,2,4\n")
        #expect(report.findings.isEmpty)
        #expect(!report.hasErrors)
        #expect(report.rowCount == 2 && report.patientCount == 1)
    }

    /// A `"` inside an unquoted field (`S0"1`), which RFC 4180 forbids, is kept by the reader as
    /// an ordinary character (spreadsheets export such cells) and reported by validation as a
    /// warning naming the line, column and value; a quoted field with a doubled quote is not.
    @Test func quoteInsideAnUnquotedFieldIsAWarning() throws {
        let report = try validate(header + "S0\"1,acute,3,40,F,combined,0,6\n\"S0\"\"2\",acute,3,40,F,combined,0,6\n")
        let quotes = findings(report, .quoteInUnquotedField)
        #expect(quotes.count == 1)
        #expect(quotes.first?.severity == .warning)
        #expect(quotes.first?.line == 2 && quotes.first?.column == 1 && quotes.first?.value == "S0\"1")
        #expect(quotes.first?.message.contains("v.csv:2:1 (patient_id)") == true)
        #expect(!report.hasErrors)
        let frame = try CohortLoader().load(data: Array((header + "S0\"1,acute,3,40,F,combined,0,6\n").utf8), fileName: "v.csv")
        guard case .categorical(let ids)? = frame["patient_id"] else { Issue.record("no patient_id"); return }
        #expect(ids.levels == ["S0\"1"])
    }

    /// Every out-of-range and non-numeric cell is reported, not only the first; cells with the
    /// same text in the same column form one finding with their count.
    @Test func everyProblemCellIsReported() throws {
        let report = try validate(header + """
            P1,acute,3,40,F,combined,0,11
            P1,acute,3,40,F,combined,2,11
            P1,acute,3,40,F,combined,4,-1
            P1,acute,3,40,F,combined,6,seven
            P1,acute,3,40,F,combined,8,1e400

            """)
        let range = findings(report, .outOfRange)
        #expect(range.map(\.value) == ["11", "-1"])
        #expect(range.map(\.count) == [2, 1])
        #expect(range.map(\.line) == [2, 4])
        #expect(range.allSatisfy { $0.column == 8 && $0.columnName == "pain_nrs" && $0.severity == .error })
        #expect(range[0].message == "v.csv:2:8 (pain_nrs): 11 is outside the valid range 0–10; correct the value, or leave the cell empty, NA or . when missing (2 cells)")
        #expect(findings(report, .notANumber).map(\.line) == [5])
        #expect(findings(report, .notFinite).map(\.value) == ["1e400"])
        #expect(report.hasErrors)
    }

    @Test func rangesAreConfigurable() throws {
        var validator = CohortValidator()
        validator.schema.columns = validator.schema.columns.map { column in
            var column = column
            if column.name == "pain_nrs" { column.validRange = 0...100 }
            return column
        }
        #expect(try validate(header + "P1,acute,3,40,F,combined,0,55\n", validator: validator).findings.isEmpty)
    }

    @Test func duplicateVisits() throws {
        let report = try validate(header + """
            P1,acute,3,40,F,combined,0,6
            P1,acute,3,40,F,combined,2,5
            P1,acute,3,40,F,combined,2,5
            P1,acute,3,40,F,combined,2,4

            """)
        let duplicate = try #require(findings(report, .duplicateVisit).first)
        #expect(duplicate.line == 4 && duplicate.column == 7 && duplicate.value == "2" && duplicate.count == 3)
        #expect(duplicate.message == "v.csv:4:7 (week): patient P1 has 3 rows for week 2 (first on line 3); keep one row per patient and week")
    }

    @Test func baselineInvariantColumnsMustNotChange() throws {
        let report = try validate(header + """
            P1,acute,3,40,F,combined,0,6
            P1,acute,3,41,F,combined,2,5
            P1,acute,3,41,M,combined,4,5
            P2,chronic,30,50,M,usual_care,0,6
            P2,chronic,30,50,M,,2,6

            """)
        let changes = findings(report, .baselineInvariant)
        #expect(changes.map(\.columnName) == ["age", "sex"])
        #expect(changes[0].line == 3 && changes[0].count == 2 && changes[0].value == "41")
        #expect(changes[0].message == "v.csv:3:4 (age): age of patient P1 changes from '40' (line 2) to '41' in 2 rows; age describes the patient at baseline and must be the same on every visit")
        // A missing value is not a change.
        #expect(!changes.contains { $0.columnName == "technique" })
    }

    @Test func visitsWithoutABaseline() throws {
        let report = try validate(header + "P1,acute,3,40,F,combined,2,6\nP1,acute,3,40,F,combined,4,5\nP2,acute,3,40,F,combined,0,5\n")
        let missing = findings(report, .missingBaseline)
        #expect(missing.count == 1)
        #expect(missing[0].severity == .warning && missing[0].line == 2 && missing[0].count == 2 && missing[0].value == "P1")
        #expect(!report.hasErrors)
    }

    @Test func cohortLabelMustMatchSymptomDuration() throws {
        let report = try validate(header + "P1,chronic,3,40,F,combined,0,6\nP1,chronic,3,40,F,combined,2,5\nP2,subacute,12,40,F,combined,0,5\n")
        let mismatch = findings(report, .cohortDuration)
        #expect(mismatch.count == 1)
        #expect(mismatch[0].line == 2 && mismatch[0].column == 2 && mismatch[0].value == "chronic" && mismatch[0].count == 2)
        #expect(mismatch[0].message == "v.csv:2:2 (cohort): patient P1 is labelled 'chronic' but symptom_weeks 3 makes the episode acute (acute < 6, chronic > 12 weeks); correct one of them or configure the cut-points")
        // Other cut-points, no mismatch for a 5-week episode called subacute.
        var validator = CohortValidator()
        validator.schema.cohortCutPoints = CohortCutPoints(acuteBelow: 4, chronicAbove: 12)
        #expect(findings(try validate(header + "P1,subacute,5,40,F,combined,0,6\n", validator: validator), .cohortDuration).isEmpty)
    }

    @Test func deepTissueInTheAcuteCohortIsAWarning() throws {
        let report = try validate(header + "P1,acute,3,40,F,deep_tissue,0,6\nP1,acute,3,40,F,deep_tissue,2,5\nP2,chronic,30,40,F,deep_tissue,0,5\n")
        let flagged = findings(report, .deepTissueAcute)
        #expect(flagged.count == 1)
        #expect(flagged[0].severity == .warning && flagged[0].line == 2 && flagged[0].column == 6 && flagged[0].count == 2)
        #expect(!report.hasErrors)
    }

    @Test func missingValuesAreCountedPerColumn() throws {
        let report = try validate(header + "P1,acute,3,NA,F,combined,0,\nP1,acute,3,,F,combined,2,.\nP1,acute,3,,F,combined,4,5\n")
        let missing = findings(report, .missingValues)
        #expect(missing.map(\.columnName) == ["age", "pain_nrs"])
        #expect(missing.map(\.count) == [3, 2])
        #expect(missing.allSatisfy { $0.severity == .info && $0.line == nil })
        #expect(missing[1].message == "v.csv (pain_nrs): 2 missing values (66.7 % of 3 rows); models drop those rows and report how many")
    }

    @Test func findingsAreOrderedBySeverityThenLine() throws {
        let report = try validate(header + "P1,acute,3,40,F,deep_tissue,0,6\nP1,acute,3,40,F,deep_tissue,2,12\n")
        #expect(report.findings.map(\.severity) == [.error, .warning])
    }

    @Test func headerOnlyFileIsAnError() throws {
        let report = try validate(header)
        #expect(report.findings.map(\.rule) == [.noRows])
        #expect(report.findings[0].message == "v.csv:1: the file has a header but no data rows; a cohort file has one row per patient per visit")
        #expect(report.hasErrors)
    }

    @Test func unreadableFileThrows() {
        #expect { try validate("patient_id,week\nP1,0,1\n") } throws: { error in
            guard case CohortDataError.raggedRow(_, expected: 2, actual: 3) = error else { return false }
            return true
        }
    }
}
