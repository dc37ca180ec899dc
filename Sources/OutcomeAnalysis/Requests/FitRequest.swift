import CohortData
import OutcomeReports
import OutcomeStats

/// Output formats of `outcomes fit`.
public enum FitOutputFormat: String, Sendable, CaseIterable {
    /// R `summary(lm)`-like text.
    case text
    /// The public results JSON at full precision.
    case json
    /// A Markdown coefficient table.
    case markdown
}

/// One model fitted to one data file, as `outcomes fit` asks for it.
///
/// ```swift
/// let output = try FitRequest(formula: "pain_nrs ~ week * cohort", dataPath: "visits.csv").run()
/// print(output, terminator: "")
/// ```
public struct FitRequest: Sendable {
    /// The formula text.
    public let formula: String
    /// The CSV file.
    public let dataPath: String
    /// The output format.
    public let format: FitOutputFormat
    /// Reference levels of categorical variables.
    public let referenceLevels: [String: String]
    /// ANOVA, marginal means, tests and predictions to add to the output.
    public let inference: InferenceOptions
    /// REML or ML, for a formula with random-effect terms (a mixed model).
    public let estimation: Estimation
    /// The covariance estimator behind standard errors and tests.
    public let covariance: CovarianceEstimator
    /// A numeric column of case weights (weighted least squares), or `nil`.
    public let weights: String?

    /// The model family: `gaussian` (linear model, the default), `binomial` or `poisson` (GLMs).
    public let family: ModelFamily
    /// Rows to keep (`--subset "week == 10"`), or `nil` for all.
    public let subset: RowSubset?
    /// The column identifying patients (`--patient`), for derived `_baseline`, `_change` and
    /// `_responder` columns; `patient_id` by default.
    public var patientColumn = "patient_id"
    /// The column of visit times (`--visit`), whose value 0 is the baseline visit; `week` by default.
    public var visitColumn = "week"
    /// Columns read as categorical whatever their cells look like (`--categorical site`).
    public var categoricalColumns: [String] = []
    /// The MMRM's degrees-of-freedom method (`--df`); `nil` for the default (Satterthwaite).
    /// Other models refuse it.
    public var degreesOfFreedom: MMRMDegreesOfFreedom?
    /// Multiple imputation of the outcome before the fit (`--impute`), or `nil`.
    public var imputation: ImputationRequest?

    /// A request; `referenceLevels` maps a categorical column to its reference level.
    ///
    /// A formula variable `<outcome>_responder` that the data lack is derived per patient
    /// (≥ 2 points or ≥ 30 % improvement from week 0; see ``CohortData/ResponderDerivation``).
    public init(formula: String, dataPath: String, format: FitOutputFormat = .text, referenceLevels: [String: String] = [:],
                inference: InferenceOptions = InferenceOptions(), estimation: Estimation = .reml,
                covariance: CovarianceEstimator = .classical, weights: String? = nil,
                family: ModelFamily = .gaussian, subset: RowSubset? = nil) {
        self.formula = formula
        self.dataPath = dataPath
        self.format = format
        self.referenceLevels = referenceLevels
        self.inference = inference
        self.estimation = estimation
        self.covariance = covariance
        self.weights = weights
        self.family = family
        self.subset = subset
    }

    /// Loads the data, fits the model and renders it.
    ///
    /// - Returns: the rendered output, ending in a newline; text output has control
    ///   characters and bidirectional overrides from the formula or data levels escaped
    ///   (``TerminalText``), since it goes to a terminal.
    /// - Parameter progress: Called as a multiple imputation goes (once per completed data set
    ///   fitted, or jackknife replicate), from worker threads one call at a time; never called
    ///   for other fits.
    /// - Throws: ``AnalysisError`` naming the file, line and column or the formula term at fault.
    public func run(progress: (@Sendable (ImputationProgress) -> Void)? = nil) throws -> String {
        let output = try render(progress: progress)
        return format == .text ? TerminalText.escaped(output) : output
    }

