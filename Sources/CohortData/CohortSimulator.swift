import PlainText
/// Simulates a long-format cohort file, and the truth it was drawn from, deterministically.
///
/// ```swift
/// let simulator = CohortSimulator(patients: 400, seed: 2011)
/// let csv = simulator.csv()            // same seed → byte-identical text on every machine
/// let truth = simulator.truthJSON()    // the parameters, for checking what a model recovers
/// ```
///
/// The generative model and every default value are tabulated in ``SimulationParameters``;
/// each outcome follows ``SimulatedOutcome``'s formula: a cohort-dependent intercept, a
/// patient random intercept, and a weekly slope that depends on cohort, technique, dose
/// (sessions per week) and a patient random slope, plus visit noise; then clamped to the
/// instrument's range and rounded.
///
/// Output: the default column order of the design (`patient_id, site, cohort, symptom_weeks,
/// age, sex, bmi, technique, sessions_per_week, week`, then the outcomes), one row per patient
/// per visit, LF line endings, a final newline, no quoting (no value needs it), numbers with a
/// fixed number of decimals and no exponent. Patient ids are `P` and a zero-padded number
/// (`P00001`), so their byte order is their numeric order. A missing cell is empty.
///
/// All randomness comes from one ``SeededGenerator``, drawn in a fixed order: per patient site,
/// cohort, symptom weeks, age, sex, bmi, technique, sessions (massage only), then per outcome
/// the random intercept and slope, then per visit and outcome the noise and the missingness
/// draw (both drawn even when the cell ends up missing).
public struct CohortSimulator: Sendable {
    /// Number of patients; the file has `patients × weeks.count` rows.
    public let patients: Int
    /// The seed of the generator.
    public let seed: UInt64
    /// The design and outcome models.
    public let parameters: SimulationParameters

    /// A simulator.
    ///
    /// - Parameters:
    ///   - patients: Number of patients (zero gives a header-only file).
    ///   - seed: Seed of the ``SeededGenerator``.
    ///   - parameters: The generative model; ``SimulationParameters/standard`` by default.
    /// - Precondition: `patients >= 0`.
    public init(patients: Int, seed: UInt64, parameters: SimulationParameters = .standard) {
        precondition(patients >= 0, "the number of patients cannot be negative")
        self.patients = patients
        self.seed = seed
        self.parameters = parameters
    }

    /// The header names, in file order.
    public var columnNames: [String] {
        ["patient_id", "site", "cohort", "symptom_weeks", "age", "sex", "bmi", "technique",
         "sessions_per_week", "week"] + parameters.outcomes.map(\.name)
    }

    /// The simulated file as text.
    ///
    /// - Complexity: O(`patients × weeks × outcomes`).
    public func csv() -> String {
        String(decoding: csvBytes(), as: UTF8.self)
    }

