import CohortData
import OutcomeReports
import OutcomeStats

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
                let smaller = try LinearModel(text, contrasts: contrasts, confidenceLevel: fit.confidenceLevel,
                                              weights: fit.weightsColumn).fit(to: frame)
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

    /// The tables as (heading, untitled table) pairs, for reports that give each table its own
    /// heading (a section per table).
    func headedTables(level: Double) -> [(heading: String, table: Table)] {
        tables(level: level).map { table in
            (table.title ?? "Inference", Table(title: nil, columns: table.columns, rows: table.rows, footnotes: table.footnotes))
        }
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
    /// New data for prediction need only the model's variables, still range-checked.
    static var newData: CohortSchema { .analysis }
}