    private func render(progress: ImputationProgressHandler?) throws -> String {
        let parsed: Formula
        do {
            parsed = try Formula(formula)
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: nil, file: "formula", error)
        }
        try checkModelOptions(parsed)
        if let imputation {
            let cache = DataCache(schema: CohortSchema.analysis.declaring(categorical: categoricalColumns))
            let loaded = try cache.frame(at: dataPath, reading: nil, deriving: parsed.allVariables, roles: (patientColumn, visitColumn))
            return try ImputedFit.run(parsed, request: self, imputation: imputation, loaded: loaded, progress: progress)
        }
        let columns = FitColumns(formula: parsed, weights: weights, covariance: covariance,
                                 references: referenceLevels, subset: subset, inference: inference,
                                 derivations: DerivedColumns(patient: patientColumn, time: visitColumn))
        let cache = DataCache(schema: CohortSchema.analysis.declaring(categorical: categoricalColumns))
        let (_, frame) = try AnalysisFrame.prepare(try cache.frame(at: dataPath, reading: columns,
                                                                         deriving: parsed.allVariables,
                                                                         roles: (patientColumn, visitColumn)),
                                                   formula: parsed, responder: nil,
                                                   subset: subset, fileLabel: dataPath, analysis: nil)
        // One case per model: each renders in its own folder (Models/<model>/).
        switch try modelKind(parsed) {
        case .mmrm:
            let fit = try fitMMRM(parsed, references: referenceLevels, estimation: estimation,
                                  degreesOfFreedom: degreesOfFreedom, covariance: covariance, weights: weights, frame: frame,
                                  fileLabel: dataPath, analysis: nil)
            let means = try leastSquaresMeans(of: fit, request: inference.marginalMeans, fileLabel: dataPath, analysis: nil)
            let typeIII = try typeIIITests(of: fit, type: inference.anova, fileLabel: dataPath, analysis: nil)
            return renderMMRMFit(fit, means: means, typeIII: typeIII, format: format, dataLabel: dataPath, weights: weights)
        case .mixed:
            let fit = try fitMixedModel(parsed, references: referenceLevels, estimation: estimation, frame: frame,
                                        fileLabel: dataPath, analysis: nil)
            return renderMixedFit(fit, format: format, dataLabel: dataPath)
        case .generalizedLinear(let family):
            let fit = try fitGeneralizedLinearModel(parsed, family: family.glmFamily!, references: referenceLevels, frame: frame,
                                                    fileLabel: dataPath, analysis: nil)
            return renderGLMFit(fit, format: format, dataLabel: dataPath, subset: subset?.text,
                                notes: [ReportNotes.repeatedVisitsInGLM(in: frame, patient: patientColumn)].compactMap { $0 })
        case .linear:
            let fit = try fitLinearModel(parsed, references: referenceLevels, frame: frame, fileLabel: dataPath, analysis: nil,
                                         covariance: covariance, weights: weights)
            let results = try InferenceResults.compute(inference, fit: fit, frame: frame,
                                                       contrasts: referenceLevels.mapValues { .treatment(reference: $0) },
                                                       fileLabel: dataPath, analysis: nil)
            return renderLinearFit(fit, results: results, format: format, dataLabel: dataPath,
                                   notes: ReportNotes.summaryNotes(of: fit, in: frame, patient: patientColumn))
        }
    }
}

extension FitRequest {
    /// Refuses an option the model of `formula` cannot honour (``ModelKind/unsupported(_:)``),
    /// naming its command-line flag, before any data are read.
    func checkModelOptions(_ formula: Formula) throws {
        let kind = try modelKind(formula)
        var options = ModelOptions(covariance: covariance, weights: weights, inference: inference)
        options.estimation = estimation == .ml ? .ml : nil
        options.degreesOfFreedom = degreesOfFreedom
        if let refused = kind.unsupported(options).first { throw AnalysisError.usage(refused.commandLineDescription) }
    }

    /// The model `formula` and ``family`` describe, or the usage error that names the flag.
    func modelKind(_ formula: Formula) throws -> ModelKind {
        do {
            return try ModelKind(formula: formula, family: family)
        } catch let error as ModelOptionError {
            throw AnalysisError.usage(error.commandLineDescription)
        }
    }
}
