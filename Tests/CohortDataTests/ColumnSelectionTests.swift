import Foundation
import OutcomeStats
import Testing
@testable import CohortData

private let examplePath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Datasets/example_cohort.csv").path

/// The frame as text (names, values, levels, codes), or the error's description.
private func describe(_ load: () throws -> Frame) -> String {
    do {
        let frame = try load()
        return "\(frame.rowCount) rows; " + frame.columnNames.map { "\($0): \(frame[$0]!)" }.joined(separator: "; ")
    } catch {
        return "error: \(error)"
    }
}

/// `frame` restricted to the columns `selection` keeps, in its order.
private func restricted(_ frame: Frame, to selection: ColumnSelection) throws -> Frame {
    try Frame(columns: frame.columnNames.filter { selection.contains($0) }.map { ($0, frame[$0]!) })
}

/// Loaders that must all agree: one pass, two threads, tiny chunks.
private func loaders(schema: CohortSchema = .default, chunkSize: Int = CSVReader.defaultChunkSize) -> [CohortLoader] {
    var parallel = CohortLoader(schema: schema, reader: CSVReader(chunkSize: chunkSize))
    parallel.parallelMinimumBytes = 1
    var single = CohortLoader(schema: schema, reader: CSVReader(chunkSize: chunkSize))
    single.parallelMinimumBytes = .max
    return [single, parallel]
}

/// Every subset of `names` (for short headers).
private func subsets(_ names: [String]) -> [Set<String>] {
    (0..<(1 << names.count)).map { mask in Set(names.indices.filter { mask & (1 << $0) != 0 }.map { names[$0] }) }
}

@Suite struct ColumnSelectionTests {
    @Test func containsFollowsTheCase() {
        #expect(ColumnSelection.all.contains("anything"))
        #expect(ColumnSelection.only(["week"]).contains("week"))
        #expect(!ColumnSelection.only(["week"]).contains("pain_nrs"))
    }

