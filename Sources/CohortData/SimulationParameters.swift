/// Everything ``CohortSimulator`` draws from, with plausible defaults (``standard``).
///
/// Patient-level design (each patient independently):
///
/// | variable | default distribution |
/// |---|---|
/// | `site` | uniform over `site_a`, `site_b`, `site_c`, `site_d` |
/// | `cohort` | acute 0.45, subacute 0.10, chronic 0.45 |
/// | `symptom_weeks` | integer uniform: acute 1–5, subacute 6–12, chronic 13–104 (so the standard cut-points re-derive the cohort) |
/// | `age` | N(45, 12²) rounded to whole years, clamped to 18–85 |
/// | `sex` | `F` 0.55, `M` 0.45 |
/// | `bmi` | N(27, 4.5²) rounded to 1 decimal, clamped to 17–45 |
/// | `technique` | combined 0.20; stroking, compression, kneading, deep_tissue, friction 0.10 each; usual_care 0.30 (independent of cohort, so a few acute patients get deep tissue work — the case a report should flag) |
/// | `sessions_per_week` | massage: 1, 2, 3 with probabilities 0.4, 0.4, 0.2; usual care: 0 |
/// | `week` | visits at 0, 2, 4, 6, 8, 10 |
///
/// Outcomes (see ``SimulatedOutcome`` for the formula; per week slopes; usual care has no
/// technique effect):
///
/// | | pain_nrs | sleep_psqi | rom_flexion_deg | mood_phq9 |
/// |---|---|---|---|---|
/// | intercept (acute, week 0) | 5.5 | 8 | 62 | 6 |
/// | cohort intercept subacute / chronic | +0.5 / +1.0 | +1 / +2 | −3 / −6 | +1 / +3 |
/// | slope (acute usual care) | −0.20 | −0.10 | +1.2 | −0.08 |
/// | cohort slope subacute / chronic | +0.08 / +0.16 | +0.04 / +0.07 | −0.4 / −0.9 | +0.03 / +0.06 |
/// | technique slope combined | −0.12 | −0.08 | +0.5 | −0.06 |
/// | technique slope stroking | −0.08 | −0.07 | +0.2 | −0.06 |
/// | technique slope compression | −0.10 | −0.05 | +0.3 | −0.04 |
/// | technique slope kneading | −0.10 | −0.05 | +0.4 | −0.04 |
/// | technique slope deep_tissue | −0.11 | −0.04 | +0.6 | −0.03 |
/// | technique slope friction | −0.09 | −0.03 | +0.5 | −0.03 |
/// | dose slope (per weekly session) | −0.02 | −0.01 | +0.1 | −0.01 |
/// | patient intercept SD | 1.2 | 2.5 | 10 | 3 |
/// | patient slope SD | 0.05 | 0.04 | 0.3 | 0.05 |
/// | residual SD | 0.8 | 1.2 | 4 | 1.5 |
/// | decimals | 1 | 0 | 1 | 0 |
/// | clamped to | 0–10 | 0–21 | 0–120 | 0–27 |
///
/// So chronic patients start about a point worse on pain, acute pain recovers on its own
/// (2 points over 10 weeks in usual care), and massage adds 1.0–1.8 points of improvement
/// over 10 weeks relative to usual care — in line with Cherkin 2011 (1.4–1.7 points of
/// bothersomeness) and Furlan 2015. Each outcome cell is independently missing (empty) with
/// probability 0.02; patient-level columns are always complete.
public struct SimulationParameters: Sendable, Equatable {
    /// A label drawn with a relative weight.
    public struct WeightedLabel: Sendable, Equatable, Hashable {
        /// The label written to the file.
        public var label: String
        /// Its relative weight (weights need not sum to 1).
        public var weight: Double

        /// A label and its weight.
        public init(_ label: String, _ weight: Double) {
            self.label = label
            self.weight = weight
        }
    }

    /// Sites, drawn uniformly.
    public var sites: [String]
    /// Probability of each cohort.
    public var cohortProbabilities: CohortValues
    /// Symptom duration in whole weeks, drawn uniformly within each cohort's range.
    public var acuteSymptomWeeks: ClosedRange<Int>
    /// Symptom weeks of subacute patients.
    public var subacuteSymptomWeeks: ClosedRange<Int>
    /// Symptom weeks of chronic patients.
    public var chronicSymptomWeeks: ClosedRange<Int>
    /// Mean age in years.
    public var ageMean: Double
    /// Standard deviation of age.
    public var ageSD: Double
    /// Ages are clamped to this range after rounding.
    public var ageRange: ClosedRange<Double>
    /// Probability a patient is `F` (otherwise `M`).
    public var femaleProbability: Double
    /// Mean body-mass index.
    public var bmiMean: Double
    /// Standard deviation of body-mass index.
    public var bmiSD: Double
    /// Body-mass indices are clamped to this range after rounding.
    public var bmiRange: ClosedRange<Double>
    /// Techniques and their weights; ``usualCare`` gets 0 sessions a week.
    public var techniques: [WeightedLabel]
    /// The technique label meaning no massage.
    public var usualCare: String
    /// Weights of 1, 2, 3, … sessions a week for massage techniques.
    public var sessionWeights: [Double]
    /// Visit weeks, in order.
    public var weeks: [Int]
    /// Probability each outcome cell is missing.
    public var missingRate: Double
    /// Outcome models, in column order.
    public var outcomes: [SimulatedOutcome]

