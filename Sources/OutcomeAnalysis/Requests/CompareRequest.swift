import OutcomeReports
import OutcomeStats

/// A likelihood-ratio test between two nested mixed models on one data file, as
/// `outcomes compare` asks for it (lme4's `anova(reduced, full)`: both refitted by ML).
///
/// ```swift
/// let output = try CompareRequest(reduced: "pain_nrs ~ week + (1 | patient_id)",
///                                 full: "pain_nrs ~ week * cohort + (1 + week | patient_id)",
///                                 dataPath: "visits.csv").run()
/// ```
public struct CompareRequest: Sendable {
    /// The smaller model's formula.
    public let reduced: String
    /// The larger model's formula.
    public let full: String
    /// The CSV file.
    public let dataPath: String
    /// Text or JSON (markdown prints the text).
    public let format: FitOutputFormat
    /// Reference levels of categorical variables.
    public let referenceLevels: [String: String]

    /// A request; `referenceLevels` maps a categorical column to its reference level.
    public init(reduced: String, full: String, dataPath: String, format: FitOutputFormat = .text,
                referenceLevels: [String: String] = [:]) {
        self.reduced = reduced
        self.full = full
        self.dataPath = dataPath
        self.format = format
        self.referenceLevels = referenceLevels
    }

    /// Loads the data, refits both models by ML and renders the test.
    ///
    /// - Returns: the rendered output, ending in a newline.
    /// - Throws: ``AnalysisError`` naming the formula or file at fault.
    public func run() throws -> String {
        let formulas: [Formula]
        do {
            formulas = try [reduced, full].map { try Formula($0) }
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: nil, file: "formula", error)
        }
        let frame = try DataCache().frame(at: dataPath)
        let contrasts = referenceLevels.mapValues { Contrast.treatment(reference: $0) }
        let test: LikelihoodRatioTest
        do {
            test = try LikelihoodRatioTest(reduced: MixedModel(formulas[0], contrasts: contrasts),
                                           full: MixedModel(formulas[1], contrasts: contrasts), frame: frame)
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: nil, file: dataPath, error)
        }
        switch format {
        case .json:
            return LikelihoodRatioJSON.value(of: test, dataLabel: dataPath).rendered(pretty: true)
        case .text, .markdown:
            return LikelihoodRatioSummary(test: test, dataLabel: dataPath).text
        }
    }
}

/// The JSON of a likelihood-ratio test:
///
/// ```json
/// {"model": "lrt", "data": "...", "estimation": "ML",
///  "reduced": {"formula", "n_parameters", "aic", "bic", "log_likelihood", "deviance", "singular", "converged"},
///  "full": {...}, "statistic": 226.5, "df": 11, "p_value": 2.3e-42}
/// ```
public enum LikelihoodRatioJSON {
    /// The JSON value of `test` at full precision.
    ///
    /// - Parameters:
    ///   - test: the test.
    ///   - dataLabel: the data file as the user named it.
    public static func value(of test: LikelihoodRatioTest, dataLabel: String) -> JSONValue {
        func model(_ fit: MixedModelFit) -> JSONValue {
            .object([
                ("formula", .string(fit.formula.text)), ("n_parameters", .integer(fit.parameterCount)),
                ("aic", .number(fit.aic)), ("bic", .number(fit.bic)), ("log_likelihood", .number(fit.logLikelihood)),
                ("deviance", .number(fit.objective)), ("singular", .bool(fit.isSingular)),
                ("converged", .bool(fit.optimizer.isConverged)),
            ])
        }
        return .object([
            ("model", "lrt"), ("data", .string(dataLabel)), ("estimation", "ML"), ("n_obs", .integer(test.full.observationCount)),
            ("reduced", model(test.reduced)), ("full", model(test.full)),
            ("statistic", .number(test.statistic)), ("df", .integer(test.degreesOfFreedom)), ("p_value", .number(test.pValue)),
        ])
    }
}