    /// On the example cohort, every projection equals the full frame restricted to it:
    /// every single column, the columns of typical models, none, and names the file lacks.
    @Test func projectionEqualsTheRestrictedFullLoad() throws {
        let full = try CohortLoader().load(path: examplePath)
        var selections: [Set<String>] = full.columnNames.map { [$0] }
        selections += [
            [], ["no_such_column"], Set(full.columnNames),
            ["pain_nrs", "week", "cohort"], ["pain_nrs", "sessions_per_week", "technique", "cohort", "week", "age", "sex", "bmi"],
            ["patient_id", "week", "pain_nrs", "site"], ["mood_phq9", "rom_flexion_deg", "sleep_psqi", "cohort_x"],
        ]
        for names in selections {
            let expected = describe { try restricted(full, to: .only(names)) }
            for loader in loaders() {
                #expect(describe { try loader.load(path: examplePath, columns: .only(names)) } == expected, "\(names.sorted())")
            }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: examplePath)))
            for loader in loaders(chunkSize: 977) {
                #expect(describe { try loader.load(data: bytes, fileName: examplePath, columns: .only(names)) } == expected,
                        "\(names.sorted()), chunked")
            }
        }
        #expect(describe { try CohortLoader().load(path: examplePath, columns: .all) } == describe { full })
    }

    /// `cohort` derived from `symptom_weeks`: selecting `cohort` reads `symptom_weeks` for it,
    /// which stays out of the frame unless selected too.
    @Test(arguments: [Set(["cohort"]), ["cohort", "symptom_weeks"], ["symptom_weeks"], ["week", "cohort"], ["week"]])
    func derivedCohort(names: Set<String>) throws {
        let text = "patient_id,symptom_weeks,week,pain_nrs\nP1,2,0,5\nP1,2,2,4\nP2,8,0,6\nP3,20,0,7\nP3,20,2,NA\n"
        let full = try CohortLoader().load(data: Array(text.utf8), fileName: "c.csv")
        #expect(full.columnNames == ["patient_id", "cohort", "symptom_weeks", "week", "pain_nrs"])
        let expected = describe { try restricted(full, to: .only(names)) }
        for loader in loaders(chunkSize: 7) {
            #expect(describe { try loader.load(data: Array(text.utf8), fileName: "c.csv", columns: .only(names)) } == expected)
        }
        if names.contains("cohort") {
            let projected = try CohortLoader().load(data: Array(text.utf8), fileName: "c.csv", columns: .only(names))
            #expect(projected.contains("cohort"))
            #expect(projected.contains("symptom_weeks") == names.contains("symptom_weeks"))
        }
    }

    /// Selection is by the names after aliases; the header checks see every column.
    @Test func aliasesAndRequiredColumns() throws {
        var schema = CohortSchema.default
        schema.aliases["id"] = "patient_id"
        schema.aliases["wk"] = "week"
        let text = "id,wk,pain,pain_nrs\nP1,0,x,5\nP1,2,y,4\n"
        let full = try CohortLoader(schema: schema).load(data: Array(text.utf8), fileName: "a.csv")
        for names in subsets(["patient_id", "week", "pain", "pain_nrs", "id"]) {
            let expected = describe { try restricted(full, to: .only(names)) }
            for loader in loaders(schema: schema) {
                #expect(describe { try loader.load(data: Array(text.utf8), fileName: "a.csv", columns: .only(names)) } == expected)
            }
        }
        // A file missing a required column fails the same way whatever is selected.
        let missing = Array("patient,week,pain_nrs\nP1,0,5\n".utf8)
        let message = describe { try CohortLoader().load(data: missing, fileName: "m.csv") }
        #expect(message.hasPrefix("error: m.csv:1: the required column 'patient_id'"))
        for names in subsets(["patient", "week", "pain_nrs"]) {
            #expect(describe { try CohortLoader().load(data: missing, fileName: "m.csv", columns: .only(names)) } == message)
        }
    }

    /// Undeclared columns are still typed by content (a selected one that holds text is
    /// categorical), and an unselected one's text is never read.
    @Test func undeclaredColumnsAreTypedWhenSelected() throws {
        let text = "patient_id,week,note,score\nP1,0,1,2\nP1,2,abc,3\n"
        let full = try CohortLoader().load(data: Array(text.utf8), fileName: "u.csv")
        for names in subsets(["note", "score", "week"]) {
            #expect(describe { try CohortLoader().load(data: Array(text.utf8), fileName: "u.csv", columns: .only(names)) }
                    == describe { try restricted(full, to: .only(names)) })
        }
    }

    /// Cells of unselected columns are not parsed: text or an out-of-range value there is
    /// not an error, while the same cell in a selected column is, with the full load's message.
    @Test func unselectedCellsAreNotParsed() throws {
        let text = Array("patient_id,week,pain_nrs,bmi\nP1,0,5,heavy\nP1,2,11,20\n".utf8)
        let frame = try CohortLoader().load(data: text, fileName: "p.csv", columns: .only(["patient_id", "week"]))
        #expect(frame.columnNames == ["patient_id", "week"])
        #expect(describe { try CohortLoader().load(data: text, fileName: "p.csv", columns: .only(["bmi"])) }
                == describe { try CohortLoader().load(data: text, fileName: "p.csv") })
        #expect(describe { try CohortLoader().load(data: text, fileName: "p.csv", columns: .only(["pain_nrs"])) }
                == "error: p.csv:3:3 (pain_nrs): 11 is outside the valid range 0–10; correct the value, or leave the cell empty, NA or . when missing")
    }

    /// NUL bytes in unselected columns are errors with the message a full load gives, for
    /// labels (quoted or not) and numbers.
    @Test(arguments: [
        Array("patient_id,week,site\nP1,0,a".utf8) + [0] + Array("b\n".utf8),
        Array("patient_id,week,site\nP1,0,\" a".utf8) + [0] + Array(" \"\n".utf8),
        Array("patient_id,week,site\nP1,0, a".utf8) + [0] + Array(" \n".utf8),
        Array("patient_id,week,note\nP1,0, x".utf8) + [0] + Array(" \n".utf8),
        Array("patient_id,week,note\nP1,0,\" x".utf8) + [0] + Array(" \"\n".utf8),
        Array("patient_id,week,pain_nrs\nP1,0,\" 5".utf8) + [0] + Array(" \"\n".utf8),
    ])
    func nulBytesInUnselectedColumns(bytes: [UInt8]) {
        let expected = describe { try CohortLoader().load(data: bytes, fileName: "n.csv") }
        #expect(expected.contains("holds a NUL byte"))
        for names in subsets(["patient_id", "week"]) {
            for loader in loaders(chunkSize: 4) {
                #expect(describe { try loader.load(data: bytes, fileName: "n.csv", columns: .only(names)) } == expected)
            }
        }
    }

    /// Every file of the malformed corpus gives the full load's message under every selection
    /// of its header's columns — except a cell that is not a number or out of range, which is
    /// an error only when its column is selected.
    @Test(arguments: malformedFiles)
    func malformedCorpusUnderEverySelection(_ file: MalformedFile) {
        let message = describe { try CohortLoader().load(data: file.bytes, fileName: "bad.csv") }
        let header = (try? CSVReader().read(Array(file.bytes.prefix { $0 != 0x0A }), fileName: "h.csv").header) ?? []
        let cellColumn: String? = {
            do {
                _ = try CohortLoader().load(data: file.bytes, fileName: "bad.csv")
            } catch let error as CohortDataError {
                switch error {
                case .notANumber(let location, _), .notFinite(let location, _), .outOfRange(let location, _, _):
                    return location.columnName
                default: return nil
                }
            } catch {}
            return nil
        }()
        for names in subsets(Array(header.prefix(4))) + [["no_such_column"]] {
            for loader in loaders(chunkSize: 5) {
                let projected = describe { try loader.load(data: file.bytes, fileName: "bad.csv", columns: .only(names)) }
                if let cellColumn, !names.contains(cellColumn) {
                    #expect(!projected.hasPrefix("error"), "\(file.name) \(names.sorted()): \(projected)")
                } else {
                    #expect(projected == message, "\(file.name) \(names.sorted())")
                }
            }
        }
    }
}
