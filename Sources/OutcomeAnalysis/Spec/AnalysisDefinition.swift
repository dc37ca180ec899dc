import CohortData
import OutcomeStats

/// One analysis of a spec: a model of one outcome on one data file, and how to report it.
public struct AnalysisDefinition: Sendable, Equatable {
    /// Folder name of the analysis' report; letters, digits, `-` and `_` only.
    public let name: String
    /// Human title of the report.
    public let title: String
    /// Path of the data file, resolved against the spec's folder.
    public let dataPath: String
    /// The data file as written in the spec (what reports show; never an absolute machine path).
    public let dataLabel: String
    /// The model formula, parsed.
    public let formula: Formula
    /// Reference level per categorical variable (treatment contrasts).
    public let referenceLevels: [String: String]
    /// Contract column name → the data file's header name, for files whose names differ
    /// (`columns: { pain_nrs: "Pain score (0-10)" }`).
    public var columnMapping: [String: String] = [:]
    /// The model: `gaussian` (linear model, default), `binomial` or `poisson` (key `family:`).
    public var family: ModelFamily = .gaussian
    /// An explicit responder derivation (key `responder:`), adding `<outcome>_responder`.
    public var responder: ResponderDerivation? = nil
    /// The column identifying patients (`patient: Subject`), for derived `_baseline`, `_change`
    /// and `_responder` columns; `patient_id` by default.
    public var patientColumn = "patient_id"
    /// The column of visit times whose value 0 is the baseline (`visit: Days`); `week` by default.
    public var visitColumn = "week"
    /// Columns read as categorical whatever their cells look like (`categorical: [site]`).
    public var categoricalColumns: [String] = []
    /// Covariance estimator of the standard errors (`covariance: hc3`, `covariance: cluster:site`).
    public var covariance: CovarianceEstimator = .classical
    /// Column of case weights (`weights: w`), or `nil`.
    public var weights: String?
    /// REML (default) or ML, for a formula with random-effect terms (`estimation: ml`).
    public var estimation: Estimation = .reml
    /// An MMRM's fallback structures after the formula's (`covariance: [us, toeph, ar1h, cs]`),
    /// tried in order when a structure does not converge.
    public var covarianceFallback: [CovarianceStructure] = []
    /// The MMRM's degrees-of-freedom method (`df: satterthwaite`), `nil` for the default;
    /// other models refuse the key.
    public var degreesOfFreedom: MMRMDegreesOfFreedom?
    /// ANOVA, marginal means and tests the report adds (spec keys `anova`, `emmeans`,
    /// `hypotheses`, `compare_to`).
    public var inference = InferenceOptions()
    /// Rows to keep (`subset:`), or `nil` for all.
    public var subset: RowSubset? = nil
    /// Per-site pooling of one coefficient (`meta:`), or `nil`.
    public var meta: MetaRequest? = nil
    /// Position in the expanded spec, 0-based.
    public var position: Int = 0
    /// Plots to draw (`plots:`), or `nil` for all that apply.
    public var plots: [String]? = nil
    /// Table files to write under `tables/` (`tables: [csv, latex]`, the default).
    public var tableFormats: [TableFormat] = TableFormat.allCases
    /// What to do with rows missing a model variable (`missing:`).
    public var missingPolicy: MissingDataPolicy = .completeCases
    /// Multiple or conditional-mean imputation of the outcome (`missing: { method: … }`), or
    /// `nil`; the analysis is then pooled over the imputations.
    public var imputation: ImputationRequest?
    /// The spec's defaults and this analysis' entry after `for_each` expansion, as YAML: what a
    /// shard manifest records so that `outcomes merge` refuses shards of different specs.
    public var specEntry: String = ""

    /// Every plot name `plots:` accepts.
    public static let plotNames = ["trajectory", "trajectory-by-technique", "dose-response", "coefficients", "residuals-vs-fitted",
                                   "normal-qq", "distribution-by-technique", "site-forest"]
}

/// Table file formats an analysis writes under `tables/`.
public enum TableFormat: String, Sendable, CaseIterable {
    /// `tables/*.csv` (formula-injection-safe CSV).
    case csv
    /// `tables/*.tex` (LaTeX booktabs).
    case latex
}

/// What an analysis does with rows that miss a value of a model variable.
public enum MissingDataPolicy: String, Sendable, CaseIterable {
    /// Fit the complete cases; the dropped rows are counted in the report and results.json.
    case completeCases = "complete_cases"
    /// Refuse to fit while any row misses a model variable (the error counts them and names
    /// the first), for analyses that must use every row or none.
    case refuse
}

/// A spec's `meta:` request: fit the analysis' model separately within each level of `by`
/// (a site) and pool `coefficient` across them by random-effects meta-analysis.
public struct MetaRequest: Sendable, Equatable {
    /// The grouping column (for example `site`).
    public let by: String
    /// The coefficient to pool (for example `techniquecombined`).
    public let coefficient: String
}
