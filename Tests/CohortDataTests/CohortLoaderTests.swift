import Foundation
import OutcomeStats
import Testing
@testable import CohortData

private let header = "patient_id,site,cohort,symptom_weeks,age,sex,bmi,technique,sessions_per_week,week,pain_nrs,sleep_psqi,rom_flexion_deg,mood_phq9"

private func load(_ text: String, schema: CohortSchema = .default) throws -> Frame {
    try CohortLoader(schema: schema).load(data: Array(text.utf8), fileName: "cohort.csv")
}

private func loadError(_ text: String, schema: CohortSchema = .default) -> CohortDataError? {
    do {
        _ = try load(text, schema: schema)
        return nil
    } catch let error as CohortDataError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

private func numbers(_ frame: Frame, _ name: String) -> [Double] {
    guard case .numeric(let values)? = frame[name] else { Issue.record("\(name) is not numeric"); return [] }
    return values
}

private func labels(_ frame: Frame, _ name: String) -> [String?] {
    guard case .categorical(let column)? = frame[name] else { Issue.record("\(name) is not categorical"); return [] }
    return column.codes.indices.map(column.label(at:))
}

/// Equal arrays treating NaN as equal to NaN.
private func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

@Suite struct CohortLoaderTests {
    @Test func loadsTheDefaultContract() throws {
        let frame = try load("""
            \(header)
            P001,site_a,acute,3,41,F,24.5,combined,2,0,6.5,9,55.0,7
            P001,site_a,acute,3,41,F,24.5,combined,2,2,5,8,60.5,6
            P002,site_b,chronic,30,58,M,31,usual_care,0,0,7,12,48,11

            """)
        #expect(frame.rowCount == 3)
        #expect(frame.columnNames == header.split(separator: ",").map(String.init))
        #expect(labels(frame, "patient_id") == ["P001", "P001", "P002"])
        #expect(labels(frame, "technique") == ["combined", "combined", "usual_care"])
        #expect(numbers(frame, "pain_nrs") == [6.5, 5, 7])
        #expect(numbers(frame, "rom_flexion_deg") == [55, 60.5, 48])
        guard case .categorical(let cohort)? = frame["cohort"] else { Issue.record("cohort"); return }
        #expect(cohort.levels == ["acute", "chronic"])
    }

    @Test func missingTokensBecomeNaNAndMinusOne() throws {
        let frame = try load("""
            \(header)
            P001,NA,acute,3,41,.,24.5,combined,2,0,,NA,.,  NA
            P002,,acute,3,41,F,24.5,combined,2,0,"",9,55, 

            """)
        #expect(same(numbers(frame, "pain_nrs"), [.nan, .nan]))
        #expect(same(numbers(frame, "sleep_psqi"), [.nan, 9]))
        #expect(same(numbers(frame, "rom_flexion_deg"), [.nan, 55]))
        #expect(same(numbers(frame, "mood_phq9"), [.nan, .nan]))
        #expect(labels(frame, "site") == [nil, nil])
        #expect(labels(frame, "sex") == [nil, "F"])
        #expect(frame["pain_nrs"]!.missingCount == 2)
    }

    @Test func cellsAreTrimmed() throws {
        let frame = try load("patient_id,week,pain_nrs,site\n P1 , 0 ,\t6.5 , site_a\n")
        #expect(labels(frame, "patient_id") == ["P1"])
        #expect(numbers(frame, "pain_nrs") == [6.5])
        #expect(labels(frame, "site") == ["site_a"])
    }

    @Test func textInNumericColumnNamesTheCell() {
        var rows = [header]
        for _ in 0..<15 { rows.append("P001,site_a,acute,3,41,F,24.5,combined,2,0,6,9,55,7") }
        rows.append("P002,site_a,acute,3,41,F,24.5,combined,2,0,seven,9,55,7")
        let error = loadError(rows.joined(separator: "\n"))
        #expect(error == .notANumber(
            SourceLocation(file: "cohort.csv", line: 17, column: 11, columnName: "pain_nrs"), text: "seven"))
        #expect(error!.description.hasPrefix("cohort.csv:17:11 (pain_nrs): 'seven' is not a number"))
        #expect(!error!.description.contains("\n"))
    }

    @Test(arguments: [
        ("pain_nrs", 11, "10.5", 0.0...10.0),
        ("pain_nrs", 11, "-1", 0.0...10.0),
        ("sleep_psqi", 12, "22", 0.0...21.0),
        ("rom_flexion_deg", 13, "121", 0.0...120.0),
        ("mood_phq9", 14, "28", 0.0...27.0),
    ])
    func rangeViolationNamesTheCell(column: String, index: Int, value: String, range: ClosedRange<Double>) {
        var fields = "P001,site_a,acute,3,41,F,24.5,combined,2,0,6,9,55,7".split(separator: ",").map(String.init)
        fields[index - 1] = value
        let error = loadError("\(header)\nP001,site_a,acute,3,41,F,24.5,combined,2,0,6,9,55,7\n\(fields.joined(separator: ","))\n")
        #expect(error == .outOfRange(
            SourceLocation(file: "cohort.csv", line: 3, column: index, columnName: column), text: value, range: range))
    }

    @Test func rangeBoundsAreInclusive() throws {
        let frame = try load("patient_id,week,pain_nrs,rmdq,odi\nP1,0,0,0,0\nP1,2,10,24,100\n")
        #expect(numbers(frame, "pain_nrs") == [0, 10])
        #expect(numbers(frame, "odi") == [0, 100])
        #expect(loadError("patient_id,week,rmdq\nP1,0,25\n")?.location?.column == 3)
        #expect(loadError("patient_id,week,odi\nP1,0,100.5\n")?.location?.columnName == "odi")
    }

    @Test func rangesComeFromTheSchema() throws {
        var schema = CohortSchema.default
        schema.columns = schema.columns.map { column in
            var column = column
            if column.name == "pain_nrs" { column.validRange = 0...100 }
            return column
        }
        #expect(numbers(try load("patient_id,week,pain_nrs\nP1,0,55\n", schema: schema), "pain_nrs") == [55])
    }

    @Test func rangeErrorDescription() {
        let error = loadError("patient_id,week,pain_nrs\nP1,0,12\n")
        #expect(error!.description == "cohort.csv:2:3 (pain_nrs): 12 is outside the valid range 0–10; correct the value, or leave the cell empty, NA or . when missing")
    }

    @Test func cohortIsDerivedFromSymptomWeeks() throws {
        let frame = try load("""
            patient_id,symptom_weeks,week
            P1,2,0
            P2,5.9,0
            P3,6,0
            P4,12,0
            P5,12.5,0
            P6,NA,0
            P7,104,0
            """)
        #expect(frame.columnNames == ["patient_id", "cohort", "symptom_weeks", "week"])
        #expect(labels(frame, "cohort") == ["acute", "acute", "subacute", "subacute", "chronic", nil, "chronic"])
    }

    @Test func cohortCutPointsAreConfigurable() throws {
        var schema = CohortSchema.default
        schema.cohortCutPoints = CohortCutPoints(acuteBelow: 4, chronicAbove: 12)
        let frame = try load("patient_id,symptom_weeks,week\nP1,3,0\nP2,5,0\nP3,13,0\n", schema: schema)
        #expect(labels(frame, "cohort") == ["acute", "subacute", "chronic"])
    }

    @Test func existingCohortIsNotOverwritten() throws {
        let frame = try load("patient_id,cohort,symptom_weeks,week\nP1,chronic,2,0\n")
        #expect(labels(frame, "cohort") == ["chronic"])
        #expect(frame.columnNames == ["patient_id", "cohort", "symptom_weeks", "week"])
    }

    @Test func undeclaredColumnsAreTypedByContent() throws {
        let frame = try load("""
            patient_id,week,visit_note,score,empty,code
            P1,0,ok,1.5,,10
            P1,2,NA,2,NA,20
            P1,4,late,.,,x30
            """)
        #expect(labels(frame, "visit_note") == ["ok", nil, "late"])
        #expect(same(numbers(frame, "score"), [1.5, 2, .nan]))
        #expect(same(numbers(frame, "empty"), [.nan, .nan, .nan]))
        // A column that looks numeric until its last row is reloaded as categorical.
        #expect(labels(frame, "code") == ["10", "20", "x30"])
    }

    @Test func aliasesMapHeaderNames() throws {
        var schema = CohortSchema.default
        schema.aliases = ["pid": "patient_id", "nrs": "pain_nrs"]
        let frame = try load("pid,week,nrs\nP1,0,4\n", schema: schema)
        #expect(frame.columnNames == ["patient_id", "week", "pain_nrs"])
        #expect(loadError("pid,week,nrs\nP1,0,14\n", schema: schema)?.location?.columnName == "pain_nrs")
    }

    @Test func aliasCollidingWithAColumnIsADuplicate() {
        var schema = CohortSchema.default
        schema.aliases = ["nrs": "pain_nrs"]
        let error = loadError("patient_id,week,pain_nrs,nrs\nP1,0,4,4\n", schema: schema)
        #expect(error == .duplicateHeaderName(
            SourceLocation(file: "cohort.csv", line: 1, column: 4, columnName: "nrs"), name: "pain_nrs", firstColumn: 3))
    }

    @Test func missingRequiredColumnSuggestsANearName() {
        let error = loadError("patientid,week\nP1,0\n")
        #expect(error == .missingColumn(file: "cohort.csv", name: "patient_id", suggestion: "patientid"))
        #expect(error!.description.hasPrefix("cohort.csv:1: the required column 'patient_id' is not in the header. Did you mean 'patientid'?"))
        #expect(loadError("patient_id,wek\nP1,0\n") == .missingColumn(file: "cohort.csv", name: "week", suggestion: "wek"))
        #expect(loadError("patient_id,visit\nP1,0\n") == .missingColumn(file: "cohort.csv", name: "week", suggestion: nil))
    }

    @Test func csvErrorsPassThrough() {
        #expect(loadError("patient_id,week\nP1,0,9\n")?.location == SourceLocation(file: "cohort.csv", line: 2, column: 3))
        #expect(loadError("") == .emptyFile(file: "cohort.csv"))
    }

    @Test func crlfBomAndQuotesThroughTheLoader() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("patient_id,site,week,pain_nrs\r\n\"P1\",\"site, a\",0,\"6.5\"\r\nP2,b,2,7".utf8)
        let frame = try CohortLoader().load(data: bytes, fileName: "c.csv")
        #expect(labels(frame, "site") == ["site, a", "b"])
        #expect(numbers(frame, "pain_nrs") == [6.5, 7])
    }

    @Test func semicolonDelimiter() throws {
        let frame = try CohortLoader(delimiter: ";").load(data: Array("patient_id;week;pain_nrs\nP1;0;6\n".utf8), fileName: "c.csv")
        #expect(numbers(frame, "pain_nrs") == [6])
    }

    @Test func headerOnlyFileGivesAnEmptyFrame() throws {
        let frame = try load(header + "\n")
        #expect(frame.rowCount == 0)
        #expect(frame.columnNames.count == 14)
    }

    @Test func categoricalLevelsAreSortedAndCodesConsistent() throws {
        let frame = try load("patient_id,week,technique\nP2,0,usual_care\nP1,0,combined\nP2,2,usual_care\nP3,0,NA\n")
        guard case .categorical(let technique)? = frame["technique"] else { Issue.record("technique"); return }
        #expect(technique.levels == ["combined", "usual_care"])
        #expect(technique.codes == [1, 0, 1, -1])
        #expect(labels(frame, "patient_id") == ["P2", "P1", "P2", "P3"])
    }

    @Test func loadsFromPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cohort-loader-\(getpid()).csv").path
        try Data("patient_id,week,pain_nrs\nP1,0,3\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(numbers(try CohortLoader().load(path: path), "pain_nrs") == [3])
    }

    @Test func unreadablePathIsAnError() {
        #expect { try CohortLoader().load(path: "/nonexistent/cohort.csv") } throws: { error in
            guard case CohortDataError.unreadableFile(path: "/nonexistent/cohort.csv", reason: _) = error else { return false }
            return true
        }
        do {
            _ = try CohortLoader().load(path: "/nonexistent/cohort.csv")
        } catch let error as CohortDataError {
            #expect(error.description.hasPrefix("/nonexistent/cohort.csv: cannot read the file ("))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// A missing token that reads as a number (`-99`) is missing, not a number out of range:
    /// tokens are compared before parsing whenever one of them is a number.
    @Test func numericMissingTokensStayMissing() throws {
        var schema = CohortSchema.default
        schema.missingTokens = ["-99", "NA", ""]
        let frame = try load("patient_id,week,pain_nrs\nP1,0,-99\nP1,2, -99 \nP1,4,NA\nP1,6,5\n", schema: schema)
        #expect(same(numbers(frame, "pain_nrs"), [.nan, .nan, .nan, 5]))
        #expect(loadError("patient_id,week,pain_nrs\nP1,0,.\n", schema: schema)?.description.contains("'.' is not a number") == true)
    }

    /// Rows far shorter than the capacity estimate (40 bytes a row) make the columns grow
    /// several times past the pages faulted in ahead of the writes; every value survives, in
    /// one pass and in two halves.
    @Test func columnsGrowPastTheEstimate() throws {
        let rows = 100_000
        var text = "patient_id,week,pain_nrs\n"
        for row in 0..<rows { text += "P\(row % 7),\(row % 13),\(row % 11 == 10 ? "NA" : String(row % 11))\n" }
        for parallel in [false, true] {
            var loader = CohortLoader()
            loader.parallelMinimumBytes = parallel ? 1 : .max
            let frame = try loader.load(data: Array(text.utf8), fileName: "short.csv")
            #expect(frame.rowCount == rows)
            #expect(same(numbers(frame, "week"), (0..<rows).map { Double($0 % 13) }))
            #expect(same(numbers(frame, "pain_nrs"), (0..<rows).map { $0 % 11 == 10 ? .nan : Double($0 % 11) }))
            #expect(labels(frame, "patient_id") == (0..<rows).map { "P\($0 % 7)" })
        }
    }
}
