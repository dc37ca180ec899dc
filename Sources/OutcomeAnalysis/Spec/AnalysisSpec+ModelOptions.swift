import CohortData
import OutcomeStats
import Yams

extension SpecNodeReader {
    /// Refuses an option of `definition` that its model cannot honour (``ModelKind/unsupported(_:)``),
    /// at the line and column of the key, in the analysis or in `defaults:` where it was set there.
    ///
    /// - Parameters:
    ///   - item: the analysis's mapping node (after `for_each` expansion).
    ///   - defaults: the `defaults:` mapping node, if any.
    func checkModelOptions(_ definition: AnalysisDefinition, item: Node, defaults: Node?) throws {
        func node(_ option: ModelOption) -> Node {
            item[option.specKey] ?? defaults?[option.specKey] ?? item
        }
        let kind: ModelKind
        do {
            kind = try ModelKind(formula: definition.formula, family: definition.family)
        } catch let refused as ModelOptionError {
            throw error(node(.family), "analysis '\(definition.name)': \(refused)")
        }
        var options = ModelOptions(covariance: definition.covariance, weights: definition.weights,
                                   inference: definition.inference)
        options.estimation = definition.estimation == .ml ? .ml : nil
        options.degreesOfFreedom = definition.degreesOfFreedom
        options.metaBy = definition.meta?.by
        options.setsPlots = definition.plots != nil
        options.setsTables = item["tables"] != nil || defaults?["tables"] != nil
        if let refused = kind.unsupported(options).first {
            throw error(node(refused.option), "analysis '\(definition.name)': \(refused)")
        }
    }
}

extension SpecNodeReader {
    /// Refuses a `columns:` key that is not a column of the cohort contract (a mapping onto a
    /// name nothing reads would be ignored), suggesting the nearest contract name.
    func checkColumnMapping(_ definition: AnalysisDefinition, item: Node, defaults: Node?) throws {
        let contract = CohortSchema.default.columns.map(\.name)
        for key in definition.columnMapping.keys.sorted() where !contract.contains(key) {
            let node = item["columns"]?[key] ?? defaults?["columns"]?[key] ?? item
            let hint = nearestName(to: key, in: contract).map { " Did you mean '\($0)'?" }
                ?? " Contract columns: \(contract.joined(separator: ", "))."
            throw error(node, "analysis '\(definition.name)': 'columns:' maps '\(key)', which is not a column of the "
                        + "cohort contract, so nothing would read it.\(hint)")
        }
    }
}
