import OutcomeStats
import Yams

extension SpecNodeReader {
    /// The keys of a `missing:` imputation mapping.
    static let imputationKeys = ["method", "m", "seed", "assumption", "reference", "by", "delta", "model", "discontinued"]

    /// `missing: { method: multiple-imputation, m: 100, seed: 7, assumption: jump-to-reference,
    /// reference: usual_care, by: arm, delta: [0, 0.5, 1], model: norm | pmm,
    /// discontinued: off_treatment }` (`method: conditional-mean` for
    /// conditional-mean imputation with jackknife standard errors, which takes no `m` or `seed`).
    func imputation(_ node: Node) throws -> ImputationRequest {
        guard case .mapping(let mapping) = node else {
            throw error(node, "'missing' is complete_cases, refuse, or a mapping { method: multiple-imputation, m: 100, seed: 7, assumption: mar, by: arm }")
        }
        try checkKeys(mapping, allowed: Self.imputationKeys)
        var request = ImputationRequest()
        let methods = ["multiple-imputation", "conditional-mean"]
        guard let methodNode = node["method"] else {
            throw error(node, "'missing' needs 'method:' (\(methods.joined(separator: " or ")))")
        }
        let method = try scalar(methodNode, key: "method")
        switch method {
        case "multiple-imputation": request.method = .approximateBayesian
        case "conditional-mean": request.method = .conditionalMean
        default:
            let hint = nearestName(to: method, in: methods).map { " Did you mean '\($0)'?" } ?? ""
            throw error(methodNode, "'method' must be \(methods.joined(separator: " or ")), not '\(method)'.\(hint)")
        }
        if let value = node["assumption"] {
            let text = try scalar(value, key: "assumption")
            guard let assumption = ImputationAssumption(rawValue: text) else {
                let names = ImputationAssumption.allCases.map(\.rawValue)
                let hint = nearestName(to: text, in: names).map { " Did you mean '\($0)'?" } ?? ""
                throw error(value, "'assumption' must be one of \(names.joined(separator: ", ")), not '\(text)'.\(hint)")
            }
            request.assumption = assumption
        }
        for key in ["m", "seed"] where request.method == .conditionalMean && node[key] != nil {
            throw error(node[key]!, "'\(key)' does not apply to conditional-mean imputation (one imputation, no random draws); remove it")
        }
        if let value = node["m"] {
            let text = try scalar(value, key: "m")
            guard let m = Int(text), (2...10_000).contains(m) else { throw error(value, "'m' must be a whole number from 2 to 10,000, not '\(text)'") }
            request.imputations = m
        }
        if let value = node["seed"] {
            let text = try scalar(value, key: "seed")
            guard let seed = UInt64(text) else { throw error(value, "'seed' must be a whole number from 0 to 2^64 − 1, not '\(text)'") }
            request.seed = seed
        }
        if let value = node["model"] {
            let text = try scalar(value, key: "model")
            guard let model = UnivariateImputationModel(rawValue: text) else {
                let names = UnivariateImputationModel.allCases.map(\.rawValue)
                let hint = nearestName(to: text, in: names).map { " Did you mean '\($0)'?" } ?? ""
                throw error(value, "'model' (how continuous values are drawn) must be \(names.joined(separator: " or ")), not '\(text)'.\(hint)")
            }
            request.model = model
        }
        if let value = node["discontinued"] { request.discontinuation = try scalar(value, key: "discontinued") }
        if let value = node["reference"] { request.reference = try scalar(value, key: "reference") }
        if let value = node["by"] { request.group = try scalar(value, key: "by") }
        if let value = node["delta"] {
            let items: [Node]
            if case .sequence(let list) = value { items = Array(list) } else { items = [value] }
            guard !items.isEmpty, items.count <= 200 else { throw error(value, "'delta' is a list of 1 to 200 numbers, e.g. [0, 0.5, 1, 1.5]") }
            request.deltas = try items.map { item in
                let text = try scalar(item, key: "delta")
                guard let delta = Double(text), delta.isFinite else { throw error(item, "'delta' values must be numbers, not '\(text)'") }
                return delta
            }
        }
        return request
    }
}

extension SpecNodeReader {
    /// Refuses the keys an imputed analysis does not honour (its report has its own tables and
    /// plot, and pools only the coefficients), at the key's line and column.
    func checkImputationOptions(_ definition: AnalysisDefinition, item: Node, defaults: Node?) throws {
        guard definition.imputation != nil else { return }
        for key in ["plots", "tables", "anova", "emmeans", "hypotheses", "compare_to", "meta", "weights", "responder"] {
            guard let node = item[key] ?? defaults?[key] else { continue }
            throw error(node, "analysis '\(definition.name)': '\(key)' is not available with 'missing: { method: … }' (an imputed analysis pools the coefficients and writes its own tables and tipping-point plot); remove it")
        }
    }
}