    /// The simulated file as UTF-8 bytes (what ``csv()`` returns, without building a `String`).
    public func csvBytes() -> [UInt8] {
        let p = parameters
        var generator = SeededGenerator(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(patients * p.weeks.count * 64 + 256)
        func write(_ text: String) { out.append(contentsOf: text.utf8) }

        write(columnNames.joined(separator: ","))
        write("\n")
        let idWidth = max(5, String(patients).count)
        let cohortWeights = [p.cohortProbabilities.acute, p.cohortProbabilities.subacute, p.cohortProbabilities.chronic]
        let techniqueWeights = p.techniques.map(\.weight)

        for number in stride(from: 1, through: patients, by: 1) {
            let digits = String(number)
            let id = "P" + String(repeating: "0", count: max(0, idWidth - digits.count)) + digits
            let site = p.sites[generator.nextInt(below: p.sites.count)]
            let cohortIndex = generator.nextIndex(weights: cohortWeights)
            let cohort = CohortValues.labels[cohortIndex]
            let weeksRange = [p.acuteSymptomWeeks, p.subacuteSymptomWeeks, p.chronicSymptomWeeks][cohortIndex]
            let symptomWeeks = weeksRange.lowerBound + generator.nextInt(below: weeksRange.count)
            let age = clamp(generator.nextNormal(mean: p.ageMean, standardDeviation: p.ageSD).rounded(.toNearestOrAwayFromZero),
                            p.ageRange)
            let sex = generator.nextUniform() < p.femaleProbability ? "F" : "M"
            let bmi = clamp(generator.nextNormal(mean: p.bmiMean, standardDeviation: p.bmiSD), p.bmiRange)
            let technique = p.techniques[generator.nextIndex(weights: techniqueWeights)].label
            let sessions = technique == p.usualCare ? 0 : generator.nextIndex(weights: p.sessionWeights) + 1
            let randomEffects = p.outcomes.map { outcome in
                (generator.nextNormal() * outcome.patientInterceptSD, generator.nextNormal() * outcome.patientSlopeSD)
            }

            let prefix = [id, site, cohort, String(symptomWeeks), FixedNumberFormat.string(age, decimals: 0), sex,
                          FixedNumberFormat.string(bmi, decimals: 1), technique, String(sessions)]
                .joined(separator: ",") + ","
            for week in p.weeks {
                write(prefix)
                write(String(week))
                for (outcome, effects) in zip(p.outcomes, randomEffects) {
                    let noise = generator.nextNormal() * outcome.residualSD
                    let isMissing = generator.nextUniform() < p.missingRate
                    out.append(UInt8(ascii: ","))
                    if isMissing { continue }
                    let w = Double(week)
                    let value = outcome.mean(cohort: cohort, technique: technique,
                                             sessionsPerWeek: Double(sessions), week: w)
                        + effects.0 + effects.1 * w + noise
                    write(FixedNumberFormat.string(clamp(value, outcome.validRange), decimals: outcome.decimals))
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    /// The parameters the file was drawn from, as pretty JSON with keys in a fixed order.
    ///
    /// Top-level keys: `seed`, `patients`, `model`, `missing_rate`, `weeks`, `sites`,
    /// `cohort_probabilities`, `symptom_weeks`, `age`, `bmi`, `female_probability`,
    /// `technique_weights`, `usual_care`, `session_weights`, `outcomes`; each outcome
    /// has `name`, `intercept`, `cohort_intercept`, `slope`, `cohort_slope`, `technique_slope`
    /// (every technique, in design order, 0 for usual care), `dose_slope`,
    /// `patient_intercept_sd`, `patient_slope_sd`, `residual_sd`, `decimals`, `valid_range`.
    public func truthJSON() -> String {
        let p = parameters
        // Numbers as their shortest exact text: whole values without a decimal point.
        func number(_ value: Double) -> JSONValue {
            value == value.rounded() && value.magnitude < 1e15 ? .integer(Int(value)) : .number(value)
        }
        func cohortObject(_ values: CohortValues) -> JSONValue {
            .object([("acute", number(values.acute)), ("subacute", number(values.subacute)),
                     ("chronic", number(values.chronic))])
        }
        let outcomes: [JSONValue] = p.outcomes.map { outcome in
            .object([
                ("name", .string(outcome.name)),
                ("intercept", number(outcome.intercept)),
                ("cohort_intercept", cohortObject(outcome.cohortIntercept)),
                ("slope", number(outcome.slope)),
                ("cohort_slope", cohortObject(outcome.cohortSlope)),
                ("technique_slope", .object(p.techniques.map { ($0.label, number(outcome.techniqueSlope[$0.label] ?? 0)) })),
                ("dose_slope", number(outcome.doseSlope)),
                ("patient_intercept_sd", number(outcome.patientInterceptSD)),
                ("patient_slope_sd", number(outcome.patientSlopeSD)),
                ("residual_sd", number(outcome.residualSD)),
                ("decimals", number(Double(outcome.decimals))),
                ("valid_range", .array([number(outcome.validRange.lowerBound), number(outcome.validRange.upperBound)])),
            ])
        }
        let document = JSONValue.object([
            ("seed", .unsignedInteger(seed)),
            ("patients", .integer(patients)),
            ("model", .string("y = intercept + cohort_intercept[cohort] + a_i + (slope + technique_slope[technique] + dose_slope * sessions_per_week + cohort_slope[cohort] + b_i) * week + e; a_i ~ N(0, patient_intercept_sd^2), b_i ~ N(0, patient_slope_sd^2), e ~ N(0, residual_sd^2), independent; then clamped to valid_range and rounded to decimals")),
            ("missing_rate", number(p.missingRate)),
            ("weeks", .array(p.weeks.map { number(Double($0)) })),
            ("sites", .array(p.sites.map { .string($0) })),
            ("cohort_probabilities", cohortObject(p.cohortProbabilities)),
            ("symptom_weeks", .object([
                ("acute", .array([number(Double(p.acuteSymptomWeeks.lowerBound)), number(Double(p.acuteSymptomWeeks.upperBound))])),
                ("subacute", .array([number(Double(p.subacuteSymptomWeeks.lowerBound)), number(Double(p.subacuteSymptomWeeks.upperBound))])),
                ("chronic", .array([number(Double(p.chronicSymptomWeeks.lowerBound)), number(Double(p.chronicSymptomWeeks.upperBound))])),
            ])),
            ("age", .object([("mean", number(p.ageMean)), ("sd", number(p.ageSD)),
                             ("range", .array([number(p.ageRange.lowerBound), number(p.ageRange.upperBound)]))])),
            ("bmi", .object([("mean", number(p.bmiMean)), ("sd", number(p.bmiSD)),
                             ("range", .array([number(p.bmiRange.lowerBound), number(p.bmiRange.upperBound)]))])),
            ("female_probability", number(p.femaleProbability)),
            ("technique_weights", .object(p.techniques.map { ($0.label, number($0.weight)) })),
            ("usual_care", .string(p.usualCare)),
            ("session_weights", .array(p.sessionWeights.map { number($0) })),
            ("outcomes", .array(outcomes)),
        ])
        return document.rendered(pretty: true, scalarArraysOnOneLine: true)
    }
}

private func clamp(_ value: Double, _ range: ClosedRange<Double>) -> Double {
    min(max(value, range.lowerBound), range.upperBound)
}
