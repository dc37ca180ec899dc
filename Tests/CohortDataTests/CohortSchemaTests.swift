import Testing
import CohortData

@Suite struct CohortSchemaTests {
    @Test(arguments: [
        ("pain_nrs", 0.0...10.0), ("sleep_psqi", 0.0...21.0), ("rom_flexion_deg", 0.0...120.0),
        ("mood_phq9", 0.0...27.0), ("rmdq", 0.0...24.0), ("odi", 0.0...100.0),
    ])
    func instrumentRanges(name: String, range: ClosedRange<Double>) {
        let column = CohortSchema.default.column(named: name)
        #expect(column?.kind == .numeric)
        #expect(column?.validRange == range)
    }

    @Test func defaultKinds() {
        let schema = CohortSchema.default
        for name in ["patient_id", "site", "cohort", "technique", "sex"] {
            #expect(schema.column(named: name)?.kind == .categorical, "\(name)")
        }
        for name in ["symptom_weeks", "age", "bmi", "sessions_per_week", "week"] {
            #expect(schema.column(named: name)?.kind == .numeric, "\(name)")
            #expect(schema.column(named: name)?.validRange == nil, "\(name)")
        }
        #expect(schema.columns.filter(\.isRequired).map(\.name) == ["patient_id", "week"])
        #expect(schema.missingTokens == ["", "NA", "."])
        #expect(schema.cohortCutPoints == .standard)
    }
}
