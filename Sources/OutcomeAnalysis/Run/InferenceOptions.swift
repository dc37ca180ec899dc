import CohortData
import OutcomeReports
import OutcomeStats

/// What a fit reports beyond its coefficients: an ANOVA table, marginal means with pairwise
/// contrasts, Wald tests, a nested-model F test and predictions for new data. Parsed once from
/// the command line or the spec; see ``parseAnovaType(_:)`` and ``parseAdjustment(_:)``.
///
/// ```swift
/// var options = InferenceOptions()
/// options.anova = .marginal
/// options.marginalMeans = MarginalMeansRequest(factor: "technique", by: "cohort", adjustment: .tukey)
/// ```
public struct InferenceOptions: Sendable, Equatable {
    /// The ANOVA table to add, if any.
    public var anova: AnovaType?
    /// The marginal means to add, if any.
    public var marginalMeans: MarginalMeansRequest?
    /// Linear hypotheses to test, as car's `linearHypothesis` writes them.
    public var hypotheses: [String] = []
    /// The formula of a smaller model to compare with by an F test (R's `anova(m0, m1)`).
    public var nestedFormula: String?
    /// A CSV file of new data to predict (CLI only).
    public var predictionDataPath: String?

    /// No extra inference.
    public init() {}

    /// Whether anything beyond the coefficients is asked for.
    public var isEmpty: Bool {
        anova == nil && marginalMeans == nil && hypotheses.isEmpty && nestedFormula == nil && predictionDataPath == nil
    }
}

/// Marginal means of `factor` (within the levels of `by`) with pairwise contrasts.
public struct MarginalMeansRequest: Sendable, Equatable {
    /// The factor whose levels are compared.
    public var factor: String
    /// The factor within whose levels they are compared, if any.
    public var by: String?
    /// The multiplicity adjustment of the contrasts.
    public var adjustment: ContrastAdjustment

    /// A request.
    public init(factor: String, by: String? = nil, adjustment: ContrastAdjustment = .tukey) {
        self.factor = factor
        self.by = by
        self.adjustment = adjustment
    }
}

/// Reads an ANOVA type: `I`, `II`, `III` (or `1`, `2`, `3`), any case.
///
/// - Returns: the type, or `nil` with `message` saying what to write.
public func parseAnovaType(_ text: String) -> Result<AnovaType, ParseFailure> {
    switch text.trimmingCharacters(in: .whitespaces).uppercased() {
    case "I", "1": .success(.sequential)
    case "II", "2": .success(.marginal)
    case "III", "3": .success(.partial)
    default: .failure(ParseFailure("unknown ANOVA type '\(text)'; write I (sequential), II or III"))
    }
}

/// Reads a contrast adjustment: `tukey`, `holm`, `bonferroni` or `none`.
public func parseAdjustment(_ text: String) -> Result<ContrastAdjustment, ParseFailure> {
    let word = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let adjustment = ContrastAdjustment(rawValue: word) { return .success(adjustment) }
    let names = ContrastAdjustment.allCases.map(\.rawValue)
    let hint = nearestName(to: word, in: names).map { " Did you mean '\($0)'?" } ?? " Use one of \(names.joined(separator: ", "))."
    return .failure(ParseFailure("unknown adjustment '\(text)'.\(hint)"))
}

/// A word that could not be parsed, with a message that says what to write instead.
public struct ParseFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}

import Foundation

/// The inference results of one fit, computed from ``InferenceOptions``.
struct InferenceResults {
    var anova: AnovaTable?
    var marginalMeans: MarginalMeans?
    var waldTests: [WaldTest] = []
    var nested: (formula: String, test: NestedModelTest)?
    var predictions: [Prediction?]?

    /// Computes what `options` asks for, wrapping model errors with the file and analysis.
    static func compute(_ options: InferenceOptions, fit: LinearModelFit, frame: Frame, contrasts: [String: Contrast],
                        fileLabel: String, analysis: String?) throws -> InferenceResults {
        var results = InferenceResults()
        do {
            if let type = options.anova { results.anova = try AnovaTable(fit: fit, data: frame, type: type) }
            if let request = options.marginalMeans {
                results.marginalMeans = try MarginalMeans(fit: fit, data: frame, factor: request.factor, by: request.by,
                                                          adjustment: request.adjustment, level: fit.confidenceLevel)
            }
            results.waldTests = try options.hypotheses.map { try fit.waldTest(LinearHypothesis(parsing: $0)) }
            if let text = options.nestedFormula {
                let smaller = try LinearModel(text, contrasts: contrasts, confidenceLevel: fit.confidenceLevel).fit(to: frame)
                results.nested = (text, try NestedModelTest(smaller: smaller, larger: fit))
            }
        } catch let error as StatsError {
            throw AnalysisError.model(analysis: analysis, file: fileLabel, error)
        }
        if let path = options.predictionDataPath {
            let newData: Frame
            do {
                newData = try CohortLoader(schema: .newData).load(path: path)
            } catch let error as CohortDataError {
                throw AnalysisError.data(error)
            }
            do {
                results.predictions = try fit.predict(for: newData, level: fit.confidenceLevel)
            } catch let error as StatsError {
                throw AnalysisError.model(analysis: analysis, file: path, error)
            }
        }
        return results
    }

    /// The Markdown tables of the results, in the order the report shows them.
    func tables(level: Double) -> [Table] {
        var tables: [Table] = []
        if let anova { tables.append(InferenceTables.anova(anova)) }
        if let marginalMeans {
            tables.append(InferenceTables.marginalMeans(marginalMeans))
            tables.append(InferenceTables.contrasts(marginalMeans))
        }
        if !waldTests.isEmpty { tables.append(InferenceTables.waldTests(waldTests)) }
        if let nested { tables.append(InferenceTables.nestedTest(nested.test, smaller: nested.formula)) }
        if let predictions { tables.append(InferenceTables.predictions(predictions, level: level)) }
        return tables
    }

    /// The R-like text of the results, blocks separated by blank lines.
    func text(fit: LinearModelFit) -> String {
        var blocks: [String] = []
        if let anova { blocks.append(InferenceText.anova(anova, response: fit.formula.response)) }
        if let marginalMeans { blocks.append(InferenceText.marginalMeans(marginalMeans)) }
        if !waldTests.isEmpty { blocks.append(InferenceText.waldTests(waldTests)) }
        if let nested { blocks.append(InferenceText.nestedTest(nested.test, smaller: nested.formula, larger: fit.formula.text)) }
        if let predictions { blocks.append(InferenceText.predictions(predictions, level: fit.confidenceLevel)) }
        return blocks.joined(separator: "\n")
    }
}

extension CohortSchema {
    /// The default contract with no required column: new data for prediction need only the
    /// model's variables, still range-checked.
    static var newData: CohortSchema {
        var schema = CohortSchema.default
        schema.columns = schema.columns.map { column in
            var relaxed = column
            relaxed.isRequired = false
            return relaxed
        }
        return schema
    }
}
