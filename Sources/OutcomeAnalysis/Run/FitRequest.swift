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

    /// A request; `referenceLevels` maps a categorical column to its reference level.
    public init(formula: String, dataPath: String, format: FitOutputFormat = .text, referenceLevels: [String: String] = [:]) {
        self.formula = formula
        self.dataPath = dataPath
        self.format = format
        self.referenceLevels = referenceLevels
    }

    /// Loads the data, fits the model and renders it.
    ///
    /// - Returns: the rendered output, ending in a newline.
    /// - Throws: ``AnalysisError`` naming the file, line and column or the formula term at fault.
    public func run() throws -> String {
        let parsed: Formula
        do {
            parsed = try Formula(formula)
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: nil, file: "formula", error)
        }
        let frame = try DataCache().frame(at: dataPath, deriving: parsed.allVariables)
        let fit = try fitLinearModel(parsed, references: referenceLevels, frame: frame, fileLabel: dataPath, analysis: nil)
        switch format {
        case .text:
            return LinearModelSummary(fit: fit, dataLabel: dataPath).text
        case .json:
            return LinearFitJSON.value(of: fit, dataLabel: dataPath, precision: .full).rendered(pretty: true)
        case .markdown:
            return MarkdownRenderer().render(coefficientTable(of: fit).table(title: nil))
        }
    }
}

/// Fits `formula` with treatment contrasts at `references`, wrapping model errors with the file.
func fitLinearModel(_ formula: Formula, references: [String: String], frame: Frame, fileLabel: String,
                    analysis: String?) throws -> LinearModelFit {
    let contrasts = references.mapValues { Contrast.treatment(reference: $0) }
    do {
        return try LinearModel(formula, contrasts: contrasts).fit(to: frame)
    } catch let error as StatsError {
        throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
    }
}

/// The report table input of a fit's coefficients.
func coefficientTable(of fit: LinearModelFit) -> CoefficientTable {
    CoefficientTable(rows: fit.coefficients.map {
        CoefficientRow(term: $0.term, estimate: $0.estimate, standardError: $0.standardError, statistic: $0.statistic,
                       pValue: $0.pValue, confidenceLow: $0.confidenceLow, confidenceHigh: $0.confidenceHigh)
    }, statisticName: "t", confidenceLevel: fit.confidenceLevel)
}