    /// Parameters; see the type's tables for the meaning of each and the ``standard`` values.
    public init(
        sites: [String], cohortProbabilities: CohortValues,
        acuteSymptomWeeks: ClosedRange<Int>, subacuteSymptomWeeks: ClosedRange<Int>,
        chronicSymptomWeeks: ClosedRange<Int>,
        ageMean: Double, ageSD: Double, ageRange: ClosedRange<Double>, femaleProbability: Double,
        bmiMean: Double, bmiSD: Double, bmiRange: ClosedRange<Double>,
        techniques: [WeightedLabel], usualCare: String, sessionWeights: [Double],
        weeks: [Int], missingRate: Double, outcomes: [SimulatedOutcome]
    ) {
        precondition(!sites.isEmpty && !techniques.isEmpty && !sessionWeights.isEmpty && !weeks.isEmpty,
                     "sites, techniques, session weights and weeks must be non-empty")
        precondition((0...1).contains(missingRate) && (0...1).contains(femaleProbability), "probabilities must lie in [0, 1]")
        self.sites = sites
        self.cohortProbabilities = cohortProbabilities
        self.acuteSymptomWeeks = acuteSymptomWeeks
        self.subacuteSymptomWeeks = subacuteSymptomWeeks
        self.chronicSymptomWeeks = chronicSymptomWeeks
        self.ageMean = ageMean
        self.ageSD = ageSD
        self.ageRange = ageRange
        self.femaleProbability = femaleProbability
        self.bmiMean = bmiMean
        self.bmiSD = bmiSD
        self.bmiRange = bmiRange
        self.techniques = techniques
        self.usualCare = usualCare
        self.sessionWeights = sessionWeights
        self.weeks = weeks
        self.missingRate = missingRate
        self.outcomes = outcomes
    }

    /// The defaults tabulated above.
    public static let standard = SimulationParameters(
        sites: ["site_a", "site_b", "site_c", "site_d"],
        cohortProbabilities: CohortValues(acute: 0.45, subacute: 0.10, chronic: 0.45),
        acuteSymptomWeeks: 1...5, subacuteSymptomWeeks: 6...12, chronicSymptomWeeks: 13...104,
        ageMean: 45, ageSD: 12, ageRange: 18...85, femaleProbability: 0.55,
        bmiMean: 27, bmiSD: 4.5, bmiRange: 17...45,
        techniques: [
            WeightedLabel("combined", 0.20), WeightedLabel("stroking", 0.10),
            WeightedLabel("compression", 0.10), WeightedLabel("kneading", 0.10),
            WeightedLabel("deep_tissue", 0.10), WeightedLabel("friction", 0.10),
            WeightedLabel("usual_care", 0.30),
        ],
        usualCare: "usual_care",
        sessionWeights: [0.4, 0.4, 0.2],
        weeks: [0, 2, 4, 6, 8, 10],
        missingRate: 0.02,
        outcomes: [
            SimulatedOutcome(
                name: "pain_nrs", intercept: 5.5, cohortIntercept: CohortValues(acute: 0, subacute: 0.5, chronic: 1.0),
                slope: -0.20, cohortSlope: CohortValues(acute: 0, subacute: 0.08, chronic: 0.16),
                techniqueSlope: ["combined": -0.12, "stroking": -0.08, "compression": -0.10, "kneading": -0.10,
                                 "deep_tissue": -0.11, "friction": -0.09],
                doseSlope: -0.02, patientInterceptSD: 1.2, patientSlopeSD: 0.05, residualSD: 0.8,
                decimals: 1, validRange: 0...10),
            SimulatedOutcome(
                name: "sleep_psqi", intercept: 8, cohortIntercept: CohortValues(acute: 0, subacute: 1, chronic: 2),
                slope: -0.10, cohortSlope: CohortValues(acute: 0, subacute: 0.04, chronic: 0.07),
                techniqueSlope: ["combined": -0.08, "stroking": -0.07, "compression": -0.05, "kneading": -0.05,
                                 "deep_tissue": -0.04, "friction": -0.03],
                doseSlope: -0.01, patientInterceptSD: 2.5, patientSlopeSD: 0.04, residualSD: 1.2,
                decimals: 0, validRange: 0...21),
            SimulatedOutcome(
                name: "rom_flexion_deg", intercept: 62, cohortIntercept: CohortValues(acute: 0, subacute: -3, chronic: -6),
                slope: 1.2, cohortSlope: CohortValues(acute: 0, subacute: -0.4, chronic: -0.9),
                techniqueSlope: ["combined": 0.5, "stroking": 0.2, "compression": 0.3, "kneading": 0.4,
                                 "deep_tissue": 0.6, "friction": 0.5],
                doseSlope: 0.1, patientInterceptSD: 10, patientSlopeSD: 0.3, residualSD: 4,
                decimals: 1, validRange: 0...120),
            SimulatedOutcome(
                name: "mood_phq9", intercept: 6, cohortIntercept: CohortValues(acute: 0, subacute: 1, chronic: 3),
                slope: -0.08, cohortSlope: CohortValues(acute: 0, subacute: 0.03, chronic: 0.06),
                techniqueSlope: ["combined": -0.06, "stroking": -0.06, "compression": -0.04, "kneading": -0.04,
                                 "deep_tissue": -0.03, "friction": -0.03],
                doseSlope: -0.01, patientInterceptSD: 3, patientSlopeSD: 0.05, residualSD: 1.5,
                decimals: 0, validRange: 0...27),
        ])
}
