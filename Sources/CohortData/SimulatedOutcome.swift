/// The generative model of one outcome in ``CohortSimulator``.
///
/// For patient *i* in cohort *c* with technique *t* and *d* sessions a week, at week *w*:
///
/// ```text
/// y = intercept + cohortIntercept[c] + a_i
///     + (slope + techniqueSlope[t] + doseSlope·d + cohortSlope[c] + b_i)·w + ε
/// a_i ~ N(0, patientInterceptSD²),  b_i ~ N(0, patientSlopeSD²),  ε ~ N(0, residualSD²)
/// ```
///
/// with `a_i`, `b_i` and ε independent. The value is then clamped to ``validRange`` and rounded
/// to ``decimals`` decimals (half away from zero). The reference cell is an acute patient in
/// usual care (`techniqueSlope` has no entry, or 0, for usual care).
public struct SimulatedOutcome: Sendable, Equatable {
    /// Column name in the file.
    public var name: String
    /// Mean at week 0 for the acute cohort.
    public var intercept: Double
    /// Shift of the week-0 mean by cohort (acute is the reference, normally 0).
    public var cohortIntercept: CohortValues
    /// Change per week in acute usual care.
    public var slope: Double
    /// Shift of the weekly change by cohort.
    public var cohortSlope: CohortValues
    /// Shift of the weekly change by technique; techniques without an entry add 0.
    public var techniqueSlope: [String: Double]
    /// Shift of the weekly change per weekly session.
    public var doseSlope: Double
    /// Standard deviation of the patient random intercept.
    public var patientInterceptSD: Double
    /// Standard deviation of the patient random slope (per week).
    public var patientSlopeSD: Double
    /// Standard deviation of the visit-level residual.
    public var residualSD: Double
    /// Decimals the value is rounded to.
    public var decimals: Int
    /// The instrument's range the value is clamped to.
    public var validRange: ClosedRange<Double>

    /// An outcome model; see the type's formula for the meaning of each parameter.
    public init(
        name: String, intercept: Double, cohortIntercept: CohortValues, slope: Double,
        cohortSlope: CohortValues, techniqueSlope: [String: Double], doseSlope: Double,
        patientInterceptSD: Double, patientSlopeSD: Double, residualSD: Double,
        decimals: Int, validRange: ClosedRange<Double>
    ) {
        precondition(patientInterceptSD >= 0 && patientSlopeSD >= 0 && residualSD >= 0, "standard deviations must be non-negative")
        precondition((0...6).contains(decimals), "decimals must be in 0...6")
        self.name = name
        self.intercept = intercept
        self.cohortIntercept = cohortIntercept
        self.slope = slope
        self.cohortSlope = cohortSlope
        self.techniqueSlope = techniqueSlope
        self.doseSlope = doseSlope
        self.patientInterceptSD = patientInterceptSD
        self.patientSlopeSD = patientSlopeSD
        self.residualSD = residualSD
        self.decimals = decimals
        self.validRange = validRange
    }

    /// The expected value before noise, clamping and rounding.
    ///
    /// - Parameters:
    ///   - cohort: `"acute"`, `"subacute"` or `"chronic"`.
    ///   - technique: A technique label.
    ///   - sessionsPerWeek: Sessions a week.
    ///   - week: Weeks since baseline.
    public func mean(cohort: String, technique: String, sessionsPerWeek: Double, week: Double) -> Double {
        intercept + cohortIntercept[cohort]
            + (slope + (techniqueSlope[technique] ?? 0) + doseSlope * sessionsPerWeek + cohortSlope[cohort]) * week
    }
}
