import Foundation
import OutcomeStats
import Testing
@testable import CohortData

private func numbers(_ frame: Frame, _ name: String) -> [Double] {
    guard case .numeric(let values)? = frame[name] else { Issue.record("\(name) is not numeric"); return [] }
    return values
}

private func labels(_ frame: Frame, _ name: String) -> [String] {
    guard case .categorical(let column)? = frame[name] else { Issue.record("\(name) is not categorical"); return [] }
    return column.codes.indices.map { column.label(at: $0) ?? "<missing>" }
}

@Suite struct CohortSimulatorTests {
    @Test func sameSeedGivesIdenticalBytes() {
        let first = CohortSimulator(patients: 200, seed: 42)
        let second = CohortSimulator(patients: 200, seed: 42)
        #expect(first.csv() == second.csv())
        #expect(first.truthJSON() == second.truthJSON())
    }

    @Test func differentSeedsDiffer() {
        #expect(CohortSimulator(patients: 50, seed: 1).csv() != CohortSimulator(patients: 50, seed: 2).csv())
        #expect(CohortSimulator(patients: 50, seed: 1).truthJSON() != CohortSimulator(patients: 50, seed: 2).truthJSON())
    }

    /// Pins the first rows for one seed: a change here means every committed example dataset
    /// changes too, which must be deliberate.
    @Test func headerAndFormat() {
        let csv = CohortSimulator(patients: 3, seed: 9).csv()
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "patient_id,site,cohort,symptom_weeks,age,sex,bmi,technique,sessions_per_week,week,pain_nrs,sleep_psqi,rom_flexion_deg,mood_phq9")
        #expect(lines.count == 1 + 3 * 6 + 1)
        #expect(lines.last == "")
        #expect(!csv.contains("\r"))
        for line in lines.dropFirst().dropLast() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count == 14)
            #expect(fields[0].hasPrefix("P0000"))
            #expect(!fields[10...].contains { $0.contains("e") || $0.hasPrefix("-") })
            if !fields[10].isEmpty { #expect(fields[10].split(separator: ".").last?.count == 1) }  // pain: 1 decimal
            #expect(!fields[11].contains("."))  // psqi integer
            #expect(!fields[13].contains("."))  // phq9 integer
        }
    }

    @Test func zeroPatientsGivesAHeaderOnlyFile() throws {
        let frame = try CohortLoader().load(data: CohortSimulator(patients: 0, seed: 1).csvBytes(), fileName: "sim.csv")
        #expect(frame.rowCount == 0)
    }

    @Test func truthJSONIsValidAndOrdered() throws {
        let json = CohortSimulator(patients: 10, seed: 18_446_744_073_709_551_615).truthJSON()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["patients"] as? Int == 10)
        #expect(json.contains("\"seed\": 18446744073709551615,"))
        let keys = ["\"seed\"", "\"patients\"", "\"model\"", "\"missing_rate\"", "\"weeks\"", "\"sites\"", "\"outcomes\""]
        let positions = keys.map { json.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(json.contains("\"missing_rate\": 0.02,"))
        #expect(json.contains("\"weeks\": [0, 2, 4, 6, 8, 10],"))
        #expect(json.hasSuffix("}\n"))
        #expect(!json.contains("e-"))
    }

    @Test func outputLoadsWithTheRightShapeAndAboutTwoPercentMissing() throws {
        let patients = 1_000
        let simulator = CohortSimulator(patients: patients, seed: 2011)
        let frame = try CohortLoader().load(data: simulator.csvBytes(), fileName: "sim.csv")
        #expect(frame.rowCount == patients * 6)
        #expect(frame.columnNames == simulator.columnNames)

        let outcomes = ["pain_nrs", "sleep_psqi", "rom_flexion_deg", "mood_phq9"]
        let cells = Double(frame.rowCount * outcomes.count)
        let missing = Double(outcomes.map { frame[$0]!.missingCount }.reduce(0, +))
        // Binomial(24 000, 0.02): standard deviation √(n p (1 − p)) ≈ 21.7 cells; allow 4 SD.
        let tolerance = 4 * (cells * 0.02 * 0.98).squareRoot()
        #expect(abs(missing - cells * 0.02) < tolerance)
        for column in simulator.columnNames where !outcomes.contains(column) {
            #expect(frame[column]!.missingCount == 0, "\(column) should be complete")
        }
        guard case .categorical(let ids)? = frame["patient_id"] else { Issue.record("patient_id"); return }
        #expect(ids.levels.count == patients)
    }

    @Test func designIsConsistent() throws {
        let frame = try CohortLoader().load(data: CohortSimulator(patients: 500, seed: 5).csvBytes(), fileName: "sim.csv")
        let cohorts = labels(frame, "cohort")
        let weeks = numbers(frame, "symptom_weeks")
        let techniques = labels(frame, "technique")
        let sessions = numbers(frame, "sessions_per_week")
        for row in 0..<frame.rowCount {
            #expect(CohortCutPoints.standard.cohort(forSymptomWeeks: weeks[row]) == cohorts[row])
            if techniques[row] == "usual_care" {
                #expect(sessions[row] == 0)
            } else {
                #expect((1...3).contains(sessions[row]))
            }
        }
        #expect(Set(labels(frame, "site")) == ["site_a", "site_b", "site_c", "site_d"])
        #expect(Set(techniques) == ["combined", "stroking", "compression", "kneading", "deep_tissue", "friction", "usual_care"])
        #expect(Set(numbers(frame, "week")) == [0, 2, 4, 6, 8, 10])
    }

    /// Baseline pain by cohort recovers the truth: each patient's week-0 pain is
    /// intercept + cohort shift + a_i + ε, so the cohort mean has standard error
    /// √((σ_a² + σ_ε² + 0.1²/12) / n) (the last term is rounding to 0.1). Allow 4 standard errors
    /// plus 0.01 for clamping at 0 and 10 (under 0.004 here).
    @Test func baselinePainByCohortMatchesTruth() throws {
        let parameters = SimulationParameters.standard
        let pain = parameters.outcomes.first { $0.name == "pain_nrs" }!
        let frame = try CohortLoader().load(data: CohortSimulator(patients: 3_000, seed: 77).csvBytes(), fileName: "sim.csv")
        let cohorts = labels(frame, "cohort")
        let week = numbers(frame, "week")
        let values = numbers(frame, "pain_nrs")
        for cohort in CohortValues.labels {
            let baseline = (0..<frame.rowCount).filter { cohorts[$0] == cohort && week[$0] == 0 && !values[$0].isNaN }.map { values[$0] }
            #expect(baseline.count > 100)
            let mean = baseline.reduce(0, +) / Double(baseline.count)
            let expected = pain.intercept + pain.cohortIntercept[cohort]
            let variance = pain.patientInterceptSD * pain.patientInterceptSD + pain.residualSD * pain.residualSD + 0.01 / 12
            let tolerance = 4 * (variance / Double(baseline.count)).squareRoot() + 0.01
            #expect(abs(mean - expected) < tolerance, "\(cohort): mean \(mean), truth \(expected), tolerance \(tolerance)")
        }
    }

    /// Ten-week pain change in chronic patients recovers the slope model: a patient's change is
    /// 10·(slope + technique + dose·sessions + cohort slope) + 10·b_i + ε₁₀ − ε₀, variance
    /// 100σ_b² + 2σ_ε². Averaged over patients, observed minus expected change is 0 within 4
    /// standard errors (chronic patients stay far from the clamp at 0).
    @Test func tenWeekPainChangeMatchesTruth() throws {
        let parameters = SimulationParameters.standard
        let pain = parameters.outcomes.first { $0.name == "pain_nrs" }!
        let frame = try CohortLoader().load(data: CohortSimulator(patients: 3_000, seed: 78).csvBytes(), fileName: "sim.csv")
        let ids = labels(frame, "patient_id"), cohorts = labels(frame, "cohort"), techniques = labels(frame, "technique")
        let week = numbers(frame, "week"), sessions = numbers(frame, "sessions_per_week"), values = numbers(frame, "pain_nrs")
        var baseline: [String: Double] = [:]
        var residuals: [Bool: [Double]] = [true: [], false: []]  // keyed by "is massage"
        for row in 0..<frame.rowCount where cohorts[row] == "chronic" && !values[row].isNaN {
            if week[row] == 0 { baseline[ids[row]] = values[row] }
            if week[row] == 10, let start = baseline[ids[row]] {
                let expected = pain.mean(cohort: "chronic", technique: techniques[row], sessionsPerWeek: sessions[row], week: 10)
                    - pain.mean(cohort: "chronic", technique: techniques[row], sessionsPerWeek: sessions[row], week: 0)
                residuals[techniques[row] != "usual_care", default: []].append(values[row] - start - expected)
            }
        }
        let variance = 100 * pain.patientSlopeSD * pain.patientSlopeSD + 2 * pain.residualSD * pain.residualSD + 2 * 0.01 / 12
        for (isMassage, group) in residuals {
            #expect(group.count > 100)
            let mean = group.reduce(0, +) / Double(group.count)
            let tolerance = 4 * (variance / Double(group.count)).squareRoot() + 0.01
            #expect(abs(mean) < tolerance, "massage \(isMassage): mean residual \(mean), tolerance \(tolerance)")
        }
    }

    @Test func massageImprovesPainMoreThanUsualCareByOneToTwoPoints() {
        let pain = SimulationParameters.standard.outcomes.first { $0.name == "pain_nrs" }!
        let usualCare = pain.mean(cohort: "chronic", technique: "usual_care", sessionsPerWeek: 0, week: 10)
        for technique in ["combined", "stroking", "compression", "kneading", "deep_tissue", "friction"] {
            for sessions in [1.0, 2.0] {
                let benefit = usualCare - pain.mean(cohort: "chronic", technique: technique, sessionsPerWeek: sessions, week: 10)
                #expect((0.8...2.0).contains(benefit), "\(technique) × \(sessions)")
            }
        }
    }
}
